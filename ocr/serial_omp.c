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
// them. LSTM::Forward itself runs through GOMP_parallel_sections, so every
// reading in the suite exercises the sections path: a section skipped or
// run twice would garble the text, and the held-out packets' index.json
// came out byte for byte the same as with libgomp.

// The sections of the innermost GOMP_parallel_sections on this thread.
static __thread unsigned sections_next, sections_count;

// used is set by every region run here, so a test can tell these
// definitions, not libgomp's, are the ones Tesseract calls. It is written
// only while clear: a counter both engines bumped on every region would
// bounce its cache line between the cores.
static int used;

void serial_omp_clear(void) { __atomic_store_n(&used, 0, __ATOMIC_RELAXED); }
int serial_omp_used(void) { return __atomic_load_n(&used, __ATOMIC_RELAXED); }

static void mark_used(void) {
	if (!__atomic_load_n(&used, __ATOMIC_RELAXED)) __atomic_store_n(&used, 1, __ATOMIC_RELAXED);
}

void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags) {
	(void)num_threads;
	(void)flags;
	mark_used();
	fn(data);
}

void GOMP_parallel_sections(void (*fn)(void *), void *data, unsigned num_threads, unsigned count, unsigned flags) {
	(void)num_threads;
	(void)flags;
	mark_used();
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
