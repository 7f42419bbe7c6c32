# SPDX-License-Identifier: BSD-2-Clause
# Static checks, run locally exactly as in CI (STYLE.md, "House habits"):
#   make lint     clang-format check, clang-tidy and cppcheck; non-zero on any finding
#   make format   apply clang-format to the files `make lint` checks
# Configuration: .clang-format, .clang-tidy, tools/lint/cppcheck-suppressions.txt.

CLANG_FORMAT ?= clang-format
CLANG_TIDY ?= clang-tidy
CPPCHECK ?= cppcheck

# Our own C sources: nothing generated (build/) and nothing fetched ($(CACHE)).
FORMAT_FILES = $(sort $(shell find src tests/unit tests/fuzz tests/proofs -name '*.[ch]' 2>/dev/null))
LINT_SRCS = $(sort $(shell find src -name '*.c'))
# The build's target, include paths and defines (CFLAGS), for clang.
TIDY_FLAGS = --target=riscv64-unknown-elf -march=rv64imac -mabi=lp64 -mcmodel=medany -std=c11 \
	-ffreestanding $(filter -D% -I%,$(CFLAGS)) -isystem $(LIBFDT)
CPPCHECK_FLAGS = --std=c11 --platform=unix64 --enable=warning,style,performance,portability \
	--inline-suppr --suppressions-list=tools/lint/cppcheck-suppressions.txt \
	--error-exitcode=1 --quiet --template='{file}:{line}: {severity}: {message} [{id}]' \
	$(filter -D% -I%,$(CFLAGS)) -DCORDON_CPPCHECK -Isrc/core -I$(LIBFDT)

.PHONY: lint lint-deps lint-format lint-tidy lint-cppcheck format
# -k: every check runs and reports, even after an earlier one failed.
lint:
	@$(MAKE) --no-print-directory -k lint-format lint-tidy lint-cppcheck && echo "lint: clean"

lint-deps:
	@tools/deps.sh $(DEPS_LINT)

lint-format: | lint-deps
	@echo "lint: clang-format on $(words $(FORMAT_FILES)) files"
	@bad=0; for f in $(FORMAT_FILES); do \
		if ! $(CLANG_FORMAT) --dry-run --Werror $$f 2>/dev/null; then \
			bad=$$((bad + 1)); \
			echo "$$f: $$($(CLANG_FORMAT) $$f | diff $$f - | grep -c '^<') lines differ from .clang-format"; \
		fi; \
	done; \
	[ $$bad = 0 ] || { echo "lint: $$bad files not formatted (see: clang-format --dry-run FILE; fix: make format)"; exit 1; }

lint-tidy: $(BUILD)/gen/asm-offsets.h | lint-deps $(LIBFDT)/libfdt.h
	@echo "lint: clang-tidy on $(words $(LINT_SRCS)) files"
	@mkdir -p $(BUILD)/lint
	@$(CLANG_TIDY) --quiet $(LINT_SRCS) -- $(TIDY_FLAGS) >$(BUILD)/lint/clang-tidy.log 2>&1; rc=$$?; \
	grep -v -E '^[0-9]+ (warnings?|errors?)( and [0-9]+ errors?)? generated\.$$|^Error while processing' \
		$(BUILD)/lint/clang-tidy.log; exit $$rc

lint-cppcheck: $(BUILD)/gen/asm-offsets.h | lint-deps $(LIBFDT)/libfdt.h
	@echo "lint: cppcheck on $(words $(LINT_SRCS)) files"
	@$(CPPCHECK) $(CPPCHECK_FLAGS) $(LINT_SRCS)

format: | lint-deps
	@$(CLANG_FORMAT) -i $(FORMAT_FILES)
	@echo "format: $(words $(FORMAT_FILES)) files formatted"
