// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: the debug trigger module (Sdtrig, RISC-V debug spec 1.0
 * §5: tselect, tdata1-3, tinfo; mcontrol type 2 §5.7.2, mcontrol6 type 6
 * §5.7.3) as the firmware programs it: its WARL fields, then triggers that
 * fire. An execute trigger or a load/store watchpoint with the M bit fires
 * in M-mode as a breakpoint exception (cause 3, Priv §3.1.15) before the
 * instruction; one with only S or U fires only in that mode; one with only
 * M never fires in S. QEMU 7.2 implements two triggers of types 2 and 6,
 * with match, chain, action, timing, select and hit read-only zero; a write
 * of a type it does not know aborts QEMU itself, so none is made here.
 */
/* difftest: debug */
#include "test.h"

#define CSR_TSELECT 0x7a0
#define CSR_TDATA1 0x7a1
#define CSR_TDATA2 0x7a2
#define CSR_TDATA3 0x7a3
#define CSR_TINFO 0x7a4
#define CSR_TCONTROL 0x7a5
#define TYPE(t) ((ulong)(t) << 60)
#define DMODE (1UL << 59)
#define T_LOAD 1UL
#define T_STORE 2UL
#define T_EXEC 4UL
#define T_U 8UL
#define T_S 0x10UL
#define T_M 0x40UL
#define T6_VU (1UL << 23)
#define T6_VS (1UL << 24)

__asm__(".pushsection .text\n.option push\n.option norvc\n"
	".globl trig_fn\ntrig_fn:\n\tnop\n\tnop\n\tret\n"
	".globl trig_fn2\ntrig_fn2:\n\tnop\n\tret\n"
	".option pop\n.popsection");
extern char trig_fn[], trig_fn2[];

static volatile ulong wvar = 0x1234, wvar2;

static void set_trigger(ulong i, ulong tdata1, ulong tdata2)
{
	csr_write(CSR_TSELECT, i);
	csr_write(CSR_TDATA1, TYPE(2)); /* off while tdata2 changes */
	csr_write(CSR_TDATA2, tdata2);
	csr_write(CSR_TDATA1, tdata1);
}

static void show(const char *what)
{
	puts_raw(what);
	puts_raw(": tdata1=");
	print_hex(TRY_CSRR(CSR_TDATA1));
	puts_raw(" tdata2=");
	print_hex(TRY_CSRR(CSR_TDATA2));
	putc_uart('\n');
}

static void write_show(const char *what, ulong v)
{
	TRY_CSRW(CSR_TDATA1, v);
	print_trap(what);
	show(what);
}

static void call_fn(const char *what, char *fn)
{
	trap_begin();
	((void (*)(void))fn)();
	trap_pc = (ulong)fn;
	trap_end();
	print_trap(what);
}

static long s_exec(long arg)
{
	((void (*)(void))(arg ? trig_fn2 : trig_fn))();
	return 0;
}

static long s_load(long arg)
{
	(void)arg;
	return (long)wvar;
}

