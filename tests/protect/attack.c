// SPDX-License-Identifier: BSD-2-Clause
/*
 * protect-os attack firmwares (tests/protect.sh; docs/security.md, I11).
 * Built once per attack (-DATTACK=n, names in attack_name below). Each is a
 * malicious M-mode firmware: it places a tiny OS at OS_ENTRY, hands over to
 * it in S-mode (the first hand-over: protect-os closes the OS's memory
 * there), and the OS stores a secret in its own memory (OS_SECRET) and
 * makes an SBI call. Inside that call the firmware makes one escape attempt
 * on the OS's memory, prints what the hardware answered, and resumes the
 * OS, which reports whether its secret is intact.
 *
 * Natively (no cordon) every attempt succeeds: "ESCAPE" (the attack is
 * real). Under cordon with PROTECT=1 each must end in the fault M-mode
 * gets for an access its PMP denies (Priv §3.7.1: load/store/fetch access
 * fault, mtval = the address, the virtual one with MPRV translation),
 * with the OS's secret intact and the firmware's own memory still usable.
 */
#include <stdbool.h>

#include "test.h"

#define OS_ENTRY	0x80200000UL
#define OS_SECRET	0x80300000UL
#define SECRET		0x5ec2e75ec2e75ec2UL
/*
 * The OS's calls: the trigger (by default CPPC read: one argument, no
 * memory; the bounce-buffer attacks make it a DBCN call), its eid, fid and
 * a0-a2 read from OS_PARAM, which the firmware fills before the hand-over;
 * the last one (PMU counter_config_matching: five arguments) reports the
 * secret, its registers, what the trigger returned, and OS_MARK. Both are SBI calls that
 * protect-os's filter lets through (sbi_guard.h).
 */
#define OS_PARAM	0x80310000UL
#define CPPC		0x43505043UL
#define DBCN		0x4442434eUL
#define SBI_DONE	0x504d55UL	/* PMU counter_config_matching: five arguments */
#define SBI_DONE_FID	2UL
#define OS_MARK		0x80300100UL	/* A_START_FORGE: what the OS ran on hart 1 */
#define OS_XONLY	0x80320000UL	/* A_PMP_XONLY: a page of the OS's code, X only */

enum {
	A_LOAD = 1,		/* ld of the OS's memory */
	A_STORE,		/* sd into it */
	A_FETCH,		/* jump into the OS's code */
	A_MPRV_S_LOAD,		/* MPRV=1, MPP=S, bare */
	A_MPRV_U_SUM_MXR,	/* MPRV=1, MPP=U, SUM and MXR set */
	A_MPRV_S_STORE,		/* MPRV=1, MPP=S store */
	A_MPRV_PAGETABLE,	/* MPRV=1, MPP=S, Sv39 table of its own mapping the OS */
	A_PMP_LOCK_ALL,		/* locked NAPOT entry over all memory, RWX */
	A_PMP_TOR_LOCK,		/* locked TOR entry from 0 over the secret, RW */
	A_PMP_NA4,		/* locked NA4 entry in the OS's memory, RWX */
	A_SMP_RACE,		/* another hart reads the OS's memory in a loop, across the hand-over */
	A_HLV,			/* hlv.d of the OS's memory (Priv §9.3.4, with H) */
	A_MPRV_MPV,		/* MPRV=1 with MPV=1: a VS access, bare vsatp/hgatp */
	A_MPRV_U_STORE,		/* MPRV=1, MPP=U store */
	A_MPRV_MXR_CODE,	/* MPRV=1, MPP=S, MXR: read the OS's code */
	A_PMP_BEYOND,		/* locked entries 8-15 (beyond the virtual count) over all */
	A_CLAIM_KERNEL,		/* the tree handed over reserves the kernel for the firmware */
	A_NO_ACK,		/* another hart keeps its IPI pending, masked, and never traps */
	A_REG_LEAK,		/* read the OS's registers at its SBI call */
	A_REG_FORGE,		/* resume the OS after its call with registers of its own */
	A_RESUME_FORGE,		/* resume the OS elsewhere than after its ecall */
	A_CORDON_LOAD,		/* ld of cordon's memory */
	A_CORDON_MPRV,		/* MPRV=1, MPP=S load of cordon's memory */
	A_OS_PAGETABLE,		/* MPRV through a page table it wrote into the OS's memory before */
	A_SMP_RACE_STORE,	/* another hart stores into the OS's memory in a loop */
	A_SRET_FORGE,		/* sret from M-mode into the OS elsewhere than after its ecall */
	A_RESUME_MPV,		/* resume the OS after its ecall, but as a VS guest (MPV=1) */
	A_HSV,			/* hsv.d into the OS's memory (Priv §9.3.4, with H) */
	A_MPRV_U_PAGE_SUM,	/* MPRV=1, MPP=S, SUM: a U page of its own table mapping the OS */
	A_PMP_TOR_EMPTY,	/* an empty TOR range (base above top), then a locked NAPOT over all */
	A_DBCN_OVERREAD,	/* DBCN write of 8 bytes: read the 8 after them (the secret) */
	A_DBCN_OVERFLOW,	/* DBCN read of 8 bytes: write 16, say 16 were read */
	A_DBCN_SPAN,		/* DBCN write of a buffer from the OS's memory into cordon's */
	A_SHMEM,		/* PMU snapshot shared memory on the OS's secret, kept after the call */
	A_START_FORGE,		/* another hart enters the OS, which never asked it to start */
	A_DELEG_STEAL,		/* medeleg = 0: the OS's breakpoint, with all its registers */
	A_CSR_LEAK,		/* the OS's CSR instruction it emulates: registers seen, one forged */
	A_CSR_FORGE,		/* ... and resumes the OS elsewhere than after it */
	A_SCSR,			/* read the OS's sscratch at its call, write its sscratch and stvec */
	A_FP_LEAK,		/* read the OS's FP register at its call, write it */
	A_DMA_VIRTIO,		/* reach a virtio-mmio transport (a DMA-capable device) */
	A_DMA_PCI,		/* reach the PCIe configuration space (ECAM) */
	A_DMA_PCI_HIGH,		/* reach a device in the 64-bit PCIe window above RAM */
	A_DMA_MPRV,		/* reach a virtio-mmio transport with MPRV=1, MPP=S */
	A_VS_LEAK,		/* a VS guest's CSR instruction it emulates: registers seen, one forged */
	A_VS_EXC,		/* a VS guest's illegal instruction, with all its registers */
	A_VS_DELEG,		/* ... one the OS's hedeleg gives to the guest itself */
	A_VS_FORGE,		/* resume a VS guest elsewhere than after its CSR instruction */
	A_TRIG_OS_EXEC,		/* medeleg = 0, an S execute trigger on the OS's code (type 2) */
	A_TRIG_OS_WATCH,	/* medeleg = 0, an S load watchpoint on the OS's data (type 6) */
	A_TRIG_STVEC,		/* stvec set before the hand-over, then an S trigger in the OS */
	A_TRIG_M_CORDON,	/* M triggers on cordon's trap vector and its hart's state */
	A_HANDOVER_VS,		/* the first hand-over as a VS guest, through its own G-stage table */
	A_TRIG_VS,		/* a VS execute trigger (type 6) on the code of the OS's guest */
	A_H_CSRS,		/* H and VS CSRs set before the hand-over, for the OS's guests */
	A_PMP_XONLY,		/* the OS's illegal instruction in code a PMP entry makes X only */
	A_COUNT
};

