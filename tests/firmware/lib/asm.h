/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Constants shared by the test library's assembly and C: the trap frame
 * layout and the magic value that marks "lower-mode function returned".
 */
#ifndef TESTFW_ASM_H
#define TESTFW_ASM_H

#define MSTATUS_MPP	0x1800
#define MSTATUS_SPP	0x100
#define LOWER_MAGIC	0x434f5244	/* "CORD" */

/* Trap frame: x0..x31 at 8*i (x0 slot unused), then the trap CSRs. */
#define FRAME_EPC	(32 * 8)
#define FRAME_STATUS	(33 * 8)
#define FRAME_CAUSE	(34 * 8)
#define FRAME_TVAL	(35 * 8)
#define FRAME_VECTOR	(36 * 8)
#define FRAME_SIZE	(38 * 8)

#endif
