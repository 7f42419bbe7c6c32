// SPDX-License-Identifier: BSD-2-Clause
/* Shared helpers of the libFuzzer harnesses: a byte-stream reader and CHECK. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* An invariant of cordon: on violation, say which and crash (libFuzzer keeps the input). */
#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant violated: %s: ", __FILE__, __LINE__,     \
				#cond);                                                            \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The fuzzer's input, consumed front to back; reads past the end give zeros. */
struct stream {
	const uint8_t *data;
	size_t size;
	size_t pos;
};

static inline int stream_empty(const struct stream *s)
{
	return s->pos >= s->size;
}

static inline uint64_t stream_bytes(struct stream *s, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++) {
		uint64_t b = s->pos < s->size ? s->data[s->pos] : 0;
		s->pos++;
		v |= b << (8U * i);
	}
	return v;
}

static inline uint8_t stream_u8(struct stream *s)
{
	return (uint8_t)stream_bytes(s, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
