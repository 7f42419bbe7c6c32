// SPDX-License-Identifier: BSD-2-Clause
/* Empty on purpose: libfdt_env.h includes <stdlib.h>; cordon has no libc. */
#ifndef CORDON_STDLIB_H
#define CORDON_STDLIB_H
#include <stddef.h>
#endif
