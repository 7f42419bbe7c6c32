// SPDX-License-Identifier: BSD-2-Clause
/* The firmware/OS memory split of protect-os: see memsplit.h. */
#include "memsplit.h"

#include <stddef.h>

#define SET_CAP (2 * MEMSPLIT_MAX)

struct set {
	struct range r[SET_CAP];
	unsigned n;
	bool overflow;
};

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void add(struct set *s, uint64_t base, uint64_t end)
{
	if (end <= base)
		return;
	if (s->n == SET_CAP) {
		s->overflow = true;
		return;
	}
	s->r[s->n].base = base;
	s->r[s->n].end = end;
	s->n++;
}

/* s := s n (the union of the banks). */
static void clip(struct set *s, const struct range *ram, unsigned nram)
{
	struct set t = { .overflow = s->overflow };

	for (unsigned i = 0; i < s->n; i++)
		for (unsigned j = 0; j < nram; j++)
			add(&t, max_u64(s->r[i].base, ram[j].base),
			    min_u64(s->r[i].end, ram[j].end));
	*s = t;
}

/* s := s - x; what was taken away goes to cut (if any). */
static void subtract(struct set *s, struct range x, struct set *cut)
{
	struct set t = { .overflow = s->overflow };

	for (unsigned i = 0; i < s->n; i++) {
		struct range r = s->r[i];

		if (x.end <= x.base || r.end <= x.base || x.end <= r.base) {
			add(&t, r.base, r.end);
			continue;
		}
		add(&t, r.base, min_u64(r.end, x.base));
		add(&t, max_u64(r.base, x.end), r.end);
		if (cut)
			add(cut, max_u64(r.base, x.base), min_u64(r.end, x.end));
	}
	*s = t;
}

/* Sorted by base, overlapping and adjacent ranges merged. */
static void normalize(struct set *s)
{
	unsigned n = 0;

	for (unsigned i = 1; i < s->n; i++) {
		struct range k = s->r[i];
		unsigned j = i;

		for (; j > 0 && s->r[j - 1].base > k.base; j--)
			s->r[j] = s->r[j - 1];
		s->r[j] = k;
	}
	for (unsigned i = 0; i < s->n; i++) {
		if (n > 0 && s->r[i].base <= s->r[n - 1].end)
			s->r[n - 1].end = max_u64(s->r[n - 1].end, s->r[i].end);
		else
			s->r[n++] = s->r[i];
	}
	s->n = n;
}

static bool export(const struct set *s, struct range *out, unsigned *n)
{
	if (s->overflow || s->n > MEMSPLIT_MAX)
		return false;
	for (unsigned i = 0; i < s->n; i++)
		out[i] = s->r[i];
	*n = s->n;
	return true;
}

bool memsplit_compute(const struct range *ram, unsigned nram, struct range hole,
		      struct range fw_image, const struct range *claims, unsigned nclaims,
		      const struct range *os, unsigned nos, struct memsplit *out)
{
	struct set fw = { .n = 0 }, cut = { .n = 0 };

	add(&fw, fw_image.base, fw_image.end);
	for (unsigned i = 0; i < nclaims; i++)
		add(&fw, claims[i].base, claims[i].end);
	clip(&fw, ram, nram);
	subtract(&fw, hole, NULL);
	for (unsigned i = 0; i < nos; i++)
		subtract(&fw, os[i], &cut);
	normalize(&fw);
	normalize(&cut);
	return export(&fw, out->fw, &out->nfw) && export(&cut, out->refused, &out->nrefused);
}