static const char *const attack_name[A_COUNT] = {
	[A_LOAD] = "load",
	[A_STORE] = "store",
	[A_FETCH] = "fetch",
	[A_MPRV_S_LOAD] = "mprv-s-load",
	[A_MPRV_U_SUM_MXR] = "mprv-u-sum-mxr",
	[A_MPRV_S_STORE] = "mprv-s-store",
	[A_MPRV_PAGETABLE] = "mprv-pagetable",
	[A_PMP_LOCK_ALL] = "pmp-lock-all",
	[A_PMP_TOR_LOCK] = "pmp-tor-lock",
	[A_PMP_NA4] = "pmp-na4",
	[A_SMP_RACE] = "smp-race",
	[A_HLV] = "hlv",
	[A_MPRV_MPV] = "mprv-mpv",
	[A_MPRV_U_STORE] = "mprv-u-store",
	[A_MPRV_MXR_CODE] = "mprv-mxr-code",
	[A_PMP_BEYOND] = "pmp-beyond",
	[A_CLAIM_KERNEL] = "claim-kernel",
	[A_NO_ACK] = "no-ack",
	[A_REG_LEAK] = "reg-leak",
	[A_REG_FORGE] = "reg-forge",
	[A_RESUME_FORGE] = "resume-forge",
	[A_CORDON_LOAD] = "cordon-load",
	[A_CORDON_MPRV] = "cordon-mprv",
	[A_OS_PAGETABLE] = "os-pagetable",
	[A_SMP_RACE_STORE] = "smp-race-store",
	[A_SRET_FORGE] = "sret-forge",
	[A_RESUME_MPV] = "resume-mpv",
	[A_HSV] = "hsv",
	[A_MPRV_U_PAGE_SUM] = "mprv-u-page-sum",
	[A_PMP_TOR_EMPTY] = "pmp-tor-empty",
	[A_DBCN_OVERREAD] = "dbcn-overread",
	[A_DBCN_OVERFLOW] = "dbcn-overflow",
	[A_DBCN_SPAN] = "dbcn-span",
	[A_SHMEM] = "shmem",
	[A_START_FORGE] = "start-forge",
	[A_DELEG_STEAL] = "deleg-steal",
	[A_CSR_LEAK] = "csr-leak",
	[A_CSR_FORGE] = "csr-forge",
	[A_SCSR] = "scsr",
	[A_FP_LEAK] = "fp-leak",
	[A_DMA_VIRTIO] = "dma-virtio",
	[A_DMA_PCI] = "dma-pci",
	[A_DMA_PCI_HIGH] = "dma-pci-high",
	[A_DMA_MPRV] = "dma-mprv",
	[A_VS_LEAK] = "vs-leak",
	[A_VS_EXC] = "vs-exc",
	[A_VS_DELEG] = "vs-deleg",
	[A_VS_FORGE] = "vs-forge",
	[A_TRIG_OS_EXEC] = "trigger-os-exec",
	[A_TRIG_OS_WATCH] = "trigger-os-watch",
	[A_TRIG_STVEC] = "trigger-stvec",
	[A_TRIG_M_CORDON] = "trigger-m-cordon",
	[A_HANDOVER_VS] = "handover-vs",
	[A_TRIG_VS] = "trigger-vs",
	[A_H_CSRS] = "h-csrs",
	[A_PMP_XONLY] = "pmp-xonly",
};

#define CORDON_MEM	0x8ff00000UL	/* cordon's 1 MiB at the top of 256 MiB */
#define OS_PT		0x80380000UL	/* A_OS_PAGETABLE: its table, in the OS's memory */

#ifndef ATTACK
#error "build with -DATTACK=n"
#endif

/* A_H_CSRS: a5 |= bit unless the CSR is 0 (H_CHECK) or only XLEN 64 (H_CHECK_XL). */
#define H_CHECK(csr, bit)                                                                          \
	"	csrr t0, " #csr "\n beqz t0, 1f\n li t2, " #bit "\n or a5, a5, t2\n1:\n"
#define H_CHECK_XL(csr, bit)                                                                       \
	"	csrr t0, " #csr "\n li t2, 0x200000000\n beq t0, t2, 1f\n li t2, " #bit               \
	"\n or a5, a5, t2\n1:\n"

/* The OS: position-independent, copied to OS_ENTRY. */
extern char os_blob[], os_blob_check[], os_blob_ret[], os_blob_evil[], os_blob_mark[],
	os_blob_touch[], os_blob_guest[], os_blob_end[];
