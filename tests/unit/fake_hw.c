// SPDX-License-Identifier: BSD-2-Clause
/* The fake hardware behind include/cordon/arch.h for host unit tests. */
#include "fake_hw.h"

#include <assert.h>
#include <string.h>

#include "../../src/policy/policy.h"
#include "cordon/arch.h"
#include "cordon/platform.h"
#include "cordon/riscv.h"
#include "cordon/world_hw.h"
#include "decode.h"
#include "hart.h"
#include "monitor.h"

struct hw_caps hw;
struct fake_hw fake;
struct machine machine;
struct hart harts[MAX_HARTS];

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	memset(&hw, 0, sizeof(hw));
	/* Values measured on QEMU 7.2 -M virt (rv64, H, Sstc) by hw_probe. */
	hw.misa = 0x80000000001411adULL;
	hw.has_h = true;
	hw.has_sstc = true;
	hw.mstatus_wmask = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP |
			   MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR |
			   MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_GVA | MSTATUS_MPV;
	hw.mstatus_mpp_rsv = 3;
	hw.medeleg_wmask = 0xf0b7ffULL;
	hw.mideleg_wmask = 0x222ULL;
	hw.mideleg_fixed = 0x1444ULL;
	hw.mie_wmask = 0x1eeeULL;
	for (unsigned c = CSR_CYCLE; c < CSR_CYCLE + 32; c++)
		fake.exists[c] = true;
	fake.exists[CSR_STVEC] = fake.exists[CSR_SEPC] = fake.exists[CSR_MIP] = true;
	fake.exists[CSR_MHARTID] = fake.exists[CSR_MENVCFG] = true;
	fake.exists[CSR_HSTATUS] = true;
	/* QEMU 7.2's trigger module (FACTS.md; tests/firmware/triggers.c). */
	hw.trig_count = 2;
	hw.trig_has_tinfo = true;
	hw.trig_tinfo = (1ULL << 2) | (1ULL << 6);
	hw.trig_reset = TDATA1_TYPE(2);
	hw.trig_modes2 = MCTRL_MODES(2);
	hw.trig_modes6 = MCTRL_MODES(6);
	fake.trig_tdata1[0] = fake.trig_tdata1[1] = TDATA1_TYPE(2);
}

/* ---- the debug triggers, with QEMU 7.2's WARL rules (target/riscv/debug.c) ---- */

static bool size_ok(unsigned size)
{
	return size <= 3 || size == 5; /* any, 1, 2, 4 or 8 bytes */
}

static void trig_check(uint64_t t)
{
	unsigned type = (unsigned)(t >> TDATA1_TYPE_SHIFT);
	if ((type == 2 || type == 6) && (t & MCTRL_M) && (t & MCTRL_RWX))
		fake.trig_m_written++;
}

uint64_t hw_trig_select(uint64_t val)
{
	if (val < 2 || fake.trig_select_any)
		fake.trig_select = val;
	return fake.trig_select;
}

uint64_t hw_trig_write(unsigned i, unsigned csr, uint64_t val)
{
	unsigned type = (unsigned)(val >> TDATA1_TYPE_SHIFT), size;
	uint64_t keep = MCTRL_RWX | MCTRL_MODES(type);

	assert(i < 2);
	fake.trig_select = i;
	if (csr == CSR_TDATA2)
		return fake.trig_tdata2[i] = val;
	assert(csr == CSR_TDATA1);
	trig_check(val);
	if (type == 2) {
		size = (unsigned)(((val >> 21) & 3U) << 2 | ((val >> 16) & 3U));
		keep |= size_ok(size) ? (3ULL << 16) | (3ULL << 21) : 0;
	} else if (type == 6) {
		size = (unsigned)((val >> 16) & 15U);
		keep |= size_ok(size) ? 15ULL << 16 : 0;
	} else {
		assert(type == 0 || type == 3 || type == 4 || type == 5 || type == 7 || type == 15);
		return fake.trig_tdata1[i]; /* ignored (QEMU aborts on the other types) */
	}
	return fake.trig_tdata1[i] = TDATA1_TYPE(type) | (val & keep);
}

void world_hw_set_trigger(unsigned i, uint64_t tdata1, uint64_t tdata2)
{
	fake.trig_writes++;
	(void)hw_trig_write(i, CSR_TDATA1, tdata1);
	(void)hw_trig_write(i, CSR_TDATA2, tdata2);
}

bool hw_csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
	(void)h;
	if (csr >= 4096 || !fake.exists[csr])
		return false;
	*val = csr == CSR_MIP ? fake.mip : fake.csr[csr];
	return true;
}

