# SPDX-License-Identifier: BSD-2-Clause
# The guest software stack (Linux 6.1 + busybox initramfs + test programs),
# built by tools/guest/*.sh into $(CACHE), outside the checkout, keyed by
# their inputs: the scripts are quick no-ops when nothing changed, and print
# their progress on stderr and the result's path on stdout.
#   make guest            build (or find) the kernel and the initramfs
#   make run              Linux + busybox shell on $(SMP) harts under cordon
#   make soak [SOAK_SECONDS=600] [SOAK_SMP=8] [SOAK_CONFIGS=...]   the SMP stress
#       program for SOAK_SECONDS in all, shared by offload on/off x Sstc on/off (tools/soak.sh)

GUEST_ENV := CORDON_CACHE=$(CACHE)
GUEST_KERNEL_CMD := $(GUEST_ENV) tools/guest/build-linux.sh
GUEST_INITRD_CMD := $(GUEST_ENV) tools/guest/build-initramfs.sh
SOAK_SECONDS ?= 600

.PHONY: guest soak
guest:
	@$(GUEST_KERNEL_CMD) >/dev/null && $(GUEST_INITRD_CMD) >/dev/null

soak:
	@tools/soak.sh --seconds $(SOAK_SECONDS) --smp $(SOAK_SMP) --cpu $(CPU) $(if $(SOAK_CONFIGS),--configs "$(SOAK_CONFIGS)")
