// SPDX-License-Identifier: BSD-2-Clause
/*
 * The image's check before anything is copied (core/boot.c; the format:
 * include/cordon/image.h). Host-built: fuzzed on arbitrary headers and
 * bytes (tests/fuzz/fuzz_image.c).
 */
#include "image.h"

#include <stddef.h>

#include "cordon/crc32.h"

/*
 * The image as the boot ROM loaded it: cordon, then the header (img), the
 * relocation table and the firmware, of any size. Stage 1 copies cordon
 * to dest (the top of RAM), stage 2 the firmware to its load address, over
 * the image's own start once every hart left it: so the image must end at
 * or below dest, and the firmware must run inside [ram_base, run_limit)
 * (what stays RAM for it: below what boot cuts off /memory). Each test is
 * made before anything it guards is read.
 */
const char *image_check(const struct image_header *img, uint64_t ram_base, uint64_t dest,
			uint64_t run_limit, const char **detail)
{
	uint64_t at = (uint64_t)(uintptr_t)img, fw;

	*detail = NULL;
	if (at > dest || dest - at < sizeof(*img)) {
		*detail = "the header reaches cordon's place in RAM";
		return "firmware image size is corrupt";
	}
	if (img->magic != IMAGE_MAGIC) {
		*detail = "bad magic after cordon (build it with `make image`)";
		return "no firmware in the image";
	}
	if (img->version != IMAGE_VERSION)
		return "firmware image has an unknown header version";
	/* The table is cordon's relocations: fewer than a word per word of cordon. */
	if (img->reloc_count > CORDON_SIZE / 8U) {
		*detail = "relocation table";
		return "firmware image size is corrupt";
	}
	fw = (uint64_t)(uintptr_t)image_fw_bytes(img);
	if (img->size == 0 || fw > dest || img->size > dest - fw) {
		*detail = "the image reaches cordon's place in RAM";
		return "firmware image size is corrupt";
	}
	if (crc32(image_fw_bytes(img), img->size) != img->crc32) {
		*detail = "CRC-32 mismatch";
		return "firmware image is corrupt";
	}
	if (img->load_addr < ram_base || img->load_addr > run_limit ||
	    img->size > run_limit - img->load_addr || img->entry < img->load_addr ||
	    img->entry - img->load_addr >= img->size)
		return "firmware does not fit in RAM below cordon";
	return NULL;
}
