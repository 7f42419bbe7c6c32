// SPDX-License-Identifier: BSD-2-Clause
/*
 * RISC-V architectural constants: CSR numbers, bit fields and trap causes.
 * The one place for these numbers (RISC-V privileged spec v1.12, "Priv").
 * Pure definitions: included by M-mode code, host tests and assembly.
 */
#ifndef CORDON_RISCV_H
#define CORDON_RISCV_H

#ifdef __ASSEMBLER__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif
#define BIT(n) (_UL(1) << (n))

/* Privilege levels (Priv §1.2). */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* mstatus fields (Priv §3.1.6). */
#define MSTATUS_SIE BIT(1)
#define MSTATUS_MIE BIT(3)
#define MSTATUS_SPIE BIT(5)
#define MSTATUS_UBE BIT(6)
#define MSTATUS_MPIE BIT(7)
#define MSTATUS_SPP BIT(8)
#define MSTATUS_VS_SHIFT 9
#define MSTATUS_VS (_UL(3) << MSTATUS_VS_SHIFT)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP (_UL(3) << MSTATUS_MPP_SHIFT)
#define mstatus_mpp(ms) ((unsigned)(((ms)&MSTATUS_MPP) >> MSTATUS_MPP_SHIFT))
#define MSTATUS_FS_SHIFT 13
#define MSTATUS_FS (_UL(3) << MSTATUS_FS_SHIFT)
#define MSTATUS_FS_DIRTY (_UL(3) << MSTATUS_FS_SHIFT)
#define MSTATUS_FS_INITIAL (_UL(1) << MSTATUS_FS_SHIFT)
#define MSTATUS_XS (_UL(3) << 15)
#define MSTATUS_MPRV BIT(17)
#define MSTATUS_SUM BIT(18)
#define MSTATUS_MXR BIT(19)
#define MSTATUS_TVM BIT(20)
#define MSTATUS_TW BIT(21)
#define MSTATUS_TSR BIT(22)
#define MSTATUS_UXL (_UL(3) << 32)
#define MSTATUS_SXL (_UL(3) << 34)
#define MSTATUS_SBE BIT(36)
#define MSTATUS_MBE BIT(37)
#define MSTATUS_GVA_SHIFT 38
#define MSTATUS_GVA BIT(MSTATUS_GVA_SHIFT) /* MPV is the next bit */
#define MSTATUS_MPV BIT(39)
#define MSTATUS_SD_SHIFT 63
#define MSTATUS_SD BIT(MSTATUS_SD_SHIFT)

/* hstatus (Priv §9.2.1). */
#define HSTATUS_GVA BIT(6)
#define HSTATUS_SPV BIT(7)
#define HSTATUS_SPVP BIT(8)
#define HSTATUS_HU BIT(9)
#define HSTATUS_VSXL_64 (_UL(2) << 32) /* VS-mode XLEN 64 (WARL) */

/* The sstatus view of mstatus (Priv §4.1.1). */
#define SSTATUS_VIEW                                                                               \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | MSTATUS_VS | MSTATUS_FS |        \
	 MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UXL | MSTATUS_SD)
/*
 * The supervisor state held in mstatus that the OS can change without a trap
 * (through sstatus, Priv §4.1.1; FS/VS/XS are shared, not switched).
 */
#define MSTATUS_OS_LIVE                                                                            \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UBE |      \
	 MSTATUS_UXL)
/* The OS's supervisor fields of mstatus that protect-os hides from the firmware. */
#define MSTATUS_OS_PRIVATE                                                                         \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UBE)
/* The state both worlds share in mstatus: the FP and vector units' status (Priv §3.1.6.6). */
#define MSTATUS_SHARED (MSTATUS_FS | MSTATUS_VS)
/* UXL = 2: U-mode XLEN is 64 (Priv §3.1.6.3). */
#define MSTATUS_UXL_64 (_UL(2) << 32)
/* Fields that only take effect while the OS runs (applied at the world switch). */
#define MSTATUS_OS_CONTROL (MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)

