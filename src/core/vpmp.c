// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual PMP (Priv §3.7). The firmware sees pmp_layout.nvpmp entries at
 * indexes 0..nvpmp-1; higher entries read as zero and ignore writes
 * (§3.7.1: "All PMP CSR fields are WARL and may be read-only zero").
 * The entries are placed at physical index pmp_layout.vpmp + i, after
 * cordon's own entries, and a spacer entry with address 0 precedes them so
 * that a virtual TOR entry 0 covers [0, pmpaddr0) as on the hardware.
 */
#include "vpmp.h"

#include "cordon/riscv.h"

#define CFG_PER_REG 8U

/* QEMU virt (16 entries, a reset device): what boot.c computes there. */
struct pmp_layout pmp_layout = {
	.cordon = 0,
	.clint = 1,
	.reset = 2,
	.os_base = 3,
	.os_deny = 4,
	.spacer = 5,
	.vpmp = 6,
	.nvpmp = 9,
	.catchall = 15,
	.nphys = 16,
	.probed = 16,
};

/*
 * The layout's rule (vpmp.h; docs/architecture.md): Priv §3.7.1, the
 * lowest-numbered matching entry decides, so every entry of cordon's that
 * denies comes before every virtual entry; the catch-all comes after them.
 */
int pmp_layout_compute(unsigned probed, bool with_reset, bool protect, struct pmp_layout *l)
{
	unsigned n = probed < PMP_VIEW_ENTRIES ? probed : PMP_VIEW_ENTRIES, avail, next = 2;
	bool reset, pair;

	if (n < 4U + VPMP_ENTRIES_MIN) /* cordon, CLINT, spacer, catch-all */
		return -1;
	avail = n - 4U;
	reset = protect || (with_reset && avail >= 1U + VPMP_ENTRIES_MIN);
	if (reset)
		avail--;
	pair = protect || avail >= 2U + VPMP_ENTRIES_MIN;
	if (pair) {
		if (avail < 2U)
			return -1;
		avail -= 2U;
	}
	if (avail < VPMP_ENTRIES_MIN)
		return -1;
	l->cordon = 0;
	l->clint = 1;
	l->reset = reset ? (uint8_t)next++ : (uint8_t)PMP_IDX_NONE;
	l->os_base = pair ? (uint8_t)next++ : (uint8_t)PMP_IDX_NONE;
	l->os_deny = pair ? (uint8_t)next++ : (uint8_t)PMP_IDX_NONE;
	l->spacer = (uint8_t)next++;
	l->vpmp = (uint8_t)next;
	l->nvpmp = (uint8_t)avail;
	l->catchall = (uint8_t)(next + avail);
	l->nphys = (uint8_t)(l->catchall + 1U);
	l->probed = (uint8_t)(probed < 64U ? probed : 64U);
	return 0;
}

/*@ requires \valid_read(p) && i < VPMP_ENTRIES_MAX;
    assigns \nothing;
    ensures \result <==> (p->cfg[i] & PMP_L) != 0;
*/
static bool entry_locked(const struct vpmp *p, unsigned i)
{
	return (p->cfg[i] & PMP_L) != 0;
}

uint64_t vpmp_read_cfg(const struct vpmp *p, unsigned reg)
{
	uint64_t val = 0;
	for (unsigned b = 0; b < CFG_PER_REG; b++) {
		unsigned i = reg * 4U + b;
		if (i < pmp_layout.nvpmp)
			val |= (uint64_t)p->cfg[i] << (8U * b);
	}
	return val;
}

/*
 * The WARL rule of pmpcfg writes (§3.7.1.3): a locked entry keeps its
 * configuration; every other entry the register holds takes its byte as
 * written (QEMU 7.2 stores every encoding, R=0 W=1 and bits 6:5 included:
 * difftest pmp_warl); entries the firmware does not have, or in other
 * registers, do not change.
 */
