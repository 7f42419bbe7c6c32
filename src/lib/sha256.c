// SPDX-License-Identifier: BSD-2-Clause
/*
 * SHA-256 (FIPS 180-4) for measured boot: the digests of the firmware image,
 * the device tree and the OS kernel, taken in M-mode before they run.
 * Section numbers below are those of FIPS 180-4 (August 2015). Not constant
 * time: what it hashes is public. One 64-byte block at a time, the message
 * schedule kept in a 16-word rolling window and the eight working variables
 * renamed rather than moved, round by round: about 64 instructions a byte on
 * rv64imac (which has no rotate instruction), 60 on x86-64.
 */
#include <string.h>

#include "cordon/sha256.h"

/* §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t k[64] = {
	0x428a2f98U, 0x71374491U, 0xb5c0fbcfU, 0xe9b5dba5U, 0x3956c25bU, 0x59f111f1U, 0x923f82a4U,
	0xab1c5ed5U, 0xd807aa98U, 0x12835b01U, 0x243185beU, 0x550c7dc3U, 0x72be5d74U, 0x80deb1feU,
	0x9bdc06a7U, 0xc19bf174U, 0xe49b69c1U, 0xefbe4786U, 0x0fc19dc6U, 0x240ca1ccU, 0x2de92c6fU,
	0x4a7484aaU, 0x5cb0a9dcU, 0x76f988daU, 0x983e5152U, 0xa831c66dU, 0xb00327c8U, 0xbf597fc7U,
	0xc6e00bf3U, 0xd5a79147U, 0x06ca6351U, 0x14292967U, 0x27b70a85U, 0x2e1b2138U, 0x4d2c6dfcU,
	0x53380d13U, 0x650a7354U, 0x766a0abbU, 0x81c2c92eU, 0x92722c85U, 0xa2bfe8a1U, 0xa81a664bU,
	0xc24b8b70U, 0xc76c51a3U, 0xd192e819U, 0xd6990624U, 0xf40e3585U, 0x106aa070U, 0x19a4c116U,
	0x1e376c08U, 0x2748774cU, 0x34b0bcb5U, 0x391c0cb3U, 0x4ed8aa4aU, 0x5b9cca4fU, 0x682e6ff3U,
	0x748f82eeU, 0x78a5636fU, 0x84c87814U, 0x8cc70208U, 0x90befffaU, 0xa4506cebU, 0xbef9a3f7U,
	0xc67178f2U,
};

/* §5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
static const uint32_t h0[8] = {
	0x6a09e667U, 0xbb67ae85U, 0x3c6ef372U, 0xa54ff53aU,
	0x510e527fU, 0x9b05688cU, 0x1f83d9abU, 0x5be0cd19U,
};

/* §3.2, §2.2.2: ROTR^n(x), 0 < n < 32. */
static inline uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32U - n));
}

/* §4.1.2 (4.2)-(4.7): the six logical functions. */
static inline uint32_t ch(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (~x & z);
}

static inline uint32_t maj(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (x & z) ^ (y & z);
}

static inline uint32_t big_sigma0(uint32_t x)
{
	return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

static inline uint32_t big_sigma1(uint32_t x)
{
	return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

static inline uint32_t small_sigma0(uint32_t x)
{
	return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3);
}

static inline uint32_t small_sigma1(uint32_t x)
{
	return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10);
}

/* §3.1: words are big-endian. Byte loads: the input may have any alignment. */
static uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * §6.2.2 step 1: the schedule word W(t) for round t = base + i, base a
 * multiple of 16 and i < 16. From t = 16 on, W(t) takes the place of W(t-16),
 * the oldest word of the 16-word window: w[t mod 16] = w[i].
 */
static inline uint32_t schedule(uint32_t w[16], unsigned base, unsigned i)
{
	if (base)
		w[i] += small_sigma1(w[(i - 2) & 15U]) + w[(i - 7) & 15U] +
			small_sigma0(w[(i - 15) & 15U]);
	return w[i];
}

/*
 * §6.2.2 step 3, one round. Of the eight working variables only two take new
 * values, e = d + T1 and a = T1 + T2; the other six shift down (h = g, g = f,
 * ..., b = a). Rather than moving six words a round, the caller passes the
 * variables in rotated order: the new e is written over d, the new a over h.
 */
static inline void sha256_round(uint32_t a, uint32_t b, uint32_t c, uint32_t *d, uint32_t e,
				uint32_t f, uint32_t g, uint32_t *h, uint32_t k_plus_w)
{
	uint32_t t1 = *h + big_sigma1(e) + ch(e, f, g) + k_plus_w;
	uint32_t t2 = big_sigma0(a) + maj(a, b, c);

	*d += t1;
	*h = t1 + t2;
}

