// SPDX-License-Identifier: BSD-2-Clause
/*
 * CRC-32 (IEEE 802.3, as zlib's crc32) to check the firmware image at boot,
 * byte at a time with a table built on first use (a bit at a time costs
 * about 50 instructions per byte: 6 M for OpenSBI's 115 KB).
 */
#include "cordon/crc32.h"

static uint32_t table[256];

static void build_table(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (unsigned i = 0; i < 8; i++)
			c = (c >> 1) ^ (0xedb88320U & (0U - (c & 1U)));
		table[n] = c;
	}
}

uint32_t crc32(const void *data, uint64_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffffU;

	if (table[1] == 0)
		build_table();
	while (len--)
		crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xffU];
	return ~crc;
}
