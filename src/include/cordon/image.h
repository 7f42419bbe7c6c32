// SPDX-License-Identifier: BSD-2-Clause
/*
 * The cordon image: cordon's binary followed, at _payload_start, by this
 * header and the firmware's bytes (written by tools/mkimage.py).
 */
#ifndef CORDON_IMAGE_H
#define CORDON_IMAGE_H

#include <stdint.h>

#define IMAGE_MAGIC 0x4e4f44524f43ULL /* "CORDON" */
#define IMAGE_VERSION 1U

struct image_header {
	uint64_t magic;
	uint32_t version;
	uint32_t crc32;	     /* CRC-32 of the firmware bytes */
	uint64_t load_addr;  /* where the firmware expects to run */
	uint64_t entry;	     /* its entry point */
	uint64_t size;	     /* bytes following this header */
	char name[64];	     /* file name, for the banner */
};

#endif
