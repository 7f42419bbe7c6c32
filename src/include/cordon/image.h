// SPDX-License-Identifier: BSD-2-Clause
/*
 * The cordon image (written by tools/mkimage.py): cordon's flat binary, then
 * at _payload_start this header, the relocation table (reloc_count 32-bit
 * offsets from CORDON_LINK_BASE of the 64-bit words that hold addresses
 * inside cordon, padded to 8 bytes), then the firmware's bytes.
 */
#ifndef CORDON_IMAGE_H
#define CORDON_IMAGE_H

#include <stdint.h>

#define IMAGE_MAGIC 0x4e4f44524f43ULL /* "CORDON" */
#define IMAGE_VERSION 3U

/* Print the trap statistics when the machine stops (make image STATS=1). */
#define IMAGE_FLAG_STATS 0x1U
/* The offload policy (make image OFFLOAD=1): policy/offload.c. */
#define IMAGE_FLAG_OFFLOAD 0x2U
/*
 * Fault injection for tests (make image STRAGGLER=1): the last hart of the
 * device tree dawdles 0.2 s in boot stage 1, and again in stage 2 after the
 * firmware started on the others, so that the boot's ordering against a
 * late hart is tested deterministically (tests/boot.sh).
 */
#define IMAGE_FLAG_STRAGGLER 0x4U
/*
 * Measured boot (make image MEASURE=1, implied by ALLOW=FILE): cordon takes
 * the SHA-256 of the firmware, of the device tree and of the OS image at the
 * first hand-over, and stops the machine when one differs from the digest
 * the allowlist gives for it (core/measure.c, docs/security.md).
 */
#define IMAGE_FLAG_MEASURE 0x8U
/*
 * The protect-os policy (make image PROTECT=1, needs OFFLOAD=1): from the
 * first hand-over on, the firmware cannot reach the OS's memory
 * (policy/protect.c, docs/security.md I11).
 */
#define IMAGE_FLAG_PROTECT 0x10U

/* What is measured: the index in image_header.allow and in the report. */
enum measure_what { MEASURE_FIRMWARE, MEASURE_DTB, MEASURE_OS, MEASURE_COUNT };

struct image_header {
	uint64_t magic;
	uint32_t version;
	uint32_t crc32;	      /* CRC-32 of the firmware bytes */
	uint64_t load_addr;   /* where the firmware expects to run */
	uint64_t entry;	      /* its entry point */
	uint64_t size;	      /* firmware bytes */
	uint32_t reloc_count; /* entries of the relocation table */
	uint32_t flags;	      /* IMAGE_FLAG_* chosen at `make image` */
	char name[64];	      /* file name, for the banner */
	uint32_t allow_mask;  /* bit i: allow[i] is the only digest admitted */
	uint32_t reserved;
	uint8_t allow[MEASURE_COUNT][32]; /* SHA-256 digests (make image ALLOW=FILE) */
};
/* tools/mkimage.py writes it: HEADER = struct.Struct("<QIIQQQII64sII96s"). */
_Static_assert(sizeof(struct image_header) == 216, "image header layout != tools/mkimage.py");

static inline const uint32_t *image_reloc_table(const struct image_header *h)
{
	return (const uint32_t *)(const void *)(h + 1);
}

static inline const void *image_fw_bytes(const struct image_header *h)
{
	return (const char *)(h + 1) + (((uint64_t)h->reloc_count * 4U + 7U) & ~7ULL);
}

#endif
