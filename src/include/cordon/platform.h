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

/*
 * Register offsets of a SiFive CLINT ("riscv,clint0"): an ACLINT MSWI at
 * +0 and an ACLINT MTIMER at +0x4000 in one device. An ACLINT MTIMER
 * alone has its mtime at +0x7ff8 (ACLINT spec, MTIMER device).
 */
#define PLAT_CLINT_MSIP 0x0000U
#define PLAT_CLINT_MTIMECMP 0x4000U
#define PLAT_CLINT_MTIME 0xbff8U
#define PLAT_MTIMER_MTIME 0x7ff8U

/*
 * The machine-level timer and software interrupts (a SiFive CLINT, or an
 * ACLINT MSWI and MTIMER): hart n's msip at msip + 4n, its mtimecmp at
 * mtimecmp + 8n (the hart-id order of the devices' interrupts-extended on
 * every board cordon knows), one mtime. cordon traps msip and mtimecmp,
 * which it multiplexes (boot.c: the smallest NAPOT region covering both
 * for the harts there are, PMP entry pmp_layout.clint); mtime must lie
 * outside it: the firmware, and the OS where the firmware's PMP grants
 * it, read it without a trap, as natively.
 */
struct platform_clint {
	uint64_t msip;
	uint64_t mtimecmp;
	uint64_t mtime;
	uint64_t hz; /* mtime's frequency: /cpus timebase-frequency (10 MHz if absent) */
};
/* What QEMU virt and spike give: the frequency assumed when the tree names none. */
#define PLAT_TIMEBASE_DEFAULT 10000000ULL

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
	struct platform_clint clint;
	uint64_t reset_base; /* reset device registers, or 0 */
	uint64_t reset_size;
	unsigned nharts;
	const char *console; /* name of the bound console driver, or "none" */
	const char *reset;   /* name of the bound reset driver, or "none" */
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

/*
 * Console output and stop before the device tree is parsed: the board's
 * defaults (struct board), the board chosen by the root's compatible if
 * fdt is a readable tree, else the first board of the build (boards[0]).
 */
void platform_early_init(const void *fdt);
/*
 * Parse the device tree and bind drivers. Returns 0, or a negative libfdt
 * error / -1 with *why set to a description of what is missing.
 */
int platform_init(const void *fdt, struct platform_info *info, const char **why);
void platform_putc(char c);
/* Harts (cpu nodes under /cpus) in the device tree. */
unsigned platform_count_harts(const void *fdt);
/* The CLINT's or ACLINT's registers from the device tree (only reads it). 0 if found. */
int platform_find_clint(const void *fdt, struct platform_clint *clint);
/*
 * The CLINT's registers, for cordon's own use (drivers/timer/clint.c; hart
 * n at index n). Only the offload policy uses them; it keeps the timer
 * registers' addresses to access them inline on the trap path.
 */
void clint_init(const struct platform_clint *clint);
volatile uint64_t *clint_mtimecmp_reg(unsigned hart);
const volatile uint64_t *clint_mtime_reg(void);
uint32_t clint_msip(unsigned hart);
void clint_set_msip(unsigned hart, uint32_t val);
/* Stop the machine with an exit status (QEMU exits with it where the board can). */
void platform_exit(unsigned code) __attribute__((noreturn));
/* Entry index of node's "reg" (its parent's cells). 0 if found. */
int platform_node_reg(const void *fdt, int node, int index, uint64_t *base, uint64_t *size);

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
	/* The registers to init with, from its node (NULL: the node's first "reg"). 0 if bound. */
	int (*probe)(const void *fdt, int node, uint64_t *base, uint64_t *size);
	void (*init)(uint64_t base);
	void (*exit)(unsigned code);
	/*
	 * cordon traps the firmware's accesses to it (one NAPOT PMP entry, if
	 * one is left): to print its statistics when the firmware stops the
	 * machine. Not for a device the firmware also prints through (HTIF).
	 */
	bool watch;
};

/*
 * A board: what its device tree does not say. Chosen by the root node's
 * compatible; the drivers are then bound from the tree, whatever the board
 * (src/platform/<board>/board.c; docs/porting.md).
 */
struct board {
	const char *name;
	const struct fdt_match *match; /* root compatible strings */
	/* Output and stop before the tree is read (NULL: none). */
	const struct console_driver *early_console;
	uint64_t early_console_base;
	const struct reset_driver *early_reset;
	uint64_t early_reset_base;
};

/* What the build has (src/platform/boards.c), NULL-terminated, in order of preference. */
extern const struct board *const boards[];
extern const struct console_driver *const console_drivers[];
extern const struct reset_driver *const reset_drivers[];

extern const struct board board_qemu_virt, board_sifive_fu540, board_spike;
extern const struct console_driver uart8250_driver;
extern const struct console_driver sifive_uart_driver;
extern const struct console_driver htif_console_driver;
extern const struct reset_driver sifive_test_driver;
extern const struct reset_driver htif_reset_driver;
extern const struct reset_driver gpio_restart_driver;
extern const struct fdt_match clint_match[];	     /* SiFive CLINT: MSWI + MTIMER */
extern const struct fdt_match aclint_mswi_match[];   /* ACLINT MSWI */
extern const struct fdt_match aclint_mtimer_match[]; /* ACLINT MTIMER */

#endif
