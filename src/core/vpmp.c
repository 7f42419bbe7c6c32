// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual PMP (Priv §3.7). The firmware sees VPMP_ENTRIES entries at
 * indexes 0..VPMP_ENTRIES-1; higher entries read as zero and ignore writes
 * (§3.7.1: "All PMP CSR fields are WARL and may be read-only zero").
 * The entries are placed at physical index PMP_IDX_VPMP + i, after cordon's
 * own entries, and a spacer entry with address 0 precedes them so that a
 * virtual TOR entry 0 covers [0, pmpaddr0) as on the hardware.
 */
#include "vpmp.h"

#include "cordon/riscv.h"

#define CFG_PER_REG 8U

static bool entry_locked(const struct vpmp *p, unsigned i)
{
	return (p->cfg[i] & PMP_L) != 0;
}

uint64_t vpmp_read_cfg(const struct vpmp *p, unsigned reg)
{
	uint64_t val = 0;
	for (unsigned b = 0; b < CFG_PER_REG; b++) {
		unsigned i = reg * 4U + b;
		if (i < VPMP_ENTRIES)
			val |= (uint64_t)p->cfg[i] << (8U * b);
	}
	return val;
}

void vpmp_write_cfg(struct vpmp *p, unsigned reg, uint64_t val)
{
	for (unsigned b = 0; b < CFG_PER_REG; b++) {
		unsigned i = reg * 4U + b;
		/* §3.7.1.3: writes to a locked entry's pmpcfg are ignored. */
		if (i < VPMP_ENTRIES && !entry_locked(p, i))
			p->cfg[i] = (uint8_t)(val >> (8U * b));
	}
}

uint64_t vpmp_read_addr(const struct vpmp *p, unsigned index)
{
	return index < VPMP_ENTRIES ? p->addr[index] : 0;
}

bool vpmp_write_addr(struct vpmp *p, unsigned index, uint64_t val)
{
	if (index >= VPMP_ENTRIES || entry_locked(p, index))
		return false;
	/* §3.7.1.3: a locked TOR entry i+1 also locks pmpaddr i. */
	if (index + 1U < VPMP_ENTRIES && entry_locked(p, index + 1U) &&
	    (p->cfg[index + 1U] & PMP_A) == PMP_A_TOR)
		return false;
	p->addr[index] = val;
	return true;
}

static void set_byte(uint64_t regs[2], unsigned phys, uint8_t cfg)
{
	unsigned reg = phys / CFG_PER_REG, shift = 8U * (phys % CFG_PER_REG);
	regs[reg] = (regs[reg] & ~(0xffULL << shift)) | ((uint64_t)cfg << shift);
}

void vpmp_compose(const struct vpmp *p, bool trap_reset, uint64_t os[2], uint64_t fw[2],
		  uint64_t fw_mprv[2])
{
	/* cordon, CLINT: NAPOT, no permission for S/U; spacer: OFF. */
	const uint8_t deny = PMP_A_NAPOT;
	os[0] = os[1] = fw[0] = fw[1] = fw_mprv[0] = fw_mprv[1] = 0;
	set_byte(os, PMP_IDX_CORDON, deny);
	set_byte(os, PMP_IDX_CLINT, deny);
	set_byte(fw, PMP_IDX_CORDON, deny);
	set_byte(fw, PMP_IDX_CLINT, deny);
	set_byte(fw_mprv, PMP_IDX_CORDON, deny);
	set_byte(fw_mprv, PMP_IDX_CLINT, deny);
	if (trap_reset) {
		set_byte(fw, PMP_IDX_RESET, deny);
		set_byte(fw_mprv, PMP_IDX_RESET, deny);
	}

	for (unsigned i = 0; i < VPMP_ENTRIES; i++) {
		uint8_t cfg = p->cfg[i], a = cfg & PMP_A;
		uint8_t perm = entry_locked(p, i) ? (cfg & PMP_RWX) : PMP_RWX;
		unsigned phys = PMP_IDX_VPMP + i;
		set_byte(os, phys, (uint8_t)(cfg & (PMP_A | PMP_RWX)));
		if (a == PMP_A_OFF)
			continue;
		set_byte(fw, phys, (uint8_t)(a | perm));
		set_byte(fw_mprv, phys, (uint8_t)(a | (perm & PMP_X)));
	}
	set_byte(fw, PMP_IDX_CATCHALL, PMP_A_NAPOT | PMP_RWX);
	set_byte(fw_mprv, PMP_IDX_CATCHALL, PMP_A_NAPOT | PMP_X);
}
