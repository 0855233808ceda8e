package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/png"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"

	_ "golang.org/x/image/tiff"

	"imrpacket/pdf/pdftest"
)

var engine *Engine

func TestMain(m *testing.M) {
	EnsureThreadLimit()
	var err error
	engine, err = NewEngine(context.Background(), Options{})
	if err != nil {
		panic(err)
	}
	code := m.Run()
	engine.Close()
	os.Exit(code)
}

// words splits text into lower-case words with punctuation trimmed.
func words(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return unicode.IsSpace(r) })
	out := f[:0]
	for _, w := range f {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// recall is the fraction of want's words found in got (as a multiset).
func recall(want, got string) float64 {
	have := map[string]int{}
	for _, w := range words(got) {
		have[w]++
	}
	ws := words(want)
	hit := 0
	for _, w := range ws {
		if have[w] > 0 {
			have[w]--
			hit++
		}
	}
	return float64(hit) / float64(len(ws))
}

func toGray(img image.Image) *image.Gray {
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}

func TestRotations(t *testing.T) {
	// The text block only, to keep the test quick.
	page := crop(pdftest.ScanPage(300, pdftest.Sample), image.Rect(250, 250, 2400, 1200))
	want := strings.Join(pdftest.Sample, "\n")
	var upright image.Rectangle
	for _, turn := range []int{0, 90, 180, 270} {
		t.Run(strings.TrimSpace(string(rune('0'+turn/90))), func(t *testing.T) {
			img := pdftest.Rotate(page, turn)
			res, err := engine.Recognize(context.Background(), img, 300)
			if err != nil {
				t.Fatal(err)
			}
			if r := recall(want, res.Text); r < 0.95 {
				t.Errorf("turned %d: recall %.3f, rotation %d (conf %.2f), text %q", turn, r, res.Rotation, res.OrientationConfidence, res.Text)
			}
			if wantRot := (360 - turn) % 360; res.Rotation != wantRot {
				t.Errorf("turned %d: Rotation = %d, want %d", turn, res.Rotation, wantRot)
			}
			if res.Confidence < 0.8 {
				t.Errorf("turned %d: confidence %.2f", turn, res.Confidence)
			}
			// Every box lies inside the given image and has the right shape
			// for the direction the text runs.
			for _, w := range res.Words {
				if !w.Box.In(img.Bounds()) {
					t.Fatalf("word box %v outside %v", w.Box, img.Bounds())
				}
				if w.Dir != turn {
					t.Fatalf("word dir %d, want %d", w.Dir, turn)
				}
			}
			// The first word's box, turned back with the image, lands where
			// the upright reading put it.
			if turn == 0 {
				upright = res.Words[0].Box
				return
			}
			got := turnRect(res.Words[0].Box, (360-turn)%360, img.Bounds().Dx(), img.Bounds().Dy())
			if d := absDiff(got.Min, upright.Min) + absDiff(got.Max, upright.Max); d > 20 {
				t.Errorf("turned %d: first word box %v maps to %v, upright %v", turn, res.Words[0].Box, got, upright)
			}
		})
	}
}

func crop(img *image.Gray, r image.Rectangle) *image.Gray {
	return pdftest.Rotate(img.SubImage(r).(*image.Gray), 0)
}

// turnRect maps a box in a w x h image to the image turned clockwise by deg.
func turnRect(r image.Rectangle, deg, w, h int) image.Rectangle {
	pt := func(x, y int) image.Point {
		switch deg {
		case 90:
			return image.Pt(h-y, x)
		case 180:
			return image.Pt(w-x, h-y)
		case 270:
			return image.Pt(y, w-x)
		}
		return image.Pt(x, y)
	}
	return image.Rectangle{Min: pt(r.Min.X, r.Min.Y), Max: pt(r.Max.X, r.Max.Y)}.Canon()
}

func absDiff(a, b image.Point) int {
	d := a.Sub(b)
	return max(d.X, -d.X) + max(d.Y, -d.Y)
}

func TestPhototest(t *testing.T) {
	p := pdftest.Shared(t, "ocr_groundtruth/tesseract/phototest.tif")
	want, err := os.ReadFile(strings.TrimSuffix(p, ".tif") + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Recognize(context.Background(), pdftest.ReadGray(t, p), 300)
	if err != nil {
		t.Fatal(err)
	}
	if r := recall(string(want), res.Text); r < 0.95 {
		t.Errorf("recall %.3f < 0.95; got %q", r, res.Text)
	}
}

func TestTimeout(t *testing.T) {
	img := pdftest.ScanPage(300, pdftest.Sample)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := engine.Recognize(ctx, img, 300); !errors.Is(err, ErrTimeout) {
		t.Errorf("cancelled context: err = %v, want ErrTimeout", err)
	}
	// A deadline that passes during recognition stops it through
	// Tesseract's cancel callback.
	e, err := NewEngine(context.Background(), Options{Timeout: 50 * time.Millisecond, NoOrientation: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := e.Recognize(context.Background(), img, 300); !errors.Is(err, ErrTimeout) {
		t.Errorf("50ms limit: err = %v, want ErrTimeout", err)
	}
	// The engine still works afterwards.
	small := crop(img, image.Rect(250, 250, 2400, 450))
	e2, _ := NewEngine(context.Background(), Options{NoOrientation: true})
	defer e2.Close()
	if res, err := e2.Recognize(context.Background(), small, 300); err != nil || len(res.Words) == 0 {
		t.Errorf("after timeout: %v, %d words", err, len(res.Words))
	}
}

// captureStderr runs f with fd 2 sent to a file and returns what reached
// it, from Go and from C alike.
func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	tmp, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Close()
	saved, err := syscall.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Dup2(int(tmp.Fd()), 2); err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() { syscall.Dup2(saved, 2); syscall.Close(saved) }()
		f()
	}()
	b, err := os.ReadFile(tmp.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestStderrSurvivesInit creates engines concurrently and checks that both
// Go and C writes to fd 2 still reach it (gosseract issue 316 lost them).
func TestStderrSurvivesInit(t *testing.T) {
	got := captureStderr(t, func() {
		var wg sync.WaitGroup
		engines := make([]*Engine, 4)
		for i := range engines {
			wg.Go(func() {
				e, err := NewEngine(context.Background(), Options{})
				if err != nil {
					t.Error(err)
					return
				}
				engines[i] = e
			})
		}
		wg.Wait()
		for _, e := range engines {
			if e != nil {
				e.Close()
			}
		}
		fmt.Fprintln(os.Stderr, "go-marker")
		cStderrMarker()
	})
	for _, m := range []string{"go-marker", "c-marker"} {
		if !strings.Contains(got, m) {
			t.Errorf("%s lost from stderr; got %q", m, got)
		}
	}
}

// TestOrientationKnowsResolution checks that orientation detection gets the
// page's resolution: without it Tesseract warned "Invalid resolution 0
// dpi" on every turned page and looked for lines at 70 dpi.
func TestOrientationKnowsResolution(t *testing.T) {
	page := crop(pdftest.ScanPage(300, pdftest.Sample), image.Rect(250, 250, 2400, 1200))
	var (
		rot  int
		conf float64
		ok   bool
	)
	got := captureStderr(t, func() {
		rot, conf, ok = engine.detectRotation(pdftest.Rotate(page, 90), 300)
	})
	if !ok || conf == 0 {
		t.Fatalf("orientation detection found nothing on a sideways page (ok %v, confidence %.2f)", ok, conf)
	}
	if rot != 270 {
		t.Errorf("turn %d for a page turned 90 degrees, want 270", rot)
	}
	if strings.Contains(got, "resolution") {
		t.Errorf("Tesseract complained about the resolution: %q", got)
	}
}

// TestTurnedPageReadOnce: a page whose ink shows plainly which way up it is
// is read upright the first time, with no orientation detection (which
// costs half a second) and no reading of it as it stands (a whole second).
func TestTurnedPageReadOnce(t *testing.T) {
	page := crop(pdftest.ScanPage(300, pdftest.Sample), image.Rect(250, 250, 2400, 1200))
	want := strings.Join(pdftest.Sample, "\n")
	for _, deg := range []int{90, 180, 270} {
		t.Run(fmt.Sprint(deg), func(t *testing.T) {
			var res Result
			var err error
			stderr := captureStderr(t, func() {
				res, err = engine.Recognize(context.Background(), pdftest.Rotate(page, deg), 300)
			})
			if err != nil {
				t.Fatal(err)
			}
			if wantRot := (360 - deg) % 360; res.Rotation != wantRot {
				t.Errorf("Rotation = %d, want %d", res.Rotation, wantRot)
			}
			if res.OrientationConfidence != 0 {
				t.Errorf("orientation detection ran (confidence %.2f): the page's ink should have settled its turn", res.OrientationConfidence)
			}
			if r := recall(want, res.Text); r < 0.95 {
				t.Errorf("recall %.3f", r)
			}
			_ = stderr
		})
	}
}

// TestPoorLinesReadOnce checks that the engine does not read every poorly
// read line a second time inverted: on faxes that second reading is noise
// read again, about 4% of the recognition time (docs/PERFORMANCE.md).
func TestPoorLinesReadOnce(t *testing.T) {
	v, ok := engine.main.boolVariable("tessedit_do_invert")
	if !ok {
		t.Fatal("this Tesseract has no tessedit_do_invert: the speed-up is lost; find its new name")
	}
	if v {
		t.Error("tessedit_do_invert is on: poor lines are read twice")
	}
}

// TestMemoryFlat checks that recognition frees what it allocates per page.
//
// The C heap is not flat from the first page: it grows by a few MB while
// the model warms up, then by small steps that level off (measured: +100 KB
// over pages 20-60, then windows of +-20 KB with no trend). The steps are
// caches filling, mostly glibc's per-thread malloc caches, whose chunks
// count as in use: each new OS thread Go ran a cgo call on added one. A
// leak instead grows the heap by the same amount every page. So the test
// runs on one locked OS thread, warms up, and then requires that at least
// one of several windows grows by less than a leaked text string per page
// would add; the steps of a filling cache miss some windows, a leak none.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("about a hundred recognitions")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// Two lines: short pages give many pages a second, and per-page leaks
	// (strings, iterators) do not shrink with the page.
	img := crop(pdftest.ScanPage(200, pdftest.Sample), image.Rect(150, 150, 1600, 290))
	e, err := NewEngine(context.Background(), Options{NoOrientation: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	run := func(n int) {
		for i := 0; i < n; i++ {
			res, err := e.Recognize(context.Background(), img, 200)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Words) == 0 {
				t.Fatal("no words")
			}
		}
	}
	const (
		warm    = 20
		window  = 20
		windows = 4
		// Measured: leaking this page's text string (what gosseract's
		// Text() did) grows every window by at least 155 bytes a page;
		// clean windows grow by 70 at most, most by far less.
		leakPerPage = 75
	)
	run(warm)
	heap, rss0 := cHeapInUse(), rss(t)
	least := int64(math.MaxInt64)
	var growth []int64
	for range windows {
		run(window)
		h := cHeapInUse()
		growth = append(growth, h-heap)
		least = min(least, h-heap)
		heap = h
	}
	rss1 := rss(t)
	t.Logf("C heap growth per %d-page window after %d pages: %v bytes; RSS %d -> %d KiB", window, warm, growth, rss0/1024, rss1/1024)
	if least > window*leakPerPage {
		t.Errorf("C heap grew in every window, at least %d bytes per page: a leak", least/window)
	}
	if rss1-rss0 > 16<<20 {
		t.Errorf("RSS grew %d KiB over %d pages", (rss1-rss0)/1024, windows*window)
	}
}

func rss(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatal(err)
	}
	var size, res int64
	fmt.Sscan(string(b), &size, &res)
	return res * int64(os.Getpagesize())
}
