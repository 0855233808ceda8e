package ocr

/*
#include <stdio.h>
#include <malloc.h>

static void c_stderr_marker(void) { fputs("c-marker\n", stderr); fflush(stderr); }
static long long c_heap_in_use(void) { struct mallinfo2 mi = mallinfo2(); return (long long)mi.uordblks; }
*/
import "C"

// cStderrMarker writes through C's stdio stderr, which is what Tesseract
// uses, so a test can see whether it still reaches fd 2.
func cStderrMarker() { C.c_stderr_marker() }

// cHeapInUse is the C heap in use (glibc mallinfo2), a finer leak gauge
// than RSS.
func cHeapInUse() int64 { return int64(C.c_heap_in_use()) }
