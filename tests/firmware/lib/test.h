/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tiny bare-metal library for cordon's differential test firmwares: CSR
 * access, UART printing, the finisher, trap recording ("did this
 * instruction trap, and how?"), running code in S/U-mode, CLINT and PMP
 * helpers. Every test prints only values that must be identical natively
 * and under a faithful virtual firmware monitor.
 */
#ifndef TESTFW_TEST_H
#define TESTFW_TEST_H

#include <stdint.h>
#include <stddef.h>
#include "asm.h"

typedef unsigned long ulong;

/*
 * ---- Machine ----
 * QEMU virt (the CLINT or ACLINT: same addresses), spike and sifive_u, told
 * apart by the root compatible of the device tree the boot ROM passes in a1
 * (test.c): the console (NS16550A, HTIF, SiFive UART) and the stop (the
 * finisher; HTIF exit; sifive_u has no exit status: a nonzero code is
 * printed, then the gpio-restart pin resets, which -no-reboot turns into
 * QEMU's exit). The CLINT and RAM are where they are on all three.
 */
#define UART_BASE	0x10000000UL	/* virt: NS16550A */
#define FINISHER_BASE	0x100000UL	/* virt: sifive,test0 */
#define HTIF_BASE	0x1000000UL	/* spike: fromhost, tohost at +8 */
#define SIFIVE_UART_BASE 0x10010000UL	/* sifive_u: UART0 */
#define SIFIVE_GPIO_BASE 0x10060000UL	/* sifive_u: gpio-restart is pin 10, active low */
enum test_machine { MACHINE_VIRT, MACHINE_SPIKE, MACHINE_SIFIVE_U };
extern volatile ulong boot_fdt;
enum test_machine test_machine(void);
#define CLINT_BASE	0x2000000UL
#define CLINT_MSIP	(CLINT_BASE + 0x0)
#define CLINT_MTIMECMP	(CLINT_BASE + 0x4000)
#define CLINT_MTIME	(CLINT_BASE + 0xbff8)
#define SCRATCH_BASE	0x80400000UL	/* free RAM for page tables, buffers */

/* ---- CSR fields (privileged spec v1.12) ---- */
#define MSTATUS_SIE	(1UL << 1)
#define MSTATUS_MIE	(1UL << 3)
#define MSTATUS_SPIE	(1UL << 5)
#define MSTATUS_UBE	(1UL << 6)
#define MSTATUS_MPIE	(1UL << 7)
#define MSTATUS_VS	(3UL << 9)
/* MSTATUS_MPP comes from asm.h */
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_FS	(3UL << 13)
#define MSTATUS_FS_SHIFT 13
#define MSTATUS_XS	(3UL << 15)
#define MSTATUS_MPRV	(1UL << 17)
#define MSTATUS_SUM	(1UL << 18)
#define MSTATUS_MXR	(1UL << 19)
#define MSTATUS_TVM	(1UL << 20)
#define MSTATUS_TW	(1UL << 21)
#define MSTATUS_TSR	(1UL << 22)
#define MSTATUS_UXL	(3UL << 32)
#define MSTATUS_SXL	(3UL << 34)
#define MSTATUS_SBE	(1UL << 36)
#define MSTATUS_MBE	(1UL << 37)
#define MSTATUS_GVA	(1UL << 38)
#define MSTATUS_MPV	(1UL << 39)
#define MSTATUS_SD	(1UL << 63)
#define MSTATUS_H_BITS	(MSTATUS_GVA | MSTATUS_MPV)

#define PRV_U 0UL
#define PRV_S 1UL
#define PRV_M 3UL

#define IRQ_S_SOFT	1
#define IRQ_M_SOFT	3
#define IRQ_S_TIMER	5
#define IRQ_M_TIMER	7
#define IRQ_S_EXT	9
#define IRQ_M_EXT	11
#define MIP_SSIP	(1UL << IRQ_S_SOFT)
#define MIP_MSIP	(1UL << IRQ_M_SOFT)
#define MIP_STIP	(1UL << IRQ_S_TIMER)
#define MIP_MTIP	(1UL << IRQ_M_TIMER)
#define MIP_SEIP	(1UL << IRQ_S_EXT)
#define MIP_MEIP	(1UL << IRQ_M_EXT)
#define CAUSE_INTR	(1UL << 63)

#define CAUSE_FETCH_MISALIGNED	0
#define CAUSE_FETCH_ACCESS	1
#define CAUSE_ILLEGAL		2
#define CAUSE_BREAKPOINT	3
#define CAUSE_LOAD_MISALIGNED	4
#define CAUSE_LOAD_ACCESS	5
#define CAUSE_STORE_MISALIGNED	6
#define CAUSE_STORE_ACCESS	7
#define CAUSE_ECALL_U		8
#define CAUSE_ECALL_S		9
#define CAUSE_ECALL_M		11
#define CAUSE_FETCH_PAGE	12
#define CAUSE_LOAD_PAGE		13
#define CAUSE_STORE_PAGE	15

#define PMP_R		0x01
#define PMP_W		0x02
#define PMP_X		0x04
#define PMP_OFF		0x00
#define PMP_TOR		0x08
#define PMP_NA4		0x10
#define PMP_NAPOT	0x18
#define PMP_L		0x80

#define MENVCFG_STCE	(1UL << 63)
#define MENVCFG_PBMTE	(1UL << 62)

#define SATP_MODE_SHIFT	60
#define SATP_MODE_BARE	0UL
#define SATP_MODE_SV39	8UL
#define SATP_MODE_SV48	9UL
#define SATP_MODE_SV57	10UL

/* Sv39 PTE bits (§4.3.1) */
#define PTE_V	(1UL << 0)
#define PTE_R	(1UL << 1)
#define PTE_W	(1UL << 2)
#define PTE_X	(1UL << 3)
#define PTE_U	(1UL << 4)
#define PTE_G	(1UL << 5)
#define PTE_A	(1UL << 6)
#define PTE_D	(1UL << 7)

/* ---- CSR access: csr may be a name or a number ---- */
#define STR_(x) #x
#define STR(x) STR_(x)
#define csr_read(csr) ({ ulong __v; \
	__asm__ volatile("csrr %0, " STR(csr) : "=r"(__v) :: "memory"); __v; })
