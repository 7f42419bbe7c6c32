// SPDX-License-Identifier: BSD-2-Clause
/* CRC-32 (IEEE 802.3, as zlib's crc32) to check the firmware image at boot. */
#include "cordon/crc32.h"

uint32_t crc32(const void *data, uint64_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffffU;

	while (len--) {
		crc ^= *p++;
		for (unsigned i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (0xedb88320U & (0U - (crc & 1U)));
	}
	return ~crc;
}