#define OS_AT(label) (OS_ENTRY + (ulong)(label - os_blob))
__asm__(".pushsection .rodata\n"
	".balign 4\n"
	".option push\n.option norvc\n"
	"os_blob:\n"			/* a RISC-V Linux Image header: */
	"	j os_blob_code\n"		/* code0 */
	"	.word 0\n"			/* code1 */
	"	.dword 0\n"			/* text_offset */
	"	.dword 0x200000\n"		/* image_size: 2 MiB, the secret in it */
	"	.dword 0\n"			/* flags */
	"	.word 2, 0\n"			/* version, res1 */
	"	.dword 0\n"			/* res2 */
	"	.ascii \"RISCV\\0\\0\\0\"\n"	/* magic */
	"	.ascii \"RSC\\x05\"\n"		/* magic2 */
	"	.word 0\n"			/* res3 */
	"os_blob_code:\n"
	/*
	 * A breakpoint before the OS set a trap vector: taken at its entry,
	 * the stvec a hand-over sets (OpenSBI's sbi_hart_switch_mode; cordon
	 * under protect-os). OS_MARK = 3, on after the instruction.
	 */
	"	csrr t0, scause\n"
	"	addi t0, t0, -3\n"
	"	bnez t0, 7f\n"
	"	csrw scause, zero\n"
	"	csrr t0, sepc\n addi t0, t0, 4\n csrw sepc, t0\n"
	"	li t0, 0x80300100\n li t1, 3\n sd t1, 0(t0)\n"
	"	sret\n"
	/*
	 * A_H_CSRS (OS_PARAM[5] = 8): first, the H and VS CSRs an OS that
	 * runs guests would find (and KVM does not all set: hedeleg, hvip,
	 * hcounteren...): OS_MARK = a bit for each that is not what a fresh
	 * hart has (0; hstatus and vsstatus: XLEN 64), then on as usual.
	 */
	"7:	li t0, 0x80310000\n ld t0, 40(t0)\n li a5, 8\n bne t0, a5, 8f\n"
	"	li a5, 0\n"
	H_CHECK_XL(0x600, 0x1)		/* hstatus */
	H_CHECK(0x602, 0x2)		/* hedeleg */
	H_CHECK(0x603, 0x4)		/* hideleg */
	H_CHECK(0x645, 0x8)		/* hvip */
	H_CHECK(0x604, 0x10)		/* hie */
	H_CHECK(0x606, 0x20)		/* hcounteren */
	H_CHECK(0x60a, 0x40)		/* henvcfg */
	H_CHECK(0x605, 0x80)		/* htimedelta */
	H_CHECK_XL(0x200, 0x100)	/* vsstatus */
	H_CHECK(0x205, 0x200)		/* vstvec */
	H_CHECK(0x240, 0x400)		/* vsscratch */
	H_CHECK(0x241, 0x800)		/* vsepc */
	H_CHECK(0x242, 0x1000)		/* vscause */
	H_CHECK(0x243, 0x2000)		/* vstval */
	H_CHECK(0x280, 0x4000)		/* vsatp */
	H_CHECK(0x680, 0x8000)		/* hgatp */
	"	li t0, 0x80300100\n sd a5, 0(t0)\n"
	"	li t0, 0x80310000\n sd zero, 40(t0)\n"	/* nothing more of OS_PARAM[5] */
	"8:	li t0, 0x80300000\n"
	"	li t1, 0x5ec2e75ec2e75ec2\n"
	"	sd t1, 0(t0)\n"
	/* The secret in every register the call does not define. */
	"	mv gp, t1\n mv tp, t1\n mv t2, t1\n mv s0, t1\n mv s1, t1\n"
	"	mv s2, t1\n mv s3, t1\n mv s4, t1\n mv s5, t1\n mv s6, t1\n"
	"	mv s7, t1\n mv s8, t1\n mv s9, t1\n mv s10, t1\n mv s11, t1\n"
	"	mv t3, t1\n mv t4, t1\n mv t5, t1\n mv t6, t1\n"
	"	li t0, 0x80310000\n"		/* OS_PARAM[5]: 1 ebreak, 2 an M-mode CSR read, (8: above) */
	"	ld t0, 40(t0)\n"		/* 3-6 a VS guest's (os_blob_vs), 7 only its stvec */
	"	beqz t0, 6f\n"		/* (9: the same, then os_blob_xonly's after its call) */
	"	la a5, os_blob_strap\n"
	"	csrw stvec, a5\n"
	"	li a5, 7\n"
	"	beq t0, a5, 6f\n"
	"	li a5, 9\n"
	"	beq t0, a5, 6f\n"
	"	addi t0, t0, -1\n"
	"	bnez t0, 5f\n"
	"	ebreak\n"
	"	j 6f\n"
	"5:	addi t0, t0, -1\n"
	"	bnez t0, os_blob_vs\n"
	"	csrr a5, mscratch\n"
	"	li t0, 0x80300100\n"
	"	sd a5, 0(t0)\n"
	"6:\n"
	"os_blob_cont:\n"
	"	csrw sscratch, t1\n"		/* the secret in an S-mode CSR too */
	"	li t0, 0x2000\n csrs sstatus, t0\n"	/* and in an FP register (FS Initial) */
	"	fmv.d.x f5, t1\n"
	"	li t0, 0x80310000\n"		/* the trigger: OS_PARAM */
	"	ld a7, 0(t0)\n ld a6, 8(t0)\n ld a0, 16(t0)\n ld a1, 24(t0)\n ld a2, 32(t0)\n"
	"	li t0, 0x80300000\n"
	"	ecall\n"
	"os_blob_check:\n"		/* a1 = 1 if its registers came back */
	"	mv a4, a0\n mv a5, a1\n"
	"	li a3, 0x80300000\n"		/* A_TRIG_*: the OS reads its data (OS_SECRET + 8) */
	"os_blob_touch:\n"
	"	ld a3, 8(a3)\n"
	"	li t1, 0x5ec2e75ec2e75ec2\n"
	"	li a1, 0\n"
	"	bne gp, t1, 2f\n bne tp, t1, 2f\n bne t2, t1, 2f\n bne s0, t1, 2f\n"
	"	bne s1, t1, 2f\n bne s2, t1, 2f\n bne s3, t1, 2f\n bne s4, t1, 2f\n"
	"	bne s5, t1, 2f\n bne s6, t1, 2f\n bne s7, t1, 2f\n bne s8, t1, 2f\n"
	"	bne s9, t1, 2f\n bne s10, t1, 2f\n bne s11, t1, 2f\n bne t3, t1, 2f\n"
	"	bne t4, t1, 2f\n bne t5, t1, 2f\n bne t6, t1, 2f\n"
	"	csrr t0, sscratch\n bne t0, t1, 2f\n"
	"	fmv.x.d t0, f5\n bne t0, t1, 2f\n"
	"	li a1, 1\n"
	/*
	 * A_PMP_XONLY (OS_PARAM[5] = 9): after the checks (t0-t2 and ra free
	 * from here), the OS calls its code at OS_XONLY, an illegal
	 * instruction the firmware's PMP entry lets it execute but not read;
	 * its handler (os_blob_xonly) comes back here.
	 */
	"2:	li t0, 0x80310000\n ld t0, 40(t0)\n li t1, 9\n bne t0, t1, 8f\n"
	"	la t0, os_blob_xonly\n csrw stvec, t0\n"
	"	li t0, 0x80320000\n jalr t0\n"
	"8:	li t0, 0x80300000\n"
	"	ld a0, 0(t0)\n"
	"	mv a2, a4\n mv a3, a5\n"
	"	li t0, 0x80300100\n ld a4, 0(t0)\n"
	"	li a7, 0x504d55\n li a6, 2\n"
	"	ecall\n"
	"1:	j 1b\n"
	"os_blob_ret:\n"
	"	ret\n"
	"os_blob_evil:\n"		/* where a forged resume lands: it says so */
	"	li a0, 0xee\n"
	"	li a1, 0\n"
	"	li a7, 0x504d55\n li a6, 2\n"
	"	ecall\n"
	"3:	j 3b\n"
	"os_blob_strap:\n"		/* the OS's own breakpoint handler: OS_MARK = 1 */
	"	csrr t0, sepc\n"
	"	addi t0, t0, 4\n"
	"	csrw sepc, t0\n"
	"	li t0, 0x80300100\n"
	"	li a5, 1\n"
	"	sd a5, 0(t0)\n"
	"	sret\n"
	/*
	 * A_PMP_XONLY: the OS's handler for its instruction at OS_XONLY:
	 * OS_MARK = scause if sepc is that instruction and, for a fetch access
	 * fault (1), stval too; else 0xbad. Back to the caller (ra).
	 */
	"os_blob_xonly:\n"
	"	li t0, 0x80320000\n"
	"	csrr t1, sepc\n bne t1, t0, 1f\n"
	"	csrr t1, scause\n li t2, 1\n bne t1, t2, 2f\n"
	"	csrr t2, stval\n bne t2, t0, 1f\n"
	"	j 2f\n"
	"1:	li t1, 0xbad\n"
	"2:	li t0, 0x80300100\n sd t1, 0(t0)\n"
	"	csrw sepc, ra\n"
	"	sret\n"
	/*
	 * A_VS_*: the OS runs a VS guest (t0 = 1 or 4: an M-mode CSR read, 2:
	 * an illegal instruction, 3: the same with illegal instructions in
	 * hedeleg); the guest stores a5 in OS_MARK and ends with an ecall
	 * (cause 10, delegated) to the OS's HS-mode. Its registers hold the secret.
	 */
	"os_blob_vs:\n"
	"	la a5, os_blob_hstrap\n csrw stvec, a5\n"
	"	la a5, os_blob_vstrap\n csrw 0x205, a5\n"	/* vstvec */
	"	li a5, 3\n bne t0, a5, 1f\n"
	"	li a5, 4\n csrs 0x602, a5\n"			/* hedeleg: illegal instruction */
	"1:	li a5, 0x80\n csrs 0x600, a5\n"		/* hstatus.SPV */
	"	csrw 0x680, zero\n csrw 0x280, zero\n"	/* hgatp, vsatp: bare */
	"	li a5, 0x100\n csrs sstatus, a5\n"		/* SPP: to VS-mode */
	"	la a5, os_blob_guest\n csrw sepc, a5\n"
	"	sret\n"
	"os_blob_guest:\n"
	"	li a5, 2\n beq t0, a5, 1f\n"
	"	li a5, 3\n beq t0, a5, 1f\n"
	"	csrr a5, mscratch\n"				/* the firmware may emulate it */
	"	j 2f\n"
	"1:	.word 0x0000000b\n"				/* custom-0: illegal, no CSR */
	"2:	li t0, 0x80300100\n sd a5, 0(t0)\n"
	"	ecall\n"
	"os_blob_hstrap:\n"		/* the OS (HS-mode): its guest's traps */
	"	csrr a5, scause\n li t0, 10\n beq a5, t0, 3f\n"
	"	li t0, 2\n bne a5, t0, 4f\n"
	"	csrr a5, 0x600\n andi a5, a5, 0x1c0\n li t0, 0x180\n bne a5, t0, 4f\n"	/* SPV, SPVP, GVA 0 */
	"	csrr a5, sstatus\n andi a5, a5, 0x100\n beqz a5, 4f\n"		/* SPP: from VS */
	"	csrr a5, stval\n li t0, 0xb\n beq a5, t0, 6f\n"
	"	li t0, 0x340027f3\n bne a5, t0, 4f\n"	/* csrr a5, mscratch */
	"	li a5, 4\n j 5f\n"
	"6:	li a5, 2\n j 5f\n"
	"4:	li a5, 0xbad\n"
	"5:	csrr t0, sepc\n addi t0, t0, 4\n csrw sepc, t0\n"
	"	sret\n"
	"3:	li t0, 0x80\n csrc 0x600, t0\n"	/* the guest is done: on as the OS */
	"	j os_blob_cont\n"
	"os_blob_vstrap:\n"		/* the guest's own handler (VS-mode) */
	"	csrr a5, scause\n li t0, 2\n bne a5, t0, 4f\n"
	"	csrr a5, sstatus\n andi a5, a5, 0x100\n beqz a5, 4f\n"
	"	csrr a5, stval\n li t0, 0xb\n bne a5, t0, 4f\n"
	"	li a5, 3\n j 5f\n"
	"4:	li a5, 0xbad\n"
	"5:	csrr t0, sepc\n addi t0, t0, 4\n csrw sepc, t0\n"
	"	sret\n"
	"os_blob_mark:\n"		/* A_START_FORGE: hart 1 runs the OS unasked */
	"	li t0, 0x80300100\n"
	"	li t1, 0xee\n"
	"	sd t1, 0(t0)\n"
	"4:	j 4b\n"
	"os_blob_end:\n"
	".option pop\n"
	".popsection\n");

/* lib/start.S: back to lower_call's caller as if it returned value. */
void lower_resume(long value) __attribute__((noreturn));

static volatile ulong os_a0, os_a1, os_a2, os_a3, os_a4, os_virt, leaked;
static volatile ulong trig_a0, trig_a1, trig_a2;
static ulong param[6] = { CPPC, 1, 0, 0, 0, 0 }; /* the trigger: eid, fid, a0-a2; pre-action */
static volatile ulong exc_leaked, exc_seen, exc_epc, bp_seen;

