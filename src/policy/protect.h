// SPDX-License-Identifier: BSD-2-Clause
/*
 * The protect-os policy (make image PROTECT=1): from the first hand-over to
 * the OS on, the firmware can no longer read, write or execute the OS's
 * memory, on any hart, by any access path (its own loads and stores, MPRV
 * with any MPP/SUM/MXR/satp, hlv/hsv, cordon's reads of its instructions).
 * Which memory is the OS's is decided at that hand-over (policy/memsplit.h).
 * docs/security.md, I11, says what it guarantees and what it does not.
 */
#ifndef CORDON_PROTECT_H
#define CORDON_PROTECT_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/decode.h"
#include "../core/hart.h"
#include "../core/monitor.h"
#include "cordon/image.h"
#include "cordon/platform.h"
#include "cordon/riscv.h"

/*
 * What the OS's traps never show the firmware once a hart closed the OS's
 * memory (I12): every exception S-mode can take but the SBI call, an
 * illegal instruction (the firmware may emulate a CSR for the OS:
 * protect_os_exception) and a misaligned load or store (cordon emulates
 * it); with H, the VS ecall, guest page faults and virtual instruction
 * (Priv §3.1.8: medeleg bits of exceptions that cannot occur are
 * read-only zero, so setting them is harmless without H). And the S-level
 * interrupts, with LCOFI (Sscofpmf).
 */
#define PROTECT_MEDELEG                                                                            \
	(BIT(CAUSE_MISALIGNED_FETCH) | BIT(CAUSE_FETCH_ACCESS) | BIT(CAUSE_BREAKPOINT) |           \
	 BIT(CAUSE_LOAD_ACCESS) | BIT(CAUSE_STORE_ACCESS) | BIT(CAUSE_ECALL_U) | BIT(10) |         \
	 BIT(CAUSE_FETCH_PAGE_FAULT) | BIT(CAUSE_LOAD_PAGE_FAULT) | BIT(CAUSE_STORE_PAGE_FAULT) |  \
	 BIT(20) | BIT(21) | BIT(22) | BIT(23))
#define PROTECT_MIDELEG (MIP_SSIP | MIP_STIP | MIP_SEIP | BIT(13))

/* Set at boot from the image flags; never changes afterwards. */
extern bool protect_on;
/* 0 until the OS's memory is closed to the firmware, then 1. */
extern volatile uint32_t protect_epoch;
/*
 * Set at boot: once the OS's memory is closed, the firmware reaches nothing
 * at or above this power of two (I16; vpmp_compose's fw_limit); 0: no limit.
 */
extern uint64_t protect_fw_limit;

/* Boot hart, stage 2: what the policy needs to know of the machine. */
void protect_init(const struct image_header *img, const struct platform_info *plat,
		  uint64_t cordon_base);

/*
 * The first hand-over to the OS, on h (entry h->pc, a1 = the device tree),
 * before the OS runs anywhere: decide the split, close the OS's memory on
 * every hart, and return once every hart that runs the firmware has.
 */
void protect_handover(struct hart *h);

/* Wait a little without spinning (10 us of mtime, on h's own timer). */
void protect_nap(struct hart *h);

/* Make h's PMP follow protect_epoch (its own CSRs: only h can). */
void protect_refresh(struct hart *h);

static inline void protect_check(struct hart *h)
{
	if (protect_on && __atomic_load_n(&h->protect.seen, __ATOMIC_RELAXED) !=
				  __atomic_load_n(&protect_epoch, __ATOMIC_ACQUIRE))
		protect_refresh(h);
}

/*
 * The OS's registers across the firmware (docs/security.md, I12). An OS
 * trap the firmware handles, once this hart closed the OS's memory: an SBI
 * call (ecall from S or U) or an interrupt. The firmware sees only the
 * argument registers the call defines (sbi_spec.c; a0-a7 for a call the
 * specification does not know), zeros in every other; nothing of the OS on
 * an interrupt.
 */
#define PROTECT_TRAPS                                                                              \
	(BIT(CAUSE_ECALL_S) | BIT(CAUSE_ECALL_U) | BIT(CAUSE_ILLEGAL_INSN) |                       \
	 BIT(CAUSE_MISALIGNED_LOAD) | BIT(CAUSE_MISALIGNED_STORE))
