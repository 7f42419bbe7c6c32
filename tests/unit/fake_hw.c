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

void clint_init(uint64_t base)
{
	(void)base;
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
