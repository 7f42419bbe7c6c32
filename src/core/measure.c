// SPDX-License-Identifier: BSD-2-Clause
/*
 * Measured boot: see measure.h and docs/security.md ("Measured boot").
 *
 * What is measured, and when:
 *  - firmware: the bytes the image holds, before cordon copies them to the
 *    load address, so before any of them runs;
 *  - dtb: the device tree the firmware hands to the OS (a1 at the first
 *    entry into S/U-mode, fdt_totalsize bytes), with the /cordon properties
 *    as the firmware left them (cordon reserves them zero);
 *  - os: the OS image at its entry point (the first hand-over's pc): a
 *    RISC-V Linux Image's image_size bytes (header, offset 16: the kernel's
 *    whole footprint, BSS included); anything else is not measured.
 * Both at the first hand-over, before the OS's first instruction. Then the
 * digests go into the OS's device tree: /cordon/{firmware,dtb,os}-sha256.
 */
#include "measure.h"

#include <stddef.h>
#include <string.h>

const char *const measure_names[MEASURE_COUNT] = { "firmware", "dtb", "os" };

/* RISC-V Linux Image header (Documentation/riscv/boot-image-header.rst). */
#define LINUX_HDR_IMAGE_SIZE 16
#define LINUX_HDR_MAGIC2 56
#define LINUX_MAGIC2 0x05435352U /* "RSC\x05" */

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i-- > 0;)
		v = (v << 8) | p[i];
	return v;
}

uint64_t measure_linux_image_size(const uint8_t hdr[64])
{
	if (le(hdr + LINUX_HDR_MAGIC2, 4) != LINUX_MAGIC2)
		return 0;
	return le(hdr + LINUX_HDR_IMAGE_SIZE, 8);
}

bool measure_range_ok(uint64_t addr, uint64_t size, uint64_t ram_base, uint64_t ram_size,
		      uint64_t hole_base, uint64_t hole_size)
{
	if (size == 0 || addr < ram_base || addr - ram_base > ram_size ||
	    size > ram_size - (addr - ram_base))
		return false;
	/* Disjoint from [hole_base, hole_base + hole_size). */
	return addr + size <= hole_base || addr >= hole_base + hole_size;
}

int measure_verify(const struct measurements *m, uint32_t allow_mask,
		   const uint8_t allow[MEASURE_COUNT][SHA256_DIGEST_SIZE])
{
	for (int i = 0; i < MEASURE_COUNT; i++) {
		if (!(allow_mask & (1U << i)))
			continue;
		if (!(m->taken & (1U << i)) ||
		    memcmp(m->digest[i], allow[i], SHA256_DIGEST_SIZE) != 0)
			return i;
	}
	return -1;
}

void measure_hex(char out[2 * SHA256_DIGEST_SIZE + 1], const uint8_t d[SHA256_DIGEST_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	char *p = out;

	for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
		*p++ = hex[d[i] >> 4];
		*p++ = hex[d[i] & 15U];
	}
	*p = '\0';
}

#ifndef CORDON_HOST
#include "libfdt.h"

#include "cordon/log.h"
#include "cordon/platform.h"
#include "hart.h"

/* The largest device tree measured at the hand-over (QEMU virt, 128 harts: 60 KiB). */
#define DTB_MAX (1U << 20)
/* The largest OS image measured (a header claiming more is not a kernel's). */
#define OS_MAX (256ULL << 20)

static bool measuring;
static struct measurements measured;
static uint32_t allow_mask;
static uint8_t allow[MEASURE_COUNT][SHA256_DIGEST_SIZE];
static uint64_t ram_lo, ram_len, hole_lo, hole_len;

static const char node_path[] = "/cordon";
static const char *const prop_names[MEASURE_COUNT] = { "firmware-sha256", "dtb-sha256",
						       "os-sha256" };

static void take(enum measure_what w, const void *p, uint64_t addr, uint64_t size)
{
	sha256(p, size, measured.digest[w]);
	measured.addr[w] = addr;
	measured.size[w] = size;
	measured.taken |= 1U << w;
}

/* The /cordon node, its properties zero: in place, the tree grown by 512 bytes. */
static void reserve_node(void *fdt)
{
	static const uint8_t zero[SHA256_DIGEST_SIZE];
	static const char compatible[] = "cordon,measured-boot";
	uint64_t at = (uint64_t)(uintptr_t)fdt;
	int node, err = fdt_open_into(fdt, fdt, (int)fdt_totalsize(fdt) + 512);

	if (!err && !measure_range_ok(at, fdt_totalsize(fdt), ram_lo, ram_len, hole_lo, hole_len))
		err = -FDT_ERR_NOSPACE;
	node = err ? err : fdt_add_subnode(fdt, 0, node_path + 1);
	err = node < 0 ? node
		       : fdt_setprop(fdt, node, "compatible", compatible, (int)sizeof(compatible));
	for (unsigned i = 0; !err && i < MEASURE_COUNT; i++)
		err = fdt_setprop(fdt, node, prop_names[i], zero, (int)sizeof(zero));
	if (err)
		log_printf("[cordon] measured boot : no /cordon node in the device tree (%s)\n",
			   fdt_strerror(err));
}

