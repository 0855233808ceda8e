// Tesseract's networks walk their activations with StrideMap::Index: every
// convolution tap, pooling step and time step calls AddOffset, IsValid or
// Increment, and each of those calls MaxIndexOfDim and SetTFromIndices in
// turn. libtesseract is built with its symbols interposable, so none of
// these one-line functions is inlined: every call goes out through the PLT.
// On a 300-dpi fax page they were 20% of Tesseract's instructions
// (callgrind: IsValid alone called 20 million times), and 10% of a whole
// run's CPU in perf on an Intel Xeon.
//
// The definitions below take the place of libtesseract's (the executable's
// symbols come first in the dynamic linker's lookup, as in serial_omp.c),
// with each function's helpers inlined. They compute exactly what the
// library's do; stride_index_check compares the two on random shapes and
// positions, and the held-out packets' index.json came out byte for byte
// the same. The struct layouts are Tesseract 5.3's (stridemap.h, checked
// against the disassembly of Debian's libtesseract.so.5.0.3), so the
// overrides are built only against 5.3 headers; any other version keeps
// its own functions.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <tesseract/version.h>
#include "override_check.h"

#if TESSERACT_MAJOR_VERSION == 5 && TESSERACT_MINOR_VERSION == 3
#define STRIDE_OVERRIDES 1
#endif

enum { dim_batch, dim_height, dim_width, dims };

// tesseract::StrideMap: shape_, t_increments_, then heights_ and widths_,
// two std::vector<int> (begin, end, capacity pointers in libstdc++).
struct stride_map {
	int shape[dims];
	int step[dims];
	const int *heights, *heights_end, *heights_cap;
	const int *widths, *widths_end, *widths_cap;
};

// tesseract::StrideMap::Index: stride_map_, t_, indices_.
struct stride_index {
	const struct stride_map *map;
	int t;
	int at[dims];
};

_Static_assert(offsetof(struct stride_map, step) == 0x0c, "StrideMap::t_increments_");
_Static_assert(offsetof(struct stride_map, heights) == 0x18, "StrideMap::heights_");
_Static_assert(offsetof(struct stride_map, widths) == 0x30, "StrideMap::widths_");
_Static_assert(offsetof(struct stride_index, t) == 0x08, "Index::t_");
_Static_assert(offsetof(struct stride_index, at) == 0x0c, "Index::indices_");

// last is the highest index dimension d may take at ix's batch: the map's
// size, or less for an image of the batch smaller than the largest. A
// batch index outside the per-image lists (negative included, as the
// library compares it unsigned) gets the map's size.
static inline int last(const struct stride_index *ix, int d) {
	const struct stride_map *m = ix->map;
	int top = m->shape[d] - 1;
	if (d == dim_batch) return top;
	size_t b = (size_t)(int64_t)ix->at[dim_batch];
	const int *v = d == dim_height ? m->heights : m->widths;
	const int *end = d == dim_height ? m->heights_end : m->widths_end;
	if (b >= (size_t)(end - v) || v[b] > top) return top;
	return v[b] - 1;
}

static inline void set_t(struct stride_index *ix) {
	const int *step = ix->map->step;
	ix->t = step[0] * ix->at[0] + step[1] * ix->at[1] + step[2] * ix->at[2];
}

// valid is IsValid: it runs after every AddOffset, tens of millions of
// times a page. Each last() has a constant dimension, so the compiler
// writes the check out dimension by dimension.
static inline int valid(const struct stride_index *ix) {
	if (ix->at[dim_batch] < 0 || ix->at[dim_height] < 0 || ix->at[dim_width] < 0) return 0;
	return ix->at[dim_batch] <= last(ix, dim_batch) && ix->at[dim_height] <= last(ix, dim_height) &&
	       ix->at[dim_width] <= last(ix, dim_width);
}

static inline void to_last_of_batch(struct stride_index *ix, int batch) {
	ix->at[dim_batch] = batch;
	ix->at[dim_height] = last(ix, dim_height);
	ix->at[dim_width] = last(ix, dim_width);
	set_t(ix);
}

static inline int increment(struct stride_index *ix) {
	const int *step = ix->map->step;
	for (int d = dims - 1; d >= 0; d--) {
		if (ix->at[d] != last(ix, d)) {
			ix->t += step[d];
			ix->at[d]++;
			return 1;
		}
		ix->t -= step[d] * ix->at[d];
		ix->at[d] = 0;
	}
	return 0;
}

