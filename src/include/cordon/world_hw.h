// SPDX-License-Identifier: BSD-2-Clause
/*
 * The hardware state the world switch moves between the two worlds, as
 * core/world.c sees it: mstatus, satp, the delegation registers, mie, the
 * physical PMP configuration and hstatus.HU. In M-mode these are CSR
 * instructions inlined into world.c; the host build (CORDON_HOST) links
 * them to the fake hart of tests/unit, so that the world switch is
 * unit-tested like vcsr and vtrap.
 */
#ifndef CORDON_WORLD_HW_H
#define CORDON_WORLD_HW_H

#include <stdint.h>

#ifdef CORDON_HOST
uint64_t world_hw_mstatus(void);
void world_hw_set_mstatus(uint64_t val);
uint64_t world_hw_swap_satp(uint64_t val);
void world_hw_set_deleg(uint64_t medeleg, uint64_t mideleg);
uint64_t world_hw_mie(void);
void world_hw_set_mie(uint64_t val);
void world_hw_set_pmpcfg(const uint64_t cfg[2]);
/* Debug trigger i's tdata1 and tdata2 (never the M bit: security.md, I17). */
void world_hw_set_trigger(unsigned i, uint64_t tdata1, uint64_t tdata2);
/* Clear hstatus.HU and return what it was (H only). */
uint64_t world_hw_take_hu(void);
/* Set hstatus.HU (H only). */
void world_hw_give_hu(void);
/* The FP registers and fcsr (buf[32] = fcsr): save, load, zero (FS on). */
void world_hw_fp_save(uint64_t buf[33]);
void world_hw_fp_load(const uint64_t buf[33]);
void world_hw_fp_zero(void);
#else
#include "cordon/riscv.h"

void hw_write_pmpcfg(const uint64_t cfg[2]);

static inline uint64_t world_hw_mstatus(void)
{
	return csr_read(mstatus);
}

static inline void world_hw_set_mstatus(uint64_t val)
{
	csr_write(mstatus, val);
}

static inline uint64_t world_hw_swap_satp(uint64_t val)
{
	return csr_swap(satp, val);
}

static inline void world_hw_set_deleg(uint64_t medeleg, uint64_t mideleg)
{
	csr_write(medeleg, medeleg);
	csr_write(mideleg, mideleg);
}

static inline uint64_t world_hw_mie(void)
{
	return csr_read(mie);
}

static inline void world_hw_set_mie(uint64_t val)
{
	csr_write(mie, val);
}

static inline void world_hw_set_pmpcfg(const uint64_t cfg[2])
{
	hw_write_pmpcfg(cfg);
}

void hw_set_trigger(unsigned i, uint64_t tdata1, uint64_t tdata2);

static inline void world_hw_set_trigger(unsigned i, uint64_t tdata1, uint64_t tdata2)
{
	hw_set_trigger(i, tdata1, tdata2);
}

static inline uint64_t world_hw_take_hu(void)
{
	return csr_read_clear(CSR_HSTATUS, HSTATUS_HU) & HSTATUS_HU;
}

static inline void world_hw_give_hu(void)
{
	csr_set(CSR_HSTATUS, HSTATUS_HU);
}

void fp_save_all(uint64_t buf[33]);
void fp_load_all(const uint64_t buf[33]);
void fp_zero_all(void);

static inline void world_hw_fp_save(uint64_t buf[33])
{
	fp_save_all(buf);
}

static inline void world_hw_fp_load(const uint64_t buf[33])
{
	fp_load_all(buf);
}

static inline void world_hw_fp_zero(void)
{
	fp_zero_all();
}
#endif

#endif
