// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness of core/vpmp.c: random writes to the virtual pmpcfg and
 * pmpaddr CSRs, each followed by vpmp_compose, checking the isolation
 * invariants of the physical views (config.h's layout, Priv §3.7.1):
 * cordon's and the CLINT's entries deny S/U in every view, no physical entry
 * is ever locked (M-mode must stay free of the firmware's PMP), the OS has no
 * catch-all, the firmware with MPRV=1 can neither read nor write through any
 * entry, and a locked virtual entry binds the firmware with its exact RWX;
 * protect-os: the OS's memory and the devices below RAM are denied in every
 * view but the OS's, and no virtual entry that reaches at or above the
 * firmware's limit is on there (checked against a 128-bit reference of
 * Priv §3.7.1 address matching).
 */
#include <stdbool.h>
#include <string.h>

#include "cordon/config.h"
#include "cordon/riscv.h"
#include "fuzz.h"
#include "vpmp.h"

#define PMP_RESERVED 0x60U /* pmpcfg bits 6:5, WARL zero */

static uint8_t byte_of(const uint64_t regs[2], unsigned phys)
{
	/* An entry the layout does not have (PMP_IDX_NONE) reads as OFF. */
	return phys < PMP_VIEW_ENTRIES ? (uint8_t)(regs[phys / 8U] >> (8U * (phys % 8U))) : 0;
}

/* Reference: does virtual entry i match an address >= limit (QEMU: pmpaddr << 2 mod 2^64)? */
static bool ref_reaches(const struct vpmp *p, unsigned i, uint64_t limit)
{
	uint64_t a = p->addr[i];
	unsigned __int128 lo, hi;
	unsigned k = 0;

	switch (p->cfg[i] & PMP_A) {
	case PMP_A_TOR:
		lo = i ? (uint64_t)(p->addr[i - 1U] << 2) : 0;
		hi = (uint64_t)(a << 2);
		return lo < hi && hi > limit;
	case PMP_A_NA4:
		lo = (uint64_t)(a << 2);
		return lo + 4U > limit;
	case PMP_A_NAPOT:
		while (k < 64U && ((a >> k) & 1U))
			k++;
		if (k == 64U)
			return true;
		lo = (uint64_t)((a >> k << k) << 2);
		hi = lo + ((unsigned __int128)1 << (k + 3U));
		return hi > limit;
	default:
		return false;
	}
}

static void check_views(const struct vpmp *p, bool trap_reset, bool deny_os, uint64_t limit)
{
	struct pmp_views pv;
	const uint64_t *os = pv.os, *fw = pv.fw, *fw_mprv = pv.fw_mprv, *as_os = pv.fw_as_os;
	const uint64_t *views[4] = { os, fw, fw_mprv, as_os };
	static const char *const names[4] = { "os", "fw", "fw_mprv", "fw_as_os" };

	memset(&pv, 0x5a, sizeof(pv)); /* vpmp_compose must set every byte */
	vpmp_compose(&pmp_layout, p, trap_reset, deny_os, limit, &pv);

	for (unsigned v = 0; v < 4; v++) {
		for (unsigned e = 0; e < PMP_VIEW_ENTRIES; e++) {
			uint8_t b = byte_of(views[v], e);
			CHECK((b & PMP_L) == 0, "%s view: entry %u locked (%02x)", names[v], e, b);
			CHECK((b & PMP_RESERVED) == 0, "%s view: entry %u reserved bits (%02x)",
			      names[v], e, b);
		}
		CHECK(byte_of(views[v], pmp_layout.cordon) == PMP_A_NAPOT,
		      "%s view: cordon's entry is %02x, not NAPOT without RWX", names[v],
		      byte_of(views[v], pmp_layout.cordon));
		CHECK(byte_of(views[v], pmp_layout.clint) == PMP_A_NAPOT,
		      "%s view: the CLINT entry is %02x, not NAPOT without RWX", names[v],
		      byte_of(views[v], pmp_layout.clint));
		CHECK(byte_of(views[v], pmp_layout.spacer) == 0, "%s view: spacer %02x", names[v],
		      byte_of(views[v], pmp_layout.spacer));
		CHECK(byte_of(views[v], pmp_layout.os_base) == 0, "%s view: OS base entry %02x",
		      names[v], byte_of(views[v], pmp_layout.os_base));
		/* Past the catch-all: nothing. */
		for (unsigned e = pmp_layout.catchall + 1U; e < PMP_VIEW_ENTRIES; e++)
			CHECK(byte_of(views[v], e) == 0,
			      "%s view: entry %u past the catch-all %02x", names[v], e,
			      byte_of(views[v], e));
		/* protect-os: the OS's memory, no permission, before every virtual entry. */
		CHECK(byte_of(views[v], pmp_layout.os_deny) ==
			      ((deny_os && v != 0) ? PMP_A_TOR : 0),
		      "%s view: OS deny entry %02x (deny_os %d)", names[v],
		      byte_of(views[v], pmp_layout.os_deny), deny_os);
	}
	/* Borrowed for S/U: the OS's view, but for the OS's memory, the devices, above the limit. */
	for (unsigned e = 0; e < PMP_VIEW_ENTRIES; e++) {
		uint8_t want = byte_of(os, e);
		unsigned i = e - pmp_layout.vpmp;
		if (deny_os && e == pmp_layout.os_deny)
			want = PMP_A_TOR;
		if (deny_os && e == pmp_layout.reset)
			want = PMP_A_NAPOT;
		if (deny_os && limit && e >= pmp_layout.vpmp && i < pmp_layout.nvpmp &&
		    ref_reaches(p, i, limit))
			want = 0;
		CHECK(byte_of(as_os, e) == want, "fw_as_os view: entry %u is %02x, not %02x", e,
		      byte_of(as_os, e), want);
	}
	/* The OS: no catch-all, no reset-device entry, the firmware's entries as written. */
	CHECK((byte_of(os, pmp_layout.catchall) & PMP_A) == PMP_A_OFF, "os view: catch-all %02x",
	      byte_of(os, pmp_layout.catchall));
	CHECK(byte_of(os, pmp_layout.reset) == 0, "os view: reset entry %02x",
	      byte_of(os, pmp_layout.reset));
	/* The firmware: the reset device (protect-os: every device) traps if asked; else off. */
	for (unsigned v = 1; v < 4; v++)
		CHECK(byte_of(views[v], pmp_layout.reset) ==
			      ((trap_reset && v != 3) || deny_os ? PMP_A_NAPOT : 0),
		      "%s view: reset entry %02x (trap_reset %d)", names[v],
		      byte_of(views[v], pmp_layout.reset), trap_reset);
	CHECK(byte_of(fw, pmp_layout.catchall) == (PMP_A_NAPOT | PMP_RWX),
	      "fw view: catch-all %02x", byte_of(fw, pmp_layout.catchall));
	/* MPRV=1: every load and store of the firmware must trap to be emulated. */
	for (unsigned e = 0; e < PMP_VIEW_ENTRIES; e++)
		CHECK((byte_of(fw_mprv, e) & (PMP_R | PMP_W)) == 0,
		      "fw_mprv view: entry %u is %02x", e, byte_of(fw_mprv, e));

	for (unsigned i = 0; i < pmp_layout.nvpmp; i++) {
		unsigned e = pmp_layout.vpmp + i;
		uint8_t cfg = p->cfg[i], a = cfg & PMP_A;
		CHECK(byte_of(os, e) == (cfg & (PMP_A | PMP_RWX)),
		      "os view: entry %u is %02x, vpmp %02x", e, byte_of(os, e), cfg);
		CHECK(vpmp_reaches(p, i, limit ? limit : 8U) ==
			      ref_reaches(p, i, limit ? limit : 8U),
		      "vpmp%u %02x addr %llx: reaches %d above %llx", i, cfg,
		      (unsigned long long)p->addr[i], vpmp_reaches(p, i, limit ? limit : 8U),
		      (unsigned long long)limit);
		if (deny_os && limit && ref_reaches(p, i, limit)) {
			/* Above the limit: OFF for the firmware (the catch-all ends there). */
			CHECK(byte_of(fw, e) == 0 && byte_of(fw_mprv, e) == 0,
			      "vpmp%u reaches above %llx but fw %02x fw_mprv %02x", i,
			      (unsigned long long)limit, byte_of(fw, e), byte_of(fw_mprv, e));
			continue;
		}
		/* Same address matching in every view, so partial matches fail alike. */
		CHECK((byte_of(fw, e) & PMP_A) == a && (byte_of(fw_mprv, e) & PMP_A) == a,
		      "entry %u: A differs (vpmp %02x fw %02x fw_mprv %02x)", e, cfg,
		      byte_of(fw, e), byte_of(fw_mprv, e));
		if (a == PMP_A_OFF)
			continue;
		if (cfg & PMP_L)
			CHECK((byte_of(fw, e) & PMP_RWX) == (cfg & PMP_RWX),
			      "fw view: locked vpmp%u %02x gives %02x", i, cfg, byte_of(fw, e));
		else
			CHECK((byte_of(fw, e) & PMP_RWX) == PMP_RWX,
			      "fw view: unlocked vpmp%u %02x gives %02x", i, cfg, byte_of(fw, e));
		CHECK((byte_of(fw_mprv, e) & PMP_X) == (byte_of(fw, e) & PMP_X),
		      "fw_mprv view: vpmp%u X %02x vs fw %02x", i, byte_of(fw_mprv, e),
		      byte_of(fw, e));
	}
}

/*
 * The layout's rule (core/vpmp.h, Priv §3.7.1): cordon's entries in order
 * before every virtual entry, the catch-all right after them.
 */
static void check_layout(const struct pmp_layout *l, unsigned probed, bool with_reset, bool protect)
{
	unsigned n = probed < PMP_VIEW_ENTRIES ? probed : PMP_VIEW_ENTRIES, next = 2;

	CHECK(l->cordon == 0 && l->clint == 1, "cordon %u, CLINT %u", l->cordon, l->clint);
	CHECK(!protect || (l->reset != PMP_IDX_NONE && l->os_deny != PMP_IDX_NONE),
	      "protect-os without the reset entry (%u) or the OS's pair (%u)", l->reset,
	      l->os_deny);
	CHECK(with_reset || protect || l->reset == PMP_IDX_NONE, "a reset entry nobody asked for");
	if (l->reset != PMP_IDX_NONE)
		CHECK(l->reset == next++, "reset entry %u", l->reset);
	if (l->os_base != PMP_IDX_NONE) {
		CHECK(l->os_base == next++ && l->os_deny == next++, "OS pair %u %u", l->os_base,
		      l->os_deny);
	} else {
		CHECK(l->os_deny == PMP_IDX_NONE, "OS deny %u without its base", l->os_deny);
	}
	CHECK(l->spacer == next && l->vpmp == next + 1U, "spacer %u, vpmp %u", l->spacer, l->vpmp);
	CHECK(l->nvpmp >= VPMP_ENTRIES_MIN && l->nvpmp <= VPMP_ENTRIES_MAX &&
		      l->catchall == l->vpmp + l->nvpmp && l->nphys == l->catchall + 1U &&
		      l->nphys == n,
	      "%u virtual entries from %u, catch-all %u, %u in use of %u", l->nvpmp, l->vpmp,
	      l->catchall, l->nphys, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s = { data, size, 0 };
	struct vpmp p, old;
	uint8_t flags = stream_u8(&s);
	/* The layout: 0-63 entries (byte 0: QEMU virt's 16 with protect-os), reset, protect. */
	uint8_t lay = stream_u8(&s);
	unsigned probed = lay ? (lay & 63U) : 16U;
	bool with_reset = lay ? (lay & 64U) != 0 : true, protect = lay ? (lay & 128U) != 0 : true;
	bool trap_reset, deny_os;

	if (pmp_layout_compute(probed, with_reset, protect, &pmp_layout) != 0) {
		unsigned n = probed < PMP_VIEW_ENTRIES ? probed : PMP_VIEW_ENTRIES;
		CHECK(n < 4U + VPMP_ENTRIES_MIN + (protect ? 3U : 0U),
		      "%u entries refused (protect %d)", probed, protect);
		return 0;
	}
	check_layout(&pmp_layout, probed, with_reset, protect);
	trap_reset = (flags & 1U) && pmp_layout.reset != PMP_IDX_NONE;
	deny_os = (flags & 2U) && protect;
	/* The firmware's limit: none, or a power of two from 2^3 to 2^61. */
	uint8_t lim = stream_u8(&s);
	uint64_t limit = (lim & 64U) ? 0 : 1ULL << (3U + (lim % 59U));

	memset(&p, 0, sizeof(p));
	check_views(&p, trap_reset, deny_os, limit);
	for (unsigned steps = 0; !stream_empty(&s) && steps < 256; steps++) {
		uint8_t op = stream_u8(&s);
		old = p;
		if (op & 1U) {
			unsigned reg = (op & 2U) ? 2 : 0;
			uint64_t val = stream_bytes(&s, 8);
			vpmp_write_cfg(&p, reg, val);
			for (unsigned b = 0; b < 8; b++) {
				unsigned i = reg * 4U + b;
				uint8_t want = (uint8_t)(val >> (8U * b));
				if (i >= pmp_layout.nvpmp)
					continue;
				/* §3.7.1.3: a locked pmpcfg ignores writes; others take them. */
				CHECK(p.cfg[i] == ((old.cfg[i] & PMP_L) ? old.cfg[i] : want),
				      "pmpcfg%u entry %u: %02x after writing %02x over %02x", reg,
				      i, p.cfg[i], want, old.cfg[i]);
			}
			CHECK(memcmp(p.addr, old.addr, sizeof(p.addr)) == 0,
			      "pmpcfg write moved an address");
		} else {
			unsigned index = (op >> 1) & 15U;
			uint64_t val = stream_bytes(&s, 8);
			bool locked =
				index < pmp_layout.nvpmp &&
				((old.cfg[index] & PMP_L) ||
				 (index + 1U < pmp_layout.nvpmp && (old.cfg[index + 1U] & PMP_L) &&
				  (old.cfg[index + 1U] & PMP_A) == PMP_A_TOR));
			bool took = vpmp_write_addr(&p, index, val);
			CHECK(took == (index < pmp_layout.nvpmp && !locked),
			      "pmpaddr%u write %s (locked %d)", index, took ? "taken" : "ignored",
			      locked);
			if (took)
				old.addr[index] = val;
			CHECK(memcmp(&p, &old, sizeof(p)) == 0,
			      "pmpaddr%u write changed other state", index);
			CHECK(vpmp_read_addr(&p, index) ==
				      (index < pmp_layout.nvpmp ? p.addr[index] : 0),
			      "pmpaddr%u reads %llx", index,
			      (unsigned long long)vpmp_read_addr(&p, index));
		}
		for (unsigned reg = 0; reg <= 2; reg += 2)
			for (unsigned b = 0; b < 8; b++) {
				unsigned i = reg * 4U + b;
				uint8_t got = (uint8_t)(vpmp_read_cfg(&p, reg) >> (8U * b));
				CHECK(got == (i < pmp_layout.nvpmp ? p.cfg[i] : 0),
				      "pmpcfg%u byte %u reads %02x", reg, b, got);
			}
		check_views(&p, trap_reset, deny_os, limit);
	}
	return 0;
}
