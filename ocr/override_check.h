// Shared by the self-checks of the library overrides (stride_index.c,
// timestep_write.c, histogram_rect.c, threshold_rect.c, line_open.c): each
// runs the library's own function and the one the process binds on random
// input, and tests call the checks through tess.go.

#include <stdint.h>

// check_rand is a small LCG: the checks must not touch the process's rand.
static inline uint32_t check_rand(uint32_t *s, uint32_t n) {
	*s = *s * 1664525u + 1013904223u;
	return (*s >> 8) % n;
}

// check_symbol sets *theirs to the definition of name in the loaded shared
// object lib (a handle's lookup starts at the object itself) and *bound to
// the one every caller is bound to (the default scope, where the
// executable comes first). It returns 0, -1 when lib or either definition
// cannot be found, or -3 when they are one: the override is not bound.
int check_symbol(const char *lib, const char *name, void **theirs, void **bound);
