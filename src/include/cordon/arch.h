// SPDX-License-Identifier: BSD-2-Clause
/*
 * What the core virtualization logic needs from the hardware. Implemented by
 * arch/riscv for M-mode, and by tests/unit fakes for the host build, so the
 * logic in core/ can be unit-tested without QEMU.
 */
#ifndef CORDON_ARCH_H
#define CORDON_ARCH_H

#include <stdbool.h>
#include <stdint.h>

struct hart;

/*
 * What the hardware does with writes, probed at boot by each hart on
 * itself so the virtual CSRs follow the real machine's WARL rules exactly
 * (a board may mix kinds of harts: FU540's E51 has no S-mode beside U54s).
 * Harts of one kind share one (hw_kinds in arch/riscv/hw.c).
 */
struct hw_caps {
	uint64_t misa;
	uint64_t mstatus_wmask;	  /* mstatus bits that M-mode can write */
	uint64_t mstatus_mpp_rsv; /* what mstatus.MPP reads after writing 2 */
	uint64_t medeleg_wmask;
	uint64_t mideleg_wmask;
	uint64_t mideleg_fixed; /* read-only-one bits (VS interrupts with H) */
	uint64_t mie_wmask;
	uint64_t mseccfg_wmask;
	/* The debug trigger module (Sdtrig): 0 triggers when the hardware has none. */
	uint64_t trig_tinfo;		   /* the types it has (tinfo, or the reset type) */
	uint64_t trig_reset;		   /* tdata1 at reset */
	uint64_t trig_modes2, trig_modes6; /* the mode bits each type keeps */
	uint8_t trig_count;
	bool trig_has_tinfo;
	uint8_t pmp_count;	   /* PMP entries (0-64), probed by their pmpaddr's WARL bits */
	bool mstatus_uxl_writable; /* UXL takes a nonzero write, ignores 0 (QEMU 7.2) */
	bool has_h;
	bool has_sstc;
	bool has_time; /* the time CSR (QEMU's sifive_u and spike: none, reads trap to M) */
	bool has_mseccfg;
};
#if defined(CORDON_HOST) || defined(__FRAMAC__)
extern struct hw_caps hw; /* host builds and proofs: one hart */
#else
/*
 * The running hart's: cordon keeps it in tp (trap.S on every trap,
 * hw_probe_hart at boot). tp is fixed in the RISC-V ABI (never allocated),
 * so it is a GCC global register variable: a read is the register itself,
 * commoned within a function, and taken afresh after every call (GCC holds
 * a global register as used and set by any call), so a read after
 * hw_probe_hart sees what it set.
 */
#ifdef CORDON_CPPCHECK
extern struct hw_caps *cordon_hw_tp; /* cppcheck does not parse a register variable */
#else
register struct hw_caps *cordon_hw_tp __asm__("tp");
#endif
#define hw (*cordon_hw_tp)
/*
 * Probe this hart (hw_probe) and make its kind the running one (tp):
 * NULL when the board has more kinds of harts than cordon keeps.
 */
struct hw_caps *hw_probe_hart(struct hart *h);
#endif

/*
 * Whether the running hart has S-mode (misa.S). Without it (FU540's E51)
 * there is no S CSR (sepc, stvec, scounteren... raise illegal
 * instruction), the OS's world is U-mode code trapping to M, and nothing
 * is redirected to S: Priv §3.1.1, §3.1.11 (mcounteren alone then gates
 * U-mode's counter reads).
 */
static inline bool hw_has_s(void)
{
	return ((hw.misa >> ('S' - 'A')) & 1U) != 0;
}

/*
 * Access a CSR cordon passes through to the hardware. Returns false when the
 * hardware itself raised illegal instruction (the CSR does not exist or the
 * value cannot be written), so the firmware sees exactly that.
 */
bool hw_csr_read(struct hart *h, unsigned csr, uint64_t *val);
/*
 * Execute csrrw/csrrs/csrrc (op: CSR_OP_RW/RS/RC of decode.h) on a
 * pass-through CSR in the hardware itself: the read-modify-write is then
 * atomic and touches only the bits the instruction names, as natively
 * (a read followed by a write would write back hardware-driven bits such
 * as mip.SEIP from the PLIC and make them stick). *old: the previous value.
 */
bool hw_csr_rmw(struct hart *h, unsigned csr, unsigned op, uint64_t val, uint64_t *old);

/*
 * Load or store with the given physical mstatus in effect (e.g. MPRV=1 and
 * MPP=S: as the OS would), guarded: false if the access trapped, with the
 * cause and address in h->guard.
 */
bool hw_mem_load(struct hart *h, uint64_t addr, unsigned width, bool is_signed, uint64_t mstatus,
		 uint64_t *val);
bool hw_mem_store(struct hart *h, uint64_t addr, unsigned width, uint64_t mstatus, uint64_t val);
/*
 * A halfword of the firmware's code at addr, read plainly: only where the
 * hardware has just fetched for the firmware (it exists, it is the
 * firmware's), so the read cannot fault; another hart may have changed it.
 */
uint16_t hw_fetch16(uint64_t addr);
/*
 * The hardware's triggers (vtrig.c): tselect written and read back (its
 * WARL), and trigger i's tdata1 or tdata2 (csr) written and read back.
 * Never a type-2/6 tdata1 with the M bit (security.md, I17: stripped).
 */
uint64_t hw_trig_select(uint64_t val);
uint64_t hw_trig_write(unsigned i, unsigned csr, uint64_t val);
/* FP registers by number. Only with mstatus.FS != Off (else they trap in M-mode). */
uint64_t fp_reg_read(unsigned n);
void fp_reg_write(unsigned n, uint64_t val);

uint64_t hw_read_mip(void);
/* mstatus' fields both worlds share (MSTATUS_SHARED: FS, VS), live in the hardware. */
uint64_t hw_read_mstatus_shared(void);
/* Write the shared fields in mask (a subset of MSTATUS_SHARED) from val. */
void hw_write_mstatus_shared(uint64_t mask, uint64_t val);
/* What satp holds after writing val over old (WARL, Priv §4.1.11). */
uint64_t hw_satp_legalize(uint64_t old, uint64_t val);
void hw_write_pmpaddr(unsigned index, uint64_t val);

#endif
