// Tesseract looks for ruled lines on every page (LineFinder's
// GetLineMasks) by opening the binarized page with bricks: 15 by 15 pixels
// at 300 dpi to find solid areas, then a quarter inch (75 pixels) across
// and down. Leptonica erodes and dilates with a brick by one pass over the
// whole page per pixel of the brick: some 360 passes over a megabyte a
// page, and perf put the raster operations of these openings at 8% of a
// whole run's CPU on an Intel Xeon.
//
// This pixOpenBrick, found before Leptonica's (as in serial_omp.c), gives
// the same opening of a 1-bit image from far fewer passes: the AND (or OR)
// of a window of n pixels is built by doubling, windows of 1, 2, 4, ...
// and two overlapping ones of the largest such length, about 2 log2 n
// passes instead of n. Leptonica's conventions are kept exactly: the
// brick's origin at (hsize/2, vsize/2), a 2-D brick done separably
// (erode across, erode down, dilate across, dilate down), and its
// asymmetric boundary condition, under which pixels outside the image are
// off for erosion as for dilation. line_open_check compares the two on
// random images bit for bit. Any other call (a destination given, another
// depth) goes to Leptonica's own.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <leptonica/allheaders.h>
#include "override_check.h"

typedef PIX *(*open_brick_fn)(PIX *, PIX *, l_int32, l_int32);

static open_brick_fn leptonica_open_brick;

static void resolve(void) { leptonica_open_brick = (open_brick_fn)dlsym(RTLD_NEXT, "pixOpenBrick"); }

static open_brick_fn leptonica(void) {
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, resolve);
	return leptonica_open_brick;
}

enum op { erode, dilate };

static inline uint32_t combine(enum op op, uint32_t a, uint32_t b) { return op == erode ? a & b : a | b; }

// doubling_step returns the next shift of the doubling that turns each
// pixel into the op of a window of n: a window of len combined with the
// one len further gives one of 2*len, and once 2*len passes n, one last
// shift of n-len joins two overlapping windows of len. *len starts at 1;
// 0 means done.
static inline int doubling_step(int n, int *len) {
	if (*len <= 0) return 0;
	if (2 * *len <= n) {
		int step = *len;
		*len *= 2;
		return step;
	}
	int step = n - *len;
	*len = 0; // the last shift, if any
	return step;
}

// bits_at returns the 32 pixels of row starting at pixel pos (pos >= 0),
// with zeros past the row's words. Pixel 0 is a word's top bit.
static inline uint32_t bits_at(const uint32_t *row, int words, long pos) {
	long q = pos >> 5;
	int r = (int)(pos & 31);
	uint32_t hi = q < words ? row[q] : 0;
	if (r == 0) return hi;
	uint32_t lo = q + 1 < words ? row[q + 1] : 0;
	return hi << r | lo >> (32 - r);
}

// window_across sets each pixel of every row of pixs to the op of the n
// pixels of its row starting lo pixels from it, pixels outside the image
// counting as off, into out (wpl words a row).
static int window_across(const uint32_t *src, uint32_t *out, int w, int h, int wpl, int n, int lo, enum op op) {
	// Pad words on both sides so that every window lies inside the row.
	int pad = (n + 31) / 32 + 1;
	int words = wpl + 2 * pad;
	uint32_t *t = malloc(sizeof(uint32_t) * (size_t)words);
	if (t == NULL) return -1;
	int full = w >> 5, rest = w & 31;
	uint32_t tail = rest ? ~(uint32_t)0 << (32 - rest) : 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *row = src + (size_t)y * wpl;
		memset(t, 0, sizeof(uint32_t) * (size_t)words);
		memcpy(t + pad, row, sizeof(uint32_t) * (size_t)full);
		if (rest) t[pad + full] = row[full] & tail; // bits past the width are off
		// t[x] becomes the op of pixels x .. x+n-1 (doubling_step); in
		// place, as word i reads only words i and later.
		for (int len = 1, step; (step = doubling_step(n, &len)) > 0;)
			for (int i = 0; i < words; i++) t[i] = combine(op, t[i], bits_at(t, words, (long)i * 32 + step));
		uint32_t *dst = out + (size_t)y * wpl;
		for (int i = 0; i < wpl; i++) dst[i] = bits_at(t, words, (long)(pad + i) * 32 + lo);
	}
	free(t);
	return 0;
}

// window_down is window_across along columns: row y of out is the op of
// rows y+lo .. y+lo+n-1 of src, rows outside the image off.
static int window_down(const uint32_t *src, uint32_t *out, int h, int wpl, int n, int lo, enum op op) {
	int pad = n;
	int rows = h + 2 * pad;
	size_t rw = (size_t)wpl;
	uint32_t *t = calloc((size_t)rows * rw, sizeof(uint32_t));
	if (t == NULL) return -1;
	memcpy(t + (size_t)pad * rw, src, sizeof(uint32_t) * rw * (size_t)h);
	// Row y becomes the op of rows y .. y+n-1 (doubling_step). In place:
	// row y reads only rows y and later. Rows past the buffer are never
	// read out.
	for (int len = 1, step; (step = doubling_step(n, &len)) > 0;) {
		for (int y = 0; y + step < rows; y++) {
			uint32_t *a = t + (size_t)y * rw;
			const uint32_t *b = a + (size_t)step * rw;
			if (op == erode)
				for (size_t i = 0; i < rw; i++) a[i] &= b[i];
			else
				for (size_t i = 0; i < rw; i++) a[i] |= b[i];
		}
	}
	memcpy(out, t + (size_t)(pad + lo) * rw, sizeof(uint32_t) * rw * (size_t)h);
	free(t);
	return 0;
}

