// SPDX-License-Identifier: BSD-2-Clause
/* The image's check at boot (core/image.c). */
#ifndef CORDON_CORE_IMAGE_H
#define CORDON_CORE_IMAGE_H

#include <stdint.h>

#include "cordon/config.h"
#include "cordon/image.h"

/*
 * NULL if the image at img is sound for a cordon copied to dest and a
 * firmware running in [ram_base, run_limit); else what is wrong (and
 * *detail, or NULL).
 */
const char *image_check(const struct image_header *img, uint64_t ram_base, uint64_t dest,
			uint64_t run_limit, const char **detail);

#endif
