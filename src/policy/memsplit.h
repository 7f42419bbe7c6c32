// SPDX-License-Identifier: BSD-2-Clause
/*
 * Which memory is the firmware's and which the OS's, decided at the first
 * hand-over for the protect-os policy (issue 10). The rule:
 *
 *   firmware = (its image  U  the regions it reserved for itself)
 *              n RAM  -  cordon's region  -  what is the OS's
 *   OS       = RAM - cordon's region - firmware
 *
 * where "what is the OS's" is known without asking the firmware: the OS
 * image at the hand-over's entry (its extent from its own header), the
 * device tree handed over, the initrd the boot loader placed. A region the
 * firmware reserves (reserved-memory no-map nodes, /memreserve/ entries of
 * the tree it hands over) only takes memory nobody else claims: the part of
 * a claim over the OS's image, initrd or tree is refused (and reported).
 * Pure logic, host-tested (tests/unit/test_memsplit.c).
 */
#ifndef CORDON_MEMSPLIT_H
#define CORDON_MEMSPLIT_H

#include <stdbool.h>
#include <stdint.h>

struct range {
	uint64_t base, end; /* [base, end); end > base, or empty */
};

#define MEMSPLIT_MAX 16

struct memsplit {
	struct range fw[MEMSPLIT_MAX]; /* the firmware keeps these: sorted, disjoint, merged */
	unsigned nfw;
	struct range refused[MEMSPLIT_MAX]; /* parts of claims that were the OS's */
	unsigned nrefused;
};

/*
 * The split. ram: the RAM banks of the boot-time device tree; hole:
 * cordon's region; fw_image: where cordon loaded the firmware; claims: what
 * the firmware reserved; os: what is the OS's. Returns false when the
 * result needs more than MEMSPLIT_MAX ranges (the caller refuses the
 * hand-over rather than guess).
 */
bool memsplit_compute(const struct range *ram, unsigned nram, struct range hole,
		      struct range fw_image, const struct range *claims, unsigned nclaims,
		      const struct range *os, unsigned nos, struct memsplit *out);

#endif