static inline int decrement(struct stride_index *ix) {
	const int *step = ix->map->step;
	for (int d = dims - 1; d >= 0; d--) {
		if (ix->at[d] > 0) {
			ix->at[d]--;
			if (d == dim_batch)
				// Another image of the batch has its own height and width.
				to_last_of_batch(ix, ix->at[dim_batch]);
			else
				ix->t -= step[d];
			return 1;
		}
		ix->at[d] = last(ix, d);
		ix->t += step[d] * ix->at[d];
	}
	return 0;
}

static inline int add_offset(struct stride_index *ix, int offset, int d) {
	ix->at[d] += offset;
	set_t(ix);
	return valid(ix);
}

#define MAX_INDEX_OF_DIM "_ZNK9tesseract9StrideMap5Index13MaxIndexOfDimENS_14FlexDimensionsE"
#define IS_VALID "_ZNK9tesseract9StrideMap5Index7IsValidEv"
#define IS_LAST "_ZNK9tesseract9StrideMap5Index6IsLastENS_14FlexDimensionsE"
#define ADD_OFFSET "_ZN9tesseract9StrideMap5Index9AddOffsetEiNS_14FlexDimensionsE"
#define INCREMENT "_ZN9tesseract9StrideMap5Index9IncrementEv"
#define DECREMENT "_ZN9tesseract9StrideMap5Index9DecrementEv"
#define INIT_TO_LAST_OF_BATCH "_ZN9tesseract9StrideMap5Index17InitToLastOfBatchEi"
#define SET_T_FROM_INDICES "_ZN9tesseract9StrideMap5Index15SetTFromIndicesEv"

typedef int (*max_index_fn)(const struct stride_index *, int);
typedef _Bool (*is_valid_fn)(const struct stride_index *);
typedef _Bool (*is_last_fn)(const struct stride_index *, int);
typedef _Bool (*add_offset_fn)(struct stride_index *, int, int);
typedef _Bool (*step_fn)(struct stride_index *);
typedef void (*to_last_fn)(struct stride_index *, int);
typedef void (*set_t_fn)(struct stride_index *);

#ifdef STRIDE_OVERRIDES

int stride_max_index_of_dim(const struct stride_index *ix, int d) __asm__(MAX_INDEX_OF_DIM);
int stride_max_index_of_dim(const struct stride_index *ix, int d) { return last(ix, d); }

_Bool stride_is_valid(const struct stride_index *ix) __asm__(IS_VALID);
_Bool stride_is_valid(const struct stride_index *ix) { return valid(ix); }

_Bool stride_is_last(const struct stride_index *ix, int d) __asm__(IS_LAST);
_Bool stride_is_last(const struct stride_index *ix, int d) { return last(ix, d) == ix->at[d]; }

_Bool stride_add_offset(struct stride_index *ix, int offset, int d) __asm__(ADD_OFFSET);
_Bool stride_add_offset(struct stride_index *ix, int offset, int d) { return add_offset(ix, offset, d); }

_Bool stride_increment(struct stride_index *ix) __asm__(INCREMENT);
_Bool stride_increment(struct stride_index *ix) { return increment(ix); }

_Bool stride_decrement(struct stride_index *ix) __asm__(DECREMENT);
_Bool stride_decrement(struct stride_index *ix) { return decrement(ix); }

void stride_init_to_last_of_batch(struct stride_index *ix, int batch) __asm__(INIT_TO_LAST_OF_BATCH);
void stride_init_to_last_of_batch(struct stride_index *ix, int batch) { to_last_of_batch(ix, batch); }

void stride_set_t_from_indices(struct stride_index *ix) __asm__(SET_T_FROM_INDICES);
void stride_set_t_from_indices(struct stride_index *ix) { set_t(ix); }

#endif