/* Interrupt numbers and mip/mie bits (Priv §3.1.9). */
#define IRQ_S_SOFT 1
#define IRQ_VS_SOFT 2
#define IRQ_M_SOFT 3
#define IRQ_S_TIMER 5
#define IRQ_VS_TIMER 6
#define IRQ_M_TIMER 7
#define IRQ_S_EXT 9
#define IRQ_VS_EXT 10
#define IRQ_M_EXT 11
#define IRQ_SG_EXT 12
#define IRQ_LCOF 13
#define MIP_SSIP BIT(IRQ_S_SOFT)
#define MIP_MSIP BIT(IRQ_M_SOFT)
#define MIP_STIP BIT(IRQ_S_TIMER)
#define MIP_MTIP BIT(IRQ_M_TIMER)
#define MIP_SEIP BIT(IRQ_S_EXT)
#define MIP_MEIP BIT(IRQ_M_EXT)
#define MIP_VS_ALL (BIT(IRQ_VS_SOFT) | BIT(IRQ_VS_TIMER) | BIT(IRQ_VS_EXT) | BIT(IRQ_SG_EXT))
#define MIP_S_ALL (MIP_SSIP | MIP_STIP | MIP_SEIP)

/* mcause values (Priv §3.1.15, table 3.6). */
#define MCAUSE_INTERRUPT BIT(63)
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL_INSN 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_MISALIGNED_LOAD 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_VS 10
#define CAUSE_ECALL_M 11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15
#define CAUSE_FETCH_GUEST_PAGE_FAULT 20
#define CAUSE_LOAD_GUEST_PAGE_FAULT 21
#define CAUSE_VIRTUAL_INSN 22
#define CAUSE_STORE_GUEST_PAGE_FAULT 23
#define CAUSE_COUNT 24

/* mtvec modes (Priv §3.1.7). */
#define MTVEC_MODE_MASK _UL(3)
#define MTVEC_VECTORED _UL(1)

/* satp (Priv §4.1.11). */
#define SATP_MODE_SHIFT 60

/* PMP configuration byte (Priv §3.7.1). */
#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_A 0x18
#define PMP_A_OFF 0x00
#define PMP_A_TOR 0x08
#define PMP_A_NA4 0x10
#define PMP_A_NAPOT 0x18
#define PMP_L 0x80
#define PMP_RWX (PMP_R | PMP_W | PMP_X)
#define PMP_SHIFT 2

/* menvcfg (Priv §3.1.18). */
#define MENVCFG_STCE BIT(63)

/* CSR numbers (Priv §2.2, tables 2.2-2.6). */
#define CSR_FFLAGS 0x001
#define CSR_FRM 0x002
#define CSR_FCSR 0x003
#define CSR_SEED 0x015
#define CSR_SSTATUS 0x100
#define CSR_SIE 0x104
#define CSR_STVEC 0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SENVCFG 0x10a
#define CSR_SSCRATCH 0x140
#define CSR_SEPC 0x141
#define CSR_SCAUSE 0x142
#define CSR_STVAL 0x143
#define CSR_SIP 0x144
#define CSR_STIMECMP 0x14d
#define CSR_SATP 0x180
#define CSR_VSSTATUS 0x200
#define CSR_VSIE 0x204
#define CSR_VSTVEC 0x205
#define CSR_VSSCRATCH 0x240
#define CSR_VSEPC 0x241
#define CSR_VSCAUSE 0x242
#define CSR_VSTVAL 0x243
#define CSR_VSIP 0x244
#define CSR_VSTIMECMP 0x24d
#define CSR_VSATP 0x280
#define CSR_MSTATUS 0x300
#define CSR_MISA 0x301
#define CSR_MEDELEG 0x302
#define CSR_MIDELEG 0x303
#define CSR_MIE 0x304
#define CSR_MTVEC 0x305
#define CSR_MCOUNTEREN 0x306
#define CSR_MENVCFG 0x30a
#define CSR_MCOUNTINHIBIT 0x320
#define CSR_MHPMEVENT3 0x323
#define CSR_MHPMEVENT31 0x33f
#define CSR_MSCRATCH 0x340
#define CSR_MEPC 0x341
#define CSR_MCAUSE 0x342
#define CSR_MTVAL 0x343
#define CSR_MIP 0x344
#define CSR_MTINST 0x34a
#define CSR_MTVAL2 0x34b
#define CSR_PMPCFG0 0x3a0
#define CSR_PMPCFG2 0x3a2
#define CSR_PMPCFG15 0x3af
#define CSR_PMPADDR0 0x3b0
#define CSR_PMPADDR15 0x3bf
#define CSR_PMPADDR63 0x3ef
#define CSR_HSTATUS 0x600
#define CSR_HEDELEG 0x602
#define CSR_HIDELEG 0x603
#define CSR_HIE 0x604
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HGEIE 0x607
#define CSR_HENVCFG 0x60a
#define CSR_HTVAL 0x643
#define CSR_HIP 0x644
#define CSR_HVIP 0x645
#define CSR_HTINST 0x64a
#define CSR_HGATP 0x680
#define CSR_MSECCFG 0x747
#define CSR_TSELECT 0x7a0
#define CSR_TDATA1 0x7a1
#define CSR_TDATA2 0x7a2
#define CSR_TDATA3 0x7a3
#define CSR_TINFO 0x7a4
#define CSR_MCYCLE 0xb00
#define CSR_MINSTRET 0xb02
#define CSR_CYCLE 0xc00
#define CSR_TIME 0xc01
#define CSR_INSTRET 0xc02
#define CSR_HGEIP 0xe12
#define CSR_MVENDORID 0xf11
#define CSR_MARCHID 0xf12
#define CSR_MIMPID 0xf13
#define CSR_MHARTID 0xf14
#define CSR_MCONFIGPTR 0xf15