/*@ requires \valid(p) && reg < 16 && \separated(p, &pmp_layout);
    requires pmp_layout.nvpmp <= VPMP_ENTRIES_MAX;
    assigns p->cfg[0 .. VPMP_ENTRIES_MAX - 1];
    ensures locked_kept: \forall integer i; 0 <= i < VPMP_ENTRIES_MAX &&
	(\old(p->cfg[i]) & PMP_L) != 0 ==> p->cfg[i] == \old(p->cfg[i]);
    ensures others_kept: \forall integer i; 0 <= i < VPMP_ENTRIES_MAX &&
	(i < 4 * reg || i >= 4 * reg + CFG_PER_REG || i >= pmp_layout.nvpmp) ==>
	p->cfg[i] == \old(p->cfg[i]);
    ensures written: \forall integer i; 4 * reg <= i < 4 * reg + CFG_PER_REG &&
	i < pmp_layout.nvpmp && (\old(p->cfg[i]) & PMP_L) == 0 ==>
	p->cfg[i] == (uint8_t)(val >> (8 * (i - 4 * reg)));
*/
void vpmp_write_cfg(struct vpmp *p, unsigned reg, uint64_t val)
{
	/*@ loop invariant 0 <= b <= CFG_PER_REG;
	    loop invariant \forall integer i; 0 <= i < VPMP_ENTRIES_MAX &&
		!(4 * reg <= i < 4 * reg + b && i < pmp_layout.nvpmp &&
		  (\at(p->cfg[i], Pre) & PMP_L) == 0) ==> p->cfg[i] == \at(p->cfg[i], Pre);
	    loop invariant \forall integer i; 4 * reg <= i < 4 * reg + b &&
		i < pmp_layout.nvpmp && (\at(p->cfg[i], Pre) & PMP_L) == 0 ==>
		p->cfg[i] == (uint8_t)(val >> (8 * (i - 4 * reg)));
	    loop assigns b, p->cfg[0 .. VPMP_ENTRIES_MAX - 1];
	    loop variant CFG_PER_REG - b;
	*/
	for (unsigned b = 0; b < CFG_PER_REG; b++) {
		unsigned i = reg * 4U + b;
		/* §3.7.1.3: writes to a locked entry's pmpcfg are ignored. */
		if (i < pmp_layout.nvpmp && !entry_locked(p, i))
			p->cfg[i] = (uint8_t)(val >> (8U * b));
	}
}

uint64_t vpmp_read_addr(const struct vpmp *p, unsigned index)
{
	return index < pmp_layout.nvpmp ? p->addr[index] : 0;
}

/*
 * §3.7.1.3: a locked entry's pmpaddr, and the one below a locked TOR
 * entry, ignore writes; every other existing entry takes the value (its
 * WARL bits are the hardware's: vcsr writes it to the physical entry).
 */
/*@ requires \valid(p) && \separated(p, &pmp_layout);
    requires pmp_layout.nvpmp <= VPMP_ENTRIES_MAX;
    assigns p->addr[0 .. VPMP_ENTRIES_MAX - 1];
    ensures \result <==> index < pmp_layout.nvpmp && (p->cfg[index] & PMP_L) == 0 &&
	!(index + 1 < pmp_layout.nvpmp && (p->cfg[index + 1] & PMP_L) != 0 &&
	  (p->cfg[index + 1] & PMP_A) == PMP_A_TOR);
    ensures \result ==> p->addr[index] == val;
    ensures \forall integer i; 0 <= i < VPMP_ENTRIES_MAX && (i != index || !\result) ==>
	p->addr[i] == \old(p->addr[i]);
*/
bool vpmp_write_addr(struct vpmp *p, unsigned index, uint64_t val)
{
	if (index >= pmp_layout.nvpmp || entry_locked(p, index))
		return false;
	/* §3.7.1.3: a locked TOR entry i+1 also locks pmpaddr i. */
	if (index + 1U < pmp_layout.nvpmp && entry_locked(p, index + 1U) &&
	    (p->cfg[index + 1U] & PMP_A) == PMP_A_TOR)
		return false;
	p->addr[index] = val;
	return true;
}

