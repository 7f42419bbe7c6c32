// SPDX-License-Identifier: BSD-2-Clause
/*
 * The platform layer: what cordon needs from a board, found in the device
 * tree by drivers bound through compatible strings (platform/<name>/ gives
 * only defaults and board quirks). Porting guide: docs/porting.md.
 */
#ifndef CORDON_PLATFORM_H
#define CORDON_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

/* CLINT register offsets (SiFive CLINT / ACLINT MSWI+MTIMER layout). */
#define PLAT_CLINT_MSIP 0x0000U
#define PLAT_CLINT_MTIMECMP 0x4000U
#define PLAT_CLINT_MTIME 0xbff8U
/*
 * The part of the CLINT cordon traps (PMP entry pmp_layout.clint, NAPOT):
 * msip and mtimecmp, which it multiplexes, for up to 2048 harts. mtime
 * (PLAT_CLINT_MTIME) lies above: the firmware, and the OS where the
 * firmware's PMP grants it, read it without a trap, as natively.
 */
#define PLAT_CLINT_TRAP_SIZE 0x8000U

/* Registers of a device: [base, base + size). */
struct platform_device {
	uint64_t base;
	uint64_t size;
};
#define PLATFORM_DEVICES_MAX 16

struct platform_info {
	const char *name;
	uint64_t ram_base;
	uint64_t ram_size;
	uint64_t clint_base;
	uint64_t clint_size;
	uint64_t reset_base; /* reset device registers, or 0 */
	uint64_t reset_size;
	unsigned nharts;
	const char *console; /* name of the bound console driver */
	const char *reset;   /* name of the bound reset driver */
	/*
	 * The devices a firmware needs to serve the OS (console UARTs,
	 * interrupt controllers, timer and IPI, reset and power), as the
	 * board's tree names them: protect-os leaves the firmware only these
	 * (docs/security.md, I16). Their first register range each.
	 */
	unsigned ndevices;
	struct platform_device devices[PLATFORM_DEVICES_MAX];
	/*
	 * The lowest address at or above the end of RAM of any device's
	 * registers or bus window (a PCIe host's "ranges": QEMU virt's 64-bit
	 * window), or UINT64_MAX: protect-os reports one the firmware still
	 * reaches (I16). Computed only when the caller sets want_mmio_above
	 * (a scan of every device's registers: 0.7 M instructions of boot).
	 */
	uint64_t mmio_above;
	bool want_mmio_above; /* in */
};

/* Console output before the device tree is parsed: the board's default UART. */
void platform_early_init(void);
/*
 * Parse the device tree and bind drivers. Returns 0, or a negative libfdt
 * error / -1 with *why set to a description of what is missing.
 */
int platform_init(const void *fdt, struct platform_info *info, const char **why);
void platform_putc(char c);
/* Harts (cpu nodes under /cpus) in the device tree. */
unsigned platform_count_harts(const void *fdt);
/* The CLINT's registers from the device tree (only reads it). 0 if found. */
int platform_find_clint(const void *fdt, uint64_t *base, uint64_t *size);
/*
 * The CLINT's registers, for cordon's own use (drivers/timer/clint.c; hart
 * n at index n). Only the offload policy uses them; it keeps the timer
 * registers' addresses to access them inline on the trap path.
 */
void clint_init(uint64_t base);
volatile uint64_t *clint_mtimecmp_reg(unsigned hart);
const volatile uint64_t *clint_mtime_reg(void);
uint32_t clint_msip(unsigned hart);
void clint_set_msip(unsigned hart, uint32_t val);
/* Stop the machine with an exit status (QEMU exits with it). */
void platform_exit(unsigned code) __attribute__((noreturn));

/* Driver interfaces bound by platform_init. */
struct fdt_match {
	const char *compatible;
};
struct console_driver {
	const char *name;
	const struct fdt_match *match;
	void (*init)(uint64_t base);
	void (*putc)(char c);
};
struct reset_driver {
	const char *name;
	const struct fdt_match *match;
	void (*init)(uint64_t base);
	void (*exit)(unsigned code);
};
extern const struct console_driver uart8250_driver;
extern const struct reset_driver sifive_test_driver;
extern const struct fdt_match clint_match[];

#endif
