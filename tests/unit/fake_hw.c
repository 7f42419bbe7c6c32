// SPDX-License-Identifier: BSD-2-Clause
/* The fake hardware behind include/cordon/arch.h for host unit tests. */
#include "fake_hw.h"

#include <string.h>

#include "cordon/arch.h"
#include "cordon/riscv.h"
#include "decode.h"

struct hw_caps hw;
struct fake_hw fake;

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

uint64_t hw_read_mstatus_fs(void)
{
	return fake.fs;
}

void hw_write_mstatus_fs(uint64_t fs_field)
{
	fake.fs = fs_field & MSTATUS_FS;
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
