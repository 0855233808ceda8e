// Tesseract thresholds every page by Otsu's method, and first counts the
// page's gray levels with HistogramRect: one increment of one of 256
// counters per pixel, 8 million pixels for a 300-dpi letter page. Most
// pixels are paper, so the library's loop keeps incrementing the same
// counter, and each increment waits for the one before it to be stored:
// 3% of a whole run's CPU in perf on an Intel Xeon. This definition, found
// before libtesseract's (as in serial_omp.c), spreads the counting over
// four sets of counters and adds them up at the end. The histogram is the
// same: counting is order-free. histogram_rect_check compares the two.
// Tesseract 5 passes the image as its Image class (the mangled name below);
// against other headers the library keeps its own.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>
#include <leptonica/allheaders.h>
#include <tesseract/version.h>
#include "override_check.h"

#if TESSERACT_MAJOR_VERSION == 5
#define HISTOGRAM_OVERRIDE 1
#endif

#define HISTOGRAM_RECT "_ZN9tesseract13HistogramRectENS_5ImageEiiiiiPi"

enum { levels = 256 };

#ifdef HISTOGRAM_OVERRIDE

// tesseract::Image holds one Pix pointer and is passed by value in a
// register, as a PIX * is.
void histogram_rect(PIX *pix, int channel, int left, int top, int width, int height, int *histogram) __asm__(HISTOGRAM_RECT);

void histogram_rect(PIX *pix, int channel, int left, int top, int width, int height, int *histogram) {
	int channels = pixGetDepth(pix) / 8;
	if (channel < 0) channel = 0;
	else if (channel > channels - 1) channel = channels - 1;
	memset(histogram, 0, sizeof(int) * levels);
	int wpl = pixGetWpl(pix);
	l_uint32 *data = pixGetData(pix);
	uint32_t part[4][levels];
	memset(part, 0, sizeof part);
	for (int y = top; y < top + height; y++) {
		// Leptonica keeps a row's bytes in 32-bit words, most significant
		// first: byte n of the row is at address n ^ 3 on a little-endian
		// machine (GET_DATA_BYTE).
		uintptr_t line = (uintptr_t)(data + (intptr_t)y * wpl);
		uintptr_t at = line + (intptr_t)(left * channels + channel);
		int x = 0;
		for (; x + 4 <= width; x += 4) {
			part[0][*(const uint8_t *)(at ^ 3)]++;
			part[1][*(const uint8_t *)((at + channels) ^ 3)]++;
			part[2][*(const uint8_t *)((at + 2 * channels) ^ 3)]++;
			part[3][*(const uint8_t *)((at + 3 * channels) ^ 3)]++;
			at += 4 * channels;
		}
		for (; x < width; x++, at += channels) part[0][*(const uint8_t *)(at ^ 3)]++;
	}
	for (int v = 0; v < levels; v++) histogram[v] = (int)(part[0][v] + part[1][v] + part[2][v] + part[3][v]);
}

#endif

typedef void (*histogram_rect_fn)(PIX *, int, int, int, int, int, int *);

// histogram_rect_check runs libtesseract's own HistogramRect and the one
// the process binds on random gray and colour images and rectangles, and
// returns how many histograms differed; -1 when the library or its symbol
// cannot be found, -2 when this definition is not built, -3 when it is not
// the one bound.
int histogram_rect_check(unsigned seed, int rounds) {
#ifndef HISTOGRAM_OVERRIDE
	(void)seed;
	(void)rounds;
	return -2;
#else
	void *t, *b;
	int found = check_symbol("libtesseract.so.5", HISTOGRAM_RECT, &t, &b);
	if (found != 0) return found;
	histogram_rect_fn theirs = (histogram_rect_fn)t, bound = (histogram_rect_fn)b;
	uint32_t s = seed;
	int bad = 0;
	for (int r = 0; r < rounds; r++) {
		int depth = check_rand(&s, 3) == 0 ? 32 : 8;
		int w = 1 + check_rand(&s, 90), h = 1 + check_rand(&s, 40);
		PIX *pix = pixCreate(w, h, depth);
		if (pix == NULL) return -1;
		l_uint32 *data = pixGetData(pix);
		int words = pixGetWpl(pix) * h;
		// Mostly paper, as a page is, with some ink.
		for (int i = 0; i < words; i++)
			data[i] = check_rand(&s, 4) == 0 ? (check_rand(&s, 1u << 16) << 16 | check_rand(&s, 1u << 16)) : 0xffffffffu;
		int left = check_rand(&s, (uint32_t)w), top = check_rand(&s, (uint32_t)h);
		int width = check_rand(&s, (uint32_t)(w - left + 1)), height = check_rand(&s, (uint32_t)(h - top + 1));
		int channel = (int)check_rand(&s, 6) - 1;
		int want[levels], got[levels];
		theirs(pix, channel, left, top, width, height, want);
		bound(pix, channel, left, top, width, height, got);
		if (memcmp(want, got, sizeof want) != 0) bad++;
		pixDestroy(&pix);
	}
	return bad;
#endif
}
