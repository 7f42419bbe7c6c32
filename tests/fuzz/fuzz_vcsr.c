// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness of core/vcsr.c: a byte stream of CSR instructions, direct
 * reads and writes and hardware events, run on the fake hart of tests/unit.
 * After every step the virtual M-mode CSRs must still obey the hardware's
 * WARL rules (Priv §3.1) and the lock rules of the virtual PMP (§3.7.1), an
 * illegal instruction must change nothing, and every change that the
 * monitor must act on must be reported in *fx.
 */
#include <stdbool.h>
#include <string.h>

#include "cordon/arch.h"
#include "cordon/riscv.h"
#include "fake_hw.h"
#include "fuzz.h"
#include "vcsr.h"
#include "vpmp.h"

/* mstatus.UXL = SXL = 2 (64 bits): read-only on QEMU, set at reset. */
#define MSTATUS_RESET_FIXED ((2ULL << 32) | (2ULL << 34))
#define MEDELEG_H_CAUSES 0xf00400ULL /* ecall from VS, guest page faults */

static const uint16_t csr_pool[] = {
	CSR_MSTATUS, CSR_SSTATUS, CSR_MISA,	   CSR_MEDELEG,	  CSR_MIDELEG,	   CSR_MIE,
	CSR_SIE,     CSR_SIP,	  CSR_MIP,	   CSR_MTVEC,	  CSR_MSCRATCH,	   CSR_MEPC,
	CSR_MCAUSE,  CSR_MTVAL,	  CSR_SATP,	   CSR_MTINST,	  CSR_MTVAL2,	   CSR_HIE,
	CSR_MSECCFG, CSR_PMPCFG0, CSR_PMPCFG0 + 1, CSR_PMPCFG2,	  CSR_PMPCFG0 + 3, CSR_PMPCFG15,
	CSR_TSELECT, 0x7bf,	  CSR_STVEC,	   CSR_SEPC,	  CSR_MHARTID,	   CSR_MENVCFG,
	CSR_CYCLE,   CSR_TIME,	  CSR_HSTATUS,	   CSR_MVENDORID, 0x3c0,	   CSR_PMPADDR63,
};
#define CSR_POOL_SIZE (sizeof(csr_pool) / sizeof(csr_pool[0]))

static struct hart h;
/* Snapshot of each virtual PMP entry taken when it became locked. */
static bool was_locked[VPMP_ENTRIES_MAX];
static uint8_t locked_cfg[VPMP_ENTRIES_MAX];
static uint64_t locked_addr[VPMP_ENTRIES_MAX];
static bool addr_frozen[VPMP_ENTRIES_MAX]; /* pmpaddr i under a locked TOR entry i+1 */
static uint64_t frozen_addr[VPMP_ENTRIES_MAX];
static uint64_t mstatus_fixed; /* the non-writable bits of mstatus at reset */

/* The hardware this run models, from the first byte: QEMU 7.2 virt and variants. */
static void setup(uint8_t cfg)
{
	fake_reset();
	memset(&h, 0, sizeof(h));
	memset(was_locked, 0, sizeof(was_locked));
	memset(addr_frozen, 0, sizeof(addr_frozen));
	if (!(cfg & 1U)) { /* -cpu rv64,h=false */
		hw.has_h = false;
		hw.mstatus_wmask &= ~(MSTATUS_GVA | MSTATUS_MPV);
		hw.mideleg_fixed = 0;
		hw.mie_wmask &= ~MIP_VS_ALL;
		hw.medeleg_wmask &= ~MEDELEG_H_CAUSES;
	}
	hw.mstatus_mpp_rsv = (cfg >> 1) & 3U;
	if (cfg & 8U) { /* Smepmp */
		hw.has_mseccfg = true;
		hw.mseccfg_wmask = 0x7;
	}
	if (cfg & 16U) /* no F/D: mstatus.FS read-only zero */
		hw.mstatus_wmask &= ~MSTATUS_FS;
	/* The reset state as boot.c's reset_vcpu should leave it (see the README). */
	mstatus_fixed = MSTATUS_RESET_FIXED & ~hw.mstatus_wmask;
	h.v.mstatus = mstatus_fixed;
	h.v.mideleg = hw.mideleg_fixed;
}

static unsigned last_csr; /* for the messages */

static unsigned pick_csr(struct stream *s)
{
	uint8_t b = stream_u8(s);
	if (b < 3 * CSR_POOL_SIZE)
		last_csr = csr_pool[b % CSR_POOL_SIZE];
	else if (b < 240) /* the PMP CSRs */
		last_csr = CSR_PMPCFG0 + (b % 0x50U);
	else
		last_csr = (unsigned)stream_bytes(s, 2) & 0xfffU;
	return last_csr;
}