bool hw_csr_rmw(struct hart *h, unsigned csr, unsigned op, uint64_t val, uint64_t *old)
{
	uint64_t cur, new;
	(void)h;
	if (csr >= 4096 || !fake.exists[csr])
		return false;
	fake.csr_writes++;
	cur = csr == CSR_MIP ? fake.mip : fake.csr[csr];
	new = op == CSR_OP_RW ? val : op == CSR_OP_RS ? cur | val : cur & ~val;
	if (csr == CSR_MIP)
		fake.mip = (fake.mip & ~0x222ULL) | (new & 0x222ULL);
	else
		fake.csr[csr] = new;
	*old = cur;
	return true;
}

uint64_t hw_read_mip(void)
{
	return fake.mip;
}

uint64_t hw_read_mstatus_shared(void)
{
	return fake.shared;
}

void hw_write_mstatus_shared(uint64_t mask, uint64_t val)
{
	mask &= MSTATUS_SHARED;
	fake.shared = (fake.shared & ~mask) | (val & mask);
}

uint64_t hw_satp_legalize(uint64_t old, uint64_t val)
{
	uint64_t mode = val >> SATP_MODE_SHIFT;
	/* Bare, Sv39, Sv48, Sv57 as QEMU 7.2; other modes: write ignored. */
	return (mode == 0 || (mode >= 8 && mode <= 10)) ? val : old;
}

void hw_write_pmpaddr(unsigned index, uint64_t val)
{
	if (index < 16)
		fake.pmpaddr[index] = val;
}

/* ---- the world switch's hardware (cordon/world_hw.h) ----------------- */

uint64_t world_hw_mstatus(void)
{
	return fake.csr[CSR_MSTATUS];
}

void world_hw_set_mstatus(uint64_t val)
{
	fake.csr[CSR_MSTATUS] = val;
}

uint64_t world_hw_swap_satp(uint64_t val)
{
	uint64_t old = fake.csr[CSR_SATP];
	fake.csr[CSR_SATP] = val;
	return old;
}

void world_hw_set_deleg(uint64_t medeleg, uint64_t mideleg)
{
	fake.csr[CSR_MEDELEG] = medeleg;
	/* QEMU 7.2 with H: VS-level bits of mideleg are read-only one. */
	fake.csr[CSR_MIDELEG] = mideleg | hw.mideleg_fixed;
}

uint64_t world_hw_mie(void)
{
	return fake.csr[CSR_MIE];
}

void world_hw_set_mie(uint64_t val)
{
	fake.csr[CSR_MIE] = val & hw.mie_wmask;
}

void world_hw_set_pmpcfg(const uint64_t cfg[2])
{
	fake.csr[CSR_PMPCFG0] = cfg[0];
	fake.csr[CSR_PMPCFG0 + 2] = cfg[1];
}

uint64_t world_hw_take_hu(void)
{
	uint64_t hu = fake.csr[CSR_HSTATUS] & HSTATUS_HU;
	fake.csr[CSR_HSTATUS] &= ~HSTATUS_HU;
	return hu;
}

void world_hw_fp_save(uint64_t buf[33])
{
	assert((fake.csr[CSR_MSTATUS] & MSTATUS_FS) != 0); /* FP instructions need FS on */
	memcpy(buf, fake.fp, sizeof(fake.fp));
}

void world_hw_fp_load(const uint64_t buf[33])
{
	assert((fake.csr[CSR_MSTATUS] & MSTATUS_FS) != 0);
	memcpy(fake.fp, buf, sizeof(fake.fp));
}

void world_hw_fp_zero(void)
{
	assert((fake.csr[CSR_MSTATUS] & MSTATUS_FS) != 0);
	memset(fake.fp, 0, sizeof(fake.fp));
}

void world_hw_give_hu(void)
{
	fake.csr[CSR_HSTATUS] |= HSTATUS_HU;
}

/* ---- the policy hooks (policy/policy.h): no policy in the host build --- */

void policy_enter_os(struct hart *h)
{
	(void)h;
	fake.policy_enter_os++;
}

uint64_t policy_os_mie(const struct hart *h)
{
	return h->v.mie;
}

void policy_firmware_mie_changed(struct hart *h)
{
	(void)h;
}

uint64_t policy_firmware_mie(const struct hart *h)
{
	(void)h;
	return fake.policy_firmware_mie;
}

bool policy_ipi_pending(struct hart *t)
{
	(void)t;
	return fake.policy_ipi_pending;
}

/* ---- the CLINT driver (cordon/platform.h) ----------------------------- */

void clint_init(const struct platform_clint *clint)
{
	(void)clint;
}

volatile uint64_t *clint_mtimecmp_reg(unsigned hart)
{
	assert(hart < 4);
	return &fake.clint_mtimecmp[hart];
}

const volatile uint64_t *clint_mtime_reg(void)
{
	return &fake.clint_mtime;
}

uint32_t clint_msip(unsigned hart)
{
	assert(hart < 4);
	return fake.clint_msip[hart];
}

void clint_set_msip(unsigned hart, uint32_t val)
{
	assert(hart < 4);
	fake.clint_msip[hart] = val;
}
