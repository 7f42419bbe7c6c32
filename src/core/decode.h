// SPDX-License-Identifier: BSD-2-Clause
/*
 * Instruction decoder: turns the bits of a trapped instruction into a
 * struct insn that the emulators act on. Pure logic, host-testable.
 */
#ifndef CORDON_DECODE_H
#define CORDON_DECODE_H

#include <stdbool.h>
#include <stdint.h>

enum insn_kind {
	INSN_UNKNOWN = 0,
	INSN_CSR, /* csrrw/csrrs/csrrc and immediate forms */
	INSN_ECALL,
	INSN_EBREAK,
	INSN_MRET,
	INSN_SRET,
	INSN_WFI,
	INSN_SFENCE_VMA,
	INSN_HFENCE, /* hfence.vvma / hfence.gvma */
	INSN_LOAD,   /* integer or FP load, 32-bit or compressed */
	INSN_STORE,  /* integer or FP store, 32-bit or compressed */
	INSN_HLSV,   /* hypervisor load/store: hlv.*, hlvx.*, hsv.* (Priv §9.3.4) */
};

/* The hypervisor load/store forms (INSN_HLSV). */
enum hlsv_op {
	HLSV_NONE = 0,
	HLSV_LB,
	HLSV_LBU,
	HLSV_LH,
	HLSV_LHU,
	HLSV_LW,
	HLSV_LWU,
	HLSV_LD,
	HLSV_LXHU,
	HLSV_LXWU,
	HLSV_SB,
	HLSV_SH,
	HLSV_SW,
	HLSV_SD,
};

enum csr_op { CSR_OP_RW = 1, CSR_OP_RS = 2, CSR_OP_RC = 3 };

#define INSN_BITS_MRET 0x30200073U

struct insn {
	enum insn_kind kind;
	uint8_t len; /* 2 or 4 bytes */
	uint8_t rd;  /* destination register (integer or FP) */
	uint8_t rs1; /* source register, or the uimm of an immediate CSR form */
	uint8_t rs2; /* store data register (integer or FP) */
	/* INSN_CSR */
	uint16_t csr;
	uint8_t csr_op; /* enum csr_op */
	bool csr_imm;	/* rs1 holds an immediate */
	/* INSN_LOAD / INSN_STORE */
	uint8_t width;	/* bytes: 1, 2, 4 or 8 */
	bool is_signed; /* loads: sign-extend the value */
	bool is_fp;	/* rd/rs2 name an FP register */
	int64_t imm;	/* address offset from rs1 */
	/* INSN_HLSV: the form; address in rs1, data in rd (loads) or rs2 (stores) */
	uint8_t hlsv; /* enum hlsv_op */
};

/*
 * What the emulators index with a decoded field and so rely on (vcsr_exec,
 * monitor.c): register numbers below 32. decode_insn ensures it when it
 * returns true (checked by Frama-C WP, tests/proofs). An ACSL
 * predicate written as a macro, for WP's simplifier to see its body.
 */
#define insn_fields_ok(i) ((i)->rd < 32 && (i)->rs1 < 32 && (i)->rs2 < 32)

/* Length in bytes of the instruction whose first halfword is lo (2 or 4). */
/*@ assigns \nothing;
    ensures \result == 2 || \result == 4;
*/
static inline unsigned insn_length(uint32_t lo)
{
	return (lo & 3U) == 3U ? 4U : 2U;
}

/*
 * Decode a privileged or memory instruction. Returns false (kind
 * INSN_UNKNOWN) for anything cordon does not emulate.
 */
/* A 32-bit instruction of the SYSTEM opcode (CSR, xRET, wfi, fences, hlv/hsv). */
/*@ assigns \nothing; */
static inline bool insn_is_system(uint32_t raw)
{
	return (raw & 0x7fU) == 0x73U;
}

bool decode_insn(uint32_t raw, struct insn *out);

/*
 * An instruction that needs the FP unit (mstatus.FS != Off, Priv §3.1.6.6):
 * the F/D loads, stores and arithmetic (opcodes LOAD-FP, STORE-FP, OP-FP,
 * the fused multiply-adds), the compressed C.FLD/C.FSD/C.FLDSP/C.FSDSP, and
 * the CSR instructions on fflags, frm, fcsr.
 */
bool insn_is_fp(uint32_t raw);

#endif
