// SPDX-License-Identifier: BSD-2-Clause
/*
 * Measured boot (make image MEASURE=1 or ALLOW=FILE): SHA-256 of the
 * firmware before it runs, and of the device tree and the OS image at the
 * first hand-over to the OS, before the OS runs; an allowlist in the image
 * makes any other digest stop the machine. The OS reads the digests in its
 * device tree (/cordon), written by cordon at the hand-over.
 * docs/security.md ("Measured boot") says what is measured and how.
 */
#ifndef CORDON_MEASURE_H
#define CORDON_MEASURE_H

#include <stdbool.h>
#include <stdint.h>

#include "cordon/image.h"
#include "cordon/sha256.h"

struct hart;

struct measurements {
	uint8_t digest[MEASURE_COUNT][SHA256_DIGEST_SIZE];
	uint64_t addr[MEASURE_COUNT];
	uint64_t size[MEASURE_COUNT];
	uint32_t taken; /* bit i: digest[i] was taken */
};

/* The names of the measurements, as in the allowlist and the device tree. */
extern const char *const measure_names[MEASURE_COUNT];

/* ---- pure logic (host-tested: tests/unit/test_measure.c) ------------------- */

/* A RISC-V Linux Image header (64 bytes): its image_size, 0 if not one. */
uint64_t measure_linux_image_size(const uint8_t hdr[64]);

/* [addr, addr + size) lies in RAM and outside the hole (cordon's region). */
bool measure_range_ok(uint64_t addr, uint64_t size, uint64_t ram_base, uint64_t ram_size,
		      uint64_t hole_base, uint64_t hole_size);

/*
 * The first measurement the allowlist names (allow_mask bit i: allow[i])
 * that was not taken or differs from it, or -1 when all match.
 */
int measure_verify(const struct measurements *m, uint32_t allow_mask,
		   const uint8_t allow[MEASURE_COUNT][SHA256_DIGEST_SIZE]);

/* 64 hex digits and a NUL. */
void measure_hex(char out[2 * SHA256_DIGEST_SIZE + 1], const uint8_t d[SHA256_DIGEST_SIZE]);

/* ---- M-mode ---------------------------------------------------------------- */

/*
 * Boot hart, stage 2, before the firmware runs: keep the allowlist in
 * cordon's memory, measure the firmware's bytes (still in the image), and
 * reserve the /cordon node in the device tree given to the firmware. A
 * firmware the allowlist does not admit stops the machine here.
 */
void measure_boot(const struct image_header *img, const void *fw_bytes, void *fdt,
		  uint64_t ram_base, uint64_t ram_size, uint64_t cordon_base, uint64_t cordon_size);

/*
 * The firmware hands over to the OS on h for the first time (entry h->pc,
 * a1 = device tree); one hart only (monitor.c, first_handover). Nothing if
 * not measuring.
 */
void measure_handover(struct hart *h);

/* The banner and the stop report: the digests taken. */
void measure_print(void);
/* The banner: which measurements the allowlist names. */
void measure_print_allowlist(void);

#endif