#define csr_write(csr, val) ({ ulong __w = (ulong)(val); \
	__asm__ volatile("csrw " STR(csr) ", %0" :: "rK"(__w) : "memory"); })
#define csr_set(csr, val) ({ ulong __w = (ulong)(val); \
	__asm__ volatile("csrs " STR(csr) ", %0" :: "rK"(__w) : "memory"); })
#define csr_clear(csr, val) ({ ulong __w = (ulong)(val); \
	__asm__ volatile("csrc " STR(csr) ", %0" :: "rK"(__w) : "memory"); })
#define csr_swap(csr, val) ({ ulong __w = (ulong)(val), __v; \
	__asm__ volatile("csrrw %0, " STR(csr) ", %1" : "=r"(__v) : "r"(__w) : "memory"); __v; })
/* Write then read back: the WARL view of `val`. */
#define csr_warl(csr, val) ({ csr_write(csr, val); csr_read(csr); })

#define barrier() __asm__ volatile("" ::: "memory")
#define fence_i() __asm__ volatile("fence.i" ::: "memory")
#define sfence_vma() __asm__ volatile("sfence.vma" ::: "memory")

/* ---- Traps ---- */
struct trap_frame {
	ulong x[32];	/* x[0] unused; x[2] = interrupted sp */
	ulong epc;
	ulong status;
	ulong cause;
	ulong tval;
	long vector;	/* mtvec slot taken in vectored mode, -1 if direct */
	ulong pad;
};

/* What the last trap(s) looked like while a trap was expected. */
struct trap_record {
	unsigned count;
	ulong cause;
	ulong epc;
	ulong tval;
	ulong status;	/* mstatus (or sstatus) on trap entry */
	long vector;
};

/* M-mode: 1 while a trap is expected; recorded in trap_rec. */
extern volatile int trap_expected;
extern volatile struct trap_record trap_rec;
/* Address of the instruction under test (set by the TRY_* macros). */
extern volatile ulong trap_pc;
/* Optional hook run first for every M-mode trap; return 1 if handled. */
extern int (*volatile m_trap_hook)(struct trap_frame *f);

/* S-mode (delegated traps): everything is recorded in s_rec and skipped. */
extern volatile struct trap_record s_rec;
extern int (*volatile s_trap_hook)(struct trap_frame *f);

void trap_begin(void);
void trap_end(void);
/* Length (2 or 4) of the instruction at addr. */
ulong insn_len(ulong addr);
/* Set the M handler's "skip the faulting instruction" behaviour. */
void skip_trapped_insn(struct trap_frame *f);

/*
 * Run `insn` (assembly text) with a trap expected; trap_pc = its address.
 * The text may use t0, t1, a0 and ft0 as scratch.
 */
#define TRY_ASM(insn) do { ulong __pc; trap_begin(); \
	__asm__ volatile(".option push\n.option norvc\n" \
		"la %0, 1f\n" "1: " insn "\n.option pop" \
		: "=&r"(__pc) :: "t0", "t1", "a0", "ft0", "memory"); \
	trap_pc = __pc; trap_end(); } while (0)

/* csrr with a trap expected; yields 0 if it trapped. */
#define TRY_CSRR(csr) ({ ulong __v, __pc; trap_begin(); \
	__asm__ volatile(".option push\n.option norvc\n" \
		"li %0, 0\n" "la %1, 1f\n" "1: csrr %0, " STR(csr) "\n.option pop" \
		: "=&r"(__v), "=&r"(__pc) :: "memory"); \
	trap_pc = __pc; trap_end(); __v; })

