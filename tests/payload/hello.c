// SPDX-License-Identifier: BSD-2-Clause
/*
 * A small S-mode payload that exercises the firmware through SBI: console,
 * BASE, the edge cases of the calls cordon's offload policy answers (IPI and
 * RFENCE hart masks, valid and not; set_timer clearing a pending timer
 * interrupt), TIME (a timer interrupt), then a clean SRST shutdown. Used by
 * `make run PAYLOAD=...` smoke runs and by the boot tests, natively and
 * under cordon (its output must be identical).
 */
#include <stdint.h>

struct sbiret {
	long error;
	long value;
};


static struct sbiret sbi_call4(long ext, long fid, long a0, long a1, long a2, long a3)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3;
	register long r6 __asm__("a6") = fid;
	register long r7 __asm__("a7") = ext;
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ r0, r1 };
}

static struct sbiret sbi_call(long ext, long fid, long a0, long a1)
{
	return sbi_call4(ext, fid, a0, a1, 0, 0);
}

static void putc_sbi(char c)
{
	sbi_call(0x01, 0, c, 0); /* legacy console_putchar */
}

static void puts_sbi(const char *s)
{
	while (*s)
		putc_sbi(*s++);
}

static unsigned long sip_read(void)
{
	unsigned long v;
	__asm__ volatile("csrr %0, sip" : "=r"(v));
	return v;
}

static void puthex(unsigned long v)
{
	puts_sbi("0x");
	for (int i = 60; i >= 0; i -= 4)
		putc_sbi("0123456789abcdef"[(v >> i) & 0xf]);
}

static void kv(const char *k, unsigned long v)
{
	puts_sbi(k);
	puts_sbi(" = ");
	puthex(v);
	puts_sbi("\n");
}

static volatile int timer_fired;

__attribute__((interrupt("supervisor"), aligned(4))) static void strap(void)
{
	unsigned long cause;
	__asm__ volatile("csrr %0, scause" : "=r"(cause));
	if (cause == ((1UL << 63) | 5)) {
		timer_fired++;
		sbi_call(0x54494d45, 0, -1L, 0); /* TIME set_timer(far future) */
	}
}

int main(unsigned long hartid, unsigned long fdt);
int main(unsigned long hartid, unsigned long fdt)
{
	unsigned long t0, t1;
	(void)fdt;
	puts_sbi("payload: hello from S-mode\n");
	kv("payload: hartid", hartid);
	kv("payload: sbi spec version", (unsigned long)sbi_call(0x10, 0, 0, 0).value);
	kv("payload: sbi impl id", (unsigned long)sbi_call(0x10, 1, 0, 0).value);
	kv("payload: sbi impl version", (unsigned long)sbi_call(0x10, 2, 0, 0).value);
	kv("payload: probe TIME", (unsigned long)sbi_call(0x10, 3, 0x54494d45, 0).value);
	kv("payload: probe HSM", (unsigned long)sbi_call(0x10, 3, 0x48534d, 0).value);
	kv("payload: probe DBCN", (unsigned long)sbi_call(0x10, 3, 0x4442434e, 0).value);

	/*
	 * What the offload policy answers must read the same natively: error,
	 * value and the effect (sip) of IPI, RFENCE and TIME calls, with hart
	 * masks that are valid, empty, broadcast, naming absent harts, or with
	 * a base far out of range (interrupts are still off: SSIP only pends).
	 */
	struct sbiret r;
	r = sbi_call(0x735049, 0, 0, 0);
	kv("payload: send_ipi(empty) error", (unsigned long)r.error);
	r = sbi_call(0x735049, 0, 1L, (long)hartid);
	kv("payload: send_ipi(self) error", (unsigned long)r.error);
	kv("payload: send_ipi(self) value", (unsigned long)r.value);
	kv("payload: sip.SSIP after", (sip_read() >> 1) & 1);
	__asm__ volatile("csrc sip, %0" : : "r"(1UL << 1));
	r = sbi_call(0x735049, 0, 1L, 4096);
	kv("payload: send_ipi(base 4096) error", (unsigned long)r.error);
	r = sbi_call(0x52464e43, 0, 0, -1L);
	kv("payload: remote_fence_i(all) error", (unsigned long)r.error);
	r = sbi_call4(0x52464e43, 1, 1L, (long)hartid, 0, -1L);
	kv("payload: remote_sfence_vma(self) error", (unsigned long)r.error);
	r = sbi_call4(0x52464e43, 2, 3L << 6, 0, 0x1000, 1);
	kv("payload: remote_sfence_vma_asid(harts 6-7) error", (unsigned long)r.error);
	r = sbi_call4(0x52464e43, 1, 1L, 4096, 0, -1L);
	kv("payload: remote_sfence_vma(base 4096) error", (unsigned long)r.error);
	__asm__ volatile("csrc sip, %0" : : "r"(1UL << 1));
	r = sbi_call(0x54494d45, 0, 0, 0); /* a deadline long past: pending */
	for (int i = 0; i < 1000 && !((sip_read() >> 5) & 1); i++)
		;
	kv("payload: set_timer(0) sip.STIP", (sip_read() >> 5) & 1);
	r = sbi_call(0x54494d45, 0, -1L, 0);
	kv("payload: set_timer(far) error", (unsigned long)r.error);
	kv("payload: set_timer(far) sip.STIP", (sip_read() >> 5) & 1);

	__asm__ volatile("csrw stvec, %0" : : "r"(strap));
	__asm__ volatile("csrs sie, %0" : : "r"(1UL << 5));
	__asm__ volatile("csrs sstatus, %0" : : "r"(1UL << 1));
	__asm__ volatile("rdtime %0" : "=r"(t0));
	for (int i = 0; i < 3; i++) {
		int before = timer_fired;
		sbi_call(0x54494d45, 0, (long)(t0 + 10000UL * (unsigned long)(i + 1)), 0);
		/*
		 * Check and wfi with SIE off: an interrupt taken between the
		 * check and the wfi would leave the wfi waiting for ever (a
		 * pending one ends the wfi even with SIE off). Then take it.
		 */
		__asm__ volatile("csrc sstatus, %0" : : "r"(1UL << 1));
		while (timer_fired == before) {
			__asm__ volatile("wfi");
			__asm__ volatile("csrs sstatus, %0" : : "r"(1UL << 1));
			__asm__ volatile("csrc sstatus, %0" : : "r"(1UL << 1));
		}
		__asm__ volatile("csrs sstatus, %0" : : "r"(1UL << 1));
	}
	__asm__ volatile("rdtime %0" : "=r"(t1));
	kv("payload: timer interrupts", (unsigned long)timer_fired);
	puts_sbi(t1 > t0 ? "payload: time advances\n" : "payload: time stuck\n");
	puts_sbi("payload: done, shutting down\n");
	sbi_call(0x53525354, 0, 0, 0); /* SRST shutdown */
	return 0;
}
