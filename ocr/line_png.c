// Tesseract keeps every text line's image PNG-encoded between cutting it
// out of the page and recognising it a moment later
// (ImageData::SetPixInternal, then GetPixInternal), through Leptonica's
// pixWriteMem: zlib's deflate at its default level and libpng's adaptive
// row filters were 5.6% of a whole run's CPU in perf. The images never
// leave the process, so their size does not matter. Leptonica sets the
// level through png_set_compression_level; this definition, found before
// libpng's by the dynamic linker (as in serial_omp.c), stores the rows
// uncompressed and unfiltered instead. The pixels are the same either way:
// PNG is lossless at every level.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

typedef void (*set_level_fn)(void *, int);
typedef void (*set_filter_fn)(void *, int, int);

// Values from png.h and zlib.h, which this file need not include.
enum { z_no_compression = 0, png_filter_type_base = 0, png_filter_none = 0x08 };

static int stored;

void line_png_clear(void) { __atomic_store_n(&stored, 0, __ATOMIC_RELAXED); }
int line_png_stored(void) { return __atomic_load_n(&stored, __ATOMIC_RELAXED); }

void png_set_compression_level(void *png_ptr, int level) {
	(void)level;
	static set_level_fn set_level;
	static set_filter_fn set_filter;
	set_level_fn l = __atomic_load_n(&set_level, __ATOMIC_ACQUIRE);
	set_filter_fn f = __atomic_load_n(&set_filter, __ATOMIC_ACQUIRE);
	if (l == NULL || f == NULL) {
		l = (set_level_fn)dlsym(RTLD_NEXT, "png_set_compression_level");
		f = (set_filter_fn)dlsym(RTLD_NEXT, "png_set_filter");
		if (l == NULL) return; // libpng's default level stands
		__atomic_store_n(&set_level, l, __ATOMIC_RELEASE);
		__atomic_store_n(&set_filter, f, __ATOMIC_RELEASE);
	}
	l(png_ptr, z_no_compression);
	if (f != NULL) f(png_ptr, png_filter_type_base, png_filter_none);
	if (!__atomic_load_n(&stored, __ATOMIC_RELAXED)) __atomic_store_n(&stored, 1, __ATOMIC_RELAXED);
}