/* The OS's SBI calls end the lower_call that entered it. */
static int os_call(struct trap_frame *f)
{
	if ((f->cause == CAUSE_BREAKPOINT || f->cause == CAUSE_ILLEGAL) &&
	    ((f->status >> 11) & 3) == PRV_S) {
		/* A_DELEG_STEAL, A_CSR_LEAK: the OS's exception, all its registers. */
		exc_seen++;
		exc_epc = f->epc;
		bp_seen += f->cause == CAUSE_BREAKPOINT;
		for (unsigned r = 1; r < 32; r++)
			exc_leaked += f->x[r] == SECRET;
		if (ATTACK == A_PMP_XONLY) {
			/*
			 * Natively: redirected to the OS's stvec as OpenSBI
			 * redirects an illegal instruction that is no CSR one
			 * (the OS runs with SIE = 0: SPIE stays 0).
			 */
			csr_write(sepc, f->epc);
			csr_write(scause, f->cause);
			csr_write(stval, f->tval);
			csr_set(mstatus, MSTATUS_SPP);
			f->epc = csr_read(stvec);
			return 1;
		}
		if (f->cause == CAUSE_ILLEGAL) {
			f->x[15] = 0x1234; /* a5: the CSR's value, as an emulation would */
			f->x[8] = 0xbad;   /* s0: a forgery */
		}
		f->epc = ATTACK == A_CSR_FORGE || ATTACK == A_VS_FORGE ? OS_AT(os_blob_evil)
								      : f->epc + 4;
		return 1;
	}
	bool trig = f->x[17] == param[0] && f->x[16] == param[1];

	if ((f->cause == CAUSE_ECALL_S || f->cause == 10 /* from VS */) &&
	    (trig || (f->x[17] == SBI_DONE && f->x[16] == SBI_DONE_FID))) {
		os_virt = f->cause == 10;
		if (trig) { /* A_REG_LEAK: what the firmware sees of the OS */
			for (unsigned r = 1; r < 32; r++)
				leaked += f->x[r] == SECRET;
			trig_a0 = f->x[10];
			trig_a1 = f->x[11];
			trig_a2 = f->x[12];
		}
		os_a0 = f->x[10];
		os_a1 = f->x[11];
		os_a2 = f->x[12];
		os_a3 = f->x[13];
		os_a4 = f->x[14];
		lower_resume(trig ? 1 : 2);
	}
	return 0;
}

/* "attack NAME: denied (mcause=.. mtval=..)" or "attack NAME: ESCAPE (...)". */
static void verdict(ulong cause, ulong tval, ulong got)
{
	puts_raw("attack ");
	puts_raw(attack_name[ATTACK]);
	if (trap_rec.count == 1 && trap_rec.cause == cause && trap_rec.tval == tval) {
		puts_raw(": denied (mcause=");
		print_hex(trap_rec.cause);
		puts_raw(" mtval=");
		print_hex(trap_rec.tval);
		puts_raw(")\n");
	} else {
		puts_raw(": ESCAPE (traps=");
		print_dec(trap_rec.count);
		puts_raw(" mcause=");
		print_hex(trap_rec.cause);
		puts_raw(" value=");
		print_hex(got);
		puts_raw(")\n");
	}
}

/* ---- another hart reads the OS's memory in a loop (A_SMP_RACE) ---- */

static volatile ulong h1_started, h1_stop, h1_hits, h1_faults, h1_go;

__asm__(".pushsection .text\n"
	".option push\n.option norvc\n"
	".balign 4\n"
	"h1_trap:\n"			/* skip the faulting load, count it */
	"	csrr t6, mepc\n"
	"	addi t6, t6, 4\n"
	"	csrw mepc, t6\n"
	"	la t6, h1_faults\n"
	"	amoadd.d zero, t5, (t6)\n"
	"	mret\n"
	"h1_store_loop:\n"		/* A_SMP_RACE_STORE: overwrite the secret */
	"	la t0, h1_trap\n"
	"	csrw mtvec, t0\n"
	"	li t2, 0x80300000\n"
	"	li t3, 0xbad\n"
	"	la s1, h1_stop\n"
	"	li t5, 1\n"
	"1:	sd t3, 0(t2)\n"
	"	ld t6, 0(s1)\n"
	"	beqz t6, 1b\n"
	"	ret\n"
	"h1_loop:\n"
	"	la t0, h1_trap\n"
	"	csrw mtvec, t0\n"
	"	li t2, 0x80300000\n"
	"	li t3, 0x5ec2e75ec2e75ec2\n"
	"	la t4, h1_hits\n"
	"	la s1, h1_stop\n"
	"	li t5, 1\n"
	"1:	li a0, 0\n"
	"	ld a0, 0(t2)\n"
	"	bne a0, t3, 2f\n"
	"	amoadd.d zero, t5, (t4)\n"
	"2:	ld t6, 0(s1)\n"
	"	beqz t6, 1b\n"
	"	ret\n"
	".option pop\n"
	".popsection\n");
void h1_loop(void);
void h1_store_loop(void);

void secondary_main(ulong hartid)
{
	if (hartid != 1)
		return;
	if (ATTACK == A_START_FORGE) {
		pmp_allow_all();
		h1_started = 1;
		while (!h1_go)
			;
		(void)lower_call(PRV_S, (long (*)(long))OS_AT(os_blob_mark), 0);
		for (;;)
			__asm__ volatile("wfi");
	}
	h1_started = 1;
	if (ATTACK == A_NO_ACK) {
		/* Its own IPI pending and masked (mie = 0), and no trap ever. */
		*(volatile uint32_t *)(CLINT_MSIP + 4) = 1;
		for (;;)
			__asm__ volatile("");
	}
	if (ATTACK == A_SMP_RACE_STORE)
		h1_store_loop();
	else
		h1_loop();
	for (;;)
		__asm__ volatile("wfi");
}

/*
 * A_CLAIM_KERNEL: the tree handed over (claim.dts, built by tests/protect.sh)
 * reserves 0x80000000-0x803fffff no-map for the firmware: the kernel's
 * image (0x80200000, 2 MiB by its header) included.
 */
#define DT_AT 0x82200000UL
#ifdef DTB
__asm__(".pushsection .rodata\n.balign 8\ndtb_start:\n.incbin \"" DTB "\"\ndtb_end:\n.popsection\n");
extern char dtb_start[], dtb_end[];
#endif

/* ---- Sv39: VA 0x40000000 (1 GiB) -> PA 0x80000000 (A_MPRV_PAGETABLE) ---- */
static uint64_t root[512] __attribute__((aligned(4096)));
#define GIGA_VA		0x40000000UL
#define GIGA_PTE	(((0x80000000UL >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

/*
 * One MPRV load (MPP=S, extra mstatus bits) of the OS's secret through the
 * Sv39 table at table_pa, whose entry 1 maps GIGA_VA to 0x80000000; the
 * verdict expects the load access fault on the virtual address.
 */
static void mprv_through(ulong table_pa, ulong bits)
{
	ulong va = GIGA_VA + (OS_SECRET - 0x80000000UL), v;

	csr_write(satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | (table_pa >> 12));
	sfence_vma();
	v = mprv_ld(va, MPRV_MPP(PRV_S) | bits);
	csr_write(satp, 0);
	sfence_vma();
	verdict(CAUSE_LOAD_ACCESS, va, v);
}

/* A_DMA_*: read a device's identity register; natively it answers. */
static void device_probe(ulong addr, ulong id, const char *what)
{
	ulong v = try_lw(addr);

	if (v == id) {
		puts_raw("attack ");
		puts_raw(attack_name[ATTACK]);
		puts_raw(": ESCAPE (");
		puts_raw(what);
		puts_raw(")\n");
		return;
	}
	verdict(CAUSE_LOAD_ACCESS, addr, v);
}

/*
 * A_DMA_PCI_HIGH (tests/protect.sh adds -device nvme at 00:01.0): the
 * controller's 64-bit BAR 0 at the base of QEMU virt's 64-bit window
 * (16 GiB, above RAM), memory decoding on. Before the hand-over the
 * firmware owns the machine (the OS would do the same once it runs).
 */
#define PCI_HIGH	0x400000000UL
#define NVME_CFG	(0x30000000UL + (1UL << 15))	/* ECAM: bus 0, device 1 */
#define NVME_VS		0x00010400UL			/* QEMU 7.2: NVMe 1.4 */

static void pci_high_setup(void)
{
	*(volatile uint32_t *)(NVME_CFG + 0x10) = (uint32_t)PCI_HIGH | 4U; /* 64-bit memory */
	*(volatile uint32_t *)(NVME_CFG + 0x14) = (uint32_t)(PCI_HIGH >> 32);
	*(volatile uint16_t *)(NVME_CFG + 0x04) = 2U; /* memory space */
}

/*
 * A_TRIG_*: the debug trigger module (Sdtrig; debug spec 1.0 §5.7.2-3),
 * M-mode's own: a trigger for S fires in the OS as a breakpoint exception
 * (cause 3, before the instruction), taken where medeleg says.
 */
