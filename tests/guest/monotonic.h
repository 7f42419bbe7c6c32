// SPDX-License-Identifier: BSD-2-Clause
// CLOCK_MONOTONIC through the system call, not the vDSO. Linux 6.1's riscv
// vDSO cpu_relax() loads a kernel static key (riscv_isa_ext_keys, for
// Zihintpause) that is NULL in user space: when a reader hits the retry path
// of the vDSO seqlock (the kernel updating the time data on another hart at
// that moment) it faults at address 4 and the program dies of SIGSEGV. It is
// rare natively and a matter of timing; the guest checks must not depend on
// it, so they read the clock with the system call.
#ifndef CORDON_GUEST_MONOTONIC_H
#define CORDON_GUEST_MONOTONIC_H

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static inline void monotonic(struct timespec *ts)
{
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ts);
}

#endif
