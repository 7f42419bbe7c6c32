// SPDX-License-Identifier: BSD-2-Clause
/*
 * Boot: every hart arrives from arch/riscv/entry.S. The first one (the boot
 * hart) checks the device tree and the firmware image, learns the hardware's
 * WARL rules, reserves cordon's memory in the device tree, copies the
 * firmware to where it expects to run and prints the banner; then every hart
 * enters the firmware in virtual M-mode with the boot ROM's registers.
 */
#include <stdint.h>
#include <string.h>

#include "../arch/riscv/arch_riscv.h"
#include "cordon/arch.h"
#include "cordon/crc32.h"
#include "cordon/image.h"
#include "cordon/log.h"
#include "cordon/platform.h"
#include "cordon/riscv.h"
#include "hart.h"
#include "libfdt.h"
#include "monitor.h"
#include "vpmp.h"

extern char _cordon_start[], _cordon_end[], _bss_start[], _bss_end[], _payload_start[];
extern char hart_stacks[];
extern void trap_vector(void);

/* In .data, not .bss: they are used before the boot hart clears .bss. */
static volatile uint32_t boot_lottery __attribute__((section(".data")));
static volatile uint32_t harts_arrived __attribute__((section(".data")));
static volatile uint32_t cold_boot_done __attribute__((section(".data")));
static struct platform_info plat;
static const struct image_header *image;

#define ARRIVAL_SPINS 100000000UL

void boot_hart(uint64_t hartid, void *fdt, void *fw_info, uint64_t reset_mtvec) __attribute__((noreturn));
void boot_early_fault(uint64_t cause, uint64_t epc, uint64_t tval) __attribute__((noreturn));

static void fatal(const char *what, const char *detail) __attribute__((noreturn));
static void fatal(const char *what, const char *detail)
{
	log_printf("[cordon] ERROR: %s%s%s\n[cordon] stopping the machine (exit %u)\n", what,
		   detail ? ": " : "", detail ? detail : "", CORDON_EXIT_PANIC);
	platform_exit(CORDON_EXIT_PANIC);
}

void boot_early_fault(uint64_t cause, uint64_t epc, uint64_t tval)
{
	platform_early_init();
	log_printf("[cordon] ERROR: trap during boot: mcause %lx mepc %lx mtval %lx\n", cause, epc, tval);
	platform_exit(CORDON_EXIT_PANIC);
}

static uint64_t cordon_base(void)
{
	return (uint64_t)(uintptr_t)_cordon_start;
}

static uint64_t cordon_size(void)
{
	return (uint64_t)(uintptr_t)(_cordon_end - _cordon_start);
}

/* Check the header and CRC of the appended firmware (tools/mkimage.py). */
static void check_image(void)
{
	uint64_t room;

	image = (const struct image_header *)(uintptr_t)_payload_start;
	if (image->magic != IMAGE_MAGIC)
		fatal("no firmware in the image", "bad magic after cordon (build with `make image`)");
	if (image->version != IMAGE_VERSION)
		fatal("firmware image has an unknown header version", NULL);
	room = (uint64_t)(uintptr_t)(_cordon_end - _payload_start) - sizeof(*image);
	if (image->size == 0 || image->size > room)
		fatal("firmware image size is corrupt", NULL);
	if (crc32(image + 1, image->size) != image->crc32)
		fatal("firmware image is corrupt", "CRC-32 mismatch");
	if (image->load_addr < plat.ram_base || image->load_addr + image->size > cordon_base() ||
	    image->entry < image->load_addr || image->entry >= image->load_addr + image->size)
		fatal("firmware does not fit below cordon's memory", NULL);
}

/* Add /reserved-memory/cordon@... { reg; no-map; } so nobody maps cordon's memory. */
static void reserve_in_fdt(void *fdt)
{
	char name[32] = "cordon@";
	uint64_t base = cordon_base(), size = cordon_size();
	uint64_t fdt_addr = (uint64_t)(uintptr_t)fdt, newsize = fdt_totalsize(fdt) + 512U;
	fdt32_t reg[4];
	int rsv, node, err, ac, sc;

	if (fdt_addr + newsize > plat.ram_base + plat.ram_size && fdt_addr >= plat.ram_base)
		fatal("no room to grow the device tree", NULL);
	err = fdt_open_into(fdt, fdt, (int)newsize);
	if (err)
		fatal("cannot open the device tree", fdt_strerror(err));
	rsv = fdt_path_offset(fdt, "/reserved-memory");
	if (rsv < 0) {
		rsv = fdt_add_subnode(fdt, 0, "reserved-memory");
		if (rsv < 0 || fdt_setprop_u32(fdt, rsv, "#address-cells", 2) ||
		    fdt_setprop_u32(fdt, rsv, "#size-cells", 2) || fdt_setprop(fdt, rsv, "ranges", NULL, 0))
			fatal("cannot add /reserved-memory", NULL);
	}
	for (unsigned i = 0, shift = 28; i < 8; i++, shift -= 4)
		name[7 + i] = "0123456789abcdef"[(base >> shift) & 0xfU];
	node = fdt_add_subnode(fdt, rsv, name);
	ac = fdt_address_cells(fdt, rsv);
	sc = fdt_size_cells(fdt, rsv);
	if (node < 0 || ac != 2 || sc != 2)
		fatal("cannot add cordon's reserved-memory node", NULL);
	reg[0] = cpu_to_fdt32((uint32_t)(base >> 32));
	reg[1] = cpu_to_fdt32((uint32_t)base);
	reg[2] = cpu_to_fdt32((uint32_t)(size >> 32));
	reg[3] = cpu_to_fdt32((uint32_t)size);
	if (fdt_setprop(fdt, node, "reg", reg, sizeof(reg)) || fdt_setprop(fdt, node, "no-map", NULL, 0))
		fatal("cannot describe cordon's reserved memory", NULL);
}

