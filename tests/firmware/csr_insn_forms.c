// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: the six Zicsr instruction forms and their x0 rules
 * (unprivileged spec ch. 9 "Zicsr": CSRRW always writes, CSRRS/CSRRC with
 * rs1=x0 and CSRRSI/CSRRCI with uimm=0 do not write; privileged spec §2.1:
 * writing a read-only CSR raises illegal instruction, mtval = the
 * instruction bits (§3.1.16)). sscratch is the read/write scratch target.
 */
#include "test.h"

#define FORM(insn, old_out, val_in) \
	__asm__ volatile(insn : "=&r"(old_out) : "r"(val_in) : "memory")

/* Run `insn` with %1 = a register (not x0) holding 0, trap expected. */
#define TRY_RS1_ZERO(insn) do { ulong __pc; trap_begin(); \
	__asm__ volatile(".option push\n.option norvc\n" \
		"la %0, 1f\n1: " insn "\n.option pop" \
		: "=&r"(__pc) : "r"(0UL) : "a0", "memory"); \
	trap_pc = __pc; trap_end(); } while (0)

int main(void)
{
	ulong old, v;

	test_begin("csr_insn_forms");

	csr_write(sscratch, 0xf0);
	FORM("csrrw %0, sscratch, %1", old, 0x0fUL);
	print_kv("csrrw old", old);
	print_kv("csrrw new", csr_read(sscratch));
	FORM("csrrs %0, sscratch, %1", old, 0x300UL);
	print_kv("csrrs old", old);
	print_kv("csrrs new", csr_read(sscratch));
	FORM("csrrc %0, sscratch, %1", old, 0x103UL);
	print_kv("csrrc old", old);
	print_kv("csrrc new", csr_read(sscratch));
	__asm__ volatile("csrrwi %0, sscratch, 0x15" : "=r"(old) :: "memory");
	print_kv("csrrwi old", old);
	print_kv("csrrwi new", csr_read(sscratch));
	__asm__ volatile("csrrsi %0, sscratch, 0x0a" : "=r"(old) :: "memory");
	print_kv("csrrsi old", old);
	print_kv("csrrsi new", csr_read(sscratch));
	__asm__ volatile("csrrci %0, sscratch, 0x03" : "=r"(old) :: "memory");
	print_kv("csrrci old", old);
	print_kv("csrrci new", csr_read(sscratch));
	__asm__ volatile("csrrw zero, sscratch, %0" :: "r"(0x77UL) : "memory");
	print_kv("csrrw rd=x0 new", csr_read(sscratch));

	/* Read-only CSRs (0xFxx): reads fine, any write form traps. */
	TRY_ASM("csrrs a0, mvendorid, zero");
	print_trap("csrrs mvendorid, x0");
	TRY_ASM("csrrc a0, marchid, zero");
	print_trap("csrrc marchid, x0");
	TRY_ASM("csrrsi a0, mhartid, 0");
	print_trap("csrrsi mhartid, 0");
	TRY_ASM("csrrci a0, mimpid, 0");
	print_trap("csrrci mimpid, 0");
	TRY_ASM("csrrw a0, mvendorid, zero");
	print_trap("csrrw mvendorid, x0");
	TRY_ASM("csrrw zero, mhartid, zero");
	print_trap("csrrw x0, mhartid, x0");
	TRY_RS1_ZERO("csrrs a0, mvendorid, %1");
	quirk();	/* spec: rs1 != x0 is a write attempt; QEMU 7.2 checks the value */
	print_trap("csrrs mvendorid, rs1=reg holding 0");
	TRY_RS1_ZERO("csrrc a0, mhartid, %1");
	quirk();
	print_trap("csrrc mhartid, rs1=reg holding 0");
	TRY_ASM("csrrsi a0, mhartid, 1");
	print_trap("csrrsi mhartid, 1");
	TRY_ASM("csrrwi a0, marchid, 0");
	print_trap("csrrwi marchid, 0");
	/* User counters are read-only too (0xCxx). */
	TRY_ASM("csrrs a0, cycle, zero");
	print_trap("csrrs cycle, x0");
	TRY_ASM("csrrw a0, cycle, zero");
	print_trap("csrrw cycle");
	TRY_ASM("csrrs a0, time, zero");
	print_trap("csrrs time, x0");
	TRY_ASM("csrrwi a0, time, 0");
	print_trap("csrrwi time, 0");
	/* csrrc with rs1=x0 on mip must not clear anything. */
	csr_write(mip, MIP_SSIP);
	__asm__ volatile("csrrc %0, mip, zero" : "=r"(v) :: "memory");
	print_kv("csrrc mip, x0 leaves SSIP", csr_read(mip) & MIP_SSIP);
	csr_write(mip, 0);
	test_end();
}
