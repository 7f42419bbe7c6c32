# SPDX-License-Identifier: BSD-2-Clause
# libFuzzer harnesses of core/, lib/sha256.c, policy/sbi_guard.c, the board discovery and
# libfdt (tests/fuzz), built with clang 14, ASan and UBSan. Each harness starts from its
# corpus kept in the checkout (tests/fuzz/corpus/NAME, read only) and its generated seeds,
# and writes what it finds to $(BUILD)/fuzz/corpus/NAME only:
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_RUNS=N] [FUZZ_TARGETS="decode ..."]
#                                 each harness for FUZZ_SECONDS or N executions, whichever
#                                 comes first (FUZZ_SECONDS=0: no time limit): one line per
#                                 harness (executions, exec/s, edges, features, findings),
#                                 then the totals; a finding fails it
#   make fuzz-smoke               each for FUZZ_SMOKE_SECONDS (10) from seed 1, new inputs
#                                 to a temporary directory: PASS/FAIL lines as `make test`
#   make fuzz-corpus              the kept corpora refreshed from $(BUILD)/fuzz/corpus
#                                 (tests/fuzz/corpus.sh: merged, minimized; then commit them)
#   make fuzz-cov                 line and branch coverage of core/ and lib/ by the corpora
# A finding leaves its input in $(BUILD)/fuzz/crashes; replay: $(BUILD)/fuzz/fuzz_NAME FILE

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= -1
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_TARGETS ?= $(FUZZ_NAMES)
DEPS_FUZZ := clang-14 libclang-rt-14-dev llvm-14 libssl-dev
FUZZ_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -Isrc/include -Isrc/core -Itests/unit \
	-Itests/fuzz -DCORDON_HOST -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_COV_CFLAGS := -fprofile-instr-generate -fcoverage-mapping
FUZZ_NAMES := decode vcsr vpmp sha256 sbi_guard platform image access
# What each harness links: its harness, the core or lib file(s) it drives, the fake hart.
FUZZ_SRCS_decode := src/core/decode.c
FUZZ_SRCS_vcsr := src/core/vcsr.c src/core/vpmp.c src/core/decode.c src/core/world.c src/core/vtrap.c src/core/vtrig.c \
	tests/unit/fake_hw.c
FUZZ_SRCS_vpmp := src/core/vpmp.c
FUZZ_SRCS_sha256 := src/lib/sha256.c
FUZZ_SRCS_sbi_guard := src/policy/sbi_guard.c src/policy/sbi_spec.c
FUZZ_SRCS_image := src/core/image.c src/lib/crc32.c
FUZZ_FLAGS_image := -DCORDON_SIZE=0x100000UL
FUZZ_SRCS_access := src/core/access.c src/core/decode.c src/core/world.c src/core/vtrap.c src/core/vclint.c \
	src/core/vcsr.c src/core/vpmp.c src/core/vtrig.c tests/unit/fake_hw.c
