# SPDX-License-Identifier: BSD-2-Clause
# cordon: a RISC-V virtual firmware monitor. See README.md.
#   make            build cordon (build/cordon.elf, build/cordon.bin)
#   make image FIRMWARE=fw.elf [IMAGE=out.bin]   a bootable image for -bios
#   make run        boot under cordon in QEMU (FIRMWARE= PAYLOAD= SMP= MEM= CPU=)
#   make run OS=debian   Debian trixie with systemd on a virtio disk, OpenSBI 1.6
#   make test       every test; ends with "N passed, N failed"
#   make lint       clang-format check, clang-tidy, cppcheck

# The boards one image supports (src/platform/<board>/board.c, listed in src/platform/boards.c).
BOARDS := qemu-virt sifive-fu540 spike
CROSS ?= riscv64-unknown-elf-
CACHE ?= $(HOME)/.cache/cordon
BUILD := build

RESET_VECTOR := 0x80000000
CORDON_LINK_BASE := 0x80100000
CORDON_SIZE := 0x100000

FIRMWARE ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf
IMAGE ?= $(BUILD)/cordon-image.bin
# PAYLOAD: an S-mode kernel for -kernel; empty: Linux + busybox (built once).
PAYLOAD ?=
# OS=debian: make run boots Debian trixie with systemd (tools/guest/run-debian.sh)
# on trixie's OpenSBI 1.6 instead of Linux 6.1 + busybox.
OS ?= busybox
ifeq ($(OS),debian)
SMP ?= 2
MEM ?= 1G
endif
SMP ?= 4
SOAK_SMP ?= 8
MEM ?= 512M
# MACHINE: the QEMU machine of make run (docs/porting.md): virt (default),
# virt,aclint=on, spike (HTIF console hvc0; QEMU 7.2's spike has no time CSR,
# hence no Sstc; trixie's OpenSBI 1.6, which can stop it), sifive_u (hart 0
# an E51 without S-mode; no power-off device: `reboot` leaves, -no-reboot).
MACHINE ?= virt
ifeq ($(MACHINE),spike)
CPU ?= rv64,sstc=off
ifneq ($(origin FIRMWARE),command line)
FIRMWARE := $(shell CORDON_CACHE=$(CACHE) tools/guest/fetch-trixie.sh opensbi 2>/dev/null)/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
endif
endif
CPU ?= rv64
RUN_CONSOLE = $(if $(filter spike,$(MACHINE)),hvc0,$(if $(filter sifive_u,$(MACHINE)),ttySIF0,ttyS0))
QEMU ?= qemu-system-riscv64
# STATS=1: cordon prints its trap statistics when the machine stops.
# OFFLOAD=1 (default): cordon answers SBI set_timer, send_ipi, remote fences,
# and misaligned AMOs itself (src/policy/offload.c);
# OFFLOAD=0: every OS trap goes to the virtualized firmware.
STATS ?= 0
OFFLOAD ?= 1
# STRAGGLER=1: fault injection for tests (include/cordon/image.h).
STRAGGLER ?= 0
# PROTECT=1: the protect-os policy (src/policy/protect.c; needs OFFLOAD=1):
# on by default in `make run`, off elsewhere (test firmwares use memory
# beyond their image without reserving it).
ifneq ($(filter run,$(MAKECMDGOALS)),)
ifneq ($(OFFLOAD),0)
PROTECT ?= 1
endif
endif
PROTECT ?= 0
# MEASURE=1: measured boot (SHA-256 of firmware, device tree and OS image,
# src/core/measure.c); ALLOW=FILE (lines "SHA256-HEX firmware|dtb|os", e.g.
# from tools/measure.py) also stops the machine on any other digest.
MEASURE ?= 0
ALLOW ?=
IMAGE_FLAGS = $(subst $(eval) ,$(comma),$(strip $(if $(filter 1,$(STATS)),stats) $(if $(filter 1,$(OFFLOAD)),offload) $(if $(filter 1,$(STRAGGLER)),straggler) $(if $(filter 1,$(MEASURE)),measure) $(if $(filter 1,$(PROTECT)),protect)))
comma := ,

DEPS_BUILD := gcc-riscv64-unknown-elf qemu-system-misc opensbi u-boot-qemu linux-source-6.1 \
	python3 xz-utils patch
DEPS_TEST := libcmocka-dev device-tree-compiler
DEPS_LINT := clang-format clang-tidy cppcheck

