package ocr

import (
	"os"
	"syscall"
)

// processEnv is what the C side needs in the environment before the process
// starts: OpenMP and glibc read these once, at start-up, so os.Setenv is too
// late.
//   - OMP_THREAD_LIMIT=1: Tesseract's OpenMP threads make it several times
//     slower when one engine already runs per core. (serial_omp.c now runs
//     libtesseract's parallel regions inline whatever the limit; the
//     variable stays for any other OpenMP code and for a libtesseract that
//     binds to libgomp directly.)
//   - MALLOC_ARENA_MAX=2: glibc gives each thread that mallocs its own arena;
//     with cgo calls landing on many OS threads, RSS grew by tens of MB per
//     thread that had run OCR (measured: 544 -> 466 MB peak on a mixed packet).
var processEnv = [][2]string{{"OMP_THREAD_LIMIT", "1"}, {"MALLOC_ARENA_MAX", "2"}}

// EnsureThreadLimit re-executes the running binary with processEnv's
// variables when any is unset (values the user set are kept). Call it first
// thing in main (and in TestMain); it returns only when the environment is in
// place or the re-exec failed, in which case the process goes on, slower.
func EnsureThreadLimit() {
	env := os.Environ()
	missing := false
	for _, kv := range processEnv {
		if _, ok := os.LookupEnv(kv[0]); !ok {
			env = append(env, kv[0]+"="+kv[1])
			missing = true
		}
	}
	if !missing {
		return
	}
	// On success Exec does not return; the new image starts with the
	// variables, the same arguments and the same pid.
	_ = syscall.Exec("/proc/self/exe", os.Args, env)
}
