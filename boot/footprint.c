/* SPDX-License-Identifier: MIT */
#include "footprint.h"

#include "../lib/string.h"

/* The map as the planner reads it: the loader's entries, or its two meminfo numbers. */
struct view {
	const struct mmap_entry *e;
	unsigned n;
	struct mmap_entry meminfo[2];
};

static uint64_t entry_end(const struct mmap_entry *m)
{
	return m->base + m->len < m->base ? UINT64_MAX : m->base + m->len;
}

static void view_init(struct view *v, const struct bootinfo *bi)
{
	v->e = bi->mmap;
	v->n = bi->nmmap;
	if (v->n || !bi->has_meminfo)
		return;
	/* Multiboot's meminfo: RAM from 0 and from 1 MiB, this many KiB each. */
	v->meminfo[0] = (struct mmap_entry){ 0, (uint64_t)bi->mem_lower_kb << 10, MMAP_RAM };
	v->meminfo[1] = (struct mmap_entry){ 1u << 20, (uint64_t)bi->mem_upper_kb << 10, MMAP_RAM };
	v->e = v->meminfo;
	v->n = 2;
}

static int overlaps(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	return a < d && c < b;
}

/* The first address of [s, e) that no RAM entry covers, or e. */
static uint64_t first_hole(const struct view *v, uint64_t s, uint64_t e)
{
	uint64_t p = s;

	while (p < e) {
		uint64_t reach = p;

		for (unsigned i = 0; i < v->n; i++)
			if (v->e[i].type == MMAP_RAM && v->e[i].base <= p &&
			    entry_end(&v->e[i]) > reach)
				reach = entry_end(&v->e[i]);
		if (reach == p)
			return p;
		p = reach;
	}
	return e;
}

/*
 * 1 when [s, e) is RAM: covered by type-1 entries and touching no other
 * entry (a map may list a reserved range inside a RAM one). Otherwise r's
 * map_* name the lowest trouble: an entry that is not RAM, or a hole.
 */
static int in_ram(const struct view *v, uint64_t s, uint64_t e, struct fp_region *r)
{
	uint64_t hole = first_hole(v, s, e);
	const struct mmap_entry *bad = NULL;

	for (unsigned i = 0; i < v->n; i++) {
		const struct mmap_entry *m = &v->e[i];

		if (m->type != MMAP_RAM && m->len && overlaps(s, e, m->base, entry_end(m)) &&
		    (!bad || m->base < bad->base))
			bad = m;
	}
	if (bad && (hole == e || bad->base <= hole)) {
		r->map_type = bad->type;
		r->map_base = bad->base;
		r->map_end = entry_end(bad);
		r->why = "collides with a map entry that is not RAM";
		return 0;
	}
	if (hole < e) {
		uint64_t next = UINT64_MAX; /* the hole ends where the next entry begins */

		for (unsigned i = 0; i < v->n; i++)
			if (v->e[i].base > hole && v->e[i].base < next)
				next = v->e[i].base;
		r->map_type = 0;
		r->map_base = hole;
		r->map_end = next == UINT64_MAX ? e : next;
		r->why = "lies where the map lists nothing";
		return 0;
	}
	r->map_type = MMAP_RAM;
	r->map_base = r->map_end = 0;
	return 1;
}

/* 1 when [s, e) overlaps no region that is in use, other than self. */
static int free_of_regions(const struct footprint *fp, unsigned self, uint64_t s, uint64_t e)
{
	for (unsigned i = 0; i < fp->n; i++) {
		const struct fp_region *o = &fp->r[i];

		if (i == self || o->how == FP_OFF || o->end == 0)
			continue;
		if (overlaps(s, e, o->start, o->end))
			return 0;
	}
	return 1;
}

static int fits(const struct view *v, const struct footprint *fp, unsigned self, uint64_t at)
{
	const struct fp_region *r = &fp->r[self];
	struct fp_region scratch;

	if (at % r->align || at < r->floor || at + r->size < at || at + r->size > r->ceiling)
		return 0;
	return in_ram(v, at, at + r->size, &scratch) && free_of_regions(fp, self, at, at + r->size);
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return x + a - 1 < x ? UINT64_MAX : (x + a - 1) / a * a;
}

/* Lowers *best to addr, aligned up, when the buffer fits there. */
static void try_at(const struct view *v, const struct footprint *fp, unsigned self, uint64_t addr,
		   uint64_t *best)
{
	uint64_t c = align_up(addr, fp->r[self].align);

	if (c < *best && fits(v, fp, self, c))
		*best = c;
}

/* Raises *best (UINT64_MAX: none yet) to the aligned start of a buffer ending by end. */
static void try_below(const struct view *v, const struct footprint *fp, unsigned self, uint64_t end,
		      uint64_t *best)
{
	const struct fp_region *r = &fp->r[self];
	uint64_t c = (end - r->size) / r->align * r->align;

	if (end >= r->size && (*best == UINT64_MAX || c > *best) && fits(v, fp, self, c))
		*best = c;
}

/*
 * The lowest address that fits begins the window, an entry, or right after
 * an entry or a region (aligned up): anything lower could move down a step.
 * The highest one ends, aligned down, at the window's top, an entry's start
 * or end, or a region's start: anything higher could move up a step.
 */
