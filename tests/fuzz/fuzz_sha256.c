// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness of lib/sha256.c: the input is the message. Hashed in one
 * go, and streamed in chunks whose sizes the input's own bytes choose, it
 * must give the digest OpenSSL's SHA256 gives (an independent implementation,
 * host only).
 */
#include <openssl/sha.h>
#include <string.h>

#include "cordon/sha256.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t want[SHA256_DIGEST_LENGTH], one[SHA256_DIGEST_SIZE], streamed[SHA256_DIGEST_SIZE];
	struct stream chunks = { data, size, 0 };
	struct sha256_ctx ctx;
	size_t done = 0;

	CHECK(SHA256(data, size, want) == want, "OpenSSL's SHA256 failed on %zu bytes", size);
	sha256(data, size, one);
	CHECK(memcmp(one, want, sizeof(want)) == 0, "one-shot sha256 of %zu bytes != OpenSSL's",
	      size);

	/* Chunks of 0..255 bytes (below, at and above the block size) while the
	 * size bytes last, then the rest in one. */
	sha256_init(&ctx);
	while (done < size) {
		size_t n = stream_empty(&chunks) ? size - done : stream_u8(&chunks);
		if (n > size - done)
			n = size - done;
		sha256_update(&ctx, data + done, n);
		done += n;
	}
	sha256_final(&ctx, streamed);
	CHECK(memcmp(streamed, want, sizeof(want)) == 0,
	      "streamed sha256 of %zu bytes != OpenSSL's (%zu chunk sizes read)", size, chunks.pos);
	return 0;
}