/*
 * A valid layout (pmp_layout_compute; vpmp.h): cordon's entries in their
 * order, each before every virtual entry, the catch-all right after them.
 */
/*@ predicate valid_layout(struct pmp_layout *l) =
	\valid_read(l) && l->cordon == 0 && l->clint == 1 &&
	((l->reset == 2 && l->os_base == 3 && l->os_deny == 4 && l->spacer == 5 && l->vpmp == 6) ||
	 (l->reset == 2 && l->os_base == PMP_IDX_NONE && l->os_deny == PMP_IDX_NONE &&
	  l->spacer == 3 && l->vpmp == 4) ||
	 (l->reset == PMP_IDX_NONE && l->os_base == 2 && l->os_deny == 3 && l->spacer == 4 &&
	  l->vpmp == 5) ||
	 (l->reset == PMP_IDX_NONE && l->os_base == PMP_IDX_NONE && l->os_deny == PMP_IDX_NONE &&
	  l->spacer == 2 && l->vpmp == 3)) &&
	1 <= l->nvpmp <= VPMP_ENTRIES_MAX && l->catchall == l->vpmp + l->nvpmp &&
	l->catchall < PMP_VIEW_ENTRIES;
*/

/*@ requires phys < PMP_VIEW_ENTRIES;
    requires \valid(regs + (0 .. 1));
    assigns regs[phys / 8];
    ensures (\old(regs[phys / 8]) & 0x8080808080808080) == 0 && (cfg & PMP_L) == 0 ==>
	(regs[phys / 8] & 0x8080808080808080) == 0;
    ensures phys >= 8 ==> regs[0] == \old(regs[0]);
    ensures phys == 0 && cfg == PMP_A_NAPOT ==> (regs[0] & 0x7f) == PMP_A_NAPOT;
    ensures phys == 3 && cfg == PMP_A_TOR ==> ((regs[0] >> 24) & 0x7f) == PMP_A_TOR;
    ensures phys == 4 && cfg == PMP_A_TOR ==> ((regs[0] >> 32) & 0x7f) == PMP_A_TOR;
    ensures phys == 0 ==> (regs[0] & 0x7f) == (cfg & 0x7f);
    ensures phys == 1 ==> ((regs[0] >> 8) & 0x7f) == (cfg & 0x7f);
    ensures phys == 2 ==> ((regs[0] >> 16) & 0x7f) == (cfg & 0x7f);
    ensures phys == 3 ==> ((regs[0] >> 24) & 0x7f) == (cfg & 0x7f);
    ensures phys == 4 ==> ((regs[0] >> 32) & 0x7f) == (cfg & 0x7f);
    ensures 1 <= phys < 8 ==> (regs[0] & 0x7f) == (\old(regs[0]) & 0x7f);
    ensures 2 <= phys < 8 ==> ((regs[0] >> 8) & 0x7f) == ((\old(regs[0]) >> 8) & 0x7f);
    ensures 3 <= phys < 8 ==> ((regs[0] >> 16) & 0x7f) == ((\old(regs[0]) >> 16) & 0x7f);
    ensures 4 <= phys < 8 ==> ((regs[0] >> 24) & 0x7f) == ((\old(regs[0]) >> 24) & 0x7f);
    ensures 5 <= phys < 8 ==> ((regs[0] >> 32) & 0x7f) == ((\old(regs[0]) >> 32) & 0x7f);
*/
static void set_byte(uint64_t regs[2], unsigned phys, uint8_t cfg)
{
	unsigned reg = phys / CFG_PER_REG, shift = 8U * (phys % CFG_PER_REG);
	regs[reg] = (regs[reg] & ~(0xffULL << shift)) | ((uint64_t)cfg << shift);
}