static uint64_t best_fit(const struct view *v, const struct footprint *fp, unsigned self)
{
	const struct fp_region *r = &fp->r[self];
	uint64_t best = UINT64_MAX;

	if (r->highest)
		try_below(v, fp, self, r->ceiling, &best);
	else
		try_at(v, fp, self, r->floor, &best);
	for (unsigned i = 0; i < v->n; i++) {
		uint64_t edge[2] = { v->e[i].base, entry_end(&v->e[i]) };

		for (unsigned k = 0; k < 2; k++) {
			if (r->highest)
				try_below(v, fp, self, edge[k], &best);
			else
				try_at(v, fp, self, edge[k], &best);
		}
	}
	for (unsigned i = 0; i < fp->n; i++) {
		if (i == self || fp->r[i].how == FP_OFF || !fp->r[i].end)
			continue;
		if (r->highest)
			try_below(v, fp, self, fp->r[i].start, &best);
		else
			try_at(v, fp, self, fp->r[i].end, &best);
	}
	return best;
}

static int place(const struct view *v, struct footprint *fp, unsigned self)
{
	struct fp_region *r = &fp->r[self];
	uint64_t best = best_fit(v, fp, self);
	const struct mmap_entry *largest = NULL;

	if (best != UINT64_MAX) {
		r->start = best;
		r->end = best + r->size;
		r->map_type = MMAP_RAM;
		return 1;
	}
	/* The largest RAM entry in the window: the trampoline's is below 640 KiB, not the GiBs. */
	for (unsigned i = 0; i < v->n; i++)
		if (v->e[i].type == MMAP_RAM &&
		    overlaps(v->e[i].base, entry_end(&v->e[i]), r->floor, r->ceiling) &&
		    (!largest || v->e[i].len > largest->len))
			largest = &v->e[i];
	r->why = "find no room in the map's RAM outside the image, the lastlog slots and the "
		 "loader's data";
	r->map_type = largest ? MMAP_RAM : 0;
	r->map_base = largest ? largest->base : 0;
	r->map_end = largest ? entry_end(largest) : 0;
	return 0;
}

void footprint_init(struct footprint *fp)
{
	memset(fp, 0, sizeof(*fp));
}

static struct fp_region *add(struct footprint *fp, const char *name, enum fp_how how)
{
	struct fp_region *r;

	if (fp->n >= FP_MAX)
		return NULL;
	r = &fp->r[fp->n++];
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->how = how;
	return r;
}

int footprint_fixed(struct footprint *fp, const char *name, enum fp_how how, uint64_t start,
		    uint64_t end, int optional)
{
	struct fp_region *r = add(fp, name, how);

	if (!r)
		return -1;
	r->start = start;
	r->end = end;
	r->optional = optional;
	return (int)(r - fp->r);
}

int footprint_buffer(struct footprint *fp, const char *name, uint64_t size, uint64_t align,
		     uint64_t floor, uint64_t ceiling, int highest)
{
	struct fp_region *r = add(fp, name, FP_PLACED);

	if (!r)
		return -1;
	r->size = size;
	r->align = align ? align : 1;
	r->floor = floor;
	r->ceiling = ceiling;
	r->highest = highest;
	return (int)(r - fp->r);
}

static void add_loader(struct footprint *fp, const struct bootinfo *bi)
{
	for (unsigned i = 0; i < bi->nkeep; i++)
		footprint_fixed(fp, bi->keep[i].what, FP_LOADER, bi->keep[i].base, bi->keep[i].end,
				0);
	if (bi->keep_dropped) {
		struct fp_region *r = add(fp, "boot-info-more", FP_LOADER);

		if (r)
			r->why =
				"the loader handed over more ranges than the image can keep out of";
	}
}

/*
 * An optional region gives way to every other region at a known place:
 * the image, the loader's data, an optional one before it that was kept.
 */
static int yields(const struct footprint *fp, unsigned self)
{
	const struct fp_region *r = &fp->r[self];

	for (unsigned i = 0; i < fp->n; i++) {
		const struct fp_region *o = &fp->r[i];

		if (i == self || o->how == FP_PLACED || o->how == FP_OFF ||
		    (o->optional && i > self))
			continue;
		if (overlaps(r->start, r->end, o->start, o->end))
			return 1;
	}
	return 0;
}

unsigned footprint_plan(struct footprint *fp, const struct bootinfo *bi)
{
	struct view v;
	unsigned bad = 0;

	view_init(&v, bi);
	add_loader(fp, bi);
	/* Everything at a known place first: the buffers are placed around all of it. */
	for (unsigned i = 0; i < fp->n; i++) {
		struct fp_region *r = &fp->r[i];

		if (r->how == FP_PLACED)
			continue;
		if (r->why) { /* refused while being added */
			bad++;
			continue;
		}
		r->ok = (in_ram(&v, r->start, r->end, r) && !(r->optional && yields(fp, i))) ||
			r->how == FP_LOADER;
		if (!r->ok && r->optional) {
			r->how = FP_OFF;
			r->ok = 1;
		}
		if (r->ok)
			r->why = NULL;
		bad += !r->ok;
	}
	for (unsigned i = 0; i < fp->n; i++)
		if (fp->r[i].how == FP_PLACED) {
			fp->r[i].ok = place(&v, fp, i);
			bad += !fp->r[i].ok;
		}
	return bad;
}

const struct fp_region *footprint_find(const struct footprint *fp, const char *name)
{
	for (unsigned i = 0; i < fp->n; i++)
		if (strcmp(fp->r[i].name, name) == 0)
			return &fp->r[i];
	return NULL;
}

const char *footprint_map_name(uint32_t type)
{
	static const char *const names[] = { "none", "ram", "reserved", "acpi", "nvs", "bad" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "other";
}

const char *footprint_how_name(enum fp_how how)
{
	static const char *const names[] = {
		[FP_IMAGE] = "image",	[FP_FIXED] = "fixed", [FP_PLACED] = "placed",
		[FP_LOADER] = "loader", [FP_OFF] = "off",
	};

	return names[how];
}