#define CSR_TSELECT	0x7a0
#define CSR_TDATA1	0x7a1
#define CSR_TDATA2	0x7a2
#define TDATA1_TYPE(t)	((ulong)(t) << 60)
#define MCTRL_LOAD	1UL
#define MCTRL_STORE	2UL
#define MCTRL_EXEC	4UL
#define MCTRL_S		0x10UL
#define MCTRL_M		0x40UL
#define MCTRL6_VS	(1UL << 24)
/*
 * A_TRIG_M_CORDON: where cordon's trap vector and its harts[] (hart 0's
 * state, where it saves the firmware's registers at every trap) lie once
 * it moved itself to the top of RAM (tests/protect.sh reads them from
 * cordon.elf).
 */
#ifndef CORDON_TRAP
#define CORDON_TRAP	CORDON_MEM
#endif
#ifndef CORDON_HARTS
#define CORDON_HARTS	CORDON_MEM
#endif

static void set_trigger(ulong i, ulong tdata1, ulong tdata2)
{
	csr_write(CSR_TSELECT, i);
	csr_write(CSR_TDATA1, TDATA1_TYPE(2)); /* off while tdata2 changes */
	csr_write(CSR_TDATA2, tdata2);
	csr_write(CSR_TDATA1, tdata1);
}

/*
 * A_TRIG_STVEC: the firmware's code, run in S-mode at the OS's breakpoint
 * if the OS still has the stvec the firmware wrote before the hand-over:
 * it reads the OS's secret with the OS's privilege, keeps it in the
 * firmware's memory (stolen) and resumes the OS after the instruction.
 */
static volatile ulong stolen;
__asm__(".pushsection .text\n"
	".option push\n.option norvc\n"
	".balign 4\n"
	"fw_evil_s:\n"
	"	li t0, 0x80300000\n"
	"	ld t0, 0(t0)\n"
	"	la t1, stolen\n"
	"	sd t0, 0(t1)\n"
	"	csrr t0, sepc\n"
	"	addi t0, t0, 4\n"
	"	csrw sepc, t0\n"
	"	sret\n"
	".option pop\n"
	".popsection\n");
extern char fw_evil_s[];

/*
 * A_HANDOVER_VS: a G-stage table (Sv39x4, Priv §9.5) of the firmware's,
 * identity over 0x80000000-0x803fffff but the OS's secret page, which is
 * its own stolen page; the first hand-over then enters the OS with V=1.
 */
static uint64_t groot[2048] __attribute__((aligned(16384)));
static uint64_t gl1[512] __attribute__((aligned(4096)));
static uint64_t gl0[512] __attribute__((aligned(4096)));
static volatile uint64_t gstolen[512] __attribute__((aligned(4096)));
#define G_LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D)

static void gstage_setup(void)
{
	groot[2] = (((ulong)gl1 >> 12) << 10) | PTE_V;
	gl1[0] = ((0x80000000UL >> 12) << 10) | G_LEAF;
	gl1[1] = (((ulong)gl0 >> 12) << 10) | PTE_V;
	for (ulong i = 0; i < 512; i++)
		gl0[i] = (((0x80200000UL >> 12) + i) << 10) | G_LEAF;
	gl0[(OS_SECRET - 0x80200000UL) >> 12] = (((ulong)gstolen >> 12) << 10) | G_LEAF;
	csr_write(0x280, 0);					/* vsatp: bare */
	csr_write(0x680, (8UL << 60) | ((ulong)groot >> 12));	/* hgatp: Sv39x4 */
}

/*
 * A_H_CSRS: before the hand-over, the H and VS CSRs as the firmware wants
 * the OS's guests to run: its own trap vector and page table for VS-mode,
 * the guests' exceptions and interrupts delegated to them, a VS interrupt
 * injected and enabled, counters, a time offset, hlv/hsv for the OS's user
 * mode (hstatus.HU) and the guests' wfi/sret/satp trapped (VTW, VTSR, VTVM).
 */
static void h_csrs_setup(void)
{
	csr_write(0x600, (2UL << 32) | (1UL << 9) | (7UL << 20)); /* hstatus: HU, VTVM, VTW, VTSR */
	csr_write(0x602, 0xb1ffUL);				    /* hedeleg */
	csr_write(0x603, 0x444UL);				    /* hideleg: VS interrupts */
	csr_write(0x645, 0x4UL);				    /* hvip: VSSIP */
	csr_write(0x604, 0x40UL);				    /* hie: VSTIE (not VSSIE: no trap) */
	csr_write(0x606, 0x7UL);				    /* hcounteren */
	csr_write(0x60a, 0x1UL);				    /* henvcfg: FIOM */
	csr_write(0x605, 0x1000UL);				    /* htimedelta */
	csr_write(0x200, (2UL << 32) | 0x122UL);		    /* vsstatus: SPP, SPIE, SIE */
	csr_write(0x205, (ulong)fw_evil_s);			    /* vstvec: its own code */
	csr_write(0x240, 0x5cUL);				    /* vsscratch */
	csr_write(0x241, 0x1234UL);				    /* vsepc */
	csr_write(0x242, 5UL);					    /* vscause */
	csr_write(0x243, 0x77UL);				    /* vstval */
	csr_write(0x280, (8UL << 60) | ((ulong)root >> 12));	    /* vsatp: its own table */
	csr_write(0x680, (8UL << 60) | ((ulong)groot >> 12));	    /* hgatp: its own G-stage */
}