/*
 * Isolation invariants (checked by Frama-C WP, tests/proofs, and by the
 * vpmp fuzzer): no view ever has a lock bit; in the MPRV view no entry
 * grants R or W; a locked virtual entry keeps its own permissions in the
 * firmware views; an unlocked one grants RWX there; an entry that reaches
 * above the firmware's limit (`above`: protect-os, vpmp_reaches) is OFF in
 * every view but the OS's.
 */
/*@ assigns \nothing;
    ensures (\result & PMP_L) == 0;
    ensures view == VPMP_VIEW_FW_MPRV ==> (\result & (PMP_R | PMP_W)) == 0;
    ensures above && view != VPMP_VIEW_OS ==> \result == 0;
    ensures (view == VPMP_VIEW_OS || (view == VPMP_VIEW_FW_AS_OS && !above)) ==>
	\result == (cfg & (PMP_A | PMP_RWX));
    ensures (view == VPMP_VIEW_FW || view == VPMP_VIEW_FW_MPRV) && (cfg & PMP_A) == 0 ==>
	\result == 0;
    ensures view == VPMP_VIEW_FW && !above && (cfg & PMP_A) != 0 && (cfg & PMP_L) != 0 ==>
	\result == (cfg & (PMP_A | PMP_RWX));
    ensures view == VPMP_VIEW_FW && !above && (cfg & PMP_A) != 0 && (cfg & PMP_L) == 0 ==>
	\result == ((cfg & PMP_A) | PMP_RWX);
*/
uint8_t vpmp_view_byte(uint8_t cfg, enum vpmp_view view, bool above)
{
	uint8_t a = cfg & PMP_A;
	uint8_t perm = (cfg & PMP_L) ? (uint8_t)(cfg & PMP_RWX) : (uint8_t)PMP_RWX;

	if (view == VPMP_VIEW_OS)
		return (uint8_t)(cfg & (PMP_A | PMP_RWX));
	if (above)
		return 0;
	if (view == VPMP_VIEW_FW_AS_OS)
		return (uint8_t)(cfg & (PMP_A | PMP_RWX));
	if (a == PMP_A_OFF)
		return 0;
	if (view == VPMP_VIEW_FW)
		return (uint8_t)(a | perm);
	return (uint8_t)(a | (perm & PMP_X));
}

/*@ requires valid_layout(l);
    requires phys < PMP_VIEW_ENTRIES;
    requires phys < l->vpmp || phys >= l->catchall;
    assigns \nothing;
    ensures (\result & PMP_L) == 0;
    ensures phys != l->catchall ==> (\result & (PMP_R | PMP_W)) == 0;
    ensures view != VPMP_VIEW_FW ==> (\result & (PMP_R | PMP_W)) == 0;
    ensures phys == l->cordon ==> \result == PMP_A_NAPOT;
    ensures phys == l->clint ==> \result == PMP_A_NAPOT;
    ensures phys == l->os_base || phys == l->spacer || phys > l->catchall ==> \result == 0;
    ensures phys == l->os_deny && deny_os && view != VPMP_VIEW_OS ==> \result == PMP_A_TOR;
    ensures phys == l->os_deny && (!deny_os || view == VPMP_VIEW_OS) ==> \result == 0;
    ensures phys == l->reset && deny_os && view != VPMP_VIEW_OS ==> \result == PMP_A_NAPOT;
    ensures phys == l->reset && (view == VPMP_VIEW_OS ||
	(view == VPMP_VIEW_FW_AS_OS && !deny_os)) ==> \result == 0;
    ensures phys == l->catchall && (view == VPMP_VIEW_OS || view == VPMP_VIEW_FW_AS_OS) ==>
	\result == 0;
*/
uint8_t vpmp_fixed_byte(const struct pmp_layout *l, unsigned phys, enum vpmp_view view,
			bool trap_reset, bool deny_os)
{
	bool as_os = view == VPMP_VIEW_OS || view == VPMP_VIEW_FW_AS_OS;

	if (phys == l->cordon || phys == l->clint)
		return PMP_A_NAPOT; /* no permission for S/U, in every view */
	if (phys == l->reset) {
		/*
		 * protect-os: every device below RAM, also for the firmware's
		 * accesses as S/U (MPRV, hlv/hsv), which its own entries would
		 * let through (I16)
		 */
		if (deny_os)
			return view != VPMP_VIEW_OS ? PMP_A_NAPOT : 0;
		return (trap_reset && !as_os) ? PMP_A_NAPOT : 0;
	}
	if (phys == l->os_deny) /* protect-os: the OS's memory, in every view but its own */
		return (deny_os && view != VPMP_VIEW_OS) ? PMP_A_TOR : 0;
	if (phys == l->catchall) {
		if (as_os)
			return 0;
		return view == VPMP_VIEW_FW ? PMP_A_NAPOT | PMP_RWX : PMP_A_NAPOT | PMP_X;
	}
	return 0; /* the OS's base address, the spacer, entries past the catch-all */
}