FUZZ_FLAGS_access := -DCORDON_SIZE=0x100000UL
FUZZ_SRCS_platform := src/platform/fdt.c
FUZZ_FLAGS_platform := -isystem $(LIBFDT) -D_DEFAULT_SOURCE
# libfdt, linked as objects of its own: with ASan, UBSan and edge coverage, but
# without comparison tracing (trace-cmp: libFuzzer's hook on every comparison,
# 60% of the harness's time in libfdt's bounds checks); platform.c keeps it.
FUZZ_LIBFDT_OBJS := $(LIBFDT_SRCS:%.c=$(BUILD)/fuzz/libfdt/%.o)
FUZZ_OBJS_platform := $(FUZZ_LIBFDT_OBJS)
FUZZ_COV_SRCS_platform := $(LIBFDT_SRCS:%=$(LIBFDT)/%)
# Device trees: QEMU virt's are 4-7 KB. Its kept corpus keeps the inputs that reach
# an edge first (not each hit count): a few hundred KB instead of 2 MB.
FUZZ_ARGS_platform := -max_len=8192
FUZZ_MERGE_ARGS_platform := -use_counters=0
# Seed inputs kept out of the checkout: the trees QEMU virt hands its firmware
# (tests/fuzz/seeds.sh), for the harnesses that parse them.
FUZZ_SEEDS_platform := $(BUILD)/fuzz/seeds/platform
# And the libraries it links: OpenSSL is the reference digest of fuzz_sha256.
FUZZ_LIBS_sha256 := -lcrypto
FUZZ_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
FUZZ_COV_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/cov_%)
FUZZ_HDRS := tests/fuzz/fuzz.h tests/unit/fake_hw.h src/core/*.h src/include/cordon/*.h

.PHONY: fuzz fuzz-smoke fuzz-corpus fuzz-cov fuzz-deps
fuzz-deps:
	@tools/deps.sh $(DEPS_FUZZ)

.SECONDEXPANSION:
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_SRCS_$$*) $$(FUZZ_OBJS_$$*) $(FUZZ_HDRS) | fuzz-deps $(LIBFDT)/libfdt.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$*) -o $@ $< $(FUZZ_SRCS_$*) $(FUZZ_OBJS_$*) $(FUZZ_LIBS_$*)
	@$(if $(FUZZ_SEEDS_$*),tests/fuzz/seeds.sh $* $(FUZZ_SEEDS_$*))

$(BUILD)/fuzz/cov_%: tests/fuzz/fuzz_%.c $$(FUZZ_SRCS_$$*) $(FUZZ_HDRS) | fuzz-deps $(LIBFDT)/libfdt.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$*) $(FUZZ_COV_CFLAGS) -o $@ $< $(FUZZ_SRCS_$*) $(FUZZ_COV_SRCS_$*) $(FUZZ_LIBS_$*)

$(FUZZ_LIBFDT_OBJS): $(BUILD)/fuzz/libfdt/%.o: $(LIBFDT)/libfdt.h | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -isystem $(LIBFDT) -D_DEFAULT_SOURCE -fno-sanitize-coverage=trace-cmp -c -o $@ $(LIBFDT)/$*.c

fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@for n in $(FUZZ_TARGETS); do \
		BUILD=$(BUILD) RUNS=$(FUZZ_RUNS) SEEDS=$(BUILD)/fuzz/seeds/$$n ARGS="$(FUZZ_ARGS_$$n)" \
			tests/fuzz/run.sh $(BUILD)/fuzz/fuzz_$$n $(FUZZ_SECONDS) $(BUILD)/fuzz/corpus/$$n; \
	done | tee $(BUILD)/fuzz/results.txt; \
	awk '/^(PASS|FAIL)/ { t++; if ($$1 == "FAIL") f++; for (i = 1; i <= NF; i++) if ($$(i+1) ~ /^runs,/) r += $$i } \
		END { printf "fuzz: %d harnesses, %d executions, %d findings\n", t, r, f }' $(BUILD)/fuzz/results.txt; \
	! grep -q '^FAIL' $(BUILD)/fuzz/results.txt

fuzz-smoke: $(FUZZ_BINS)
	@rc=0; for n in $(FUZZ_NAMES); do \
		BUILD=$(BUILD) SEEDS=$(BUILD)/fuzz/seeds/$$n ARGS="$(FUZZ_ARGS_$$n)" \
			tests/fuzz/run.sh $(BUILD)/fuzz/fuzz_$$n $(FUZZ_SMOKE_SECONDS) "" 1 || rc=1; \
	done; exit $$rc

fuzz-corpus: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@for n in $(FUZZ_TARGETS); do \
		MERGE_ARGS="$(FUZZ_MERGE_ARGS_$$n)" \
			tests/fuzz/corpus.sh $(BUILD)/fuzz/fuzz_$$n $(BUILD)/fuzz/corpus/$$n $(BUILD)/fuzz/seeds/$$n || exit 1; \
	done

fuzz-cov: $(FUZZ_COV_BINS)
	@tests/fuzz/coverage.sh $(BUILD)/fuzz $(FUZZ_NAMES)