static void attack(void)
{
	ulong v = 0;

	switch (ATTACK) {
	case A_STORE:
		try_sd(OS_SECRET, 0xbad);
		verdict(CAUSE_STORE_ACCESS, OS_SECRET, 0);
		break;
	case A_FETCH:
		try_call(OS_AT(os_blob_ret)); /* natively: returns at once */
		verdict(CAUSE_FETCH_ACCESS, OS_AT(os_blob_ret), 0);
		break;
	case A_MPRV_S_LOAD:
		v = mprv_ld(OS_SECRET, MPRV_MPP(PRV_S));
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET, v);
		break;
	case A_MPRV_U_SUM_MXR:
		v = mprv_ld(OS_SECRET, MPRV_MPP(PRV_U) | MSTATUS_SUM | MSTATUS_MXR);
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET, v);
		break;
	case A_MPRV_S_STORE:
		mprv_sd(OS_SECRET, 0xbad, MPRV_MPP(PRV_S));
		verdict(CAUSE_STORE_ACCESS, OS_SECRET, 0);
		break;
	case A_MPRV_PAGETABLE:
		root[1] = GIGA_PTE;
		mprv_through((ulong)root, 0);
		break;
	case A_PMP_LOCK_ALL:
		csr_write(pmpaddr0, ~0UL);
		pmpcfg0_set(0, PMP_L | PMP_NAPOT | PMP_R | PMP_W | PMP_X);
		v = try_ld(OS_SECRET);
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET, v);
		break;
	case A_PMP_TOR_LOCK:
		csr_write(pmpaddr0, (OS_SECRET + 8) >> 2);
		pmpcfg0_set(0, PMP_L | PMP_TOR | PMP_R | PMP_W | PMP_X);
		v = try_ld(OS_SECRET);
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET, v);
		break;
	case A_PMP_NA4:
		/* The word below the secret: the OS's own 8-byte load of it must
		 * not partially match the locked entry (natively it would fault). */
		csr_write(pmpaddr0, (OS_SECRET - 4) >> 2);
		pmpcfg0_set(0, PMP_L | PMP_NA4 | PMP_R | PMP_W | PMP_X);
		v = try_lw(OS_SECRET - 4);
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET - 4, v);
		break;
	case A_HLV: {
		ulong pc;
		v = LOAD_SENTINEL;
		trap_begin();
		/* hlv.d a0, (a1): .insn for an assembler without H. */
		__asm__ volatile(".option push\n.option norvc\n"
				 "la %1, 1f\n"
				 "mv a1, %2\n"
				 "mv a0, %0\n"
				 "1: .insn r 0x73, 0x4, 0x36, a0, a1, x0\n"
				 "mv %0, a0\n"
				 ".option pop"
				 : "+&r"(v), "=&r"(pc)
				 : "r"(OS_SECRET)
				 : "a0", "a1", "memory");
		trap_pc = pc;
		trap_end();
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET, v);
		break;
	}
	case A_MPRV_MPV:
		v = mprv_ld(OS_SECRET, MPRV_MPP(PRV_S) | MSTATUS_MPV);
		csr_clear(mstatus, MSTATUS_MPV); /* mprv_ld leaves it: the OS resumes with V=0 */
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET, v);
		break;
	case A_MPRV_U_STORE:
		mprv_sd(OS_SECRET, 0xbad, MPRV_MPP(PRV_U));
		verdict(CAUSE_STORE_ACCESS, OS_SECRET, 0);
		break;
	case A_MPRV_MXR_CODE:
		v = mprv_ld(OS_ENTRY, MPRV_MPP(PRV_S) | MSTATUS_MXR);
		verdict(CAUSE_LOAD_ACCESS, OS_ENTRY, v);
		break;
	case A_PMP_BEYOND:
		csr_write(pmpaddr8, ~0UL);
		csr_write(pmpcfg2, 0x9f9f9f9f9f9f9f9fUL); /* L, NAPOT, RWX: entries 8-15 */
		sfence_vma();
		v = try_ld(OS_SECRET);
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET, v);
		break;
	case A_REG_LEAK:
		puts_raw("attack reg-leak: ");
		if (leaked == 0) {
			puts_raw("denied (0 registers of the OS seen)\n");
		} else {
			puts_raw("ESCAPE (");
			print_dec(leaked);
			puts_raw(" registers of the OS seen)\n");
		}
		break;
	case A_CORDON_LOAD:
		v = try_ld(CORDON_MEM);
		verdict(CAUSE_LOAD_ACCESS, CORDON_MEM, v);
		break;
	case A_CORDON_MPRV:
		v = mprv_ld(CORDON_MEM, MPRV_MPP(PRV_S));
		verdict(CAUSE_LOAD_ACCESS, CORDON_MEM, v);
		break;
	case A_OS_PAGETABLE:
		/* The walk itself reads the OS's memory: a load access fault (Priv §4.3.2). */
		mprv_through(OS_PT, 0);
		break;
	case A_HSV: {
		ulong pc;
		trap_begin();
		/* hsv.d a1, (a0): .insn for an assembler without H. */
		__asm__ volatile(".option push\n.option norvc\n"
				 "la %0, 1f\n"
				 "mv a0, %1\n"
				 "li a1, 0xbad\n"
				 "1: .insn r 0x73, 0x4, 0x37, x0, a0, a1\n"
				 ".option pop"
				 : "=&r"(pc)
				 : "r"(OS_SECRET)
				 : "a0", "a1", "memory");
		trap_pc = pc;
		trap_end();
		verdict(CAUSE_STORE_ACCESS, OS_SECRET, 0);
		break;
	}
	case A_MPRV_U_PAGE_SUM:
		root[1] = GIGA_PTE | PTE_U;
		mprv_through((ulong)root, MSTATUS_SUM);
		break;
	case A_PMP_TOR_EMPTY:
		/* Entry 1: TOR from pmpaddr0 (high) to pmpaddr1 (low): matches nothing
		 * (Priv §3.7.1); entry 2: locked NAPOT over all memory, RWX. */
		csr_write(pmpaddr0, ~0UL >> 10);
		csr_write(pmpaddr1, OS_SECRET >> 2);
		csr_write(pmpaddr2, ~0UL);
		pmpcfg0_set(1, PMP_L | PMP_TOR | PMP_R | PMP_W | PMP_X);
		pmpcfg0_set(2, PMP_L | PMP_NAPOT | PMP_R | PMP_W | PMP_X);
		v = try_ld(OS_SECRET);
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET, v);
		break;
	case A_DBCN_OVERREAD:
		v = try_ld(trig_a1 + 8);
		puts_raw("attack dbcn-overread: ");
		if (trap_rec.count == 0 && v != SECRET) {
			puts_raw("denied (a0 = ");
			print_dec(trig_a0);
			puts_raw(" bytes at a buffer of cordon's, no secret after them)\n");
		} else {
			puts_raw("ESCAPE (read the OS's secret after the bytes it passed)\n");
		}
		break;
	case A_DBCN_OVERFLOW:
		try_sd(trig_a1, 0xbad);
		try_sd(trig_a1 + 8, 0xbad);
		break; /* judged when the OS resumes */
	case A_DBCN_SPAN:
		v = try_ld(trig_a1 + 0x1000);
		puts_raw("attack dbcn-span: ESCAPE (the firmware got the address: read ");
		print_hex(v);
		puts_raw(" in cordon's memory)\n");
		break;
	case A_SHMEM:
		v = try_ld(trig_a0);
		puts_raw("attack shmem: ");
		puts_raw(v == SECRET ? "ESCAPE (read the OS's secret through the shared memory)\n"
				     : "ESCAPE (the firmware got the shared memory's address)\n");
		break;
	case A_SCSR:
		v = csr_read(sscratch);
		csr_write(sscratch, 0xbad);
		csr_write(stvec, OS_AT(os_blob_evil));
		puts_raw("attack scsr: ");
		if (v == SECRET) {
			puts_raw("ESCAPE (read the OS's sscratch)\n");
		} else {
			puts_raw("denied (sscratch reads ");
			print_hex(v);
			puts_raw(", writes of sscratch and stvec ignored)\n");
		}
		break;
	case A_FP_LEAK:
		/* FS is the OS's natively (shared): no need to turn it on. */
		__asm__ volatile("fmv.x.d %0, f5" : "=r"(v));
		__asm__ volatile("fmv.d.x f5, %0" : : "r"(0xbadUL));
		puts_raw("attack fp-leak: ");
		if (v == SECRET) {
			puts_raw("ESCAPE (read the OS's f5)\n");
		} else {
			puts_raw("denied (f5 reads ");
			print_hex(v);
			puts_raw(", its write stays the firmware's)\n");
		}
		break;
	case A_DMA_VIRTIO: /* its magic, "virt": the first register of every transport */
		device_probe(0x10001000UL, 0x74726976UL, "a virtio-mmio transport answers");
		break;
	case A_DMA_PCI: /* bus 0 device 0: the host bridge's vendor and device IDs */
		device_probe(0x30000000UL, 0x00081b36UL, "the PCIe host bridge answers");
		break;
	case A_DMA_PCI_HIGH: /* the controller's version register, VS */
		device_probe(PCI_HIGH + 8U, NVME_VS, "an NVMe controller above RAM answers");
		break;
	case A_DMA_MPRV: { /* as the OS, which the firmware's PMP lets reach the device */
		v = mprv_lw(0x10001000UL, MPRV_MPP(PRV_S));
		if (v == 0x74726976UL) {
			puts_raw("attack dma-mprv: ESCAPE (a virtio-mmio transport answers)\n");
			break;
		}
		verdict(CAUSE_LOAD_ACCESS, 0x10001000UL, v);
		break;
	}
	case A_START_FORGE:
		h1_go = 1;
		__sync_synchronize();
		for (ulong t0 = clint_mtime(); clint_mtime() - t0 < 2000000UL;)
			;
		break; /* judged when the OS resumes: did it run on hart 1? */
	case A_TRIG_OS_EXEC:
	case A_TRIG_STVEC: /* before the OS's load: the firmware learns it runs there */
		set_trigger(0, TDATA1_TYPE(2) | MCTRL_S | MCTRL_EXEC, OS_AT(os_blob_touch));
		break; /* judged when the OS resumes */
	case A_TRIG_OS_WATCH: /* the OS's load of its data: the firmware learns when */
		set_trigger(1, TDATA1_TYPE(6) | MCTRL_S | MCTRL_LOAD, OS_SECRET + 8);
		break; /* judged when the OS resumes */
	case A_TRIG_M_CORDON:
		/*
		 * Natively plain memory of the firmware's; under cordon its code
		 * and data, which run in M-mode at each of the firmware's traps:
		 * there (debug spec 1.0 without tcontrol.mte, as QEMU 7.2) the
		 * breakpoint would trap to cordon's vector, which fires again.
		 */
		set_trigger(0, TDATA1_TYPE(2) | MCTRL_M | MCTRL_EXEC, CORDON_TRAP);
		set_trigger(1, TDATA1_TYPE(6) | MCTRL_M | MCTRL_LOAD | MCTRL_STORE, CORDON_HARTS);
		for (unsigned i = 0; i < 16; i++) /* traps cordon takes (emulated CSR reads) */
			v += csr_read(mscratch);
		/* Its own code there, which the execute trigger stops in M-mode. */
		try_sd(CORDON_TRAP, 0x0000806700008067UL); /* ret; ret */
		if (trap_rec.count == 0) {
			fence_i();
			try_call(CORDON_TRAP);
			puts_raw("attack trigger-m-cordon: ESCAPE (an M-mode breakpoint at ");
			print_hex(CORDON_TRAP);
			puts_raw(", cordon's trap vector: mcause=");
			print_hex(trap_rec.count ? trap_rec.cause : 0);
			puts_raw(")\n");
		} else {
			verdict(CAUSE_STORE_ACCESS, CORDON_TRAP, 0);
		}
		set_trigger(0, TDATA1_TYPE(2), 0);
		set_trigger(1, TDATA1_TYPE(2), 0);
		break;
	case A_HANDOVER_VS:
		puts_raw("attack handover-vs: ");
		if (gstolen[0] == SECRET) {
			puts_raw("ESCAPE (the OS ran as the firmware's guest: its secret is in the "
				 "firmware's page)\n");
		} else {
			puts_raw("denied (the OS's secret is not in the firmware's page: ");
			print_hex(gstolen[0]);
			puts_raw(")\n");
		}
		break;
	case A_H_CSRS:
		break; /* judged when the OS resumes: what did it find? */
	case A_PMP_XONLY:
		/*
		 * An unlocked entry, X alone, over the page of the OS's code
		 * that holds its illegal instruction (all zeros, written before
		 * the hand-over): the OS's view keeps it (I11). The OS then
		 * calls that code. Natively the firmware takes the illegal
		 * instruction with the OS's registers (ESCAPE) and redirects it
		 * to the OS's stvec (mark 2). Under cordon it is the OS's
		 * exception cordon handles (I12), but cordon cannot read the
		 * instruction: the OS's own handler must get the illegal
		 * instruction as the hardware raised it (scause 2, sepc
		 * OS_XONLY: mark 2), the firmware nothing. Before 6a8ddde
		 * cordon resumed the OS at the instruction, which trapped
		 * again for ever: tests/protect.sh's 30 s limit, exit 124,
		 * FAIL.
		 */
		csr_write(pmpaddr0, PMP_NAPOT_ADDR(OS_XONLY, 0x1000));
		pmpcfg0_set(0, PMP_NAPOT | PMP_X);
		break; /* judged when the OS resumes: who took its instruction? */
	case A_REG_FORGE:
	case A_RESUME_FORGE:
	case A_SMP_RACE_STORE:
	case A_SRET_FORGE:
	case A_RESUME_MPV:
		break; /* judged when the OS resumes */
	case A_CLAIM_KERNEL:
	case A_NO_ACK:
	case A_LOAD:
		v = try_ld(OS_SECRET);
		verdict(CAUSE_LOAD_ACCESS, OS_SECRET, v);
		break;
	default:
		break;
	}
}