/*
 * In every view, for every virtual configuration: cordon's and the CLINT's
 * entries are NAPOT without permission; protect-os, once deny_os, the OS's
 * entry is TOR without permission and the devices' NAPOT without
 * permission in every view but the OS's; the OS's base entry is OFF; no
 * lock bit anywhere. valid_layout puts all of them before every virtual
 * entry (Priv §3.7.1: the lowest-numbered match decides), so no virtual
 * entry can grant what they deny.
 */
/*@ requires valid_layout(l);
    requires \valid_read(p);
    requires \valid(regs + (0 .. 1));
    assigns regs[0 .. 1];
    ensures (regs[0] & 0x8080808080808080) == 0 && (regs[1] & 0x8080808080808080) == 0;
    ensures (regs[0] & 0xff) == PMP_A_NAPOT;
    ensures ((regs[0] >> 8) & 0xff) == PMP_A_NAPOT;
    ensures l->reset == 2 && deny_os && view != VPMP_VIEW_OS ==>
	((regs[0] >> 16) & 0x7f) == PMP_A_NAPOT;
    ensures l->os_base == 2 ==> ((regs[0] >> 16) & 0x7f) == 0;
    ensures l->os_base == 3 ==> ((regs[0] >> 24) & 0x7f) == 0;
    ensures l->os_deny == 3 && deny_os && view != VPMP_VIEW_OS ==>
	((regs[0] >> 24) & 0x7f) == PMP_A_TOR;
    ensures l->os_deny == 4 && deny_os && view != VPMP_VIEW_OS ==>
	((regs[0] >> 32) & 0x7f) == PMP_A_TOR;
    ensures l->cordon < l->vpmp && l->clint < l->vpmp && l->catchall >= l->vpmp + l->nvpmp;
    ensures l->reset != PMP_IDX_NONE ==> l->reset < l->vpmp;
    ensures l->os_deny != PMP_IDX_NONE ==> l->os_deny < l->vpmp;
*/
static void compose_view(const struct pmp_layout *l, const struct vpmp *p, bool trap_reset,
			 bool deny_os, uint32_t above, enum vpmp_view view, uint64_t regs[2])
{
	regs[0] = regs[1] = 0;
	/*@ loop invariant 0 <= phys <= PMP_VIEW_ENTRIES;
	    loop invariant (regs[0] & 0x8080808080808080) == 0 &&
		(regs[1] & 0x8080808080808080) == 0;
	    loop invariant phys > 0 ==> (regs[0] & 0x7f) == PMP_A_NAPOT;
	    loop invariant phys > 1 ==> ((regs[0] >> 8) & 0x7f) == PMP_A_NAPOT;
	    loop invariant phys > 2 && l->reset == 2 && deny_os && view != VPMP_VIEW_OS ==>
		((regs[0] >> 16) & 0x7f) == PMP_A_NAPOT;
	    loop invariant phys > 2 && l->os_base == 2 ==> ((regs[0] >> 16) & 0x7f) == 0;
	    loop invariant phys > 3 && l->os_base == 3 ==> ((regs[0] >> 24) & 0x7f) == 0;
	    loop invariant phys > 3 && l->os_deny == 3 && deny_os && view != VPMP_VIEW_OS ==>
		((regs[0] >> 24) & 0x7f) == PMP_A_TOR;
	    loop invariant phys > 4 && l->os_deny == 4 && deny_os && view != VPMP_VIEW_OS ==>
		((regs[0] >> 32) & 0x7f) == PMP_A_TOR;
	    loop assigns phys, regs[0 .. 1];
	    loop variant PMP_VIEW_ENTRIES - phys;
	*/
	for (unsigned phys = 0; phys < PMP_VIEW_ENTRIES; phys++) {
		uint8_t b;
		if (phys < l->vpmp || phys >= l->catchall) {
			b = vpmp_fixed_byte(l, phys, view, trap_reset, deny_os);
		} else {
			unsigned i = phys - l->vpmp;
			b = vpmp_view_byte(p->cfg[i], view, ((above >> i) & 1U) != 0);
		}
		/*@ assert phys <= 1 ==> b == PMP_A_NAPOT; */
		/*@ assert phys == l->os_deny && deny_os && view != VPMP_VIEW_OS ==> b == PMP_A_TOR; */
		set_byte(regs, phys, b);
	}
}

