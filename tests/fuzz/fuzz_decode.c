// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness of core/decode.c: decode_insn on arbitrary 32-bit words
 * must never crash, and what it returns must be self-consistent: the length
 * matches the low bits, widths, registers and immediates are in range, and
 * re-encoding the decoded fields gives back the instruction bits.
 */
#include <stdbool.h>
#include <string.h>

#include "decode.h"
#include "fuzz.h"

#define OPC_LOAD 0x03U
#define OPC_LOAD_FP 0x07U
#define OPC_STORE 0x23U
#define OPC_STORE_FP 0x27U
#define OPC_SYSTEM 0x73U

static uint32_t field(uint32_t x, unsigned hi, unsigned lo)
{
	return (x >> lo) & ((1U << (hi - lo + 1U)) - 1U);
}

static unsigned log2_width(unsigned width)
{
	return width == 1 ? 0 : width == 2 ? 1 : width == 4 ? 2 : 3;
}

/* Put value v into bits [hi:lo] of an encoding. */
static uint32_t place(uint64_t v, unsigned hi, unsigned lo)
{
	return (uint32_t)(v & ((1U << (hi - lo + 1U)) - 1U)) << lo;
}

/* Offset bit ranges of the compressed forms: offset[from_hi:from_lo] -> inst[to]. */
static uint32_t cimm(uint64_t off, unsigned ohi, unsigned olo, unsigned ilo)
{
	return place(off >> olo, ilo + ohi - olo, ilo);
}

/* Encode a decoded 32-bit load/store (unprivileged ISA §2.6, §11.5, §12.5). */
static uint32_t encode_mem32(const struct insn *in)
{
	uint32_t imm = (uint32_t)in->imm & 0xfffU, f3 = log2_width(in->width);
	if (in->kind == INSN_LOAD) {
		uint32_t opc = in->is_fp ? OPC_LOAD_FP : OPC_LOAD;
		if (!in->is_fp && !in->is_signed)
			f3 |= 4U;
		return place(imm, 31, 20) | place(in->rs1, 19, 15) | place(f3, 14, 12) |
		       place(in->rd, 11, 7) | opc;
	}
	return place(imm >> 5, 31, 25) | place(in->rs2, 24, 20) | place(in->rs1, 19, 15) |
	       place(f3, 14, 12) | place(imm, 11, 7) | (in->is_fp ? OPC_STORE_FP : OPC_STORE);
}

/* Encode a decoded compressed load/store (unprivileged ISA §16.3, table 16.5-16.6). */
static uint32_t encode_mem16(const struct insn *in)
{
	bool load = in->kind == INSN_LOAD, d = in->width == 8;
	uint64_t off = (uint64_t)in->imm;
	uint32_t f3 = (load ? 0U : 4U) | (d ? (in->is_fp ? 1U : 3U) : 2U);

	if (in->rs1 != 2) { /* quadrant 0: C.LW C.LD C.FLD C.SW C.SD C.FSD */
		uint32_t r = load ? in->rd : in->rs2;
		uint32_t imm = cimm(off, 5, 3, 10) |
			       (d ? cimm(off, 7, 6, 5) : cimm(off, 2, 2, 6) | cimm(off, 6, 6, 5));
		return place(f3, 15, 13) | imm | place(in->rs1 - 8U, 9, 7) | place(r - 8U, 4, 2) |
		       0U;
	}
	/* quadrant 2, sp-relative */
	if (load) {
		uint32_t imm = cimm(off, 5, 5, 12) | (d ? cimm(off, 4, 3, 5) | cimm(off, 8, 6, 2)
							: cimm(off, 4, 2, 4) | cimm(off, 7, 6, 2));
		return place(f3, 15, 13) | imm | place(in->rd, 11, 7) | 2U;
	}
	uint32_t imm = d ? cimm(off, 5, 3, 10) | cimm(off, 8, 6, 7)
			 : cimm(off, 5, 2, 9) | cimm(off, 7, 6, 7);
	return place(f3, 15, 13) | imm | place(in->rs2, 6, 2) | 2U;
}

static void check_mem(uint32_t raw, const struct insn *in)
{
	CHECK(in->width == 1 || in->width == 2 || in->width == 4 || in->width == 8,
	      "raw %08x width %u", raw, in->width);
	CHECK(!in->is_fp || in->width == 4 || in->width == 8, "raw %08x FP width %u", raw,
	      in->width);
	CHECK(in->kind != INSN_LOAD || !in->is_fp || !in->is_signed,
	      "raw %08x: an FP load is not sign-extended", raw);
	if (in->len == 4) {
		CHECK(in->imm >= -2048 && in->imm <= 2047, "raw %08x imm %lld", raw,
		      (long long)in->imm);
		CHECK(encode_mem32(in) == raw, "raw %08x re-encodes as %08x", raw,
		      encode_mem32(in));
		return;
	}
	/* Compressed: unsigned offsets, scaled by the width (§16.3). */
	CHECK(in->imm >= 0 && in->imm < 512 && in->imm % in->width == 0, "raw %04x imm %lld",
	      raw & 0xffffU, (long long)in->imm);
	CHECK(in->width >= 4, "raw %04x: compressed access of width %u", raw & 0xffffU, in->width);
	if (in->rs1 != 2) {
		CHECK((raw & 3U) == 0, "raw %04x: rs1 %u outside quadrant 2", raw & 0xffffU,
		      in->rs1);
		CHECK(in->rs1 >= 8 && in->rs1 < 16 && in->rd >= 8 && in->rd < 16 && in->rs2 >= 8 &&
			      in->rs2 < 16,
		      "raw %04x: compressed rd'/rs1'/rs2' %u/%u/%u outside x8..x15", raw & 0xffffU,
		      in->rd, in->rs1, in->rs2);
		CHECK(in->imm < (in->width == 8 ? 256 : 128), "raw %04x imm %lld", raw & 0xffffU,
		      (long long)in->imm);
	} else {
		CHECK((raw & 3U) == 2, "raw %04x: sp-relative outside quadrant 2", raw & 0xffffU);
		CHECK(in->kind != INSN_LOAD || in->is_fp || in->rd != 0,
		      "raw %04x: C.LWSP/C.LDSP with rd=x0 is reserved", raw & 0xffffU);
	}
	CHECK(encode_mem16(in) == (raw & 0xffffU), "raw %04x re-encodes as %04x", raw & 0xffffU,
	      encode_mem16(in));
}

