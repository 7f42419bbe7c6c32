// SPDX-License-Identifier: BSD-2-Clause
/* CRC-32 of lib/crc32.c. */
#ifndef CORDON_CRC32_H
#define CORDON_CRC32_H
#include <stdint.h>
uint32_t crc32(const void *data, uint64_t len);
#endif
