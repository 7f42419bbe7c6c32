// SPDX-License-Identifier: BSD-2-Clause
/*
 * The firmware's memory accesses that cordon performs on its behalf
 * (core/access.c): its loads and stores to the devices cordon watches, its
 * loads and stores with the virtual mstatus.MPRV=1, its hypervisor loads
 * and stores, and the reads of its instruction that decide them. Host-built:
 * fuzzed with a fake hardware whose memory another hart changes between any
 * two reads (tests/fuzz/fuzz_access.c).
 */
#ifndef CORDON_ACCESS_H
#define CORDON_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"
#include "hart.h"

static inline bool in_region(uint64_t addr, uint64_t base, uint64_t size)
{
	return addr - base < size;
}

/*
 * The firmware's instruction at pc, as it is in memory now (pc: where the
 * firmware trapped). False if it cannot be read: its upper half lies where
 * the firmware may not read (security.md, I2).
 */
bool access_fetch_insn(struct hart *h, uint64_t pc, uint32_t *bits);

/* The store data of an emulated store (an integer or FP register). */
uint64_t access_store_data(const struct hart *h, const struct insn *in);
/* The result of an emulated load into rd (FLW NaN-boxed; x0 stays 0). */
void access_load_result(struct hart *h, const struct insn *in, uint64_t val);

/*
 * A load or store access fault of the firmware (h->cause, h->tval): with the
 * virtual MPRV, an access to a watched device, or the fault delivered to the
 * firmware as M-mode takes it. False: every register must be saved first
 * (nothing has changed yet); true: done.
 */
bool access_fault(struct hart *h);

/* The firmware's hlv/hlvx/hsv (in, decoded from its instruction): as access_fault. */
bool access_hlsv(struct hart *h, const struct insn *in);

#endif
