# SPDX-License-Identifier: BSD-2-Clause
# Tests: host unit tests (cmocka), differential test firmwares (native vs
# cordon), end-to-end boots. `make test` ends with "N passed, N failed".

HOST_CC ?= gcc
HOST_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -Isrc/include -Isrc/core -DCORDON_HOST \
	-fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_CORE := src/core/decode.c src/core/measure.c src/policy/sbi_spec.c src/policy/sbi_guard.c src/policy/memsplit.c src/core/vcsr.c src/core/vpmp.c src/core/vtrap.c src/core/vtrig.c src/core/world.c src/core/vclint.c src/lib/crc32.c \
	src/lib/sha256.c
UNIT_TESTS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_TESTS:tests/unit/%.c=$(BUILD)/unit/%)

# What a test links besides the core: test_platform, the board discovery over libfdt.
UNIT_SRCS_test_platform := src/platform/fdt.c $(LIBFDT_SRCS:%=$(LIBFDT)/%)
UNIT_FLAGS_test_platform := -isystem $(LIBFDT) -D_DEFAULT_SOURCE

$(BUILD)/unit/%: tests/unit/%.c tests/unit/fake_hw.c tests/unit/fake_hw.h $(UNIT_CORE) src/lib/string.c src/core/*.h src/include/cordon/*.h \
		src/platform/fdt.c $(LIBFDT)/libfdt.h
	@tools/deps.sh $(DEPS_TEST)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(UNIT_FLAGS_$*) -Itests/unit -o $@ $< tests/unit/fake_hw.c $(UNIT_CORE) $(UNIT_SRCS_$*) -lcmocka

unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

difftest: all
	@tests/difftest.sh

test: all payload $(UNIT_BINS)
	@tests/run-all.sh

# make test-distro: Debian trixie with systemd, natively and under cordon
# (tests/distro.sh; builds the Debian system first if it is not cached).
test-distro: all
	@CORDON_CACHE=$(CACHE) tests/distro.sh | tee $(BUILD)/test-distro.log; \
	echo "test-distro: $$(grep -c '^PASS' $(BUILD)/test-distro.log) passed, $$(grep -c '^FAIL' $(BUILD)/test-distro.log) failed"; \
	! grep -q '^FAIL' $(BUILD)/test-distro.log

# The S-mode test payload (tests/payload): built like cordon, runs at 0x80200000.
PAYLOAD_HELLO := $(BUILD)/payload/hello.bin
$(BUILD)/payload/hello.elf: tests/payload/hello.c tests/payload/start.S tests/payload/link.ld
	@mkdir -p $(dir $@)
	$(CROSS)gcc -std=c11 -O2 $(ARCHFLAGS) -ffreestanding -nostdlib -static -Wl,--no-warn-rwx-segments $(WARN) \
		-Wl,-T,tests/payload/link.ld -o $@ tests/payload/start.S tests/payload/hello.c
$(PAYLOAD_HELLO): $(BUILD)/payload/hello.elf
	$(CROSS)objcopy -O binary $< $@
payload: $(PAYLOAD_HELLO)

# make linux-wide: Linux with the guest checks on 16 and 64 harts, under
# cordon and natively, CHECK lines compared (minutes each on 2 cores: not
# in make test; issue 9).
linux-wide: all
	@LINUX_WIDE=1 tests/linux.sh | tee $(BUILD)/linux-wide.log; \
	echo "linux-wide: $$(grep -c '^PASS' $(BUILD)/linux-wide.log) passed, $$(grep -c '^FAIL' $(BUILD)/linux-wide.log) failed"; \
	! grep -q '^FAIL' $(BUILD)/linux-wide.log

# make difftest-random [N=10000] [SEED=1] [FIRST=0] [SHRINK=1]: random
# differential testing (tools/difftest-gen.py, docs/testing.md); a fixed
# slice of it (seed 1, cases 0-199) runs in make test.
N ?= 10000
SEED ?= 1
FIRST ?= 0
SHRINK ?= 1
difftest-random: all
	@tests/difftest-random.sh -n $(N) -s $(SEED) -f $(FIRST) $(if $(filter 1,$(SHRINK)),--shrink)
