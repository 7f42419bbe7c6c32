// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: every encoding of a time CSR access from S- and U-mode,
 * on machines with and without a time CSR. Unprivileged §10.1 (time is
 * read-only: csrrw, and csrrs/csrrc with rs1 != x0 or csrrsi/csrrci with
 * uimm != 0, write it and raise illegal instruction, Zicsr §9.1), Priv
 * §3.1.11 (mcounteren.TM gates S and U), §4.1.5 (scounteren.TM gates U).
 *
 * Where the hart has no time CSR (QEMU 7.2's spike and sifive_u), every
 * read traps to M and the firmware answers it from mtime, as OpenSBI does
 * (its hook below), where the firmware's mcounteren.TM (and scounteren.TM
 * for U) let that mode read it; it refuses (the trap stays) where they do
 * not, which is what a firmware clearing TM asks for. cordon's offload policy answers the plain reads itself
 * (policy/offload.c, offload_rdtime): it must leave the firmware every
 * form the hardware or the firmware would refuse. So the output is the
 * same whoever answers: a plain read gives a value between two mtime
 * readings, every other form traps to the firmware (cause, tval, epc).
 * Whether a plain read reached the firmware is not printed (with offload
 * it does not).
 */
#include "test.h"

static unsigned answered; /* reads the firmware answered (info: only) */

/* The firmware's emulation of a read of time (OpenSBI's, in short). */
static int emulate_time(struct trap_frame *f)
{
	ulong insn = f->tval, funct3 = (insn >> 12) & 7, rd = (insn >> 7) & 31;

	if (f->cause != CAUSE_ILLEGAL || (insn & 0x7f) != 0x73 || (insn >> 20) != 0xc01)
		return 0;
	/* csrrs/csrrc with rs1 = x0, csrrsi/csrrci with uimm = 0: a read */
	if (!(funct3 & 2) || ((insn >> 15) & 31))
		return 0;
	/* A firmware that clears TM refuses the mode the read (it traps on). */
	if (!(csr_read(mcounteren) & 2) ||
	    (((f->status >> 11) & 3) == PRV_U && !(csr_read(scounteren) & 2)))
		return 0;
	if (rd)
		f->x[rd] = clint_mtime();
	f->epc += 4;
	answered++;
	return 1;
}

enum { PLAIN_RS, PLAIN_RC, PLAIN_RSI, PLAIN_RCI, PLAIN_X0, PLAIN_N,
       W_RS_X1 = PLAIN_N, W_RS_X16, W_RSI_1, W_RSI_16, W_RC_X1, W_RCI_1, W_RW_X0, W_RWI_0, FORMS };

static const char *const names[FORMS] = {
	"csrrs a0, time, x0", "csrrc a0, time, x0", "csrrsi a0, time, 0", "csrrci a0, time, 0",
	"csrrs x0, time, x0",
	"csrrs a0, time, x1", "csrrs a0, time, x16", "csrrsi a0, time, 1", "csrrsi a0, time, 16",
	"csrrc a0, time, x1", "csrrci a0, time, 1", "csrrw a0, time, x0", "csrrwi a0, time, 0",
};

static ulong vals[FORMS];
static struct trap_record recs[FORMS];
static ulong pcs[FORMS];

/* One access: its value in vals[i] (a0, preset to 0x5a), its trap in recs[i]. */
#define FORM(i, insn) do { ulong __v, __pc; trap_begin(); \
	__asm__ volatile(".option push\n.option norvc\n" \
		"li a0, 0x5a\n" "li x16, 0\n" "la %1, 1f\n" "1: " insn "\n" "mv %0, a0\n" ".option pop" \
		: "=&r"(__v), "=&r"(__pc) :: "a0", "x1", "x16", "memory"); \
	trap_pc = __pc; trap_end(); vals[i] = __v; pcs[i] = __pc; recs[i] = trap_rec_copy(); } while (0)

static long probe(long unused)
{
	(void)unused;
	FORM(PLAIN_RS, "csrrs a0, time, x0");
	FORM(PLAIN_RC, "csrrc a0, time, x0");
	FORM(PLAIN_RSI, "csrrsi a0, time, 0");
	FORM(PLAIN_RCI, "csrrci a0, time, 0");
	FORM(PLAIN_X0, "csrrs x0, time, x0");
	FORM(W_RS_X1, "li x1, 0\n csrrs a0, time, x1");
	FORM(W_RS_X16, "csrrs a0, time, x16");
	FORM(W_RSI_1, "csrrsi a0, time, 1");
	FORM(W_RSI_16, "csrrsi a0, time, 16");
	FORM(W_RC_X1, "li x1, 0\n csrrc a0, time, x1");
	FORM(W_RCI_1, "csrrci a0, time, 1");
	FORM(W_RW_X0, "csrrw a0, time, x0");
	FORM(W_RWI_0, "csrrwi a0, time, 0");
	return 0;
}

static void run(const char *what, ulong mode, ulong mcen, ulong scen)
{
	ulong before, after;

	csr_write(mcounteren, mcen);
	csr_write(scounteren, scen);
	before = clint_mtime();
	lower_call(mode, probe, 0);
	after = clint_mtime();
	for (int i = 0; i < FORMS; i++) {
		puts_raw(what);
		puts_raw(": ");
		if (recs[i].count) {
			print_record(names[i], &recs[i], pcs[i]);
			continue;
		}
		puts_raw(names[i]);
		if (i == PLAIN_X0)
			println(vals[i] == 0x5a ? ": no trap, a0 kept" : ": no trap, a0 CHANGED");
		else if (vals[i] >= before && vals[i] <= after)
			println(": no trap, value within mtime");
		else
			println(": no trap, value OUTSIDE mtime");
	}
}

int main(void)
{
	test_begin("rdtime_forms");
	pmp_allow_all();
	m_trap_hook = emulate_time;
	run("S mcen=TM", PRV_S, 0x2, 0);
	run("S mcen=0", PRV_S, 0x0, 0x2);
	run("U mcen=TM scen=TM", PRV_U, 0x2, 0x2);
	run("U mcen=TM scen=0", PRV_U, 0x2, 0x0);
	run("U mcen=0 scen=TM", PRV_U, 0x0, 0x2);
	m_trap_hook = 0;
	puts_raw("info: time reads the firmware answered: ");
	print_dec(answered);
	putc_uart('\n');
	csr_write(mcounteren, 0);
	csr_write(scounteren, 0);
	test_end();
}