int main(void)
{
	ulong own;

	test_begin(attack_name[ATTACK]);
	csr_write(mie, 0);
	pmp_allow_all(); /* as OpenSBI's catch-all: S may run everywhere */
	for (char *s = os_blob, *d = (char *)OS_ENTRY; s < os_blob_end; s++, d++)
		*d = *s;
	*(volatile ulong *)OS_SECRET = 0;
	if (ATTACK == A_DBCN_OVERREAD || ATTACK == A_DBCN_OVERFLOW) {
		param[0] = DBCN;
		param[1] = ATTACK == A_DBCN_OVERREAD ? 0 : 1;
		param[2] = 8;
		param[3] = OS_SECRET - 8;
	} else if (ATTACK == A_DBCN_SPAN) {
		param[0] = DBCN;
		param[1] = 0;
		param[2] = 0x2000;
		param[3] = CORDON_MEM - 0x1000;
	} else if (ATTACK == A_SHMEM) {
		param[0] = 0x504d55; /* PMU snapshot_set_shmem */
		param[1] = 7;
		param[2] = OS_SECRET;
	}
	if (ATTACK == A_DMA_PCI_HIGH)
		pci_high_setup();
	if (ATTACK == A_DELEG_STEAL) {
		param[5] = 1;
		csr_write(medeleg, 0);
	} else if (ATTACK == A_TRIG_OS_EXEC || ATTACK == A_TRIG_OS_WATCH) {
		param[5] = 7; /* the OS has its own breakpoint handler */
		csr_write(medeleg, 0);
	} else if (ATTACK == A_TRIG_STVEC) {
		/* The OS sets no stvec (as Linux, before its first trap vector). */
		csr_write(stvec, (ulong)fw_evil_s);
		csr_write(medeleg, 1UL << CAUSE_BREAKPOINT);
	} else if (ATTACK == A_CSR_LEAK || ATTACK == A_CSR_FORGE) {
		param[5] = 2;
	} else if (ATTACK >= A_VS_LEAK && ATTACK <= A_VS_FORGE) {
		param[5] = 3 + (ATTACK - A_VS_LEAK);
		csr_write(medeleg, 1UL << 10); /* the guest's ecall: to the OS */
	} else if (ATTACK == A_H_CSRS) {
		param[5] = 8; /* the OS checks its H CSRs first */
	} else if (ATTACK == A_PMP_XONLY) {
		param[5] = 9;
		/* Illegal as 16 and as 32 bits, and no CSR instruction. */
		*(volatile uint32_t *)OS_XONLY = 0;
	} else if (ATTACK == A_TRIG_VS) {
		/* The vs-leak guest, whose first instruction the trigger stops in VS-mode. */
		param[5] = 3;
		csr_write(medeleg, 1UL << 10);
		set_trigger(0, TDATA1_TYPE(6) | MCTRL6_VS | MCTRL_EXEC, OS_AT(os_blob_guest));
	}
	for (unsigned i = 0; i < 6; i++)
		((volatile ulong *)OS_PARAM)[i] = param[i];
	fence_i();
	m_trap_hook = os_call;
	if (ATTACK == A_OS_PAGETABLE) {
		/* Before the hand-over the firmware may still write there. */
		volatile uint64_t *pt = (volatile uint64_t *)OS_PT;
		for (unsigned i = 0; i < 512; i++)
			pt[i] = 0;
		pt[1] = GIGA_PTE;
	}
	if (ATTACK == A_SMP_RACE || ATTACK == A_SMP_RACE_STORE || ATTACK == A_START_FORGE) {
		*(volatile uint32_t *)(CLINT_MSIP + 4) = 1;
		for (ulong t0 = clint_mtime(); !h1_started && clint_mtime() - t0 < 20000000UL;)
			;
		print_bool("hart 1 running", h1_started);
	}

	ulong a1 = OS_ENTRY; /* no tree */
#ifdef DTB
	for (char *s = dtb_start, *d = (char *)DT_AT; s < dtb_end; s++, d++)
		*d = *s;
	a1 = DT_AT;
#endif
	if (ATTACK == A_NO_ACK) {
		*(volatile uint32_t *)(CLINT_MSIP + 4) = 1;
		for (ulong t0 = clint_mtime(); !h1_started && clint_mtime() - t0 < 20000000UL;)
			;
	}

	if (ATTACK == A_HANDOVER_VS) {
		gstage_setup();
		csr_set(mstatus, MSTATUS_MPV);
	}
	if (ATTACK == A_H_CSRS)
		h_csrs_setup();
	/* The first hand-over: the OS stores its secret and calls. */
	long first = lower_call_a1(PRV_S, (long (*)(long))OS_ENTRY, 0, (long)a1);
	if (first == 2 && (ATTACK == A_DBCN_SPAN || ATTACK == A_SHMEM)) {
		/* The trigger never reached the firmware: cordon answered it. */
		puts_raw("attack ");
		puts_raw(attack_name[ATTACK]);
		puts_raw(": denied (cordon answered the call: SBI error -");
		print_dec((ulong)-(long)os_a2);
		puts_raw(", the firmware never saw it)\n");
		print_bool("firmware's own memory", try_ld((ulong)&root[7]) == 0 && trap_rec.count == 0);
		print_bool("OS registers intact", os_a1 == 1);
		print_bool("OS secret intact", os_a0 == SECRET);
		test_end();
	}
	if (first == 2 && ATTACK == A_CSR_FORGE && os_a0 == 0xee) {
		puts_raw("attack csr-forge: ESCAPE (the OS resumed where the firmware chose)\n");
		test_end();
	}
	if (first != 1) {
		println("the OS did not call");
		test_end();
	}
	if (ATTACK == A_SMP_RACE_STORE) {
		for (ulong t0 = clint_mtime(); clint_mtime() - t0 < 1000000UL;)
			;
		h1_stop = 1;
		__sync_synchronize();
	}
	if (ATTACK == A_SMP_RACE) {
		/* Let hart 1 read on for 0.1 s of mtime after the secret exists. */
		for (ulong t0 = clint_mtime(); clint_mtime() - t0 < 1000000UL;)
			;
		h1_stop = 1;
		__sync_synchronize();
		puts_raw("attack ");
		puts_raw(attack_name[ATTACK]);
		if (h1_hits == 0 && h1_faults > 0) {
			puts_raw(": denied (hart 1: 0 reads of the secret, faults)\n");
		} else {
			puts_raw(": ESCAPE (hart 1 read the secret ");
			print_dec(h1_hits);
			puts_raw(" times)\n");
		}
	} else {
		attack();
	}
	/* The firmware's own memory still works. */
	own = try_ld((ulong)&root[7]);
	print_bool("firmware's own memory", trap_rec.count == 0 && own == 0);
	/* Back to the OS: after its ecall, as the SBI asks; registers of the
	 * firmware's own (lower_call's); or elsewhere (A_RESUME_FORGE). */
	long back;
	if (ATTACK == A_SRET_FORGE) {
		back = lower_call_sret(PRV_S, (long (*)(long))OS_AT(os_blob_evil), 0);
	} else {
		if (ATTACK == A_RESUME_MPV)
			csr_set(mstatus, MSTATUS_MPV);
		back = lower_call_a1(PRV_S,
				     (long (*)(long))(ATTACK == A_RESUME_FORGE ? OS_AT(os_blob_evil)
									       : OS_AT(os_blob_check)),
				     0, ATTACK == A_DBCN_OVERFLOW ? 16 : 0);
		csr_clear(mstatus, MSTATUS_MPV);
	}
	if (back != 2)
		println("the OS did not resume");
	if (ATTACK == A_REG_FORGE) {
		puts_raw("attack reg-forge: ");
		puts_raw(os_a1 == 1 ? "denied (the OS has its registers back)\n"
				    : "ESCAPE (the OS resumed with the firmware's registers)\n");
	}
	if (ATTACK == A_RESUME_MPV) {
		puts_raw("attack resume-mpv: ");
		puts_raw(os_virt ? "ESCAPE (the OS resumed as a VS guest)\n"
				 : "denied (the OS resumed as it was)\n");
	}
	if (ATTACK == A_SMP_RACE_STORE) {
		puts_raw("attack smp-race-store: ");
		puts_raw(os_a0 == SECRET && h1_faults ? "denied (hart 1's stores fault, the secret intact)\n"
						      : "ESCAPE (hart 1 overwrote the OS's secret)\n");
	}
	if (ATTACK == A_RESUME_FORGE || ATTACK == A_SRET_FORGE) {
		puts_raw("attack ");
		puts_raw(attack_name[ATTACK]);
		puts_raw(": ");
		puts_raw(os_a0 == 0xee ? "ESCAPE (the OS resumed where the firmware chose)\n"
				       : "denied (the OS resumed after its ecall)\n");
	}
	if (ATTACK == A_DELEG_STEAL || ATTACK == A_TRIG_OS_EXEC || ATTACK == A_TRIG_OS_WATCH) {
		puts_raw("attack ");
		puts_raw(attack_name[ATTACK]);
		puts_raw(": ");
		if (exc_seen == 0 && os_a4 == 1) {
			puts_raw("denied (the OS took its own breakpoint, the firmware saw nothing)\n");
		} else {
			puts_raw("ESCAPE (the firmware took the OS's breakpoint at ");
			print_hex(exc_epc);
			puts_raw(": ");
			print_dec(exc_leaked);
			puts_raw(" registers of the OS seen)\n");
		}
	}
	if (ATTACK == A_TRIG_STVEC) {
		puts_raw("attack trigger-stvec: ");
		if (stolen == SECRET)
			puts_raw("ESCAPE (the firmware's code ran in S-mode at the OS's breakpoint, at "
				 "the stvec it set before the hand-over: read the OS's secret)\n");
		else if (exc_seen == 0 && os_a4 == 3)
			puts_raw("denied (the OS took the breakpoint at its entry, the stvec of the "
				 "hand-over, the firmware saw nothing)\n");
		else
			puts_raw("ESCAPE (the OS did not take its breakpoint itself)\n");
	}
	if (ATTACK == A_CSR_LEAK) {
		puts_raw("attack csr-leak: ");
		if (exc_seen == 1 && exc_leaked == 0 && os_a4 == 0x1234) {
			puts_raw("denied (0 registers of the OS seen, only the CSR's value came back)\n");
		} else {
			puts_raw("ESCAPE (");
			print_dec(exc_leaked);
			puts_raw(" registers of the OS seen at its CSR instruction)\n");
		}
	}
	if (ATTACK == A_VS_LEAK) {
		puts_raw("attack vs-leak: ");
		if (exc_seen == 1 && exc_leaked == 0 && os_a4 == 0x1234) {
			puts_raw("denied (0 registers of the guest seen, only the CSR's value came "
				 "back)\n");
		} else {
			puts_raw("ESCAPE (");
			print_dec(exc_leaked);
			puts_raw(" registers of the OS's guest seen at its CSR instruction)\n");
		}
	}
	if (ATTACK == A_TRIG_VS) {
		puts_raw("attack trigger-vs: ");
		if (bp_seen == 0 && exc_seen == 1 && os_a4 == 0x1234) {
			puts_raw("denied (the OS's HS-mode took its guest's breakpoint, the firmware saw "
				 "only the guest's CSR read)\n");
		} else {
			puts_raw("ESCAPE (the firmware took ");
			print_dec(bp_seen);
			puts_raw(" breakpoint(s) of the OS's guest, with its registers)\n");
		}
	}
	if (ATTACK == A_VS_EXC || ATTACK == A_VS_DELEG) {
		puts_raw("attack ");
		puts_raw(attack_name[ATTACK]);
		if (exc_seen == 0 && os_a4 == (ATTACK == A_VS_EXC ? 2 : 3)) {
			puts_raw(ATTACK == A_VS_EXC
					 ? ": denied (the OS's HS-mode took its guest's illegal "
					   "instruction, the firmware saw nothing)\n"
					 : ": denied (the guest took its own illegal instruction, the "
					   "firmware saw nothing)\n");
		} else {
			puts_raw(": ESCAPE (the firmware took the guest's illegal instruction: ");
			print_dec(exc_leaked);
			puts_raw(" registers seen; mark ");
			print_hex(os_a4);
			puts_raw(")\n");
		}
	}
	if (ATTACK == A_VS_FORGE) {
		puts_raw("attack vs-forge: ");
		puts_raw(os_a4 == 4 ? "denied (the OS's HS-mode took its guest's illegal instruction)\n"
				    : "ESCAPE (the guest did not resume as the hardware would have it)\n");
	}
	if (ATTACK == A_CSR_FORGE) {
		puts_raw("attack csr-forge: ");
		puts_raw(os_a0 == 0xee ? "ESCAPE (the OS resumed where the firmware chose)\n"
		   : os_a4 == 1	   ? "denied (the OS took the illegal instruction in its own handler)\n"
				   : "ESCAPE (the OS did not take the illegal instruction)\n");
	}
	if (ATTACK == A_START_FORGE) {
		puts_raw("attack start-forge: ");
		puts_raw(os_a4 == 0xee ? "ESCAPE (the OS ran the firmware's choice on hart 1)\n"
				       : "denied (the OS ran nothing on hart 1)\n");
	}
	if (ATTACK == A_DBCN_OVERFLOW) {
		puts_raw("attack dbcn-overflow: ");
		if (os_a0 == SECRET && os_a3 == 8) {
			puts_raw("denied (the OS was told 8 bytes, the bytes after its buffer intact)\n");
		} else {
			puts_raw("ESCAPE (told ");
			print_dec(os_a3);
			puts_raw(" bytes; the bytes after its buffer overwritten)\n");
		}
	}
	if (ATTACK == A_H_CSRS) {
		puts_raw("attack h-csrs: ");
		if (os_a4 == 0) {
			puts_raw("denied (the OS found every H and VS CSR as a fresh hart has it)\n");
		} else {
			puts_raw("ESCAPE (the OS found the firmware's values in H/VS CSRs, mask ");
			print_hex(os_a4);
			puts_raw(")\n");
		}
	}
	if (ATTACK == A_PMP_XONLY) {
		puts_raw("attack pmp-xonly: ");
		if (exc_seen == 0 && os_a4 == CAUSE_ILLEGAL) {
			puts_raw("denied (the OS's own handler took its illegal instruction in "
				 "X-only code, the firmware saw nothing)\n");
		} else if (exc_seen) {
			puts_raw("ESCAPE (the firmware took the OS's illegal instruction at ");
			print_hex(exc_epc);
			puts_raw(": ");
			print_dec(exc_leaked);
			puts_raw(" registers of the OS seen; mark ");
			print_hex(os_a4);
			puts_raw(")\n");
		} else {
			puts_raw("ESCAPE (the OS did not take its illegal instruction at "
				 "its handler: mark ");
			print_hex(os_a4);
			puts_raw(")\n");
		}
	}
	print_bool("OS registers intact", os_a1 == 1);
	print_bool("OS secret intact", os_a0 == SECRET);
	test_end();
}
