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
#include <pthread.h>
#include <stddef.h>

typedef void (*set_level_fn)(void *, int);
typedef void (*set_filter_fn)(void *, int, int);

// Values from png.h and zlib.h, which this file need not include.
enum { z_no_compression = 0, png_filter_type_base = 0, png_filter_none = 0x08 };

static int stored;

void line_png_clear(void) { __atomic_store_n(&stored, 0, __ATOMIC_RELAXED); }
int line_png_stored(void) { return __atomic_load_n(&stored, __ATOMIC_RELAXED); }

static set_level_fn set_level;
static set_filter_fn set_filter;

static void resolve(void) {
	set_level = (set_level_fn)dlsym(RTLD_NEXT, "png_set_compression_level");
	set_filter = (set_filter_fn)dlsym(RTLD_NEXT, "png_set_filter");
}

void png_set_compression_level(void *png_ptr, int level) {
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, resolve);
	if (set_level == NULL) return; // libpng's default level stands
	(void)level;
	set_level(png_ptr, z_no_compression);
	if (set_filter != NULL) set_filter(png_ptr, png_filter_type_base, png_filter_none);
	if (!__atomic_load_n(&stored, __ATOMIC_RELAXED)) __atomic_store_n(&stored, 1, __ATOMIC_RELAXED);
}
