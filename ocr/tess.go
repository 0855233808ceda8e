package ocr

/*
#cgo LDFLAGS: -ltesseract -lleptonica
#include <stdlib.h>
#include <stdbool.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

// set_gray hands Tesseract an 8-bit image as a Leptonica Pix carrying its
// resolution. TessBaseAPISetImage takes raw bytes with no resolution, and
// orientation detection reads the resolution from the thresholded Pix, not
// from SetSourceResolution: it then warned "Invalid resolution 0 dpi" and
// found lines at 70 dpi.
static int set_gray(TessBaseAPI *api, const unsigned char *pix, int w, int h, int stride, int dpi) {
	PIX *p = pixCreateNoInit(w, h, 8);
	if (p == NULL) return -1;
	l_uint32 *data = pixGetData(p);
	int wpl = pixGetWpl(p);
	for (int y = 0; y < h; y++) {
		const unsigned char *src = pix + (size_t)y * stride;
		l_uint32 *line = data + (size_t)y * wpl;
		for (int x = 0; x < w; x++) SET_DATA_BYTE(line, x, src[x]);
	}
	pixSetResolution(p, dpi, dpi);
	TessBaseAPISetImage2(api, p);
	pixDestroy(&p); // drops our reference; Tesseract keeps its own
	TessBaseAPISetSourceResolution(api, dpi);
	return 0;
}

// cancel_cb is Tesseract's cancel callback: flag points at an int the Go side
// sets when the call's context ends. Atomics because Go writes it from
// another thread while Tesseract reads it.
static bool cancel_cb(void *flag, int words) {
	return __atomic_load_n((int *)flag, __ATOMIC_RELAXED) != 0;
}

static void set_flag(int *flag, int v) { __atomic_store_n(flag, v, __ATOMIC_RELAXED); }

void serial_omp_clear(void); // serial_omp.c
int serial_omp_used(void);
void line_png_clear(void); // line_png.c
int line_png_stored(void);
int stride_index_check(unsigned seed, int rounds); // stride_index.c
int histogram_rect_check(unsigned seed, int rounds); // histogram_rect.c
int timestep_write_check(unsigned seed, int rounds); // timestep_write.c
int line_open_check(unsigned seed, int rounds); // line_open.c
int threshold_rect_check(unsigned seed, int rounds); // threshold_rect.c

static ETEXT_DESC *new_monitor(int *flag) {
	ETEXT_DESC *m = TessMonitorCreate();
	TessMonitorSetCancelFunc(m, cancel_cb);
	TessMonitorSetCancelThis(m, flag);
	return m;
}
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"image"
	"sync"
	"unsafe"
)

// initMu serialises Tesseract initialisation. Init reads model files and
// sets process-wide state (locale, debug file handles); initialising several
// handles at once is where gosseract lost the process's stderr (issue 316).
// This binding never touches file descriptors, and keeps init single-file.
var initMu sync.Mutex

// handle is one TessBaseAPI with its cancel flag and monitor.
type handle struct {
	api  *C.TessBaseAPI
	flag *C.int
	mon  *C.ETEXT_DESC
}

func newHandle(datapath, lang string, psm C.TessPageSegMode) (*handle, error) {
	initMu.Lock()
	defer initMu.Unlock()
	api := C.TessBaseAPICreate()
	if api == nil {
		return nil, errors.New("tesseract: create failed")
	}
	var cpath *C.char
	if datapath != "" {
		cpath = C.CString(datapath)
		defer C.free(unsafe.Pointer(cpath))
	}
	clang := C.CString(lang)
	defer C.free(unsafe.Pointer(clang))
	if C.TessBaseAPIInit3(api, cpath, clang) != 0 {
		C.TessBaseAPIDelete(api)
		return nil, &InitError{Lang: lang}
	}
	C.TessBaseAPISetPageSegMode(api, psm)
	// Tesseract's progress chatter ("Detected 292 diacritics", "Too few
	// characters. Skipping this page") goes through tprintf to stderr, where
	// it drowns the service's JSON log lines. debug_file is process-wide and
	// only ever set to this one value, here, after Init (so a model that fails
	// to load still says so on stderr) and under initMu: tprintf opens
	// /dev/null once for itself and never touches fd 2.
	setVariable(api, "debug_file", "/dev/null")
	h := &handle{api: api, flag: (*C.int)(C.calloc(1, C.size_t(unsafe.Sizeof(C.int(0)))))}
	h.mon = C.new_monitor(h.flag)
	return h, nil
}

func setVariable(api *C.TessBaseAPI, name, value string) {
	cn, cv := C.CString(name), C.CString(value)
	defer C.free(unsafe.Pointer(cn))
	defer C.free(unsafe.Pointer(cv))
	C.TessBaseAPISetVariable(api, cn, cv)
}

// boolVariable reports a boolean parameter's value; ok is false when
// Tesseract has no such parameter.
func (h *handle) boolVariable(name string) (v, ok bool) {
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	var out C.BOOL
	if C.TessBaseAPIGetBoolVariable(h.api, cn, &out) == 0 {
		return false, false
	}
	return out != 0, true
}

func (h *handle) close() {
	if h.api == nil {
		return
	}
	C.TessBaseAPIEnd(h.api)
	C.TessBaseAPIDelete(h.api)
	C.TessMonitorDelete(h.mon)
	C.free(unsafe.Pointer(h.flag))
	h.api = nil
}

func (h *handle) setCancel(v bool) {
	i := C.int(0)
	if v {
		i = 1
	}
	C.set_flag(h.flag, i)
}

// setImage hands Tesseract the 8-bit pixels with their resolution.
// Tesseract copies them, so Go memory is only borrowed for the call.
func (h *handle) setImage(img *image.Gray, dpi int) error {
	b := img.Bounds()
	if C.set_gray(h.api, (*C.uchar)(unsafe.Pointer(&img.Pix[img.PixOffset(b.Min.X, b.Min.Y)])),
		C.int(b.Dx()), C.int(b.Dy()), C.int(img.Stride), C.int(dpi)) != 0 {
		return errors.New("tesseract: cannot allocate page image")
	}
	return nil
}

// orientation runs orientation and script detection on the image set.
// deg is Tesseract's orientation in degrees (counter-clockwise turn of the
// text), conf its confidence margin.
func (h *handle) orientation() (deg int, conf float64, ok bool) {
	var d C.int
	var c, sc C.float
	var script *C.char
	// script points into Tesseract's unicharset in 5.x: freeing it, as the
	// header comment suggests, is a double free.
	if C.TessBaseAPIDetectOrientationScript(h.api, &d, &c, &script, &sc) == 0 {
		return 0, 0, false
	}
	return int(d), float64(c), true
}

type rawWord struct {
	text       string
	l, t, r, b int
	conf       float64
	line       int
	// orient is the block's orientation: how far the text is turned
	// clockwise, in quarter turns (Tesseract reads 90-degree text without
	// help, so a sideways page may need no turning by us).
	orient int
}

// recognize runs recognition and collects words and text. Every string
// Tesseract returns is freed here: gosseract's Text() leaked each one.
func (h *handle) recognize() (text string, words []rawWord, err error) {
	if C.TessBaseAPIRecognize(h.api, h.mon) != 0 {
		return "", nil, errRecognize
	}
	ri := C.TessBaseAPIGetIterator(h.api)
	if ri != nil {
		pi := C.TessResultIteratorGetPageIterator(ri)
		line := 0
		for {
			if C.TessPageIteratorIsAtBeginningOf(pi, C.RIL_TEXTLINE) != 0 {
				line++
			}
			if cs := C.TessResultIteratorGetUTF8Text(ri, C.RIL_WORD); cs != nil {
				w := rawWord{text: C.GoString(cs), line: line}
				C.TessDeleteText(cs)
				w.conf = float64(C.TessResultIteratorConfidence(ri, C.RIL_WORD)) / 100
				var l, t, r, b C.int
				C.TessPageIteratorBoundingBox(pi, C.RIL_WORD, &l, &t, &r, &b)
				w.l, w.t, w.r, w.b = int(l), int(t), int(r), int(b)
				var o C.TessOrientation
				var wd C.TessWritingDirection
				var to C.TessTextlineOrder
				var skew C.float
				C.TessPageIteratorOrientation(pi, &o, &wd, &to, &skew)
				w.orient = int(o)
				words = append(words, w)
			}
			if C.TessResultIteratorNext(ri, C.RIL_WORD) == 0 {
				break
			}
		}
		C.TessResultIteratorDelete(ri)
	}
	if cs := C.TessBaseAPIGetUTF8Text(h.api); cs != nil {
		text = C.GoString(cs)
		C.TessDeleteText(cs)
	}
	return text, words, nil
}

// recognizeCtx is recognize stopped by ctx: Tesseract's cancel callback is
// raised when ctx ends, and the result is then an ErrTimeout.
func (h *handle) recognizeCtx(ctx context.Context) (string, []rawWord, error) {
	h.setCancel(false)
	stop := context.AfterFunc(ctx, func() { h.setCancel(true) })
	text, words, err := h.recognize()
	stop()
	if ctx.Err() != nil {
		return "", nil, fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
	}
	return text, words, err
}

// setRectangle limits the next recognition to r of the image set.
func (h *handle) setRectangle(r image.Rectangle) {
	C.TessBaseAPISetRectangle(h.api, C.int(r.Min.X), C.int(r.Min.Y), C.int(r.Dx()), C.int(r.Dy()))
}

// serialRegionsRan reports whether Tesseract has run an OpenMP parallel
// region through serial_omp.c since the last clearSerialRegions.
func serialRegionsRan() bool { return C.serial_omp_used() != 0 }

func clearSerialRegions() { C.serial_omp_clear() }

// linePNGStored reports whether a line image Tesseract PNG-encoded since
// the last clearLinePNG went through line_png.c's uncompressed setting.
func linePNGStored() bool { return C.line_png_stored() != 0 }

func clearLinePNG() { C.line_png_clear() }

// strideIndexCheck compares libtesseract's StrideMap::Index functions with
// stride_index.c's over rounds random cases and returns the number that
// differed, or a negative code (stride_index.c says which).
func strideIndexCheck(seed uint32, rounds int) int {
	return int(C.stride_index_check(C.unsigned(seed), C.int(rounds)))
}

// histogramRectCheck compares libtesseract's HistogramRect with
// histogram_rect.c's over rounds random images, as strideIndexCheck does.
func histogramRectCheck(seed uint32, rounds int) int {
	return int(C.histogram_rect_check(C.unsigned(seed), C.int(rounds)))
}

// timestepWriteCheck compares libtesseract's NetworkIO::WriteTimeStepPart
// with timestep_write.c's over rounds random time steps.
func timestepWriteCheck(seed uint32, rounds int) int {
	return int(C.timestep_write_check(C.unsigned(seed), C.int(rounds)))
}

// lineOpenCheck compares Leptonica's pixOpenBrick with line_open.c's over
// rounds random images and bricks.
func lineOpenCheck(seed uint32, rounds int) int {
	return int(C.line_open_check(C.unsigned(seed), C.int(rounds)))
}

// thresholdRectCheck compares libtesseract's ThresholdRectToPix with
// threshold_rect.c's over rounds random images and thresholds.
func thresholdRectCheck(seed uint32, rounds int) int {
	return int(C.threshold_rect_check(C.unsigned(seed), C.int(rounds)))
}

// setPSM sets the page segmentation mode of the next recognition.
func (h *handle) setPSM(psm int) { C.TessBaseAPISetPageSegMode(h.api, C.TessPageSegMode(psm)) }

// clear frees the page's results but keeps the model loaded.
func (h *handle) clear() { C.TessBaseAPIClear(h.api) }

var errRecognize = errors.New("tesseract: recognition failed or was cancelled")

// InitError reports that Tesseract could not load a language's model:
// a setup problem (missing tessdata package), not bad input.
type InitError struct{ Lang string }

func (e *InitError) Error() string {
	return fmt.Sprintf("tesseract: cannot load language %q (is tesseract-ocr-%s installed?)", e.Lang, e.Lang)
}
