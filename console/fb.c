/* SPDX-License-Identifier: MIT */
#include "fb.h"

#include "../arch/paging.h"
#include "../include/hw/paging.h"
#include "../lib/fmt.h"
#include "fbdraw.h"
#include "font.h"

static struct fb_surface surf;
static struct grid grid;
static uint64_t fb_addr;
static int ready, write_combining;
static const char *why = "fb_init not run";
/* What each cell shows now, so a put that changes nothing draws nothing. */
static uint16_t shown[FB_MAX_ROWS][FB_MAX_COLS];

/* A blank cell looks the same in every foreground colour. */
static uint16_t cell_key(char ch, uint8_t attr)
{
	unsigned c = (unsigned char)ch;

	if (c < FONT_FIRST || c >= FONT_FIRST + FONT_COUNT)
		c = FONT_ESCAPE;
	if (c == ' ')
		attr &= 0x70;
	return (uint16_t)(c | (attr & 0x7f) << 8);
}

static void put(unsigned col, unsigned row, char ch, uint8_t attr)
{
	uint16_t k = cell_key(ch, attr);

	if (!ready || col >= grid.cols || row >= grid.rows || shown[row][col] == k)
		return;
	shown[row][col] = k;
	fbdraw_cell(&surf, col, row, ch, attr);
	/* Write-combining buffers drain now, not at some later eviction: a hang keeps the cell. */
	__asm__ volatile("sfence" ::: "memory");
}

/* Whether [base, end) shares a byte with RAM the memory map lists. */
static int touches_ram(const struct bootinfo *bi, uint64_t base, uint64_t end)
{
	for (unsigned i = 0; i < bi->nmmap; i++) {
		const struct mmap_entry *e = &bi->mmap[i];

		if (e->type == MMAP_RAM && e->base < end && base < e->base + e->len)
			return 1;
	}
	return 0;
}

static const char *setup(const struct bootinfo *bi)
{
	struct fb_format f = {
		bi->fb_pitch,  bi->fb_width,  bi->fb_height, bi->fb_bpp,    bi->fb_rgb[0],
		bi->fb_rgb[1], bi->fb_rgb[2], bi->fb_rgb[3], bi->fb_rgb[4], bi->fb_rgb[5],
	};
	uint64_t len = (uint64_t)bi->fb_pitch * bi->fb_height, page = PAGE_SIZE_2M;
	const char *bad;
	int mapped;

	if (bi->fb_type == FB_NONE)
		return "the loader handed over no framebuffer";
	if (bi->fb_type == FB_EGA_TEXT)
		return "the loader left VGA text mode";
	if (bi->fb_type != FB_RGB)
		return "indexed colour: not drawn";
	bad = fbdraw_check(&f);
	if (bad)
		return bad;
	/*
	 * The 2 MiB pages around it become write-combining, which RAM the image uses must
	 * never be (it would lose its ordering); there the pages are made uncached.
	 */
	mapped = paging_map_framebuffer(bi->fb_addr, len,
					!touches_ram(bi, bi->fb_addr & ~(page - 1),
						     (bi->fb_addr + len + page - 1) & ~(page - 1)));
	if (mapped < 0)
		return "cannot be mapped: beyond the physical address width or the page tables";
	write_combining = mapped;
	fb_addr = bi->fb_addr;
	fbdraw_setup(&surf, (volatile void *)(uintptr_t)bi->fb_addr, &f, font_glyphs);
	grid.cols = surf.cols < FB_MAX_COLS ? surf.cols : FB_MAX_COLS;
	grid.rows = surf.rows < FB_MAX_ROWS ? surf.rows : FB_MAX_ROWS;
	grid.put = put;
	fbdraw_clear(&surf, GRID_BLACK);
	for (unsigned r = 0; r < grid.rows; r++)
		for (unsigned c = 0; c < grid.cols; c++)
			shown[r][c] = cell_key(' ', GRID_ATTR(GRID_GREY, GRID_BLACK));
	__asm__ volatile("sfence" ::: "memory");
	return 0;
}

int fb_init(const struct bootinfo *bi)
{
	why = setup(bi);
	ready = why == 0;
	return ready ? 0 : -1;
}

const struct grid *fb_grid(void)
{
	return ready ? &grid : 0;
}

void fb_describe(char *buf, size_t size)
{
	const struct fb_format *f = &surf.fmt;

	if (!ready) {
		fmt_buf(buf, size, "why=\"%s\"", why);
		return;
	}
	fmt_buf(buf, size,
		"addr=%#llx width=%u height=%u bpp=%u pitch=%u rgb=%u:%u,%u:%u,%u:%u "
		"memtype=%s cols=%u rows=%u font=%s",
		(unsigned long long)fb_addr, f->width, f->height, f->bpp, f->pitch, f->red_pos,
		f->red_size, f->green_pos, f->green_size, f->blue_pos, f->blue_size,
		write_combining ? "wc" : "uc", grid.cols, grid.rows, font_name);
}
