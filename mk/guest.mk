# SPDX-License-Identifier: BSD-2-Clause
# The guest software stack (Linux 6.1 + busybox initramfs + test programs),
# built by tools/guest/*.sh into $(CACHE), outside the checkout, keyed by
# their inputs: the scripts are quick no-ops when nothing changed, and print
# their progress on stderr and the result's path on stdout.
#   make guest            build (or find) the kernel and the initramfs
#   make run              Linux + busybox shell on $(SMP) harts under cordon
#   make soak [SOAK_SECONDS=600] [SOAK_SMP=8] [CPU=...]   the SMP stress program, long

GUEST_ENV := CORDON_CACHE=$(CACHE)
GUEST_KERNEL_CMD := $(GUEST_ENV) tools/guest/build-linux.sh
GUEST_INITRD_CMD := $(GUEST_ENV) tools/guest/build-initramfs.sh
SOAK_SECONDS ?= 600

.PHONY: guest soak
guest:
	@$(GUEST_KERNEL_CMD) >/dev/null && $(GUEST_INITRD_CMD) >/dev/null

soak: image
	@K=$$($(GUEST_KERNEL_CMD)) && I=$$($(GUEST_INITRD_CMD)) && \
	echo "soak: $(SOAK_SECONDS) s of tests/guest/stress on $(SOAK_SMP) harts under cordon" && \
	tools/qemu-expect.py --timeout $$(( $(SOAK_SECONDS) + 300 )) --log $(BUILD)/soak.log \
		--expect 'CHECKS DONE' -- $(QEMU) -M virt -m 1G -smp $(SOAK_SMP) -cpu $(CPU) -nographic \
		-bios $(IMAGE) -kernel $$K -initrd $$I \
		-append "console=ttyS0 cordon.test=1 cordon.soak=$(SOAK_SECONDS)"; rc=$$?; \
	tr -d '\r' < $(BUILD)/soak.log | grep -E '^CHECK (stress-soak|result)'; exit $$rc
