// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtual trigger module of virtual M-mode (vtrig.h). The hardware
 * decides every WARL rule: tselect and tdata2 by writing the hardware's
 * own registers and reading them back, tdata1 by writing it without its
 * mode bits (so that it cannot fire) and reading it back, the mode bits
 * then as the hardware keeps them for the type (probed at boot). cordon
 * virtualizes the address/data match triggers (mcontrol, type 2, and
 * mcontrol6, type 6: debug spec 1.0 §5.7.2-3), the ones whose mode bits it
 * knows how to move between the worlds; other types (icount, itrigger,
 * etrigger...) are absent from the virtual tinfo and a write of one is
 * ignored, as QEMU 7.2 ignores the types it lacks (QEMU itself aborts on
 * some: FACTS.md). tdata3 (textra: context matching) reads 0 and ignores
 * writes, as QEMU 7.2's: its fields are WARL and 0 disables them.
 */
#include "vtrig.h"

#include "cordon/arch.h"
#include "cordon/riscv.h"
#include "hart.h"

/* The types cordon virtualizes (tinfo bit = type). */
#define VTRIG_TYPES ((1ULL << 2) | (1ULL << 6))

static unsigned type_of(uint64_t tdata1)
{
	return (unsigned)(tdata1 >> TDATA1_TYPE_SHIFT);
}

uint64_t vtrig_phys(uint64_t tdata1, bool os)
{
	unsigned type = type_of(tdata1);
	uint64_t modes, p;

	if (type != 2 && type != 6)
		return tdata1;
	modes = MCTRL_MODES(type);
	p = tdata1 & ~modes;
	if (!os) /* the firmware's M-mode is the hardware's U-mode */
		return (tdata1 & MCTRL_M) ? p | MCTRL_U : p;
	return p | (tdata1 & modes & ~MCTRL_M);
}

/* Whether a trigger can fire in some mode (an access kind and a mode). */
static bool armed(uint64_t tdata1)
{
	unsigned type = type_of(tdata1);

	return (type == 2 || type == 6) && (tdata1 & MCTRL_RWX) && (tdata1 & MCTRL_MODES(type));
}

bool vtrig_read(const struct hart *h, unsigned csr, uint64_t *val)
{
	const struct vtrig *t = &h->trig;

	if (hw.trig_count == 0)
		return false;
	switch (csr) {
	case CSR_TSELECT:
		*val = t->select;
		return true;
	case CSR_TDATA1:
		*val = t->tdata1[t->select];
		return true;
	case CSR_TDATA2:
		*val = t->tdata2[t->select];
		return true;
	case CSR_TDATA3:
		*val = 0;
		return true;
	case CSR_TINFO:
		*val = hw.trig_tinfo & VTRIG_TYPES;
		return hw.trig_has_tinfo;
	default:
		return false; /* tcontrol, mcontext, dcsr...: the hardware has none */
	}
}

bool vtrig_write(struct hart *h, unsigned csr, uint64_t val, bool *changed)
{
	struct vtrig *t = &h->trig;
	unsigned i = t->select, type = type_of(val);
	uint64_t legal;

	if (hw.trig_count == 0)
		return false;
	switch (csr) {
	case CSR_TSELECT: {
		/*
		 * The hardware's WARL, within the triggers cordon keeps (security.md
		 * I17): a hardware with more than VTRIG_MAX, or whose tselect holds
		 * any index (debug spec §5.7.1: a debugger finds the end by tinfo),
		 * answers an index past t->tdata1/2; the write is then ignored, the
		 * old select kept (a legal WARL outcome).
		 */
		uint64_t sel = hw_trig_select(val);
		if (sel < hw.trig_count)
			t->select = (uint8_t)sel;
		return true;
	}
	case CSR_TDATA1:
		if (!(((hw.trig_tinfo & VTRIG_TYPES) >> type) & 1U))
			return true; /* a type the hardware or cordon lacks: ignored */
		/* Without its mode bits the hardware's trigger cannot fire. */
		legal = hw_trig_write(i, CSR_TDATA1, val & ~MCTRL_MODES(type));
		if (type_of(legal) == type)
			legal |= val & (type == 2 ? hw.trig_modes2 : hw.trig_modes6);
		t->tdata1[i] = legal;
		break;
	case CSR_TDATA2:
		t->tdata2[i] = hw_trig_write(i, CSR_TDATA2, val);
		break;
	case CSR_TDATA3:
	case CSR_TINFO:
		return true; /* tdata3 reads 0; tinfo is read-only */
	default:
		return false;
	}
	*changed = true;
	h->trig_active = 0;
	for (unsigned j = 0; j < hw.trig_count; j++)
		h->trig_active |= armed(t->tdata1[j]);
	return true;
}