/*
 * Does virtual entry i match an address at or above limit? Priv §3.7.1
 * address matching, as QEMU decodes it (pmpaddr << 2, modulo 2^64; a
 * hardware that ignores high pmpaddr bits matches no higher): TOR
 * [pmpaddr(i-1), pmpaddr(i)) (from 0 for entry 0: the spacer), NA4 the
 * 4 bytes at pmpaddr, NAPOT 2^(k+3) bytes for k trailing ones (all ones:
 * everything).
 */
bool vpmp_reaches(const struct vpmp *p, unsigned i, uint64_t limit)
{
	uint64_t a = p->addr[i], lo, hi, t;

	switch (p->cfg[i] & PMP_A) {
	case PMP_A_TOR:
		lo = i ? p->addr[i - 1U] << 2 : 0;
		hi = a << 2;
		return hi > lo && hi > limit;
	case PMP_A_NA4:
		return (a << 2) >= limit;
	case PMP_A_NAPOT:
		for (t = 0; t < 64U && ((a >> t) & 1U); t++)
			;
		if (t + 3U >= 62U) /* 2^62 bytes or more (all ones: everything) */
			return true;
		lo = (a & ~((1ULL << t) - 1U)) << 2;
		return lo >= limit || (1ULL << (t + 3U)) > limit - lo;
	default:
		return false;
	}
}

void vpmp_compose(const struct pmp_layout *l, const struct vpmp *p, bool trap_reset, bool deny_os,
		  uint64_t fw_limit, struct pmp_views *v)
{
	uint32_t above = 0;

	if (deny_os && fw_limit)
		for (unsigned i = 0; i < l->nvpmp; i++)
			if (vpmp_reaches(p, i, fw_limit))
				above |= 1U << i;
	compose_view(l, p, trap_reset, deny_os, above, VPMP_VIEW_OS, v->os);
	compose_view(l, p, trap_reset, deny_os, above, VPMP_VIEW_FW, v->fw);
	compose_view(l, p, trap_reset, deny_os, above, VPMP_VIEW_FW_MPRV, v->fw_mprv);
	compose_view(l, p, trap_reset, deny_os, above, VPMP_VIEW_FW_AS_OS, v->fw_as_os);
}
