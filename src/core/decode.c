// SPDX-License-Identifier: BSD-2-Clause
/*
 * Instruction decoder for the instructions cordon emulates: SYSTEM
 * instructions trapped from virtual M-mode (unprivileged ISA §2.8, Priv §3.3)
 * and the loads/stores it performs on the firmware's behalf (CLINT, MPRV),
 * including the compressed and FP forms (unprivileged ISA §16.3, §16.5).
 */
#include "decode.h"

#define OPC_LOAD 0x03
#define OPC_LOAD_FP 0x07
#define OPC_STORE 0x23
#define OPC_STORE_FP 0x27
#define OPC_SYSTEM 0x73

#define INSN_BITS_ECALL 0x00000073U
#define INSN_BITS_EBREAK 0x00100073U
#define INSN_BITS_SRET 0x10200073U
#define INSN_BITS_WFI 0x10500073U
#define FUNCT7_SFENCE_VMA 0x09U
#define FUNCT7_HFENCE_VVMA 0x11U
#define FUNCT7_HFENCE_GVMA 0x31U

/*@ requires lo <= hi < 32 && hi - lo < 31;
    assigns \nothing;
    ensures \result == ((x >> lo) & (uint32_t)((uint32_t)(1 << (hi - lo + 1)) - 1));
*/
static uint32_t bits(uint32_t x, unsigned hi, unsigned lo)
{
	return (x >> lo) & ((1U << (hi - lo + 1U)) - 1U);
}

/*@ requires 1 <= width_bits <= 64;
    assigns \nothing;
*/
static int64_t sext(uint64_t v, unsigned width_bits)
{
	uint64_t m = 1ULL << (width_bits - 1U);
	return (int64_t)((v ^ m) - m);
}

/*
 * Hypervisor loads and stores (Priv §9.3.4, table of the SYSTEM opcode,
 * funct3 = 4): funct7 names width and direction, rs2 (loads) the variant.
 */
/*@ requires \valid(out) && out->rd < 32 && out->rs1 < 32 && out->rs2 < 32;
    assigns out->width, out->hlsv, out->is_signed, out->kind;
    ensures \result ==> out->kind == INSN_HLSV && insn_fields_ok(out);
*/
static bool decode_hlsv(uint32_t raw, struct insn *out)
{
	static const uint8_t loads[4][4] = {
		/* rs2: 0 signed, 1 unsigned, 2 -, 3 hlvx (execute permission) */
		{ HLSV_LB, HLSV_LBU, HLSV_NONE, HLSV_NONE },
		{ HLSV_LH, HLSV_LHU, HLSV_NONE, HLSV_LXHU },
		{ HLSV_LW, HLSV_LWU, HLSV_NONE, HLSV_LXWU },
		{ HLSV_LD, HLSV_NONE, HLSV_NONE, HLSV_NONE },
	};
	static const uint8_t stores[4] = { HLSV_SB, HLSV_SH, HLSV_SW, HLSV_SD };
	uint32_t funct7 = bits(raw, 31, 25), size = (funct7 >> 1) & 3U;

	if ((funct7 & 0x78U) != 0x30U)
		return false;
	out->width = (uint8_t)(1U << size);
	if (funct7 & 1U) { /* hsv.*: rd must be 0 */
		if (out->rd != 0)
			return false;
		out->hlsv = stores[size];
		out->kind = INSN_HLSV;
		return true;
	}
	if (out->rs2 > 3 || loads[size][out->rs2] == HLSV_NONE)
		return false;
	out->hlsv = loads[size][out->rs2];
	out->is_signed = out->rs2 == 0;
	out->kind = INSN_HLSV;
	return true;
}

