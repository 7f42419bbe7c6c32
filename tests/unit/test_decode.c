// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host unit tests of core/decode.c: every instruction form cordon emulates,
 * with encodings taken from the assembler (riscv64-unknown-elf-as).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "decode.h"

static struct insn dec(uint32_t raw)
{
	struct insn in;
	decode_insn(raw, &in);
	return in;
}

static void test_csr_forms(void **state)
{
	(void)state;
	struct insn in = dec(0x30529073); /* csrw mtvec, t0 = csrrw x0, mtvec, t0 */
	assert_int_equal(in.kind, INSN_CSR);
	assert_int_equal(in.csr, 0x305);
	assert_int_equal(in.csr_op, CSR_OP_RW);
	assert_false(in.csr_imm);
	assert_int_equal(in.rd, 0);
	assert_int_equal(in.rs1, 5);
	in = dec(0x30046073); /* csrsi mstatus, 8 */
	assert_int_equal(in.csr_op, CSR_OP_RS);
	assert_true(in.csr_imm);
	assert_int_equal(in.rs1, 8);
	in = dec(0xf1402573); /* csrr a0, mhartid */
	assert_int_equal(in.csr, 0xf14);
	assert_int_equal(in.rd, 10);
	assert_int_equal(in.rs1, 0);
	in = dec(0x3047b7f3); /* csrrc a5, mie, a5 */
	assert_int_equal(in.csr_op, CSR_OP_RC);
	assert_int_equal(in.len, 4);
}

static void test_system(void **state)
{
	(void)state;
	assert_int_equal(dec(0x30200073).kind, INSN_MRET);
	assert_int_equal(dec(0x10200073).kind, INSN_SRET);
	assert_int_equal(dec(0x10500073).kind, INSN_WFI);
	assert_int_equal(dec(0x00000073).kind, INSN_ECALL);
	assert_int_equal(dec(0x00100073).kind, INSN_EBREAK);
	struct insn in = dec(0x12b50073); /* sfence.vma a0, a1 */
	assert_int_equal(in.kind, INSN_SFENCE_VMA);
	assert_int_equal(in.rs1, 10);
	assert_int_equal(in.rs2, 11);
	assert_int_equal(dec(0x62000073).kind, INSN_HFENCE); /* hfence.gvma */
	assert_int_equal(dec(0x22000073).kind, INSN_HFENCE); /* hfence.vvma */
	in = dec(0x6005c573);				     /* hlv.b a0, (a1) */
	assert_int_equal(in.kind, INSN_HLSV);
	assert_int_equal(in.hlsv, HLSV_LB);
	assert_int_equal(in.rd, 10);
	assert_int_equal(in.rs1, 11);
	assert_int_equal(dec(0x6015c573).hlsv, HLSV_LBU);  /* hlv.bu */
	assert_int_equal(dec(0x6435c573).hlsv, HLSV_LXHU); /* hlvx.hu */
	assert_int_equal(dec(0x6835c573).hlsv, HLSV_LXWU); /* hlvx.wu */
	assert_int_equal(dec(0x6c05c573).hlsv, HLSV_LD);   /* hlv.d */
	in = dec(0x6ea5c073);				   /* hsv.d a0, (a1) */
	assert_int_equal(in.kind, INSN_HLSV);
	assert_int_equal(in.hlsv, HLSV_SD);
	assert_int_equal(in.rs2, 10);
	assert_int_equal(in.rs1, 11);
	assert_false(decode_insn(0x6c15c573, &in)); /* hlv.du: no such form */
	assert_false(decode_insn(0x6ea5c573, &in)); /* hsv.d with rd != 0 */
	assert_false(decode_insn(0x00000000, &in));
	assert_false(decode_insn(0xffffffff, &in));
}