/* csrw with a trap expected. */
#define TRY_CSRW(csr, val) do { ulong __pc, __w = (ulong)(val); trap_begin(); \
	__asm__ volatile(".option push\n.option norvc\n" \
		"la %0, 1f\n" "1: csrw " STR(csr) ", %1\n.option pop" \
		: "=&r"(__pc) : "r"(__w) : "memory"); \
	trap_pc = __pc; trap_end(); } while (0)

/* Loads and stores with a trap expected (sentinel value if it trapped). */
ulong try_ld(ulong addr);
ulong try_lw(ulong addr);
ulong try_lhu(ulong addr);
ulong try_lbu(ulong addr);
ulong try_lwu(ulong addr);
ulong try_lh(ulong addr);
ulong try_lb(ulong addr);
void try_sd(ulong addr, ulong val);
void try_sw(ulong addr, ulong val);
void try_sh(ulong addr, ulong val);
void try_sb(ulong addr, ulong val);
/* Call a function at addr (fetch test); a fetch fault returns to caller. */
void try_call(ulong addr);
#define LOAD_SENTINEL 0x5a5a5a5a5a5a5a5aUL

/*
 * Print "what: no trap" or "what: trap mcause=.. mtval=.. mepc=insn".
 * mtval equal to the instruction address prints as "pc".
 */
void print_trap(const char *what);
void print_record(const char *what, const struct trap_record *r, ulong pc);
void print_s_record(const char *what);

/*
 * Accesses with mstatus.MPRV=1; `bits` = MPRV_MPP(mode) | MSTATUS_SUM/MXR.
 * A trap is expected (recorded as usual, trap_pc = the access).
 */
#define MPRV_MPP(mode) ((ulong)(mode) << MSTATUS_MPP_SHIFT)
ulong mprv_ld(ulong addr, ulong bits);
ulong mprv_lw(ulong addr, ulong bits);
ulong mprv_lbu(ulong addr, ulong bits);
void mprv_sd(ulong addr, ulong val, ulong bits);
void mprv_sw(ulong addr, ulong val, ulong bits);
void mprv_sb(ulong addr, ulong val, ulong bits);

/* ---- Lower privilege modes ---- */
/* Run fn(arg) in mode PRV_S or PRV_U; returns fn's return value. */
long lower_call(ulong mode, long (*fn)(long), long arg);
/* Same, with register a1 = a1 when fn starts (e.g. a device tree). */
long lower_call_a1(ulong mode, long (*fn)(long), long arg, long a1);
/* Same, entered with SRET from M-mode (SPP = mode, PRV_S or PRV_U). */
long lower_call_sret(ulong mode, long (*fn)(long), long arg);
/*
 * Same, ended by fn's first M-mode trap that m_trap_hook (run first, if
 * set) does not take: that trap goes to *rec (count 1, with mstatus at the
 * trap) and -1 is returned. rec->count 0: fn returned, its value returned.
 */
long lower_call_catch(ulong mode, long (*fn)(long), long arg, struct trap_record *rec);
/* mcause of the ecall that ended the last lower_call (8 or 9). */
extern volatile ulong lower_return_cause;
/* Point stvec/sscratch at the library's S-mode trap entry. */
void s_trap_install(void);
/* PMP entry 7 = NAPOT over everything, RWX: lower modes can run. */
void pmp_allow_all(void);
void pmpcfg0_set(unsigned entry, unsigned cfg);
void pmp_clear_0_to_6(void);
/* pmpaddr value of a NAPOT region (size a power of two >= 8, aligned). */
#define PMP_NAPOT_ADDR(base, size) (((ulong)(base) >> 2) | (((ulong)(size) >> 3) - 1))
/* Copy of trap_rec (for printing later). */
struct trap_record trap_rec_copy(void);

/* ---- Output, exit ---- */
void putc_uart(char c);
void puts_raw(const char *s);
void println(const char *s);
void print_hex(ulong v);
void print_dec(ulong v);
void print_kv(const char *name, ulong v);
void print_bool(const char *name, int cond);
/*
 * Prefix the next printed line with "quirk: ": the value is known to
 * differ between QEMU 7.2 and the privileged spec, so a spec-correct
 * monitor may legitimately print something else (difftest.sh
 * --ignore-quirks drops these lines on both sides).
 */
void quirk(void);
void test_begin(const char *name);
void test_end(void) __attribute__((noreturn));
void exit(int code) __attribute__((noreturn));

/* ---- CLINT ---- */
#define CLINT_MSIP_HART(h) (CLINT_MSIP + 4 * (ulong)(h))
/*
 * Optional, defined by a test: harts 1..3 run secondary_main(hartid) once
 * woken by an IPI (msip of that hart set to 1), in M-mode with their own
 * stack and the library's trap entry; they park again when it returns.
 */
void secondary_main(ulong hartid);
ulong clint_mtime(void);
void clint_set_mtimecmp(ulong v);
void clint_set_msip(unsigned v);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif
