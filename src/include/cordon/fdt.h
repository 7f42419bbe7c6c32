// SPDX-License-Identifier: BSD-2-Clause
/*
 * The check every device tree cordon reads passes first: the machine's at
 * boot (core/boot.c, platform/) and the one the firmware hands the OS
 * (policy/protect.c).
 */
#ifndef CORDON_FDT_H
#define CORDON_FDT_H

#include "libfdt.h"

/*
 * fdt_check_header, and the blocks libfdt reads in place as 32- and 64-bit
 * words aligned as the devicetree specification (v0.4 §5.1) requires them:
 * the structure block to 4 bytes, the memory reservation block to 8. A
 * misaligned one would make cordon load misaligned words in M-mode, which
 * hardware without misaligned accesses traps (found by fuzz_platform).
 * 0, or a negative libfdt error.
 */
static inline int cordon_fdt_check(const void *fdt)
{
	int err = fdt_check_header(fdt);

	if (err)
		return err;
	if ((fdt_off_dt_struct(fdt) & 3U) || (fdt_off_mem_rsvmap(fdt) & 7U))
		return -FDT_ERR_ALIGNMENT;
	return 0;
}

#endif