/* misa extension bits (Priv §3.1.1). */
#define MISA_EXT(c) BIT((c) - 'A')

#ifndef __ASSEMBLER__
/*
 * CSR accessors: csr is a name (mstatus) or a CSR_* number, expanded once
 * more so that no CSR number is ever written as a literal.
 */
#define csr_read(csr) csr_read_(csr)
#define csr_read_(csr)                                                                             \
	({                                                                                         \
		unsigned long __csr_r;                                                             \
		__asm__ volatile("csrr %0, " #csr : "=r"(__csr_r) : : "memory");                   \
		__csr_r;                                                                           \
	})
#define csr_write(csr, val) csr_write_(csr, val)
#define csr_write_(csr, val)                                                                       \
	({                                                                                         \
		unsigned long __csr_w = (unsigned long)(val);                                      \
		__asm__ volatile("csrw " #csr ", %0" : : "rK"(__csr_w) : "memory");                \
	})
#define csr_swap(csr, val) csr_swap_(csr, val)
#define csr_swap_(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __csr_x = (unsigned long)(val);                                      \
		__asm__ volatile("csrrw %0, " #csr ", %1"                                          \
				 : "=r"(__csr_x)                                                   \
				 : "rK"(__csr_x)                                                   \
				 : "memory");                                                      \
		__csr_x;                                                                           \
	})
#define csr_set(csr, val) csr_set_(csr, val)
#define csr_set_(csr, val)                                                                         \
	({                                                                                         \
		unsigned long __csr_s = (unsigned long)(val);                                      \
		__asm__ volatile("csrs " #csr ", %0" : : "rK"(__csr_s) : "memory");                \
	})
#define csr_clear(csr, val) csr_clear_(csr, val)
#define csr_clear_(csr, val)                                                                       \
	({                                                                                         \
		unsigned long __csr_c = (unsigned long)(val);                                      \
		__asm__ volatile("csrc " #csr ", %0" : : "rK"(__csr_c) : "memory");                \
	})
/* csrrc: the old value, and the bits cleared. */
#define csr_read_clear(csr, val) csr_read_clear_(csr, val)
#define csr_read_clear_(csr, val)                                                                  \
	({                                                                                         \
		unsigned long __csr_y = (unsigned long)(val);                                      \
		__asm__ volatile("csrrc %0, " #csr ", %1"                                          \
				 : "=r"(__csr_y)                                                   \
				 : "rK"(__csr_y)                                                   \
				 : "memory");                                                      \
		__csr_y;                                                                           \
	})
#endif

#endif