static void stop(int which)
{
	char hex[2 * SHA256_DIGEST_SIZE + 1];

	log_printf("[cordon] ERROR: measured boot: the %s is not the one the allowlist admits\n",
		   measure_names[which]);
	if (measured.taken & (1U << which)) {
		measure_hex(hex, measured.digest[which]);
		log_printf("[cordon]   measured  %s (%lu bytes at %lx)\n", hex,
			   measured.size[which], measured.addr[which]);
	} else {
		log_printf("[cordon]   measured  nothing (no %s found at the hand-over)\n",
			   measure_names[which]);
	}
	measure_hex(hex, allow[which]);
	log_printf("[cordon]   admitted  %s\n[cordon] stopping the machine (exit %u)\n", hex,
		   CORDON_EXIT_PANIC);
	platform_exit(CORDON_EXIT_PANIC);
}

void measure_boot(const struct image_header *img, const void *fw_bytes, void *fdt,
		  uint64_t ram_base, uint64_t ram_size, uint64_t cordon_base, uint64_t cordon_size)
{
	if (!(img->flags & IMAGE_FLAG_MEASURE))
		return;
	ram_lo = ram_base;
	ram_len = ram_size;
	hole_lo = cordon_base;
	hole_len = cordon_size;
	allow_mask = img->allow_mask & ((1U << MEASURE_COUNT) - 1U);
	memcpy(allow, img->allow, sizeof(allow));
	take(MEASURE_FIRMWARE, fw_bytes, img->load_addr, img->size);
	reserve_node(fdt);
	if ((allow_mask & (1U << MEASURE_FIRMWARE)) && measure_verify(&measured, 1U, allow) >= 0)
		stop(MEASURE_FIRMWARE);
	measuring = true;
}

/*
 * Write the digests into the OS's tree. Only the 32 bytes of each value are
 * written, at an address checked to lie in the tree's measured extent (in
 * RAM, outside cordon): another hart's firmware changing the tree meanwhile
 * can spoil the OS's copy, never make cordon write elsewhere.
 */
static void publish(uint8_t *fdt, uint64_t size)
{
	int node = fdt_path_offset(fdt, node_path);
	unsigned done = 0;

	for (unsigned i = 0; node >= 0 && i < MEASURE_COUNT; i++) {
		int len = 0;
		uint8_t *v = fdt_getprop_w(fdt, node, prop_names[i], &len);

		if (!v || len != SHA256_DIGEST_SIZE || v < fdt ||
		    (uint64_t)(v - fdt) > size - SHA256_DIGEST_SIZE)
			continue;
		if (measured.taken & (1U << i))
			memcpy(v, measured.digest[i], SHA256_DIGEST_SIZE);
		done++;
	}
	if (done != MEASURE_COUNT)
		log_printf("[cordon] measured boot : /cordon missing or changed in the OS's device "
			   "tree: the digests are not published there\n");
}

static void measure_os_image(uint64_t entry)
{
	uint64_t size;

	if (!measure_range_ok(entry, 64, ram_lo, ram_len, hole_lo, hole_len))
		return;
	size = measure_linux_image_size((const uint8_t *)(uintptr_t)entry);
	if (size && size <= OS_MAX &&
	    measure_range_ok(entry, size, ram_lo, ram_len, hole_lo, hole_len))
		take(MEASURE_OS, (const void *)(uintptr_t)entry, entry, size);
}

static uint64_t measure_dtb(uint64_t at)
{
	const void *fdt = (const void *)(uintptr_t)at;
	uint64_t size;

	if (!measure_range_ok(at, 64, ram_lo, ram_len, hole_lo, hole_len) || fdt_check_header(fdt))
		return 0;
	size = fdt_totalsize(fdt);
	if (size > DTB_MAX || !measure_range_ok(at, size, ram_lo, ram_len, hole_lo, hole_len))
		return 0;
	take(MEASURE_DTB, fdt, at, size);
	return size;
}

void measure_handover(struct hart *h)
{
	uint64_t dtb_size;
	int bad;

	if (!measuring)
		return;
	measure_os_image(h->pc);
	dtb_size = measure_dtb(h->regs[11]);
	bad = measure_verify(&measured, allow_mask, allow);
	if (bad >= 0)
		stop(bad);
	if (dtb_size)
		publish((uint8_t *)(uintptr_t)h->regs[11], dtb_size);
	log_printf("[cordon] measured boot : hand-over on hart %lu to %lx\n", h->hartid, h->pc);
	measure_print();
	measuring = false;
}

void measure_print_allowlist(void)
{
	log_printf("[cordon] measured boot : on; allowlist:%s", allow_mask ? "" : " none");
	for (unsigned i = 0; i < MEASURE_COUNT; i++)
		if (allow_mask & (1U << i))
			log_printf(" %s", measure_names[i]);
	log_printf("\n");
}

void measure_print(void)
{
	char hex[2 * SHA256_DIGEST_SIZE + 1];

	for (unsigned i = 0; i < MEASURE_COUNT; i++) {
		if (!(measured.taken & (1U << i)))
			continue;
		measure_hex(hex, measured.digest[i]);
		log_printf("[cordon] sha256 %-8s: %s (%lu bytes at %lx)%s\n", measure_names[i], hex,
			   measured.size[i], measured.addr[i],
			   (allow_mask & (1U << i)) ? ", admitted" : "");
	}
}
#endif