static void snapshot_locks(void)
{
	const struct vpmp *p = &h.v.pmp;
	for (unsigned i = 0; i < pmp_layout.nvpmp; i++) {
		if (!was_locked[i] && (p->cfg[i] & PMP_L)) {
			was_locked[i] = true;
			locked_cfg[i] = p->cfg[i];
			locked_addr[i] = p->addr[i];
			if (i > 0 && (p->cfg[i] & PMP_A) == PMP_A_TOR && !addr_frozen[i - 1]) {
				addr_frozen[i - 1] = true;
				frozen_addr[i - 1] = p->addr[i - 1];
			}
		}
	}
}

static void check_invariants(const struct hart *before, unsigned fx, bool ok)
{
	const struct vcpu *v = &h.v, *o = &before->v;
	uint64_t ms = vcsr_mstatus(&h);

	/* mstatus: only writable bits change; FS and SD are not stored (hart.h). */
	CHECK((v->mstatus & ~hw.mstatus_wmask) == mstatus_fixed, "mstatus %llx wmask %llx",
	      (unsigned long long)v->mstatus, (unsigned long long)hw.mstatus_wmask);
	CHECK((v->mstatus & (MSTATUS_FS | MSTATUS_SD)) == 0, "mstatus %llx stores FS/SD",
	      (unsigned long long)v->mstatus);
	CHECK((ms & ~(hw.mstatus_wmask | mstatus_fixed | MSTATUS_FS | MSTATUS_SD)) == 0,
	      "read mstatus %llx", (unsigned long long)ms);
	CHECK(((ms & MSTATUS_FS) == 0 || (hw.mstatus_wmask & MSTATUS_FS)), "FS %llx without F",
	      (unsigned long long)ms);
	/* §3.1.6.2: MPP=2 is reserved; it reads 2 only where the hardware keeps it. */
	CHECK(((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) != 2 || hw.mstatus_mpp_rsv == 2,
	      "MPP reads 2 (hardware gives %llu)", (unsigned long long)hw.mstatus_mpp_rsv);
	CHECK((v->mideleg & hw.mideleg_fixed) == hw.mideleg_fixed, "mideleg %llx lost %llx",
	      (unsigned long long)v->mideleg, (unsigned long long)hw.mideleg_fixed);
	CHECK((v->mideleg & ~(hw.mideleg_wmask | hw.mideleg_fixed)) == 0, "mideleg %llx",
	      (unsigned long long)v->mideleg);
	CHECK((v->medeleg & ~hw.medeleg_wmask) == 0, "medeleg %llx",
	      (unsigned long long)v->medeleg);
	CHECK((v->mie & ~hw.mie_wmask) == 0, "mie %llx", (unsigned long long)v->mie);
	CHECK((v->mepc & 1U) == 0, "mepc %llx", (unsigned long long)v->mepc);
	CHECK((v->mtvec & MTVEC_MODE_MASK) < 2, "mtvec %llx", (unsigned long long)v->mtvec);
	CHECK((v->mseccfg & ~hw.mseccfg_wmask) == 0, "mseccfg %llx",
	      (unsigned long long)v->mseccfg);
	{
		uint64_t mode = v->satp >> SATP_MODE_SHIFT;
		CHECK(mode == 0 || (mode >= 8 && mode <= 10), "satp %llx",
		      (unsigned long long)v->satp);
	}

	/* §3.7.1.3: locked entries (and the address below a locked TOR) never change. */
	for (unsigned i = 0; i < pmp_layout.nvpmp; i++) {
		if (was_locked[i])
			CHECK(v->pmp.cfg[i] == locked_cfg[i] && v->pmp.addr[i] == locked_addr[i],
			      "locked entry %u changed: cfg %02x->%02x addr %llx->%llx", i,
			      locked_cfg[i], v->pmp.cfg[i], (unsigned long long)locked_addr[i],
			      (unsigned long long)v->pmp.addr[i]);
		if (addr_frozen[i])
			CHECK(v->pmp.addr[i] == frozen_addr[i],
			      "pmpaddr%u under a locked TOR changed", i);
		/* The physical pmpaddr of each virtual entry follows it. */
		CHECK(fake.pmpaddr[pmp_layout.vpmp + i] == v->pmp.addr[i],
		      "physical pmpaddr%u %llx, virtual pmpaddr%u %llx", pmp_layout.vpmp + i,
		      (unsigned long long)fake.pmpaddr[pmp_layout.vpmp + i], i,
		      (unsigned long long)v->pmp.addr[i]);
	}
	for (unsigned i = 0; i < pmp_layout.vpmp; i++)
		CHECK(fake.pmpaddr[i] == 0, "cordon's pmpaddr%u written by the firmware", i);
	CHECK(fake.pmpaddr[pmp_layout.catchall] == 0, "catch-all pmpaddr written by the firmware");

	/* An illegal instruction has no effect (Priv §3.1.15: the trap is taken instead). */
	if (!ok)
		CHECK(memcmp(before, &h, sizeof(h)) == 0, "CSR %x: illegal access changed the hart",
		      last_csr);

	/* What changed must be reported, or the monitor would run on stale PMP/interrupts. */
	if (memcmp(&o->pmp, &v->pmp, sizeof(v->pmp)) != 0)
		CHECK(fx & VCSR_FX_PMP, "CSR %x: PMP state changed without VCSR_FX_PMP", last_csr);
	if ((o->mstatus ^ v->mstatus) & MSTATUS_MPRV)
		CHECK(fx & (VCSR_FX_PMP | VCSR_FX_MPRV),
		      "CSR %x: MPRV changed without VCSR_FX_MPRV", last_csr);
	if (o->mie != v->mie || o->mideleg != v->mideleg ||
	    ((o->mstatus ^ v->mstatus) & MSTATUS_MIE))
		CHECK(fx & VCSR_FX_IRQ,
		      "CSR %x: interrupt state changed without VCSR_FX_IRQ: mie %llx->%llx, "
		      "mideleg "
		      "%llx->%llx, mstatus %llx->%llx",
		      last_csr, (unsigned long long)o->mie, (unsigned long long)v->mie,
		      (unsigned long long)o->mideleg, (unsigned long long)v->mideleg,
		      (unsigned long long)o->mstatus, (unsigned long long)v->mstatus);
}

static bool step_exec(struct stream *s, struct hart *before, unsigned *fx)
{
	static const unsigned funct3[] = { 1, 2, 3, 5, 6, 7 };
	unsigned csr = pick_csr(s), f3 = funct3[stream_u8(s) % 6U];
	unsigned rd = stream_u8(s) & 31U, rs1 = stream_u8(s) & 31U;
	uint64_t val = stream_bytes(s, 8), expect = 0;
	uint32_t raw = (uint32_t)csr << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x73U;
	static struct hart fast;
	uint64_t regs_valid;
	struct insn in;
	bool readable, ok, fast_ok;

	if (rs1 != 0)
		h.regs[rs1] = val;
	*before = h; /* the register is the input, not an effect */
	CHECK(decode_insn(raw, &in) && in.kind == INSN_CSR, "CSR instruction %08x", raw);
	readable = vcsr_read(&h, csr, &expect);
	/* The hot path (vcsr_fast) must act exactly as vcsr_exec, or not at all. */
	fast = h;
	regs_valid = (stream_u8(s) & 1U) ? ~0ULL : stream_bytes(s, 4);
	fast_ok = vcsr_fast(&fast, raw, regs_valid) == VCSR_FAST_DONE;
	if (!fast_ok)
		CHECK(memcmp(&fast, &h, sizeof(h)) == 0,
		      "%08x: vcsr_fast declined but changed the hart", raw);
	ok = vcsr_exec(&h, &in, fx);
	if (fast_ok)
		CHECK(ok && *fx == 0 && memcmp(&fast, &h, sizeof(h)) == 0,
		      "%08x: vcsr_fast and vcsr_exec differ (exec ok %d fx %u)", raw, ok, *fx);
	if (ok && rd != 0 && readable)
		CHECK(h.regs[rd] == expect, "%08x: rd got %llx, CSR %x read %llx", raw,
		      (unsigned long long)h.regs[rd], csr, (unsigned long long)expect);
	/* Priv §2.1: writing a read-only CSR is illegal. */
	if ((csr >> 10) == 3U && (f3 & 3U) != 0 && (in.csr_op == CSR_OP_RW || rs1 != 0))
		CHECK(!ok, "%08x writes a read-only CSR", raw);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s = { data, size, 0 };
	static struct hart before;

	setup(stream_u8(&s));
	check_invariants(&h, 0, true);
	for (unsigned steps = 0; !stream_empty(&s) && steps < 256; steps++) {
		unsigned fx = 0;
		bool ok = true;
		uint64_t val;

		before = h;
		switch (stream_u8(&s) % 4U) {
		case 0:
			ok = step_exec(&s, &before, &fx);
			break;
		case 1: {
			unsigned csr = pick_csr(&s);
			ok = vcsr_write(&h, csr, stream_bytes(&s, 8), &fx);
			break;
		}
		case 2:
			ok = vcsr_read(&h, pick_csr(&s), &val);
			before = h; /* a read has no effect either way */
			break;
		default: /* the hardware moves: a PLIC line, the FP unit */
			fake.mip = stream_bytes(&s, 2) & (MIP_S_ALL | MIP_VS_ALL);
			fake.shared = stream_bytes(&s, 2) & MSTATUS_SHARED & hw.mstatus_wmask;
			before = h;
			break;
		}
		check_invariants(&before, fx, ok);
		snapshot_locks();
	}
	return 0;
}