// open_1bpp opens pixs with a brick of hsize by vsize (not both 1), as
// Leptonica's pixOpenBrick does, or returns NULL.
static PIX *open_1bpp(PIX *pixs, int hsize, int vsize) {
	int w = pixGetWidth(pixs), h = pixGetHeight(pixs), wpl = pixGetWpl(pixs);
	PIX *pixd = pixCreateTemplate(pixs);
	uint32_t *tmp = malloc(sizeof(uint32_t) * (size_t)wpl * (size_t)h);
	if (pixd == NULL || tmp == NULL) {
		free(tmp);
		pixDestroy(&pixd);
		return NULL;
	}
	const uint32_t *src = pixGetData(pixs);
	uint32_t *dst = pixGetData(pixd);
	int cx = hsize / 2, cy = vsize / 2, bad = 0;
	// Erosion by a brick with origin c reads pixels -c .. n-1-c from each
	// pixel; dilation reflects the brick: c-n+1 .. c.
	if (vsize == 1) {
		bad |= window_across(src, tmp, w, h, wpl, hsize, -cx, erode);
		bad |= window_across(tmp, dst, w, h, wpl, hsize, cx - hsize + 1, dilate);
	} else if (hsize == 1) {
		bad |= window_down(src, tmp, h, wpl, vsize, -cy, erode);
		bad |= window_down(tmp, dst, h, wpl, vsize, cy - vsize + 1, dilate);
	} else {
		bad |= window_across(src, tmp, w, h, wpl, hsize, -cx, erode);
		bad |= window_down(tmp, dst, h, wpl, vsize, -cy, erode);
		bad |= window_across(dst, tmp, w, h, wpl, hsize, cx - hsize + 1, dilate);
		bad |= window_down(tmp, dst, h, wpl, vsize, cy - vsize + 1, dilate);
	}
	free(tmp);
	if (bad) {
		pixDestroy(&pixd);
		return NULL;
	}
	// Leptonica's result has the bits past the width off (its raster
	// operations write only inside it); the passes down carry whatever
	// pixs had there.
	if (w & 31) {
		uint32_t tail = ~(uint32_t)0 << (32 - (w & 31));
		for (int y = 0; y < h; y++) dst[(size_t)y * wpl + wpl - 1] &= tail;
	}
	return pixd;
}

PIX *pixOpenBrick(PIX *pixd, PIX *pixs, l_int32 hsize, l_int32 vsize) {
	if (pixd == NULL && pixs != NULL && pixGetDepth(pixs) == 1 && hsize >= 1 && vsize >= 1 && hsize * vsize > 1) {
		PIX *out = open_1bpp(pixs, hsize, vsize);
		if (out != NULL) return out;
	}
	open_brick_fn f = leptonica();
	return f == NULL ? NULL : f(pixd, pixs, hsize, vsize);
}

// line_open_check opens random 1-bit images (text-like specks and ruled
// lines, garbage in the bits past the width) with random bricks, the
// quarter-inch and 15-pixel ones among them, by Leptonica's pixOpenBrick
// and the one the process binds, and returns how many results differed in
// any bit; -1 when Leptonica's cannot be found, -3 when this one is not
// the one bound.
int line_open_check(unsigned seed, int rounds) {
	void *t, *b;
	int found = check_symbol("liblept.so.5", "pixOpenBrick", &t, &b);
	if (found != 0) return found;
	open_brick_fn theirs = (open_brick_fn)t, bound = (open_brick_fn)b;
	uint32_t s = seed;
	int bad = 0;
	static const int sizes[][2] = {{1, 75}, {75, 1}, {15, 15}, {1, 2}, {2, 1}, {3, 4}, {33, 1}, {1, 64}, {64, 65}};
	for (int r = 0; r < rounds; r++) {
		int w = 1 + check_rand(&s, 200), h = 1 + check_rand(&s, 150);
		PIX *pix = pixCreate(w, h, 1);
		uint32_t *data = pixGetData(pix);
		int words = pixGetWpl(pix) * h;
		int density = 1 + check_rand(&s, 4);
		for (int i = 0; i < words; i++) {
			uint32_t v = 0;
			for (int k = 0; k < density; k++) v |= check_rand(&s, 1u << 16) << 16 | check_rand(&s, 1u << 16);
			data[i] = check_rand(&s, 3) == 0 ? ~(uint32_t)0 : v;
		}
		// Solid rows and columns, as ruled lines are.
		for (int k = check_rand(&s, 4); k > 0; k--) {
			if (check_rand(&s, 2)) pixRasterop(pix, 0, check_rand(&s, (uint32_t)h), w, 1 + check_rand(&s, 3), PIX_SET, NULL, 0, 0);
			else pixRasterop(pix, check_rand(&s, (uint32_t)w), 0, 1 + check_rand(&s, 3), h, PIX_SET, NULL, 0, 0);
		}
		int hs, vs;
		if (check_rand(&s, 2)) {
			int k = check_rand(&s, sizeof sizes / sizeof sizes[0]);
			hs = sizes[k][0], vs = sizes[k][1];
		} else {
			hs = 1 + check_rand(&s, 40), vs = 1 + check_rand(&s, 40);
		}
		PIX *a = theirs(NULL, pix, hs, vs), *b = bound(NULL, pix, hs, vs);
		if (a == NULL || b == NULL || pixGetWpl(a) != pixGetWpl(b) || pixGetHeight(a) != pixGetHeight(b) ||
		    memcmp(pixGetData(a), pixGetData(b), sizeof(uint32_t) * (size_t)words) != 0)
			bad++;
		pixDestroy(&a);
		pixDestroy(&b);
		pixDestroy(&pix);
	}
	return bad;
}
