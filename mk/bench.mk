# SPDX-License-Identifier: BSD-2-Clause
# Benchmarks (docs/benchmarks.md): guest instruction counts under
# `-icount shift=0,sleep=off`, native OpenSBI vs cordon vs cordon+offload.
#   make bench         everything (about 5 minutes; BENCH_SMP4=0 skips the 4-hart Linux runs); writes bench/results/latest.{md,json,png}
#   make bench-smoke   a reduced run (< 2 min) that checks the harness end to end
#                      (bench/results/smoke.md; its figures are not comparable)
BENCH_BUILD := $(BUILD)/bench
BENCH_OUT ?= bench/results
BENCH_JOBS ?= 2
# BENCH_SMP4=0: without the 4-hart Linux runs (natively and without offload they
# stall under -icount: reported n/a after 60 s each, docs/benchmarks.md)
BENCH_SMP4 ?= 1
BENCH_NATIVE_FW ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
BENCH_OS_FW ?= /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf
BENCH_CFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding -nostdlib -nostartfiles \
	-static -O2 -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-fno-tree-loop-distribute-patterns -fno-pic -Wl,--no-relax -Wl,--no-warn-rwx-segments

$(BENCH_BUILD)/mbench-native.elf: bench/fw/start.S bench/fw/mbench.c bench/fw/link.ld bench/common.h
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(BENCH_CFLAGS) -T bench/fw/link.ld -o $@ bench/fw/start.S bench/fw/mbench.c

$(BENCH_BUILD)/sbench.elf: bench/payload/start.S bench/payload/sbench.c bench/payload/link.ld bench/common.h
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(BENCH_CFLAGS) -T bench/payload/link.ld -o $@ bench/payload/start.S bench/payload/sbench.c

$(BENCH_BUILD)/sbench-rfence.elf: bench/payload/start.S bench/payload/sbench.c bench/payload/link.ld bench/common.h
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(BENCH_CFLAGS) -DBENCH_RFENCE -T bench/payload/link.ld -o $@ bench/payload/start.S bench/payload/sbench.c

$(BENCH_BUILD)/%.bin: $(BENCH_BUILD)/%.elf
	$(CROSS)objcopy -O binary $< $@

# The cordon images: around stock fw_jump (for the payload and Linux) and
# around the M-mode bench firmware; all with STATS=1 (the counters run
# anyway; STATS=1 only prints them when the machine stops).
.PHONY: bench bench-smoke bench-images
bench-images: $(BUILD)/cordon.bin $(BENCH_BUILD)/mbench-native.elf $(BENCH_BUILD)/sbench.bin $(BENCH_BUILD)/sbench-rfence.bin
	@$(MAKE) -s image FIRMWARE=$(BENCH_OS_FW) IMAGE=$(BENCH_BUILD)/cordon.bin STATS=1 OFFLOAD=0
	@$(MAKE) -s image FIRMWARE=$(BENCH_OS_FW) IMAGE=$(BENCH_BUILD)/offload.bin STATS=1 OFFLOAD=1
	@$(MAKE) -s image FIRMWARE=$(BENCH_OS_FW) IMAGE=$(BENCH_BUILD)/protect.bin STATS=1 OFFLOAD=1 PROTECT=1
	@$(MAKE) -s image FIRMWARE=$(BENCH_BUILD)/mbench-native.elf IMAGE=$(BENCH_BUILD)/mbench-cordon.bin STATS=1 OFFLOAD=0
	@$(MAKE) -s image FIRMWARE=$(BENCH_BUILD)/mbench-native.elf IMAGE=$(BENCH_BUILD)/mbench-offload.bin STATS=1 OFFLOAD=1
	@{ set -- $$($(CROSS)size -A $(BUILD)/cordon.elf | awk '$$1 ~ /^\.(text|rodata|data|sdata|srodata)/ {f += $$2} $$1 ~ /^\.(bss|sbss)/ {b += $$2} END {print f+0, b+0}'); \
	  ps=$$($(CROSS)nm $(BUILD)/cordon.elf | sed -n 's/^\([0-9a-f]*\) . _payload_start$$/\1/p'); \
	  echo "- build/cordon.bin: $$(stat -c %s $(BUILD)/cordon.bin) bytes (flat from the reset vector $(RESET_VECTOR), the gap up to $(CORDON_LINK_BASE) included)"; \
	  echo "- cordon's code+data: $$1 bytes, bss $$2 bytes; the firmware image follows at 0x$$ps, $$(( 0x$$ps - $(CORDON_LINK_BASE) )) bytes into cordon's $$(( $(CORDON_SIZE) )) byte region at $(CORDON_LINK_BASE) (of any size: cordon moves itself to the top of RAM first)"; \
	  echo "- memory cordon reserves at run time (banner): $$(timeout 30 $(QEMU) -M virt -m 512M -smp 1 -nographic -icount shift=0,sleep=off -bios $(BENCH_BUILD)/mbench-cordon.bin 2>&1 | tr -d '\r' | sed -n 's/^\[cordon\] cordon memory : //p')"; \
	} > $(BENCH_BUILD)/size.md

BENCH_RUN = K=$$($(GUEST_KERNEL_CMD)) && I=$$($(GUEST_INITRD_CMD)) && \
	python3 bench/run.py --native-fw $(BENCH_NATIVE_FW) --images $(BENCH_BUILD) --kernel $$K --initrd $$I \
		--payload $(BENCH_BUILD)/sbench.bin --out $(BENCH_OUT) --jobs $(BENCH_JOBS) --size-info $(BENCH_BUILD)/size.md \
		$(if $(filter 1,$(BENCH_SMP4)),--smp4)

bench: bench-images
	@tools/deps.sh $(DEPS_BUILD) gnuplot-nox
	@$(BENCH_RUN)

bench-smoke: bench-images
	@tools/deps.sh $(DEPS_BUILD) gnuplot-nox
	@$(BENCH_RUN) --smoke
