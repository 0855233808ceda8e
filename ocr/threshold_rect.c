// Once Otsu has picked a page's threshold, Tesseract's
// ImageThresholder::ThresholdRectToPix makes the 1-bit page pixel by
// pixel, setting or clearing each bit of the output with a read-modify-
// write of its word: 2% of a whole run's CPU in perf on an Intel Xeon.
// This definition, found before libtesseract's (as in serial_omp.c), makes
// the same bits 32 at a time in a register for a gray page, and leaves
// colour pages (several channels) to the library's own loop, called
// through dlsym. threshold_rect_check compares the two. The fields read
// are Tesseract 5.3's (checked against Debian's libtesseract.so.5.0.3), so
// it is built only against 5.3 headers.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <leptonica/allheaders.h>
#include <tesseract/version.h>
#include "override_check.h"

#if TESSERACT_MAJOR_VERSION == 5 && TESSERACT_MINOR_VERSION == 3
#define THRESHOLD_OVERRIDE 1
#endif

#define THRESHOLD_RECT_TO_PIX "_ZNK9tesseract16ImageThresholder18ThresholdRectToPixENS_5ImageEiRKSt6vectorIiSaIiEES6_PS1_"

// The rectangle of tesseract::ImageThresholder being thresholded.
struct thresholder {
	char head[0x2c];
	int left, top, width, height;
};

_Static_assert(offsetof(struct thresholder, left) == 0x2c, "ImageThresholder::rect_left_");
_Static_assert(offsetof(struct thresholder, height) == 0x38, "ImageThresholder::rect_height_");

// A const std::vector<int>& arrives as a pointer to its begin, end and
// capacity pointers (libstdc++).
struct int_vector {
	const int *begin, *end, *cap;
};

typedef void (*threshold_fn)(const struct thresholder *, PIX *, int, const struct int_vector *, const struct int_vector *, PIX **);

static threshold_fn library_threshold;

// The next definition after the executable's is libtesseract's own, as
// line_png.c and line_open.c find theirs.
static void resolve(void) { library_threshold = (threshold_fn)dlsym(RTLD_NEXT, THRESHOLD_RECT_TO_PIX); }

static threshold_fn library(void) {
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, resolve);
	return library_threshold;
}

#ifdef THRESHOLD_OVERRIDE

void threshold_rect_to_pix(const struct thresholder *th, PIX *src, int channels, const struct int_vector *thresholds,
                           const struct int_vector *hi_values, PIX **out) __asm__(THRESHOLD_RECT_TO_PIX);

void threshold_rect_to_pix(const struct thresholder *th, PIX *src, int channels, const struct int_vector *thresholds,
                           const struct int_vector *hi_values, PIX **out) {
	threshold_fn theirs = library();
	if (channels != 1 && theirs != NULL) {
		theirs(th, src, channels, thresholds, hi_values, out);
		return;
	}
	PIX *pix = pixCreate(th->width, th->height, 1);
	*out = pix;
	if (pix == NULL) return;
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix), src_wpl = pixGetWpl(src);
	l_uint32 *src_data = pixGetData(src);
	pixSetXRes(pix, pixGetXRes(src));
	pixSetYRes(pix, pixGetYRes(src));
	int t = thresholds->begin[0], hi = hi_values->begin[0];
	// A pixel is black where it is above the threshold and hi is 0, or at
	// or below it and hi is positive; a negative hi makes every pixel
	// white, and pixCreate's page is white already.
	if (hi < 0) return;
	uint32_t above_is_black = hi == 0;
	for (int y = 0; y < th->height; y++) {
		uintptr_t line = (uintptr_t)(src_data + (intptr_t)(y + th->top) * src_wpl);
		l_uint32 *dst = data + (intptr_t)y * wpl;
		for (int x0 = 0; x0 < th->width; x0 += 32) {
			int n = th->width - x0 < 32 ? th->width - x0 : 32;
			uint32_t word = 0;
			// Byte n of a Leptonica row sits at address n ^ 3 on a
			// little-endian machine (GET_DATA_BYTE); bit 31 is pixel 0.
			for (int k = 0; k < n; k++) {
				int v = *(const uint8_t *)((line + (uintptr_t)(x0 + k + th->left)) ^ 3);
				word |= (uint32_t)((uint32_t)(v > t) == above_is_black) << (31 - k);
			}
			dst[x0 >> 5] = word;
		}
	}
}

#endif

// threshold_rect_check thresholds random gray and colour rectangles of
// random images with random thresholds by libtesseract's own
// ThresholdRectToPix and the one the process binds, and returns how many
// 1-bit results differed in any bit or in resolution; -1 when the library
// or its symbol cannot be found, -2 when this override is not built, -3
// when it is not the one bound.
int threshold_rect_check(unsigned seed, int rounds) {
#ifndef THRESHOLD_OVERRIDE
	(void)seed;
	(void)rounds;
	return -2;
#else
	void *t, *b;
	int found = check_symbol("libtesseract.so.5", THRESHOLD_RECT_TO_PIX, &t, &b);
	if (found != 0) return found;
	threshold_fn theirs = (threshold_fn)t, bound = (threshold_fn)b;
	uint32_t s = seed;
	int bad = 0;
	for (int r = 0; r < rounds; r++) {
		int channels = check_rand(&s, 4) == 0 ? 4 : 1;
		int w = 1 + check_rand(&s, 120), h = 1 + check_rand(&s, 30);
		PIX *src = pixCreate(w, h, channels == 4 ? 32 : 8);
		pixSetResolution(src, 200 + check_rand(&s, 200), 200 + check_rand(&s, 200));
		l_uint32 *data = pixGetData(src);
		int words = pixGetWpl(src) * h;
		for (int i = 0; i < words; i++) data[i] = check_rand(&s, 1u << 16) << 16 | check_rand(&s, 1u << 16);
		struct thresholder th;
		memset(&th, 0, sizeof th);
		th.left = check_rand(&s, (uint32_t)w), th.top = check_rand(&s, (uint32_t)h);
		th.width = 1 + check_rand(&s, (uint32_t)(w - th.left)), th.height = 1 + check_rand(&s, (uint32_t)(h - th.top));
		int ts[4], his[4];
		for (int c = 0; c < 4; c++) {
			ts[c] = (int)check_rand(&s, 258) - 1;
			his[c] = (int)check_rand(&s, 3) - (check_rand(&s, 6) == 0 ? 1 : 0);
		}
		struct int_vector tv = {ts, ts + channels, ts + 4}, hv = {his, his + channels, his + 4};
		PIX *a = NULL, *b = NULL;
		theirs(&th, src, channels, &tv, &hv, &a);
		bound(&th, src, channels, &tv, &hv, &b);
		if (a == NULL || b == NULL) {
			if (a != b) bad++;
		} else if (pixGetXRes(a) != pixGetXRes(b) || pixGetYRes(a) != pixGetYRes(b) || pixGetWpl(a) != pixGetWpl(b) ||
		           memcmp(pixGetData(a), pixGetData(b), sizeof(l_uint32) * (size_t)pixGetWpl(a) * (size_t)th.height) != 0) {
			bad++;
		}
		pixDestroy(&a);
		pixDestroy(&b);
		pixDestroy(&src);
	}
	return bad;
#endif
}
