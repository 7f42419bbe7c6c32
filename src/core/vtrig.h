// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtual trigger module (Sdtrig, RISC-V debug spec 1.0 §5) of virtual
 * M-mode: tselect, tdata1-3 and tinfo of the firmware (core/vtrig.c). The
 * hardware's triggers (their number, types and WARL rules, probed or
 * asked at each write) carry, for each world, the firmware's triggers
 * translated: while the firmware runs (physical U-mode), a trigger the
 * firmware set for M fires in U and its S/U/VS/VU ones are off; while the
 * OS runs, its S/U/VS/VU ones fire and the M ones are off. No physical
 * trigger ever has its M bit: none fires in cordon (security.md, I17).
 */
#ifndef CORDON_VTRIG_H
#define CORDON_VTRIG_H

#include <stdbool.h>
#include <stdint.h>

#include "cordon/config.h"

/* tdata1 (debug spec §5.7.2 mcontrol, type 2; §5.7.3 mcontrol6, type 6). */
#define TDATA1_TYPE_SHIFT 60
#define TDATA1_TYPE(t) ((uint64_t)(t) << TDATA1_TYPE_SHIFT)
#define MCTRL_LOAD (1ULL << 0)
#define MCTRL_STORE (1ULL << 1)
#define MCTRL_EXEC (1ULL << 2)
#define MCTRL_U (1ULL << 3)
#define MCTRL_S (1ULL << 4)
#define MCTRL_M (1ULL << 6)
#define MCTRL6_VU (1ULL << 23)
#define MCTRL6_VS (1ULL << 24)
#define MCTRL_RWX (MCTRL_LOAD | MCTRL_STORE | MCTRL_EXEC)
/* The privilege-mode bits of either type (type 2 has no VS/VU: bits 23/24 are its sizehi/hit). */
#define MCTRL_MODES(type) (MCTRL_U | MCTRL_S | MCTRL_M | ((type) == 6 ? MCTRL6_VU | MCTRL6_VS : 0))

struct vtrig {
	uint64_t tdata1[VTRIG_MAX];
	uint64_t tdata2[VTRIG_MAX];
	uint8_t select;
};

/*
 * The physical tdata1 of a virtual one, for the firmware's world (os false)
 * or the OS's: only types 2 and 6 have mode bits; any other value is
 * returned as it is (the hardware ignores or keeps it, as the virtual one).
 */
uint64_t vtrig_phys(uint64_t tdata1, bool os);

struct hart;
/* The CSR accesses of virtual M-mode to 0x7a0..0x7bf; false: illegal instruction. */
bool vtrig_read(const struct hart *h, unsigned csr, uint64_t *val);
/* *changed: a trigger changed (the hardware's must follow: world_install_triggers);
 * h->trig_active then says whether any can fire. */
bool vtrig_write(struct hart *h, unsigned csr, uint64_t val, bool *changed);

#endif