static void test_loads_stores(void **state)
{
	(void)state;
	struct insn in = dec(0xff853503); /* ld a0, -8(a0) */
	assert_int_equal(in.kind, INSN_LOAD);
	assert_int_equal(in.width, 8);
	assert_int_equal(in.imm, -8);
	assert_true(in.is_signed);
	in = dec(0x0045c783); /* lbu a5, 4(a1) */
	assert_int_equal(in.width, 1);
	assert_false(in.is_signed);
	assert_int_equal(in.rd, 15);
	in = dec(0x00e7a823); /* sw a4, 16(a5) */
	assert_int_equal(in.kind, INSN_STORE);
	assert_int_equal(in.width, 4);
	assert_int_equal(in.imm, 16);
	assert_int_equal(in.rs1, 15);
	assert_int_equal(in.rs2, 14);
	in = dec(0xfea43c23); /* sd a0, -8(s0) */
	assert_int_equal(in.imm, -8);
	in = dec(0x00853787); /* fld fa5, 8(a0) */
	assert_true(in.is_fp);
	assert_int_equal(in.width, 8);
	in = dec(0x00f52627); /* fsw fa5, 12(a0) */
	assert_true(in.is_fp);
	assert_int_equal(in.kind, INSN_STORE);
	assert_int_equal(in.width, 4);
	assert_int_equal(in.imm, 12);
	assert_false(decode_insn(0x00007503, &in)); /* funct3=7 load: reserved */
}

static void test_compressed(void **state)
{
	(void)state;
	struct insn in = dec(0x4598); /* c.lw a4, 8(a1) */
	assert_int_equal(in.kind, INSN_LOAD);
	assert_int_equal(in.len, 2);
	assert_int_equal(in.width, 4);
	assert_int_equal(in.rd, 14);
	assert_int_equal(in.rs1, 11);
	assert_int_equal(in.imm, 8);
	in = dec(0x6518); /* c.ld a4, 8(a0) */
	assert_int_equal(in.width, 8);
	assert_int_equal(in.imm, 8);
	in = dec(0xc198); /* c.sw a4, 0(a1) */
	assert_int_equal(in.kind, INSN_STORE);
	assert_int_equal(in.rs2, 14);
	in = dec(0x4522); /* c.lwsp a0, 8(sp) */
	assert_int_equal(in.rs1, 2);
	assert_int_equal(in.rd, 10);
	assert_int_equal(in.imm, 8);
	in = dec(0x6522); /* c.ldsp a0, 8(sp) */
	assert_int_equal(in.width, 8);
	assert_int_equal(in.imm, 8);
	in = dec(0xc42a); /* c.swsp a0, 8(sp) */
	assert_int_equal(in.kind, INSN_STORE);
	assert_int_equal(in.rs2, 10);
	assert_int_equal(in.imm, 8);
	in = dec(0xe42a); /* c.sdsp a0, 8(sp) */
	assert_int_equal(in.width, 8);
	assert_int_equal(in.imm, 8);
	in = dec(0x2522); /* c.fldsp fa0, 8(sp) */
	assert_true(in.is_fp);
	assert_int_equal(in.imm, 8);
	in = dec(0xa42a); /* c.fsdsp fa0, 8(sp) */
	assert_true(in.is_fp);
	assert_int_equal(in.kind, INSN_STORE);
	in = dec(0x2118); /* c.fld fa4, 0(a0)... */
	assert_true(in.is_fp);
	assert_int_equal(in.kind, INSN_LOAD);
	assert_false(decode_insn(0x0001, &in)); /* c.nop */
	assert_false(decode_insn(0x4002, &in)); /* c.lwsp x0: reserved */
}

static void test_insn_is_fp(void **state)
{
	(void)state;
	assert_true(insn_is_fp(0x00053287));  /* fld f5, 0(a0) */
	assert_true(insn_is_fp(0x00553027));  /* fsd f5, 0(a0) */
	assert_true(insn_is_fp(0xe20282d3));  /* fmv.x.d t0, f5 */
	assert_true(insn_is_fp(0x003022f3));  /* csrr t0, fcsr */
	assert_true(insn_is_fp(0x00105073));  /* csrwi fflags, 0 */
	assert_true(insn_is_fp(0x2108));      /* c.fld f10, 0(a0) */
	assert_true(insn_is_fp(0xa022));      /* c.fsdsp f8, 0(sp) */
	assert_false(insn_is_fp(0x00053283)); /* ld t0, 0(a0) */
	assert_false(insn_is_fp(0x6108));     /* c.ld a0, 0(a0) */
	assert_false(insn_is_fp(0x30002573)); /* csrr a0, mstatus */
	assert_false(insn_is_fp(0x00000073)); /* ecall */
	assert_false(insn_is_fp(0x0030c073)); /* hlv-like funct3 4 on CSR 3: not a CSR form */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csr_forms),    cmocka_unit_test(test_system),
		cmocka_unit_test(test_loads_stores), cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_insn_is_fp),
	};
	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
