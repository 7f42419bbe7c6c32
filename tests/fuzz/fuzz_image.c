// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness of the image check at boot (core/image.c): arbitrary
 * headers, relocation counts, sizes, load addresses and entries over an
 * arbitrary image. The image lies in a buffer that ends where cordon's
 * copy would start (dest), so that any read past it is an out-of-bounds
 * access ASan reports. A first byte may repair the magic, the version and
 * the CRC-32, so that the later checks are reached. Invariants: an image
 * accepted has its firmware bytes inside the image, before dest, and runs
 * in [ram_base, run_limit) with its entry inside it, without wrapping.
 */
#include <stdbool.h>
#include <string.h>

#include "../../src/core/image.h"
#include "cordon/crc32.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[1 << 16] __attribute__((aligned(8)));
	struct stream s = { data, size, 0 };
	uint8_t fix = stream_u8(&s);
	uint64_t ram_base = stream_bytes(&s, 8), run_limit = stream_bytes(&s, 8);
	struct image_header *img = (struct image_header *)(void *)buf;
	const char *what, *detail;
	size_t len;

	if (s.pos > size)
		return 0;
	len = size - s.pos;
	if (len > sizeof(buf))
		return 0;
	/* The image is exactly what the input gives: dest is its end. */
	uint8_t *image = malloc(len ? len : 1);
	memcpy(image, data + s.pos, len);
	if (len >= sizeof(*img)) {
		memcpy(buf, image, sizeof(*img));
		img = (struct image_header *)(void *)buf;
		if (fix & 1)
			img->magic = IMAGE_MAGIC;
		if (fix & 2)
			img->version = IMAGE_VERSION;
		if (fix & 4)
			img->reloc_count %= 64U;
		if (fix & 8)
			img->size %= len + 1U;
		memcpy(image, buf, sizeof(*img));
		img = (struct image_header *)(void *)image;
		if ((fix & 16) && img->reloc_count <= 1U << 20) {
			const uint8_t *fw = image_fw_bytes(img);
			if (fw >= image && fw <= image + len &&
			    img->size <= (uint64_t)(image + len - fw))
				img->crc32 = crc32(fw, img->size);
		}
	}
	img = (struct image_header *)(void *)image;
	/* Aligned as the boot's header is: the image sits at a page start. */
	if (((uintptr_t)image & 7U) != 0) {
		free(image);
		return 0;
	}
	what = image_check(img, ram_base, (uint64_t)(uintptr_t)(image + len), run_limit, &detail);
	if (!what) {
		const uint8_t *fw = image_fw_bytes(img);
		CHECK(len >= sizeof(*img), "accepted an image shorter than its header");
		CHECK(fw >= image && img->size <= (uint64_t)(image + len - fw),
		      "firmware bytes outside the image");
		CHECK(img->load_addr >= ram_base && img->load_addr <= run_limit &&
			      img->size <= run_limit - img->load_addr,
		      "runs outside [ram_base, run_limit)");
		CHECK(img->entry >= img->load_addr && img->entry - img->load_addr < img->size,
		      "entry outside the firmware");
		CHECK(crc32(fw, img->size) == img->crc32, "CRC-32 mismatch accepted");
	}
	free(image);
	return 0;
}
