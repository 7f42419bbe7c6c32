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

_Static_assert(PMP_IDX_VPMP + VPMP_ENTRIES <= PMP_IDX_CATCHALL,
	       "virtual entries overlap the catch-all");
_Static_assert(PMP_IDX_CATCHALL < PMP_ENTRIES_PHYS, "catch-all beyond the physical entries");
/* protect-os: the OS's TOR pair lies before every virtual entry, so none can grant it. */
_Static_assert(PMP_IDX_OS_DENY == PMP_IDX_OS_BASE + 1 && PMP_IDX_OS_DENY < PMP_IDX_SPACER &&
		       PMP_IDX_SPACER + 1 == PMP_IDX_VPMP,
	       "the OS's entries must precede the virtual ones");

static uint8_t byte_of(const uint64_t regs[2], unsigned phys)
{
	return (uint8_t)(regs[phys / 8U] >> (8U * (phys % 8U)));
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
	vpmp_compose(p, trap_reset, deny_os, limit, &pv);

	for (unsigned v = 0; v < 4; v++) {
		for (unsigned e = 0; e < PMP_ENTRIES_PHYS; e++) {
			uint8_t b = byte_of(views[v], e);
			CHECK((b & PMP_L) == 0, "%s view: entry %u locked (%02x)", names[v], e, b);
			CHECK((b & PMP_RESERVED) == 0, "%s view: entry %u reserved bits (%02x)",
			      names[v], e, b);
		}
		CHECK(byte_of(views[v], PMP_IDX_CORDON) == PMP_A_NAPOT,
		      "%s view: cordon's entry is %02x, not NAPOT without RWX", names[v],
		      byte_of(views[v], PMP_IDX_CORDON));
		CHECK(byte_of(views[v], PMP_IDX_CLINT) == PMP_A_NAPOT,
		      "%s view: the CLINT entry is %02x, not NAPOT without RWX", names[v],
		      byte_of(views[v], PMP_IDX_CLINT));
		CHECK(byte_of(views[v], PMP_IDX_SPACER) == 0, "%s view: spacer %02x", names[v],
		      byte_of(views[v], PMP_IDX_SPACER));
		CHECK(byte_of(views[v], PMP_IDX_OS_BASE) == 0, "%s view: OS base entry %02x",
		      names[v], byte_of(views[v], PMP_IDX_OS_BASE));
		/* protect-os: the OS's memory, no permission, before every virtual entry. */
		CHECK(byte_of(views[v], PMP_IDX_OS_DENY) == ((deny_os && v != 0) ? PMP_A_TOR : 0),
		      "%s view: OS deny entry %02x (deny_os %d)", names[v],
		      byte_of(views[v], PMP_IDX_OS_DENY), deny_os);
	}
	/* Borrowed for S/U: the OS's view, but for the OS's memory, the devices, above the limit. */
	for (unsigned e = 0; e < PMP_ENTRIES_PHYS; e++) {
		uint8_t want = byte_of(os, e);
		unsigned i = e - PMP_IDX_VPMP;
		if (deny_os && e == PMP_IDX_OS_DENY)
			want = PMP_A_TOR;
		if (deny_os && e == PMP_IDX_RESET)
			want = PMP_A_NAPOT;
		if (deny_os && limit && e >= PMP_IDX_VPMP && i < VPMP_ENTRIES &&
		    ref_reaches(p, i, limit))
			want = 0;
		CHECK(byte_of(as_os, e) == want, "fw_as_os view: entry %u is %02x, not %02x", e,
		      byte_of(as_os, e), want);
	}
	/* The OS: no catch-all, no reset-device entry, the firmware's entries as written. */
	CHECK((byte_of(os, PMP_IDX_CATCHALL) & PMP_A) == PMP_A_OFF, "os view: catch-all %02x",
	      byte_of(os, PMP_IDX_CATCHALL));
	CHECK(byte_of(os, PMP_IDX_RESET) == 0, "os view: reset entry %02x",
	      byte_of(os, PMP_IDX_RESET));
	/* The firmware: the reset device (protect-os: every device) traps if asked; else off. */
	for (unsigned v = 1; v < 4; v++)
		CHECK(byte_of(views[v], PMP_IDX_RESET) ==
			      ((trap_reset && v != 3) || deny_os ? PMP_A_NAPOT : 0),
		      "%s view: reset entry %02x (trap_reset %d)", names[v],
		      byte_of(views[v], PMP_IDX_RESET), trap_reset);
	CHECK(byte_of(fw, PMP_IDX_CATCHALL) == (PMP_A_NAPOT | PMP_RWX), "fw view: catch-all %02x",
	      byte_of(fw, PMP_IDX_CATCHALL));
	/* MPRV=1: every load and store of the firmware must trap to be emulated. */
	for (unsigned e = 0; e < PMP_ENTRIES_PHYS; e++)
		CHECK((byte_of(fw_mprv, e) & (PMP_R | PMP_W)) == 0,
		      "fw_mprv view: entry %u is %02x", e, byte_of(fw_mprv, e));

	for (unsigned i = 0; i < VPMP_ENTRIES; i++) {
		unsigned e = PMP_IDX_VPMP + i;
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s = { data, size, 0 };
	struct vpmp p, old;
	uint8_t flags = stream_u8(&s);
	bool trap_reset = flags & 1U, deny_os = (flags & 2U) != 0;
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
				if (i >= VPMP_ENTRIES)
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
				index < VPMP_ENTRIES &&
				((old.cfg[index] & PMP_L) ||
				 (index + 1U < VPMP_ENTRIES && (old.cfg[index + 1U] & PMP_L) &&
				  (old.cfg[index + 1U] & PMP_A) == PMP_A_TOR));
			bool took = vpmp_write_addr(&p, index, val);
			CHECK(took == (index < VPMP_ENTRIES && !locked),
			      "pmpaddr%u write %s (locked %d)", index, took ? "taken" : "ignored",
			      locked);
			if (took)
				old.addr[index] = val;
			CHECK(memcmp(&p, &old, sizeof(p)) == 0,
			      "pmpaddr%u write changed other state", index);
			CHECK(vpmp_read_addr(&p, index) ==
				      (index < VPMP_ENTRIES ? p.addr[index] : 0),
			      "pmpaddr%u reads %llx", index,
			      (unsigned long long)vpmp_read_addr(&p, index));
		}
		for (unsigned reg = 0; reg <= 2; reg += 2)
			for (unsigned b = 0; b < 8; b++) {
				unsigned i = reg * 4U + b;
				uint8_t got = (uint8_t)(vpmp_read_cfg(&p, reg) >> (8U * b));
				CHECK(got == (i < VPMP_ENTRIES ? p.cfg[i] : 0),
				      "pmpcfg%u byte %u reads %02x", reg, b, got);
			}
		check_views(&p, trap_reset, deny_os, limit);
	}
	return 0;
}