/* §6.2.2: fold one 512-bit block M(i) into the hash value H(i-1). */
static void compress(uint32_t state[8], const uint8_t block[SHA256_BLOCK_SIZE])
{
	uint32_t w[16];
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];

	for (size_t i = 0; i < 16; i++)
		w[i] = load_be32(block + 4 * i);
	/*
	 * Sixteen rounds per pass: each round's window index is then a constant,
	 * so the compiler keeps w in registers (64 instructions a byte on
	 * rv64imac, against 82 with eight rounds per pass and indices computed),
	 * and every eight renamings the variables are back in place.
	 */
	for (unsigned t = 0; t < 64; t += 16) {
		sha256_round(a, b, c, &d, e, f, g, &h, k[t + 0] + schedule(w, t, 0));
		sha256_round(h, a, b, &c, d, e, f, &g, k[t + 1] + schedule(w, t, 1));
		sha256_round(g, h, a, &b, c, d, e, &f, k[t + 2] + schedule(w, t, 2));
		sha256_round(f, g, h, &a, b, c, d, &e, k[t + 3] + schedule(w, t, 3));
		sha256_round(e, f, g, &h, a, b, c, &d, k[t + 4] + schedule(w, t, 4));
		sha256_round(d, e, f, &g, h, a, b, &c, k[t + 5] + schedule(w, t, 5));
		sha256_round(c, d, e, &f, g, h, a, &b, k[t + 6] + schedule(w, t, 6));
		sha256_round(b, c, d, &e, f, g, h, &a, k[t + 7] + schedule(w, t, 7));
		sha256_round(a, b, c, &d, e, f, g, &h, k[t + 8] + schedule(w, t, 8));
		sha256_round(h, a, b, &c, d, e, f, &g, k[t + 9] + schedule(w, t, 9));
		sha256_round(g, h, a, &b, c, d, e, &f, k[t + 10] + schedule(w, t, 10));
		sha256_round(f, g, h, &a, b, c, d, &e, k[t + 11] + schedule(w, t, 11));
		sha256_round(e, f, g, &h, a, b, c, &d, k[t + 12] + schedule(w, t, 12));
		sha256_round(d, e, f, &g, h, a, b, &c, k[t + 13] + schedule(w, t, 13));
		sha256_round(c, d, e, &f, g, h, a, &b, k[t + 14] + schedule(w, t, 14));
		sha256_round(b, c, d, &e, f, g, h, &a, k[t + 15] + schedule(w, t, 15));
	}
	/* §6.2.2 step 4. */
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

void sha256_init(struct sha256_ctx *ctx)
{
	memcpy(ctx->state, h0, sizeof(h0));
	ctx->length = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, uint64_t len)
{
	const uint8_t *p = data;
	uint64_t used = ctx->length % SHA256_BLOCK_SIZE;

	if (len == 0)
		return;
	ctx->length += len;
	/* Complete a partial block first; whole blocks are then hashed in place. */
	if (used) {
		uint64_t fill = SHA256_BLOCK_SIZE - used;
		if (len < fill) {
			memcpy(ctx->block + used, p, len);
			return;
		}
		memcpy(ctx->block + used, p, fill);
		compress(ctx->state, ctx->block);
		p += fill;
		len -= fill;
	}
	for (; len >= SHA256_BLOCK_SIZE; len -= SHA256_BLOCK_SIZE, p += SHA256_BLOCK_SIZE)
		compress(ctx->state, p);
	if (len)
		memcpy(ctx->block, p, len);
}

void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_SIZE])
{
	/* §5.1.1: the bit "1", k zero bits, then the length l in bits as 64 bits. */
	uint64_t bits = ctx->length << 3;
	uint64_t used = ctx->length % SHA256_BLOCK_SIZE;

	ctx->block[used++] = 0x80;
	if (used > SHA256_BLOCK_SIZE - 8) {
		/* No room for the length: it goes in one more block. */
		memset(ctx->block + used, 0, SHA256_BLOCK_SIZE - used);
		compress(ctx->state, ctx->block);
		used = 0;
	}
	memset(ctx->block + used, 0, SHA256_BLOCK_SIZE - 8 - used);
	store_be32(ctx->block + 56, (uint32_t)(bits >> 32));
	store_be32(ctx->block + 60, (uint32_t)bits);
	compress(ctx->state, ctx->block);
	/* §6.2.2: the digest is H(N), word 0 first, each big-endian. */
	for (size_t i = 0; i < 8; i++)
		store_be32(digest + 4 * i, ctx->state[i]);
}

void sha256(const void *data, uint64_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
}
