package pdf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"imrpacket/pdf/pdftest"
)

var engine *Engine

func TestMain(m *testing.M) {
	var err error
	engine, err = NewEngine(context.Background(), Options{Instances: 3})
	if err != nil {
		panic(err)
	}
	code := m.Run()
	engine.Close()
	os.Exit(code)
}

func open(t testing.TB, data []byte) *Doc {
	t.Helper()
	p := pdftest.Write(t, t.TempDir(), "fixture.pdf", data)
	d, err := engine.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestTextLayer(t *testing.T) {
	d := open(t, pdftest.TextPDF(pdftest.TextPage{Lines: pdftest.Sample}, pdftest.TextPage{Lines: []string{"second page"}}))
	if d.NumPages() != 2 {
		t.Fatalf("pages = %d, want 2", d.NumPages())
	}
	ctx := context.Background()
	text, err := d.Text(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range pdftest.Sample {
		if !strings.Contains(text, l) {
			t.Errorf("text layer lacks line %q", l)
		}
	}
	text, err = d.Text(ctx, 2)
	if err != nil || strings.TrimSpace(text) != "second page" {
		t.Errorf("page 2 text = %q, %v", text, err)
	}
	if _, err := d.Text(ctx, 3); err == nil {
		t.Error("page 3 of 2: no error")
	}
}

func TestRenderAndMapping(t *testing.T) {
	for _, rot := range []int{0, 90, 180, 270} {
		t.Run(fmt.Sprint(rot), func(t *testing.T) { testRenderMapping(t, rot) })
	}
}

func testRenderMapping(t *testing.T, rot int) {
	ctx := context.Background()
	{
		d := open(t, pdftest.TextPDF(pdftest.TextPage{Lines: []string{"x"}, Rotate: rot}))
		info, err := d.Info(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if info.Rotate != rot {
			t.Errorf("rotate %d: Info.Rotate = %d", rot, info.Rotate)
		}
		wantW, wantH := pdftest.LetterW, pdftest.LetterH
		if rot == 90 || rot == 270 {
			wantW, wantH = wantH, wantW
		}
		if info.WidthPt != wantW || info.HeightPt != wantH {
			t.Errorf("rotate %d: size %gx%g, want %gx%g", rot, info.WidthPt, info.HeightPt, wantW, wantH)
		}
		r, err := d.Render(ctx, 1, 100)
		if err != nil {
			t.Fatal(err)
		}
		b := r.Image.Bounds()
		if math.Abs(float64(b.Dx())-wantW*100/72) > 1 || math.Abs(float64(b.Dy())-wantH*100/72) > 1 {
			t.Errorf("rotate %d: image %v", rot, b)
		}
		// The image's four corners must land on the media box's corners.
		corners := map[[2]float64]bool{}
		for _, c := range [][2]float64{{0, 0}, {float64(b.Dx()), 0}, {0, float64(b.Dy())}, {float64(b.Dx()), float64(b.Dy())}} {
			x, y := r.ToPage(c[0], c[1])
			corners[[2]float64{math.Round(x), math.Round(y)}] = true
		}
		for _, want := range [][2]float64{{0, 0}, {612, 0}, {0, 792}, {612, 792}} {
			if !corners[want] {
				t.Errorf("rotate %d: corner %v not mapped to (got %v)", rot, want, corners)
			}
		}
		// Top-left of the displayed page: for /Rotate 0 that is user (0, 792).
		if rot == 0 {
			if x, y := r.ToPage(0, 0); math.Round(x) != 0 || math.Round(y) != 792 {
				t.Errorf("pixel (0,0) -> (%g,%g), want (0,792)", x, y)
			}
		}
	}
}

// TestRenderScanned checks that a rendering keeps the source pixels in
// place, at widths that are and are not multiples of 4 (PDFium pads rows,
// and a copy that ignores the stride shears the page into diagonal noise).
func TestRenderScanned(t *testing.T) {
	for _, dpi := range []int{150, 200, 300} { // 1275, 1700 and 2550 pixels wide
		t.Run(fmt.Sprint(dpi), func(t *testing.T) {
			img := pdftest.ScanPage(dpi, pdftest.Sample)
			d := open(t, pdftest.ImagePDF(dpi, img))
			r, err := d.Render(context.Background(), 1, dpi)
			if err != nil {
				t.Fatal(err)
			}
			if r.Image.Bounds() != img.Bounds() {
				t.Fatalf("bounds %v, want %v", r.Image.Bounds(), img.Bounds())
			}
			// Judge the ink only: a page is mostly white, so a mean over all
			// pixels hides text that moved.
			var sum, ink int
			for y := 0; y < img.Rect.Dy(); y++ {
				for x := 0; x < img.Rect.Dx(); x++ {
					a := img.GrayAt(x, y).Y
					if a >= 128 {
						continue
					}
					ink++
					d := int(a) - int(r.Image.GrayAt(x, y).Y)
					sum += max(d, -d)
				}
			}
			if ink == 0 {
				t.Fatal("test page has no ink")
			}
			if mean := float64(sum) / float64(ink); mean > 40 {
				t.Errorf("mean absolute difference on ink pixels %.1f", mean)
			}
		})
	}
}

func TestRenderSizeCap(t *testing.T) {
	tests := []struct {
		w, h      float64
		dpi, max  int
		wantDown  bool
		maxPixels int
	}{
		{612, 792, 300, 40_000_000, false, 40_000_000},
		{100000, 100000, 300, 40_000_000, true, 40_000_000},
		{14400, 14400, 300, 40_000_000, true, 40_000_000},
		{612, 792, 300, 1_000_000, true, 1_000_000},
		{0.1, 0.1, 300, 1000, false, 1000},
	}
	for _, tt := range tests {
		pw, ph, eff, down := RenderSize(tt.w, tt.h, tt.dpi, tt.max)
		if down != tt.wantDown || pw*ph > tt.maxPixels || pw < 1 || ph < 1 || pw > 30000 || ph > 30000 || eff > float64(tt.dpi) {
			t.Errorf("RenderSize(%g,%g,%d,%d) = %d,%d,%g,%v", tt.w, tt.h, tt.dpi, tt.max, pw, ph, eff, down)
		}
	}
}

func TestHugeMediaBox(t *testing.T) {
	d := open(t, pdftest.TextPDF(pdftest.TextPage{Lines: []string{"x"}, W: 100000, H: 100000}))
	r, err := d.Render(context.Background(), 1, 300)
	if err != nil {
		t.Fatal(err)
	}
	b := r.Image.Bounds()
	if px := b.Dx() * b.Dy(); px > engine.Options().Limits.MaxPixels || !r.Downscaled {
		t.Errorf("rendered %v (%d pixels, downscaled %v), want within the cap", b, px, r.Downscaled)
	}
	if x, y := r.ToPage(float64(b.Dx()), float64(b.Dy())); math.Abs(x-100000) > 1 || math.Abs(y) > 1 {
		t.Errorf("bottom-right maps to (%g,%g)", x, y)
	}
}

// enormous.pdf holds a 9000x9000 RGB image on a 30-inch page: slow to
// decode, so only in long mode.
func TestEnormousMediaBox(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes an 81-megapixel image")
	}
	p := pdftest.Shared(t, "pdf_robustness/ocrmypdf/enormous.pdf")
	d, err := engine.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// The test is about memory, not speed: decoding 81 megapixels on a busy
	// machine may take longer than the default page limit.
	d.SetPageTimeout(10 * time.Minute)
	r, err := d.Render(context.Background(), 1, 300)
	if err != nil {
		t.Fatal(err)
	}
	if px := r.Image.Bounds().Dx() * r.Image.Bounds().Dy(); px > engine.Options().Limits.MaxPixels {
		t.Errorf("rendered %d pixels, over the cap", px)
	}
}

func TestPageTimeout(t *testing.T) {
	d := open(t, pdftest.ImagePDF(300, pdftest.ScanPage(300, pdftest.Sample)))
	ctx := context.Background()
	d.SetPageTimeout(time.Nanosecond)
	_, err := d.Render(ctx, 1, 300)
	if !errors.Is(err, ErrPageTimeout) {
		t.Fatalf("err = %v, want ErrPageTimeout", err)
	}
	var pe *PageError
	if !errors.As(err, &pe) || pe.Page != 1 {
		t.Errorf("err = %#v, want *PageError for page 1", err)
	}
	// The document recovers in a fresh instance for the next page.
	d.SetPageTimeout(time.Minute)
	if _, err := d.Render(ctx, 1, 72); err != nil {
		t.Fatalf("after timeout: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		file string
		want error
	}{
		{"pdf_robustness/ocrmypdf/invalid.pdf", ErrDamaged},
		{"pdf_robustness/qpdf/bad1.pdf", ErrNotPDF},
		{"pdf_robustness/qpdf/20-pages.pdf", ErrEncrypted},
		{"pdf_robustness/qpdf/enc-XI-R6,V5,U=view,O=master.pdf", ErrEncrypted},
		{"pdf_robustness/qpdf/encrypted-40-bit-R3.pdf", ErrEncrypted},
		{"pdf_robustness/derived/truncated_55pct_of_multipage.pdf", ErrTruncated},
		{"mtsamples.csv", ErrNotPDF},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := pdftest.Shared(t, tt.file)
			d, err := engine.Open(context.Background(), p)
			if err == nil {
				d.Close()
				t.Fatalf("opened; want %v", tt.want)
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) || !ie.Permanent() {
				t.Errorf("not a permanent *InputError: %#v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message is not one line: %q", err)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	dir := t.TempDir()
	small, err := NewEngine(context.Background(), Options{Instances: 1, Limits: Limits{MaxPages: 2, MaxBytes: 4000}})
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	three := pdftest.TextPDF(pdftest.TextPage{Lines: []string{"a"}}, pdftest.TextPage{Lines: []string{"b"}}, pdftest.TextPage{Lines: []string{"c"}})
	big := pdftest.ImagePDF(72, pdftest.ScanPage(72, pdftest.Sample))
	noPages := pdftest.TextPDF()
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"three pages", three, ErrTooLarge},
		{"big file", append(big, make([]byte, 5000)...), ErrTooLarge},
		{"no pages", noPages, ErrNoPages},
		{"empty", nil, ErrNotPDF},
	}
	for _, tt := range tests {
		p := pdftest.Write(t, dir, strings.ReplaceAll(tt.name, " ", "_")+".pdf", tt.data)
		d, err := small.Open(context.Background(), p)
		if err == nil {
			d.Close()
		}
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
	// The 2000-page corpus file passes the default limit and fails a lower one.
	if p := sharedOrEmpty("pdf_robustness/derived/huge_pagecount_2000p_from_trivial.pdf"); p != "" {
		d, err := engine.Open(context.Background(), p)
		if err != nil {
			t.Fatalf("2000 pages under default limit: %v", err)
		}
		if d.NumPages() != 2000 {
			t.Errorf("pages = %d", d.NumPages())
		}
		d.Close()
		if _, err := small.Open(context.Background(), p); !errors.Is(err, ErrTooLarge) {
			t.Errorf("2000 pages over limit 2: %v", err)
		}
	}
}

func sharedOrEmpty(rel string) string {
	p := "../../shared/corpus/" + rel
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}