static void print_banner(void)
{
	log_printf("[cordon] cordon virtual firmware monitor\n");
	log_printf("[cordon] platform      : %s, %u hart(s), RAM %lx-%lx\n", plat.name, plat.nharts,
		   plat.ram_base, plat.ram_base + plat.ram_size - 1);
	log_printf("[cordon] console/reset : %s / %s\n", plat.console, plat.reset);
	log_printf("[cordon] cordon memory : %lx-%lx (PMP %u, reserved-memory no-map)\n", cordon_base(),
		   cordon_base() + cordon_size() - 1, PMP_IDX_CORDON);
	log_printf("[cordon] CLINT         : %lx-%lx (PMP %u, emulated)\n", plat.clint_base,
		   plat.clint_base + plat.clint_size - 1, PMP_IDX_CLINT);
	log_printf("[cordon] firmware      : %s at %lx, %lu bytes, entry %lx, crc32 %08x\n", image->name,
		   image->load_addr, image->size, image->entry, image->crc32);
	log_printf("[cordon] virtual PMP   : %u entries at PMP %u-%u, catch-all PMP %u\n", VPMP_ENTRIES,
		   PMP_IDX_VPMP, PMP_IDX_VPMP + VPMP_ENTRIES - 1, PMP_IDX_CATCHALL);
	log_printf("[cordon] hardware      : misa %lx%s%s\n", hw.misa, hw.has_h ? ", H" : "",
		   hw.has_sstc ? ", Sstc" : "");
}

static void cold_boot(struct hart *h, void *fdt)
{
	const char *why = NULL;
	unsigned long spins = 0;

	memset(_bss_start, 0, (size_t)(_bss_end - _bss_start));
	platform_early_init();
	if (platform_init(fdt, &plat, &why))
		fatal("bad device tree", why);
	if (plat.nharts > MAX_HARTS)
		fatal("more harts than cordon supports (MAX_HARTS)", NULL);
	machine.clint_base = plat.clint_base;
	machine.clint_size = plat.clint_size;
	machine.nharts = plat.nharts;
	csr_write(mscratch, h);
	csr_write(mtvec, trap_vector);
	hw_probe(h);
	check_image();
	reserve_in_fdt(fdt);
	/* The reset trampoline is about to be overwritten: wait for everyone. */
	while (__atomic_load_n(&harts_arrived, __ATOMIC_ACQUIRE) < plat.nharts)
		if (++spins > ARRIVAL_SPINS)
			fatal("not every hart of the device tree reached cordon", NULL);
	memmove((void *)(uintptr_t)image->load_addr, image + 1, image->size);
	print_banner();
}

/* The hart's virtual M-mode at reset: the hardware's own reset values. */
static void reset_vcpu(struct hart *h, uint64_t reset_mstatus, uint64_t reset_mtvec)
{
	h->v = (struct vcpu){ 0 };
	h->v.mstatus = reset_mstatus & ~(MSTATUS_FS | MSTATUS_SD);
	h->v.mtvec = reset_mtvec;
	h->v.mtimecmp = ~0ULL;
}

static void setup_pmp_addresses(void)
{
	hw_write_pmpaddr(PMP_IDX_CORDON, pmp_napot_addr(cordon_base(), cordon_size()));
	hw_write_pmpaddr(PMP_IDX_CLINT, pmp_napot_addr(machine.clint_base, machine.clint_size));
	hw_write_pmpaddr(PMP_IDX_SPACER, 0);
	for (unsigned i = 0; i < VPMP_ENTRIES; i++)
		hw_write_pmpaddr(PMP_IDX_VPMP + i, 0);
	hw_write_pmpaddr(PMP_IDX_CATCHALL, ~0ULL);
}

void boot_hart(uint64_t hartid, void *fdt, void *fw_info, uint64_t reset_mtvec)
{
	uint64_t reset_mstatus = csr_read(mstatus);
	struct hart *h = &harts[hartid];

	__atomic_fetch_add(&harts_arrived, 1, __ATOMIC_ACQ_REL);
	if (__atomic_exchange_n(&boot_lottery, 1, __ATOMIC_ACQ_REL) == 0) {
		cold_boot(h, fdt);
		__atomic_store_n(&cold_boot_done, 1, __ATOMIC_RELEASE);
	} else {
		while (!__atomic_load_n(&cold_boot_done, __ATOMIC_ACQUIRE))
			;
	}
	if (hartid >= plat.nharts)
		fatal("hart id beyond the device tree's harts", NULL);
	h->hartid = hartid;
	h->stack_top = (uint64_t)(uintptr_t)(hart_stacks + (hartid + 1) * HART_STACK_SIZE);
	csr_write(mscratch, h);
	csr_write(mtvec, trap_vector);
	reset_vcpu(h, reset_mstatus, reset_mtvec);
	setup_pmp_addresses();
	h->regs[10] = hartid;
	h->regs[11] = (uint64_t)(uintptr_t)fdt;
	h->regs[12] = (uint64_t)(uintptr_t)fw_info;
	h->pc = image->entry;
	__asm__ volatile("fence.i" : : : "memory");
	monitor_start_firmware(h);
}
