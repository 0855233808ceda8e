// Tesseract's integer LSTM stores every layer's output for a time step
// through NetworkIO::WriteTimeStepPart, which rounds each value times 127
// to the nearest int8 with a branch on its sign. Activations change sign
// at random, so that branch is mispredicted about half the time: 4.5% of
// a whole run's CPU in perf on an Intel Xeon. This definition, found
// before libtesseract's (as in serial_omp.c), computes both roundings
// eight values at a time with SSE2 and picks one by the sign, with the
// same single-precision arithmetic, so every int8 is the library's;
// timestep_write_check compares the two. Layouts are Tesseract 5.3's
// (checked against Debian's libtesseract.so.5.0.3), so it is built only
// against 5.3 headers on x86-64.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <tesseract/version.h>
#include "override_check.h"

#if TESSERACT_MAJOR_VERSION == 5 && TESSERACT_MINOR_VERSION == 3 && defined(__SSE2__)
#define TIMESTEP_OVERRIDE 1
#include <emmintrin.h>
#endif

#define WRITE_TIME_STEP_PART "_ZN9tesseract9NetworkIO17WriteTimeStepPartEiiiPKf"

// tesseract::NetworkIO: f_ (GENERIC_2D_ARRAY<float>: vtable, array_,
// empty_, dim1_, dim2_), then i_ (the same for int8_t), then int_mode_.
struct network_io {
	char f_head[8];
	float *f;
	char f_mid[8];
	int f_stride;
	char f_tail[4];
	char i_head[8];
	int8_t *i;
	char i_mid[8];
	int i_stride;
	char i_tail[4];
	_Bool int_mode;
};

_Static_assert(offsetof(struct network_io, f) == 0x08, "NetworkIO::f_.array_");
_Static_assert(offsetof(struct network_io, f_stride) == 0x18, "NetworkIO::f_.dim2_");
_Static_assert(offsetof(struct network_io, i) == 0x28, "NetworkIO::i_.array_");
_Static_assert(offsetof(struct network_io, i_stride) == 0x38, "NetworkIO::i_.dim2_");
_Static_assert(offsetof(struct network_io, int_mode) == 0x40, "NetworkIO::int_mode_");

// to_int8 is the library's rounding: half away from zero by truncation of
// x + 0.5 or 0.5 - x, then clipped to [-127, 127]. The casts are what the
// library's cvttss2si does (out of range gives INT32_MIN); the negation
// is done unsigned so that INT32_MIN stays itself, as the library's does.
static inline int8_t to_int8(float v) {
	float x = v * 127.0f;
	int32_t r = x >= 0 ? (int32_t)(x + 0.5f) : (int32_t)(0u - (uint32_t)(int32_t)(0.5f - x));
	if (r > 127) r = 127;
	if (r < -127) r = -127;
	return (int8_t)r;
}

#ifdef TIMESTEP_OVERRIDE

void write_time_step_part(struct network_io *io, int t, int offset, int n, const float *in) __asm__(WRITE_TIME_STEP_PART);

void write_time_step_part(struct network_io *io, int t, int offset, int n, const float *in) {
	if (!io->int_mode) {
		float *out = io->f + ((intptr_t)(t * io->f_stride) + offset);
		if (n > 0) memcpy(out, in, sizeof(float) * (size_t)n);
		return;
	}
	int8_t *out = io->i + ((intptr_t)(t * io->i_stride) + offset);
	const __m128 scale = _mm_set1_ps(127.0f), half = _mm_set1_ps(0.5f), zero = _mm_setzero_ps();
	const __m128i top = _mm_set1_epi16(127), bottom = _mm_set1_epi16(-127);
	int k = 0;
	for (; k + 8 <= n; k += 8) {
		__m128i r[2];
		for (int j = 0; j < 2; j++) {
			__m128 x = _mm_mul_ps(_mm_loadu_ps(in + k + 4 * j), scale);
			// NaN compares false, so it takes the negative side, as in
			// the library's comiss branch.
			__m128i up = _mm_castps_si128(_mm_cmpge_ps(x, zero));
			__m128i pos = _mm_cvttps_epi32(_mm_add_ps(x, half));
			__m128i neg = _mm_sub_epi32(_mm_setzero_si128(), _mm_cvttps_epi32(_mm_sub_ps(half, x)));
			r[j] = _mm_or_si128(_mm_and_si128(up, pos), _mm_andnot_si128(up, neg));
		}
		// Saturating to int16 keeps order and sign, so clipping after it
		// is clipping the int32s.
		__m128i w = _mm_packs_epi32(r[0], r[1]);
		w = _mm_max_epi16(_mm_min_epi16(w, top), bottom);
		_mm_storel_epi64((__m128i *)(out + k), _mm_packs_epi16(w, w));
	}
	for (; k < n; k++) out[k] = to_int8(in[k]);
}

#endif

typedef void (*write_fn)(struct network_io *, int, int, int, const float *);

// timestep_write_check runs libtesseract's own WriteTimeStepPart and the
// one the process binds on random values (rounding ties, values past the
// int8 range, infinities and NaN among them) in both modes, and returns
// how many outputs differed; -1 when the library or its symbol cannot be
// found, -2 when the override is not built, -3 when it is not the one
// bound.
int timestep_write_check(unsigned seed, int rounds) {
#ifndef TIMESTEP_OVERRIDE
	(void)seed;
	(void)rounds;
	return -2;
#else
	void *t, *b;
	int found = check_symbol("libtesseract.so.5", WRITE_TIME_STEP_PART, &t, &b);
	if (found != 0) return found;
	write_fn theirs = (write_fn)t, bound = (write_fn)b;
	enum { steps = 3, width = 40 };
	float in[width], fa[steps * width], fb[steps * width];
	int8_t ia[steps * width], ib[steps * width];
	const float odd[] = {0.5f / 127, -0.5f / 127, 1.5f / 127, -2.5f / 127, 1.0f, -1.0f, 1.01f, -1.01f,
		0.0f, -0.0f, 1e30f, -1e30f, __builtin_inff(), -__builtin_inff(), __builtin_nanf("")};
	uint32_t s = seed;
	int bad = 0;
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < width; k++) {
			switch (check_rand(&s, 4)) {
			case 0:
				in[k] = odd[check_rand(&s, sizeof odd / sizeof odd[0])];
				break;
			case 1:
				// Exactly k + 0.5 after scaling, or a hair either side.
				in[k] = ((float)check_rand(&s, 300) - 150.0f + 0.5f) / 127.0f;
				break;
			default:
				in[k] = ((float)check_rand(&s, 1u << 20) / (float)(1u << 19) - 1.0f) * 1.2f;
			}
		}
		memset(fa, 0x5a, sizeof fa), memset(fb, 0x5a, sizeof fb);
		memset(ia, 0x5a, sizeof ia), memset(ib, 0x5a, sizeof ib);
		struct network_io a = {0}, b;
		a.f = fa, a.f_stride = width, a.i = ia, a.i_stride = width;
		a.int_mode = check_rand(&s, 4) != 0;
		b = a;
		b.f = fb, b.i = ib;
		int t = check_rand(&s, steps), offset = check_rand(&s, width);
		int n = check_rand(&s, (uint32_t)(width - offset + 1));
		theirs(&a, t, offset, n, in);
		bound(&b, t, offset, n, in);
		if (memcmp(fa, fb, sizeof fa) != 0 || memcmp(ia, ib, sizeof ia) != 0) bad++;
	}
	return bad;
#endif
}
