// SPDX-License-Identifier: BSD-2-Clause
/* SHA-256 of lib/sha256.c (FIPS 180-4): streaming and one-shot. */
#ifndef CORDON_SHA256_H
#define CORDON_SHA256_H

#include <stdint.h>

#define SHA256_BLOCK_SIZE 64
#define SHA256_DIGEST_SIZE 32

/*
 * A hash in progress: sha256_init, then sha256_update any number of times,
 * then sha256_final. The caller owns it (no global state); no field is for
 * the caller to read or write.
 */
struct sha256_ctx {
	uint32_t state[8]; /* the intermediate hash value H(i), FIPS 180-4 §6.2 */
	uint64_t length;   /* bytes hashed so far; length % 64 of them wait in block */
	uint8_t block[SHA256_BLOCK_SIZE];
};

void sha256_init(struct sha256_ctx *ctx);
/* Hash len more bytes of the message; data may be NULL when len is 0. */
void sha256_update(struct sha256_ctx *ctx, const void *data, uint64_t len);
/* Pad, write the digest; ctx needs sha256_init before it is used again. */
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE]);
/* The digest of one message in memory. */
void sha256(const void *data, uint64_t len, uint8_t digest[SHA256_DIGEST_SIZE]);

#endif