static void check_system(uint32_t raw, const struct insn *in)
{
	CHECK(field(raw, 6, 0) == OPC_SYSTEM, "raw %08x: SYSTEM kind %d from another opcode", raw,
	      in->kind);
	CHECK(in->rd == field(raw, 11, 7) && in->rs1 == field(raw, 19, 15), "raw %08x: rd/rs1",
	      raw);
	switch (in->kind) {
	case INSN_CSR:
		CHECK(in->csr == raw >> 20, "raw %08x csr %x", raw, in->csr);
		CHECK(in->csr_op >= CSR_OP_RW && in->csr_op <= CSR_OP_RC, "raw %08x csr_op %u", raw,
		      in->csr_op);
		CHECK((field(raw, 14, 12) & 3U) == in->csr_op &&
			      ((field(raw, 14, 12) & 4U) != 0) == in->csr_imm,
		      "raw %08x: funct3 vs op %u imm %d", raw, in->csr_op, in->csr_imm);
		break;
	case INSN_ECALL:
		CHECK(raw == 0x00000073U, "raw %08x decoded as ecall", raw);
		break;
	case INSN_EBREAK:
		CHECK(raw == 0x00100073U, "raw %08x decoded as ebreak", raw);
		break;
	case INSN_MRET:
		CHECK(raw == 0x30200073U, "raw %08x decoded as mret", raw);
		break;
	case INSN_SRET:
		CHECK(raw == 0x10200073U, "raw %08x decoded as sret", raw);
		break;
	case INSN_WFI:
		CHECK(raw == 0x10500073U, "raw %08x decoded as wfi", raw);
		break;
	case INSN_SFENCE_VMA:
		CHECK((raw & 0xfe007fffU) == 0x12000073U, "raw %08x decoded as sfence.vma", raw);
		CHECK(in->rs2 == field(raw, 24, 20), "raw %08x: rs2", raw);
		break;
	case INSN_HFENCE:
		CHECK((raw & 0xfe007fffU) == 0x22000073U || (raw & 0xfe007fffU) == 0x62000073U,
		      "raw %08x decoded as hfence", raw);
		break;
	case INSN_HLSV: /* Priv §9.3.4: SYSTEM, funct3 4, funct7 0x30..0x37 */
		CHECK((raw & 0x707fU) == 0x4073U && (field(raw, 31, 25) & 0x78U) == 0x30U,
		      "raw %08x decoded as hlv/hsv", raw);
		CHECK(in->len == 4 && in->rs1 == field(raw, 19, 15) &&
			      in->width == 1U << ((field(raw, 31, 25) >> 1) & 3U),
		      "raw %08x: hlv/hsv operands", raw);
		CHECK(in->hlsv != HLSV_NONE && ((field(raw, 25, 25) != 0) == (in->hlsv >= HLSV_SB)),
		      "raw %08x: hlv/hsv form %u", raw, in->hlsv);
		CHECK(in->hlsv < HLSV_SB || field(raw, 11, 7) == 0, "raw %08x: hsv with rd", raw);
		break;
	default:
		CHECK(false, "raw %08x: kind %d", raw, in->kind);
	}
}

static void check(uint32_t raw)
{
	struct insn in;
	bool ok;

	memset(&in, 0xa5, sizeof(in)); /* decode_insn must set every field */
	ok = decode_insn(raw, &in);
	CHECK(ok == (in.kind != INSN_UNKNOWN), "raw %08x: returned %d with kind %d", raw, ok,
	      in.kind);
	CHECK(in.len == insn_length(raw) && (in.len == 2 || in.len == 4), "raw %08x len %u", raw,
	      in.len);
	CHECK(in.len == ((raw & 3U) == 3U ? 4 : 2), "raw %08x len %u", raw, in.len);
	CHECK(in.rd < 32 && in.rs1 < 32 && in.rs2 < 32, "raw %08x regs %u %u %u", raw, in.rd,
	      in.rs1, in.rs2);
	CHECK(in.csr < 4096, "raw %08x csr %x", raw, in.csr);
	if (!ok)
		return;
	if (in.kind == INSN_LOAD || in.kind == INSN_STORE) {
		check_mem(raw, &in);
	} else {
		CHECK(in.len == 4, "raw %08x: compressed SYSTEM instruction kind %d", raw, in.kind);
		check_system(raw, &in);
	}
	/* The upper half of a compressed instruction is the next one: it must not matter. */
	if (in.len == 2) {
		struct insn again;
		decode_insn((raw & 0xffffU) | (~raw & 0xffff0000U), &again);
		CHECK(memcmp(&again, &in, sizeof(in)) == 0, "raw %08x: upper half changes decoding",
		      raw);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Every 4 bytes are one word; a short tail is one more, zero-padded. */
	struct stream s = { data, size, 0 };
	while (!stream_empty(&s))
		check((uint32_t)stream_bytes(&s, 4));
	return 0;
}