# libfdt from Debian's linux-source-6.1 with cordon's fixes (src/lib/libfdt/*.patch);
# the directory's suffix changes with the patches, so that a cache gets them.
LIBFDT_PATCHES := $(sort $(wildcard src/lib/libfdt/*.patch))
LIBFDT := $(CACHE)/libfdt-linux-6.1-p$(words $(LIBFDT_PATCHES))
LIBFDT_SRCS := fdt.c fdt_ro.c fdt_rw.c fdt_wip.c fdt_strerror.c fdt_addresses.c

WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wvla \
	-Wconversion -Wsign-conversion -Wno-error=sign-conversion -Wno-sign-conversion
ARCHFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
CFLAGS := -std=c11 -O2 -g -MMD -MP $(ARCHFLAGS) -ffreestanding -nostdlib -fno-pic -fno-stack-protector \
	-fno-common -msmall-data-limit=0 \
	-DCORDON_LINK_BASE=$(CORDON_LINK_BASE)UL -DCORDON_SIZE=$(CORDON_SIZE)UL \
	-Isrc/include -Isrc/lib/include -isystem $(LIBFDT) -I$(BUILD)/gen
ASFLAGS := -MMD -MP $(ARCHFLAGS) -Isrc/include -I$(BUILD)/gen -D__ASSEMBLER__
LDFLAGS := -nostdlib -static -Wl,--gc-sections -Wl,--emit-relocs -Wl,--no-warn-rwx-segments -Wl,-T,src/arch/riscv/link.ld \
	-Wl,--defsym=RESET_VECTOR=$(RESET_VECTOR) -Wl,--defsym=CORDON_LINK_BASE=$(CORDON_LINK_BASE) \
	-Wl,--defsym=CORDON_SIZE=$(CORDON_SIZE)

# M-mode trusted base, by part (docs/architecture.md counts them).
CORE_SRCS := src/core/access.c src/core/boot.c src/core/image.c src/core/measure.c src/core/monitor.c src/core/vclint.c src/core/world.c src/core/vcsr.c src/core/vpmp.c \
	src/core/vtrap.c src/core/vtrig.c src/core/decode.c
POLICY_SRCS := src/policy/policy.c src/policy/offload.c src/policy/protect.c src/policy/memsplit.c \
	src/policy/sbi_spec.c src/policy/sbi_guard.c
ARCH_SRCS := src/arch/riscv/hw.c
ASM_SRCS := src/arch/riscv/entry.S src/arch/riscv/trap.S src/arch/riscv/fp.S
PLAT_SRCS := src/platform/fdt.c src/platform/boards.c $(BOARDS:%=src/platform/%/board.c) \
	src/drivers/serial/uart8250.c src/drivers/serial/sifive_uart.c src/drivers/serial/htif.c \
	src/drivers/reset/sifive_test.c src/drivers/reset/gpio_restart.c src/drivers/timer/clint.c
LIB_SRCS := src/lib/string.c src/lib/log.c src/lib/crc32.c src/lib/sha256.c
SRCS := $(CORE_SRCS) $(POLICY_SRCS) $(ARCH_SRCS) $(PLAT_SRCS) $(LIB_SRCS)

OBJS := $(SRCS:%.c=$(BUILD)/%.o) $(ASM_SRCS:%.S=$(BUILD)/%.o) \
	$(LIBFDT_SRCS:%.c=$(BUILD)/libfdt/%.o)

.PHONY: all image run test lint format deps clean unit difftest difftest-random stress-boot linux-wide
all: $(BUILD)/cordon.bin

deps:
	@tools/deps.sh $(DEPS_BUILD)

$(LIBFDT)/libfdt.h:
	@tools/deps.sh $(DEPS_BUILD)
	@mkdir -p $(CACHE)
	@tools/fetch-libfdt.sh $(LIBFDT) $(LIBFDT_PATCHES)

$(BUILD)/gen/asm-offsets.h: src/arch/riscv/asm_defs.c src/core/hart.h src/include/cordon/*.h | $(LIBFDT)/libfdt.h
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(CFLAGS) -S -o $@.s $<
	@{ echo "/* generated from asm_defs.c: do not edit */"; \
	  sed -n 's/.*->\([A-Z_0-9]*\) \(-\?[0-9]*\).*/#define \1 \2/p' $@.s; } > $@

# Link-time optimisation: the trap path crosses core/ and arch/ files.
# string.c stays out: GCC emits calls to memcpy/memset after LTO's symbol pass.
LTO := -flto -flto-partition=one
$(BUILD)/src/lib/string.o: LTO :=

$(BUILD)/%.o: %.c | $(LIBFDT)/libfdt.h $(BUILD)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(CFLAGS) $(LTO) $(WARN) -c -o $@ $<

$(BUILD)/%.o: %.S $(BUILD)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(ASFLAGS) -c -o $@ $<

$(BUILD)/libfdt/%.o: $(LIBFDT)/libfdt.h
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(CFLAGS) $(LTO) -w -c -o $@ $(LIBFDT)/$*.c

$(BUILD)/cordon.elf: $(OBJS) src/arch/riscv/link.ld
	$(CROSS)gcc $(CFLAGS) $(LTO) $(WARN) $(LDFLAGS) -o $@ $(OBJS) -lgcc

$(BUILD)/cordon.bin: $(BUILD)/cordon.elf
	$(CROSS)objcopy -O binary $< $@

PAYLOAD_OFFSET = $$(( 0x$$($(CROSS)nm $(BUILD)/cordon.elf | sed -n 's/^\([0-9a-f]*\) . _payload_start$$/\1/p') - $(RESET_VECTOR) ))

image: $(BUILD)/cordon.bin
	@python3 tools/mkimage.py --cordon $(BUILD)/cordon.bin --payload-offset $(PAYLOAD_OFFSET) \
		--reset-vector $(RESET_VECTOR) --link-base $(CORDON_LINK_BASE) --elf $(BUILD)/cordon.elf --firmware $(FIRMWARE) -o $(IMAGE) \
		--flags "$(IMAGE_FLAGS)" $(if $(ALLOW),--allow $(ALLOW))

QEMU_ARGS = -M $(MACHINE) -m $(MEM) -smp $(SMP) $(if $(filter sifive_u,$(MACHINE)),-no-reboot,-cpu $(CPU)) \
	-nographic -bios $(IMAGE)

# make run OS=debian: the image is made for trixie's OpenSBI 1.6 fw_dynamic
# (FIRMWARE= on the command line overrides it); the Debian system is built
# on first use (tools/guest/build-debian.sh), then boots to a login prompt.
ifeq ($(OS),debian)
run: all
	@tools/deps.sh $(DEPS_BUILD)
	@FW=$(if $(filter command line,$(origin FIRMWARE)),$(FIRMWARE),$$($(GUEST_ENV) tools/guest/run-debian.sh --print-firmware)) && \
	$(MAKE) -s --no-print-directory image FIRMWARE="$$FW" IMAGE=$(IMAGE) OFFLOAD=$(OFFLOAD) PROTECT=$(PROTECT) \
		STATS=$(STATS) MEASURE=$(MEASURE) && \
	echo "run: cordon + $$(basename $$FW) (OpenSBI 1.6) + Debian trixie on $(SMP) harts" && \
	exec env $(GUEST_ENV) tools/guest/run-debian.sh --bios $(IMAGE) --smp $(SMP) --mem $(MEM) --cpu $(CPU) -- $(QEMU_EXTRA)
else ifneq ($(OS),busybox)
run:
	@echo "make run: OS=$(OS) is not known (busybox, debian)" >&2; exit 2
else
# make run: with no PAYLOAD, Linux with a busybox shell (`poweroff` leaves).
run: image
	@tools/deps.sh $(DEPS_BUILD)
ifeq ($(PAYLOAD),)
	@K=$$($(GUEST_KERNEL_CMD)) && I=$$($(GUEST_INITRD_CMD)) && \
	echo "run: cordon + $(notdir $(FIRMWARE)) + Linux on $(SMP) harts (poweroff to leave)" && \
	exec $(QEMU) $(QEMU_ARGS) -kernel $$K -initrd $$I -append "console=$(RUN_CONSOLE) earlycon=sbi" $(QEMU_EXTRA)
else
	$(QEMU) $(QEMU_ARGS) -kernel $(PAYLOAD) $(QEMU_EXTRA)
endif
endif

# make stress-boot [RUNS=50] [SMP=8] [NATIVE=1] [PROTECT=1] [STRESS_FIRMWARE=opensbi-1.6|FILE] [ACCEL=multi|single]:
# repeated Linux boots under load (tools/stress-boot.sh; docs/testing.md).
RUNS ?= 50
stress-boot: all
	@tools/stress-boot.sh --runs $(RUNS) --smp $(if $(filter command line,$(origin SMP)),$(SMP),8) --cpu $(CPU) \
		$(if $(filter 1,$(NATIVE)),--native) $(if $(STRESS_FIRMWARE),--firmware $(STRESS_FIRMWARE)) \
		$(if $(ACCEL),--accel $(ACCEL)) $(if $(filter 1,$(PROTECT)),--protect) \
		--out $(BUILD)/stress-boot$(if $(filter 1,$(NATIVE)),-native)$(if $(filter 1,$(PROTECT)),-protect)$(if $(STRESS_FIRMWARE),-$(notdir $(STRESS_FIRMWARE)))

include mk/guest.mk
include mk/test.mk
include mk/lint.mk
include mk/fuzz.mk

clean:
	rm -rf $(BUILD)

# make tcb: rewrite docs/tcb.md's table (tools/tcb.py: each M-mode file, its
# lines, what covers it); make test checks it is current (tcb-check).
.PHONY: tcb tcb-check print-vars
tcb: | $(LIBFDT)/libfdt.h
	@python3 tools/tcb.py --update
tcb-check: | $(LIBFDT)/libfdt.h
	@python3 tools/tcb.py --check
# The build's variables, for tools/tcb.py: make -s print-vars VARS="SRCS ..."
print-vars:
	@$(foreach v,$(VARS),echo '$(v)=$($(v))';)

-include $(shell find $(BUILD)/src $(BUILD)/gen -name "*.d" 2>/dev/null)
include mk/bench.mk
include mk/prove.mk