/*@ requires \valid(out);
    assigns out->rd, out->rs1, out->rs2, out->kind, out->csr, out->csr_op, out->csr_imm,
	    out->width, out->hlsv, out->is_signed;
    ensures \result ==> out->kind != INSN_UNKNOWN && insn_fields_ok(out);
*/
static bool decode_system(uint32_t raw, struct insn *out)
{
	uint32_t funct3 = bits(raw, 14, 12);

	out->rd = (uint8_t)bits(raw, 11, 7);
	out->rs1 = (uint8_t)bits(raw, 19, 15);
	out->rs2 = (uint8_t)bits(raw, 24, 20);
	if (funct3 == 0) {
		uint32_t funct7 = bits(raw, 31, 25);
		if (raw == INSN_BITS_ECALL)
			out->kind = INSN_ECALL;
		else if (raw == INSN_BITS_EBREAK)
			out->kind = INSN_EBREAK;
		else if (raw == INSN_BITS_MRET)
			out->kind = INSN_MRET;
		else if (raw == INSN_BITS_SRET)
			out->kind = INSN_SRET;
		else if (raw == INSN_BITS_WFI)
			out->kind = INSN_WFI;
		else if (funct7 == FUNCT7_SFENCE_VMA && out->rd == 0)
			out->kind = INSN_SFENCE_VMA;
		else if ((funct7 == FUNCT7_HFENCE_VVMA || funct7 == FUNCT7_HFENCE_GVMA) &&
			 out->rd == 0)
			out->kind = INSN_HFENCE;
		return out->kind != INSN_UNKNOWN;
	}
	if (funct3 == 4)
		return decode_hlsv(raw, out);
	out->kind = INSN_CSR;
	out->csr = (uint16_t)bits(raw, 31, 20);
	out->csr_op = (uint8_t)(funct3 & 3U);
	out->csr_imm = (funct3 & 4U) != 0;
	return true;
}

/*@ requires \valid(out);
    assigns out->rd, out->rs1, out->rs2, out->kind, out->width, out->is_signed, out->is_fp,
	    out->imm;
    ensures \result ==> out->kind != INSN_UNKNOWN && insn_fields_ok(out);
*/
static bool decode_mem32(uint32_t raw, struct insn *out)
{
	uint32_t opc = bits(raw, 6, 0), funct3 = bits(raw, 14, 12);

	out->rd = (uint8_t)bits(raw, 11, 7);
	out->rs1 = (uint8_t)bits(raw, 19, 15);
	out->rs2 = (uint8_t)bits(raw, 24, 20);
	switch (opc) {
	case OPC_LOAD:
		if (funct3 == 7)
			return false;
		out->kind = INSN_LOAD;
		out->width = (uint8_t)(1U << (funct3 & 3U));
		out->is_signed = funct3 < 4;
		out->imm = sext(bits(raw, 31, 20), 12);
		return true;
	case OPC_LOAD_FP:
	case OPC_STORE_FP:
		if (funct3 != 2 && funct3 != 3) /* FLW/FLD, FSW/FSD */
			return false;
		out->is_fp = true;
		out->width = (uint8_t)(1U << funct3);
		out->kind = opc == OPC_LOAD_FP ? INSN_LOAD : INSN_STORE;
		out->imm = opc == OPC_LOAD_FP
				   ? sext(bits(raw, 31, 20), 12)
				   : sext((bits(raw, 31, 25) << 5) | bits(raw, 11, 7), 12);
		return true;
	case OPC_STORE:
		if (funct3 > 3)
			return false;
		out->kind = INSN_STORE;
		out->width = (uint8_t)(1U << funct3);
		out->imm = sext((bits(raw, 31, 25) << 5) | bits(raw, 11, 7), 12);
		return true;
	default:
		return false;
	}
}

