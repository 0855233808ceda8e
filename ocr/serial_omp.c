// Tesseract's LSTM opens an OpenMP parallel region for every time step of
// every text line. imrpacket runs one engine per core with
// OMP_THREAD_LIMIT=1 (env.go), so each region has a team of one, yet
// libgomp still sets up and tears down a team for it and ends it with a
// futex wake-all system call. perf of a whole run on a 2-core virtual
// machine: 4.7% of the CPU in libgomp, 11% in the kernel. With two engines
// reading at once the cost is far larger than with one: a whole run of the
// mixed bench packet took 27% less CPU without it, one engine alone
// (BenchmarkRecognize) about 3% (docs/PERFORMANCE.md, session 22).
//
// These definitions take the place of libgomp's for libtesseract (the
// executable's symbols come first in the dynamic linker's lookup) and run
// each region's body on the calling thread, which is what a team of one
// does. omp_get_num_threads and omp_get_thread_num stay libgomp's: outside
// any team they say 1 and 0, so Tesseract's loops hand every iteration to
// this thread. libtesseract imports exactly these four GOMP entry points
// (nm -D --undefined-only); a build of Tesseract without OpenMP never calls
// them.

#include <stdbool.h>

// The sections of the innermost GOMP_parallel_sections on this thread.
static __thread unsigned sections_next, sections_count;

// regions counts the regions run here, so a test can tell these
// definitions, not libgomp's, are the ones Tesseract calls.
static unsigned long regions;

unsigned long serial_omp_regions(void) { return __atomic_load_n(&regions, __ATOMIC_RELAXED); }

void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags) {
	(void)num_threads;
	(void)flags;
	__atomic_fetch_add(&regions, 1, __ATOMIC_RELAXED);
	fn(data);
}

void GOMP_parallel_sections(void (*fn)(void *), void *data, unsigned num_threads, unsigned count, unsigned flags) {
	(void)num_threads;
	(void)flags;
	__atomic_fetch_add(&regions, 1, __ATOMIC_RELAXED);
	unsigned next = sections_next, n = sections_count;
	// A combined parallel-sections body asks for every section, the first
	// included, with GOMP_sections_next (GCC's expand_omp_sections).
	sections_next = 1;
	sections_count = count;
	fn(data);
	sections_next = next;
	sections_count = n;
}

unsigned GOMP_sections_next(void) {
	if (sections_next > sections_count) return 0;
	return sections_next++;
}

void GOMP_sections_end_nowait(void) {}
