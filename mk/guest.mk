# SPDX-License-Identifier: BSD-2-Clause
# Guest software stack of cordon (Linux 6.1 + busybox initramfs + test
# programs), built by tools/guest/*.sh into $(CACHE) outside the checkout.
# Include from the top Makefile, which defines CACHE and BUILD. Provides:
#   make guest-linux | guest-busybox | guest-initramfs | guest
#   make guest-check-native [GUEST_SMP=4] [GUEST_CPU=rv64,sstc=off]
#   make guest-run-native   (interactive shell; `poweroff` leaves)
#   $(GUEST_KERNEL), $(GUEST_INITRD): the Image and initramfs paths. Each path
#   contains a hash of its inputs, so a file target rebuilds exactly when
#   its inputs change (the scripts are quick no-ops when cached).

CACHE ?= $(HOME)/.cache/cordon
GUEST_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))../tools/guest)
GUEST_ENV := CORDON_CACHE=$(CACHE)
GUEST_SMP ?= 4
GUEST_CPU ?=

GUEST_KERNEL := $(shell $(GUEST_ENV) $(GUEST_DIR)/build-linux.sh --print)
GUEST_BUSYBOX := $(shell $(GUEST_ENV) $(GUEST_DIR)/build-busybox.sh --print)
GUEST_INITRD := $(shell $(GUEST_ENV) $(GUEST_DIR)/build-initramfs.sh --print)

.PHONY: guest guest-linux guest-busybox guest-initramfs guest-check-native guest-run-native

guest: guest-linux guest-initramfs
guest-linux: $(GUEST_KERNEL)
guest-busybox: $(GUEST_BUSYBOX)
guest-initramfs: $(GUEST_INITRD)

$(GUEST_KERNEL):
	$(GUEST_ENV) $(GUEST_DIR)/build-linux.sh
$(GUEST_BUSYBOX):
	$(GUEST_ENV) $(GUEST_DIR)/build-busybox.sh
$(GUEST_INITRD): $(GUEST_BUSYBOX)
	$(GUEST_ENV) $(GUEST_DIR)/build-initramfs.sh

guest-check-native: guest
	$(GUEST_ENV) $(GUEST_DIR)/run-native.sh --test --smp $(GUEST_SMP) \
		$(if $(GUEST_CPU),--cpu $(GUEST_CPU)) \
		--kernel $(GUEST_KERNEL) --initrd $(GUEST_INITRD)
guest-run-native: guest
	$(GUEST_ENV) $(GUEST_DIR)/run-native.sh --smp $(GUEST_SMP) \
		$(if $(GUEST_CPU),--cpu $(GUEST_CPU)) \
		--kernel $(GUEST_KERNEL) --initrd $(GUEST_INITRD)