// stride_index_check runs libtesseract's own StrideMap::Index functions
// and the ones the process binds (these, where built) side by side on
// random batches of images and positions, in and out of range, and
// returns how many results differed. The library's composite functions
// call its leaves (MaxIndexOfDim, SetTFromIndices) through the PLT, that
// is, call these; the leaves are compared directly, so the composites'
// comparison checks their own logic. -1 when the library or a symbol
// cannot be found, -2 when the overrides are not built (another Tesseract
// version) and -3 when they are built but not the ones bound.
int stride_index_check(unsigned seed, int rounds) {
#ifndef STRIDE_OVERRIDES
	(void)seed;
	(void)rounds;
	return -2;
#else
	struct {
		const char *name;
		void *lib, *bound;
	} fns[] = {
		{MAX_INDEX_OF_DIM, NULL, NULL}, {IS_VALID, NULL, NULL}, {IS_LAST, NULL, NULL},
		{ADD_OFFSET, NULL, NULL}, {INCREMENT, NULL, NULL}, {DECREMENT, NULL, NULL},
		{INIT_TO_LAST_OF_BATCH, NULL, NULL}, {SET_T_FROM_INDICES, NULL, NULL},
	};
	enum { n_fns = sizeof fns / sizeof fns[0] };
	for (int i = 0; i < n_fns; i++) {
		int found = check_symbol("libtesseract.so.5", fns[i].name, &fns[i].lib, &fns[i].bound);
		if (found != 0) return found;
	}

	uint32_t s = seed;
	int bad = 0;
	for (int r = 0; r < rounds; r++) {
		int n = 1 + check_rand(&s, 4);
		int hs[4], ws[4];
		struct stride_map m = {0};
		for (int b = 0; b < n; b++) {
			hs[b] = 1 + check_rand(&s, 6);
			ws[b] = 1 + check_rand(&s, 9);
			if (hs[b] > m.shape[dim_height]) m.shape[dim_height] = hs[b];
			if (ws[b] > m.shape[dim_width]) m.shape[dim_width] = ws[b];
		}
		m.shape[dim_batch] = n;
		m.step[dim_width] = 1;
		m.step[dim_height] = m.shape[dim_width];
		m.step[dim_batch] = m.shape[dim_width] * m.shape[dim_height];
		// Some maps have lost their per-image lists, as after TransposeXY
		// of an empty map; others list fewer images than the batch holds.
		int listed = check_rand(&s, 5) == 0 ? (int)check_rand(&s, (uint32_t)n) : n;
		m.heights = hs, m.heights_end = hs + listed, m.heights_cap = hs + 4;
		m.widths = ws, m.widths_end = ws + listed, m.widths_cap = ws + 4;

		struct stride_index a, b;
		a.map = &m;
		for (int d = 0; d < dims; d++) a.at[d] = (int)check_rand(&s, (uint32_t)m.shape[d] + 3) - 1;
		a.t = (int)check_rand(&s, 100);
		b = a;
		int d = (int)check_rand(&s, dims);
		int off = (int)check_rand(&s, 5) - 2;
		int got, want;
		uint32_t which = check_rand(&s, n_fns);
		switch (which) {
		case 0:
			want = ((max_index_fn)fns[0].lib)(&a, d), got = ((max_index_fn)fns[0].bound)(&b, d);
			break;
		case 1:
			want = ((is_valid_fn)fns[1].lib)(&a), got = ((is_valid_fn)fns[1].bound)(&b);
			break;
		case 2:
			want = ((is_last_fn)fns[2].lib)(&a, d), got = ((is_last_fn)fns[2].bound)(&b, d);
			break;
		case 3:
			want = ((add_offset_fn)fns[3].lib)(&a, off, d), got = ((add_offset_fn)fns[3].bound)(&b, off, d);
			break;
		case 4:
		case 5:
			// Walks start from a valid index, as Tesseract's do.
			for (int k = 0; k < dims; k++) {
				int hi = last(&a, k);
				if (a.at[k] < 0) a.at[k] = 0;
				if (a.at[k] > hi) a.at[k] = hi < 0 ? 0 : hi;
			}
			b = a;
			want = got = 0;
			for (int k = 0; k < 12; k++) {
				step_fn f = (step_fn)fns[which].lib, g = (step_fn)fns[which].bound;
				int x = f(&a), y = g(&b);
				want = want * 2 + x, got = got * 2 + y;
				if (!x) break;
			}
			break;
		case 6: {
			int batch = (int)check_rand(&s, (uint32_t)n);
			((to_last_fn)fns[6].lib)(&a, batch), ((to_last_fn)fns[6].bound)(&b, batch);
			want = got = 0;
			break;
		}
		default:
			((set_t_fn)fns[7].lib)(&a), ((set_t_fn)fns[7].bound)(&b);
			want = got = 0;
			break;
		}
		if (want != got || a.t != b.t || a.at[0] != b.at[0] || a.at[1] != b.at[1] || a.at[2] != b.at[2]) bad++;
	}
	return bad;
#endif
}