int main(void)
{
	ulong i, n;

	test_begin("triggers");
	pmp_allow_all();

	/* The CSRs: which exist, how many triggers (tselect sticks below the count). */
	print_kv("tselect", TRY_CSRR(CSR_TSELECT));
	print_trap("read tselect");
	print_kv("tinfo", TRY_CSRR(CSR_TINFO));
	print_trap("read tinfo");
	(void)TRY_CSRR(CSR_TCONTROL);
	print_trap("read tcontrol");
	(void)TRY_CSRR(0x7a8);
	print_trap("read mcontext");
	(void)TRY_CSRR(0x7b0);
	print_trap("read dcsr");
	for (n = 0; n < 8; n++) {
		csr_write(CSR_TSELECT, n);
		if (csr_read(CSR_TSELECT) != n)
			break;
	}
	print_kv("triggers", n);
	csr_write(CSR_TSELECT, 0xffff);
	print_kv("tselect after 0xffff", csr_read(CSR_TSELECT));
	for (i = 0; i < n; i++) {
		csr_write(CSR_TSELECT, i);
		show("reset");
		print_kv("tdata3", TRY_CSRR(CSR_TDATA3));
	}

	/* WARL fields of tdata1 (type 2 and 6), tdata2 and tdata3. */
	csr_write(CSR_TSELECT, 0);
	write_show("type 2, all ones", TYPE(2) | ((1UL << 59) - 1));
	write_show("type 2, dmode", TYPE(2) | DMODE | T_M | T_EXEC);
	write_show("type 2, size 8B", TYPE(2) | (1UL << 16) | (2UL << 21) | T_S | T_LOAD);
	write_show("type 2, size 6B (reserved)", TYPE(2) | (0UL << 16) | (1UL << 21) | T_U | T_STORE);
	write_show("type 2, action 1", TYPE(2) | (1UL << 12) | T_M | T_EXEC);
	write_show("type 6, all ones", TYPE(6) | ((1UL << 59) - 1));
	write_show("type 6, size 4", TYPE(6) | (4UL << 16) | T6_VS | T6_VU | T_LOAD);
	write_show("type 6, size 3", TYPE(6) | (3UL << 16) | T_M | T_S | T_STORE);
	write_show("type 3 (icount, ignored)", TYPE(3) | 0x5);
	write_show("type 0 (ignored)", 0x40);
	write_show("type 15 (ignored)", TYPE(15) | 0x44);
	TRY_CSRW(CSR_TDATA2, 0xfedcba9876543210UL);
	print_trap("write tdata2");
	TRY_CSRW(CSR_TDATA3, 0x55);
	print_trap("write tdata3");
	print_kv("tdata3", TRY_CSRR(CSR_TDATA3));
	TRY_CSRW(CSR_TINFO, 0);
	print_trap("write tinfo");
	show("after tdata2/3");
	csr_write(CSR_TSELECT, 1);
	show("trigger 1 untouched");
	set_trigger(0, TYPE(2), 0);

	/* An execute trigger for M fires before the instruction, in M-mode. */
	set_trigger(0, TYPE(2) | T_M | T_EXEC, (ulong)trig_fn);
	call_fn("exec trigger (M) at trig_fn", trig_fn);
	call_fn("trig_fn2, no trigger", trig_fn2);
	set_trigger(0, TYPE(6) | T_M | T_EXEC, (ulong)trig_fn2);
	call_fn("exec trigger type 6 (M) at trig_fn2", trig_fn2);
	set_trigger(0, TYPE(2), 0);

	/* Load and store watchpoints for M. */
	set_trigger(1, TYPE(2) | T_M | T_LOAD, (ulong)&wvar);
	print_kv("load", try_ld((ulong)&wvar));
	print_trap("load watchpoint (M)");
	try_sd((ulong)&wvar, 7);
	print_trap("store, load-only watchpoint");
	set_trigger(1, TYPE(6) | T_M | T_STORE | (3UL << 16), (ulong)&wvar2);
	try_sd((ulong)&wvar2, 9);
	print_trap("store watchpoint type 6 (M)");
	print_kv("wvar2", wvar2);
	set_trigger(1, TYPE(2), 0);

	/* Modes: an M trigger never fires in S; an S one fires in S (to M: not delegated). */
	set_trigger(0, TYPE(2) | T_M | T_EXEC, (ulong)trig_fn);
	trap_begin();
	lower_call(PRV_S, s_exec, 0);
	trap_end();
	print_kv("S ran trig_fn under an M trigger, M traps", trap_rec.count);
	set_trigger(0, TYPE(2) | T_S | T_EXEC, (ulong)trig_fn);
	trap_begin();
	lower_call(PRV_S, s_exec, 0);
	trap_end();
	print_kv("S trigger in S: traps", trap_rec.count);
	print_kv("  mcause", trap_rec.cause);
	print_kv("  mepc is trig_fn", trap_rec.epc == (ulong)trig_fn);
	print_kv("  MPP", (trap_rec.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	call_fn("S trigger, M runs trig_fn", trig_fn);
	set_trigger(0, TYPE(2) | T_U | T_EXEC, (ulong)trig_fn2);
	trap_begin();
	lower_call(PRV_S, s_exec, 1);
	trap_end();
	print_kv("U trigger, S runs trig_fn2: traps", trap_rec.count);
	trap_begin();
	lower_call(PRV_U, s_exec, 1);
	trap_end();
	print_kv("U trigger in U: traps", trap_rec.count);
	print_kv("  mcause", trap_rec.cause);
	print_kv("  MPP", (trap_rec.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	set_trigger(0, TYPE(2), 0);
	set_trigger(1, TYPE(6) | T_S | T_LOAD, (ulong)&wvar);
	trap_begin();
	lower_call(PRV_S, s_load, 0);
	trap_end();
	print_kv("S load watchpoint type 6 in S: traps", trap_rec.count);
	print_kv("  mcause", trap_rec.cause);
	print_kv("  MPP", (trap_rec.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	set_trigger(1, TYPE(2), 0);

	test_end();
}