static inline __attribute__((always_inline)) bool protect_scrubs(const struct hart *h,
								 uint64_t cause)
{
	return __builtin_expect(protect_on, 0) && h->protect.seen &&
	       ((cause & MCAUSE_INTERRUPT) || (cause < 64 && ((PROTECT_TRAPS >> cause) & 1U)));
}
/*
 * The OS's CSR instruction bits (decoded: in) trapped as illegal, before
 * the world switch: the firmware may emulate it (it sees only rs1's value
 * and gives back only rd: protect_os_trap, protect_resume).
 */
void protect_os_csr_insn(struct hart *h, const struct insn *in, uint32_t bits);
/*
 * An SBI call of the OS, before the world switch (protect_scrubs holds, all
 * registers saved): the filter and the bounce buffer (sbi_guard.h, I13).
 * true: cordon answered it (a0/a1 set, h->pc past the ecall), the OS
 * resumes; false: on to the firmware, the OS's registers kept and the
 * firmware shown only the call's arguments (I12).
 */
__attribute__((noinline)) bool protect_os_call(struct hart *h);
/*
 * The firmware's MPRV load (width bytes at addr, as mode/virt) of the hart
 * mask the OS's pending legacy call points to: 0 not that, 1 *val is the
 * mask read as the OS at its call, 2 that read faulted (h->guard holds the
 * fault the firmware gets).
 */
int protect_mask_read(struct hart *h, uint64_t addr, unsigned width, unsigned mode, bool virt,
		      uint64_t *val);
/*
 * An interrupt or an exception of the OS for the firmware, before the world
 * switch (all registers saved): keep the OS's registers and zero what the
 * firmware may not see (an interrupt: all; a CSR instruction: all but rs1).
 */
__attribute__((noinline)) void protect_os_trap(struct hart *h, uint64_t cause);
static inline bool protect_pending(const struct hart *h)
{
	return h->protect_saved.call.kind != PROTECT_NONE;
}
/*
 * Whether the firmware's entry into the OS on h is checked by protect-os
 * (protect_os_enter): a call or interrupt is pending, or the OS does not
 * run on h (a hart start). The entry then sets every register.
 */
static inline bool protect_entry_checked(const struct hart *h)
{
	return protect_on && (protect_pending(h) || h->protect.first_entry ||
			      (h->protect.seen && !h->protect.os_started));
}
/*
 * policy_os_trap (protect_scrubs holds, every register saved, before the
 * world switch): an SBI call goes through the filter (protect_os_call); an
 * exception cordon emulates or delivers itself (monitor_os_exception) but a
 * CSR instruction, shown with rs1 alone; the rest reaches the firmware with
 * the OS's registers kept (protect_os_trap). True: cordon answered it.
 */
static inline bool protect_os_trap_hook(struct hart *h, uint64_t cause)
{
	if (cause == CAUSE_ECALL_S || cause == CAUSE_ECALL_U)
		return protect_os_call(h);
	if (!(cause & MCAUSE_INTERRUPT)) {
		struct insn in;
		uint32_t bits;
		if (monitor_os_exception(h, cause, &in, &bits))
			return true;
		protect_os_csr_insn(h, &in, bits);
	}
	protect_os_trap(h, cause);
	return false;
}
/* The firmware enters the OS on h (protect_entry_checked): a resume, or a hart start. */
__attribute__((noinline)) void protect_os_enter(struct hart *h, unsigned *mode, bool *virt);
/*
 * The firmware enters the OS on h at h->pc in mode (and V) with a trap
 * pending: the OS gets its registers back but for the call's results
 * (a0, and a1 for SBI v0.2+), if the firmware resumes it where it trapped
 * (after the ecall). A call that lets the OS be entered elsewhere (HSM
 * suspend: at the resume address it gave, a0 = hart id, a1 = opaque; HSM
 * stop: at a hart start) gets only a0/a1. Anything else is refused and
 * logged: the OS resumes where it trapped, with SBI_ERR_FAILED for a call.
 */
void protect_resume(struct hart *h, unsigned *mode, bool *virt);

/*
 * A device the firmware still needs after the hand-over (I16), at addr:
 * its registers [*base, *base + *size). false: no such device (an access
 * there is denied), or devices are not filtered.
 */
bool protect_device(uint64_t addr, uint64_t *base, uint64_t *size);

/* Whether cordon may read addr for the firmware (outside the OS's memory). */
bool protect_firmware_may_read(uint64_t addr);

#endif