/* Compressed loads and stores, RV64C (unprivileged ISA §16.3). */
/*@ requires \valid(out);
    assigns out->rd, out->rs1, out->rs2, out->kind, out->width, out->is_signed, out->is_fp,
	    out->imm;
    ensures \result ==> out->kind != INSN_UNKNOWN && insn_fields_ok(out);
*/
static bool decode_mem16(uint32_t raw, struct insn *out)
{
	uint32_t quadrant = raw & 3U, funct3 = bits(raw, 15, 13);
	uint32_t rd_p = 8U | bits(raw, 4, 2), rs1_p = 8U | bits(raw, 9, 7); /* x8..x15 */
	uint32_t off_w = (bits(raw, 12, 10) << 3) | (bits(raw, 6, 6) << 2) | (bits(raw, 5, 5) << 6);
	uint32_t off_d = (bits(raw, 12, 10) << 3) | (bits(raw, 6, 5) << 6);

	if (quadrant == 0) {
		out->rs1 = (uint8_t)rs1_p;
		out->rd = out->rs2 = (uint8_t)rd_p;
		switch (funct3) {
		case 1: /* C.FLD */
		case 5: /* C.FSD */
			out->is_fp = true;
			/* fall through */
		case 3: /* C.LD */
		case 7: /* C.SD */
			out->width = 8;
			out->imm = off_d;
			break;
		case 2: /* C.LW */
		case 6: /* C.SW */
			out->width = 4;
			out->imm = off_w;
			break;
		default:
			return false;
		}
		out->kind = funct3 < 4 ? INSN_LOAD : INSN_STORE;
		out->is_signed = out->kind == INSN_LOAD && !out->is_fp;
		return true;
	}
	if (quadrant == 2) {
		out->rs1 = 2; /* sp-relative */
		out->rd = (uint8_t)bits(raw, 11, 7);
		out->rs2 = (uint8_t)bits(raw, 6, 2);
		switch (funct3) {
		case 2: /* C.LWSP */
			if (out->rd == 0)
				return false;
			out->width = 4;
			out->imm = (bits(raw, 12, 12) << 5) | (bits(raw, 6, 4) << 2) |
				   (bits(raw, 3, 2) << 6);
			break;
		case 1: /* C.FLDSP */
			out->is_fp = true;
			/* fall through */
		case 3: /* C.LDSP */
			if (!out->is_fp && out->rd == 0)
				return false;
			out->width = 8;
			out->imm = (bits(raw, 12, 12) << 5) | (bits(raw, 6, 5) << 3) |
				   (bits(raw, 4, 2) << 6);
			break;
		case 6: /* C.SWSP */
			out->width = 4;
			out->imm = (bits(raw, 12, 9) << 2) | (bits(raw, 8, 7) << 6);
			break;
		case 5: /* C.FSDSP */
			out->is_fp = true;
			/* fall through */
		case 7: /* C.SDSP */
			out->width = 8;
			out->imm = (bits(raw, 12, 10) << 3) | (bits(raw, 9, 7) << 6);
			break;
		default:
			return false;
		}
		out->kind = funct3 < 4 ? INSN_LOAD : INSN_STORE;
		out->is_signed = out->kind == INSN_LOAD && !out->is_fp;
		return true;
	}
	return false;
}

/*@ requires \valid(out);
    assigns *out;
    ensures \result ==> out->kind != INSN_UNKNOWN && insn_fields_ok(out);
    ensures out->len == 2 || out->len == 4;
*/
bool decode_insn(uint32_t raw, struct insn *out)
{
	*out = (struct insn){ 0 };
	out->len = (uint8_t)insn_length(raw);
	if (out->len == 2)
		return decode_mem16(raw & 0xffffU, out);
	if (bits(raw, 6, 0) == OPC_SYSTEM)
		return decode_system(raw, out);
	return decode_mem32(raw, out);
}

/*@ assigns \nothing; */
bool insn_is_fp(uint32_t raw)
{
	unsigned op = raw & 0x7fU, csr = raw >> 20, f3 = (raw >> 12) & 7U;

	if (op == 0x73U) /* SYSTEM (a 4-byte opcode): csrrw/s/c[i] on fflags, frm, fcsr */
		return f3 != 0U && f3 != 4U && csr >= 0x001U && csr <= 0x003U;
	if (insn_length(raw) == 2) {
		unsigned q = raw & 3U, c3 = (raw >> 13) & 7U;
		return (q == 0U || q == 2U) && (c3 == 1U || c3 == 5U);
	}
	switch (op) {
	case 0x07U: /* LOAD-FP */
	case 0x27U: /* STORE-FP */
	case 0x53U: /* OP-FP */
	case 0x43U: /* FMADD */
	case 0x47U: /* FMSUB */
	case 0x4bU: /* FNMSUB */
	case 0x4fU: /* FNMADD */
		return true;
	default:
		return false;
	}
}
