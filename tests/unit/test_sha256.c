// SPDX-License-Identifier: BSD-2-Clause
/*
 * sha256 (src/lib/sha256.c): the FIPS 180-4 example messages (NIST CSRC
 * "SHA256.pdf", "SHA2_Additional.pdf"), the padding boundaries, streaming in
 * any chunks == one-shot, and the digests `sha256sum` gives of the real
 * firmware images that measured boot will hash.
 */
#define _POSIX_C_SOURCE 200809L /* popen, for sha256sum */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cordon/sha256.h"

/* A digest in lowercase hex, as sha256sum prints it. */
struct hex {
	char s[2 * SHA256_DIGEST_SIZE + 1];
};

static struct hex to_hex(const uint8_t digest[SHA256_DIGEST_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	struct hex h;
	for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
		h.s[2 * i] = digits[digest[i] >> 4];
		h.s[2 * i + 1] = digits[digest[i] & 15U];
	}
	h.s[sizeof(h.s) - 1] = '\0';
	return h;
}

static struct hex one_shot(const void *data, uint64_t len)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256(data, len, digest);
	return to_hex(digest);
}

/* A small deterministic generator for chunk sizes and contents (LCG). */
static uint32_t next_random(uint32_t *x)
{
	*x = *x * 1103515245U + 12345U;
	return *x >> 16;
}

/* The message in chunks of 0..max_chunk bytes (zero-length updates included). */
static struct hex in_chunks(const uint8_t *data, uint64_t len, uint32_t max_chunk, uint32_t seed)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	uint64_t done = 0;

	sha256_init(&ctx);
	while (done < len) {
		uint64_t n = next_random(&seed) % (max_chunk + 1U);
		if (n > len - done)
			n = len - done;
		sha256_update(&ctx, data + done, n);
		done += n;
	}
	sha256_final(&ctx, digest);
	return to_hex(digest);
}

static void nist_abc(void **state)
{
	(void)state;
	/* FIPS 180-4 example, one block. */
	assert_string_equal(one_shot("abc", 3).s,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void nist_448_bits(void **state)
{
	static const char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	(void)state;
	/* 56 bytes: the length no longer fits, padding takes a second block. */
	assert_string_equal(one_shot(msg, sizeof(msg) - 1).s,
			    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void nist_896_bits(void **state)
{
	static const char msg[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
				  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	(void)state;
	assert_int_equal(sizeof(msg) - 1, 112);
	assert_string_equal(one_shot(msg, sizeof(msg) - 1).s,
			    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void nist_million_a_uneven_chunks(void **state)
{
	static uint8_t a[1000000];
	static const char want[] =
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	(void)state;
	memset(a, 'a', sizeof(a));
	assert_string_equal(one_shot(a, sizeof(a)).s, want);
	/* Chunks that never stay on a block boundary, small and large. */
	assert_string_equal(in_chunks(a, sizeof(a), 200, 1).s, want);
	assert_string_equal(in_chunks(a, sizeof(a), 70000, 2).s, want);
}

static void empty_message(void **state)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	static const char want[] =
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	(void)state;
	assert_string_equal(one_shot("", 0).s, want);
	assert_string_equal(one_shot(NULL, 0).s, want);
	sha256_init(&ctx);
	sha256_update(&ctx, NULL, 0);
	sha256_final(&ctx, digest);
	assert_string_equal(to_hex(digest).s, want);
}

static void padding_boundaries(void **state)
{
	/* Bytes 0, 1, 2 ...: digests from Python's hashlib. 55 bytes is the longest
	 * message padded within one block, 56 the shortest that needs two. */
	static const struct {
		unsigned len;
		const char *digest;
	} cases[] = {
		{ 55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59" },
		{ 56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562" },
		{ 63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488" },
		{ 64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108" },
		{ 65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781" },
	};
	uint8_t msg[65];
	(void)state;
	for (unsigned i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("length %u\n", cases[i].len);
		assert_string_equal(one_shot(msg, cases[i].len).s, cases[i].digest);
		/* A byte at a time: every fill level of the partial block. */
		assert_string_equal(in_chunks(msg, cases[i].len, 1, 7).s, cases[i].digest);
	}
}

static void streaming_equals_one_shot(void **state)
{
	static uint8_t buf[3000 + 8];
	uint32_t x = 12345;
	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)next_random(&x);
	/* Every length up to three blocks and beyond, at every start alignment mod 8,
	 * in random chunks below and above the block size. */
	for (uint64_t len = 0; len <= 3000; len += len < 200 ? 1 : 97) {
		const uint8_t *p = buf + len % 8;
		struct hex want = one_shot(p, len);
		assert_string_equal(in_chunks(p, len, 1, (uint32_t)len).s, want.s);
		assert_string_equal(in_chunks(p, len, 17, (uint32_t)len).s, want.s);
		assert_string_equal(in_chunks(p, len, 150, (uint32_t)len).s, want.s);
	}
	/* Two different messages must not hash alike. */
	assert_string_not_equal(one_shot(buf, 100).s, one_shot(buf + 1, 100).s);
}

/* The whole file in a malloc'ed buffer, or NULL if it cannot be read. */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		data = malloc((size_t)size + 1);
		if (data && fread(data, 1, (size_t)size, f) != (size_t)size) {
			free(data);
			data = NULL;
		}
		*len = (size_t)size;
	}
	(void)fclose(f);
	return data;
}

/* What `sha256sum path` prints first: 64 hex digits, or "" if it could not run. */
static struct hex sha256sum(const char *path)
{
	struct hex h = { "" };
	char cmd[512];
	FILE *p;

	(void)snprintf(cmd, sizeof(cmd), "sha256sum '%s' 2>/dev/null", path);
	p = popen(cmd, "r"); /* NOLINT(cert-env33-c): sha256sum is the reference */
	if (!p)
		return h;
	if (fscanf(p, "%64[0-9a-f]", h.s) != 1)
		h.s[0] = '\0';
	pclose(p);
	return h;
}

static void check_file(const char *path)
{
	size_t len = 0;
	uint8_t *data = read_file(path, &len);
	struct hex want = sha256sum(path);

	if (!data || strlen(want.s) != sizeof(want.s) - 1) {
		print_message("skipped: %s %s\n", path,
			      !data ? "is missing (package not installed?)" : "but no sha256sum");
		free(data);
		skip(); /* does not return */
		return;
	}
	print_message("%s: %zu bytes, sha256sum %s\n", path, len, want.s);
	assert_string_equal(one_shot(data, len).s, want.s);
	assert_string_equal(in_chunks(data, len, 5000, 3).s, want.s);
	free(data);
}

static void image_opensbi_fw_jump(void **state)
{
	(void)state;
	check_file("/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin");
}

static void image_uboot_qemu_riscv64(void **state)
{
	(void)state;
	check_file("/usr/lib/u-boot/qemu-riscv64/u-boot.bin");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nist_abc),
		cmocka_unit_test(nist_448_bits),
		cmocka_unit_test(nist_896_bits),
		cmocka_unit_test(nist_million_a_uneven_chunks),
		cmocka_unit_test(empty_message),
		cmocka_unit_test(padding_boundaries),
		cmocka_unit_test(streaming_equals_one_shot),
		cmocka_unit_test(image_opensbi_fw_jump),
		cmocka_unit_test(image_uboot_qemu_riscv64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
