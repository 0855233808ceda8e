package pages

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"imrpacket/index"
	"imrpacket/ocr"
	"imrpacket/pdf"
	"imrpacket/pdf/pdftest"
)

var reader *Reader

func TestMain(m *testing.M) {
	ocr.EnsureThreadLimit()
	var err error
	reader, err = NewReader(context.Background(), Options{Workers: 2})
	if err != nil {
		panic(err)
	}
	code := m.Run()
	reader.Close()
	os.Exit(code)
}

func readAll(t *testing.T, data []byte) ([]Page, Stats) {
	t.Helper()
	path := pdftest.Write(t, t.TempDir(), "in.pdf", data)
	var got []Page
	st, err := reader.Read(context.Background(), path, func(p Page) error {
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, st
}

// recall is the share of want's words found in got (case-folded, with
// punctuation trimmed), as a reviewer searching the page would see it.
func recall(want []string, got string) float64 {
	have := map[string]int{}
	for _, w := range fields(got) {
		have[w]++
	}
	var n, hit int
	for _, line := range want {
		for _, w := range fields(line) {
			n++
			if have[w] > 0 {
				have[w]--
				hit++
			}
		}
	}
	return float64(hit) / float64(n)
}

func fields(s string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(s)) {
		if f = strings.Trim(f, ".,;:()\"'"); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func TestTextLayerPage(t *testing.T) {
	got, st := readAll(t, pdftest.TextPDF(pdftest.TextPage{Lines: pdftest.Sample}))
	if len(got) != 1 || got[0].Source != index.SourceTextLayer {
		t.Fatalf("pages %+v", got)
	}
	if r := recall(pdftest.Sample, got[0].Text); r < 0.99 {
		t.Errorf("text layer recall %.3f; got %q", r, got[0].Text)
	}
	if st.OCRCalls != 0 || st.TextLayer != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestScannedPage(t *testing.T) {
	img := pdftest.ScanPage(300, pdftest.Sample)
	got, st := readAll(t, pdftest.ImagePDF(300, img))
	p := got[0]
	if p.Source != index.SourceOCR || p.Layer != LayerMissing {
		t.Fatalf("source %s layer %s err %v", p.Source, p.Layer, p.Err)
	}
	if r := recall(pdftest.Sample, p.Text); r < 0.95 {
		t.Errorf("OCR recall %.3f < 0.95; got %q", r, p.Text)
	}
	if p.DPI != 300 || p.ImageHash == "" || p.OCRConfidence < 0.8 || st.OCRCalls != 1 {
		t.Errorf("dpi %d hash %q confidence %.2f stats %+v", p.DPI, p.ImageHash, p.OCRConfidence, st)
	}
	// Words sit on the page in points: the first line's words near the top
	// margin of a letter page (one inch = 72 pt from the top of 792).
	if len(p.Words) < 20 {
		t.Fatalf("%d words", len(p.Words))
	}
	for _, w := range p.Words {
		if w.LLX < 0 || w.URX > 612 || w.LLY < 0 || w.URY > 792 || w.LLX >= w.URX || w.LLY >= w.URY || w.Dir != 0 {
			t.Fatalf("word %+v off the page", w)
		}
	}
	if top := p.Words[0]; top.URY < 792-72-20 || top.URY > 792-40 {
		t.Errorf("first word %+v not on the first line", top)
	}
}

func TestRotatedScan(t *testing.T) {
	for _, deg := range []int{90, 180, 270} {
		img := pdftest.Rotate(pdftest.ScanPage(300, pdftest.Sample), deg)
		got, _ := readAll(t, pdftest.ImagePDF(300, img))
		p := got[0]
		if r := recall(pdftest.Sample, p.Text); r < 0.9 {
			t.Errorf("turned %d: recall %.3f", deg, r)
		}
		if p.Rotation == 0 {
			t.Errorf("turned %d: rotation not reported", deg)
		}
	}
}

// TestGarbledLayerIsOCRd: a scan under a bad earlier OCR layer is read
// again from its image.
func TestGarbledLayerIsOCRd(t *testing.T) {
	bad := strings.Repeat("Xqzt7 bnvcx 9kqz rtpl ghjk mnbvc ", 6)
	data := pdftest.TextPDF(pdftest.TextPage{Lines: []string{bad}})
	got, _ := readAll(t, data)
	if got[0].Layer != LayerGarbled || got[0].Source != index.SourceOCR {
		t.Errorf("layer %s source %s", got[0].Layer, got[0].Source)
	}
}

// TestIdenticalImagesOCRdOnce: the same scan three times costs one OCR,
// and pages come back in order whatever finishes first.
func TestIdenticalImagesOCRdOnce(t *testing.T) {
	a := pdftest.ScanPage(200, pdftest.Sample)
	b := pdftest.ScanPage(200, pdftest.Sample[:3])
	got, st := readAll(t, pdftest.ImagePDF(200, a, b, a, a))
	if st.OCRCalls != 2 || st.OCRPages != 4 {
		t.Errorf("OCR calls %d for 2 distinct images, OCR pages %d", st.OCRCalls, st.OCRPages)
	}
	for i, p := range got {
		if p.Number != i+1 {
			t.Fatalf("page %d delivered at position %d", p.Number, i+1)
		}
	}
	if got[0].ImageHash != got[2].ImageHash || got[0].ImageHash == got[1].ImageHash || got[0].Text != got[3].Text {
		t.Error("equal images must share hash and text; different images must not")
	}
}

// TestDuplicateImageLeavesWorkerFree: a worker that meets an image another
// worker is still reading waits for that reading aside and reads the next
// page meanwhile, so the exact duplicate of the page before does not idle a
// core for a whole reading.
func TestDuplicateImageLeavesWorkerFree(t *testing.T) {
	r, err := NewReader(context.Background(), Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var mu sync.Mutex
	var events []string
	r.trace = func(ev string, page int) {
		mu.Lock()
		events = append(events, fmt.Sprintf("%s %d", ev, page))
		mu.Unlock()
	}
	a := pdftest.ScanPage(300, pdftest.Sample)
	b := pdftest.ScanPage(300, pdftest.Sample[:2])
	path := pdftest.Write(t, t.TempDir(), "in.pdf", pdftest.ImagePDF(300, a, a, b))
	var got []Page
	st, err := r.Read(context.Background(), path, func(p Page) error {
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.OCRCalls != 2 || len(got) != 3 || got[1].Text != got[0].Text || got[1].Text == "" {
		t.Fatalf("OCR calls %d, %d pages; the copy must share the first page's text", st.OCRCalls, len(got))
	}
	for i, p := range got {
		if p.Number != i+1 {
			t.Fatalf("page %d delivered at position %d", p.Number, i+1)
		}
	}
	// Whichever of the two copies a worker claimed first is read; the other
	// waits.
	at := func(ev string) int { return slices.Index(events, ev) }
	owner := 1
	if at("ocr start 1") < 0 {
		owner = 2
	}
	done := fmt.Sprintf("ocr done %d", owner)
	if at("ocr start 3") < 0 || at(done) < 0 || at("ocr start 3") > at(done) {
		t.Errorf("page 3 was read only after page %d's reading ended (%v): its worker waited for the copy", owner, events)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"not a PDF", []byte("hello, this is not a PDF at all"), pdf.ErrNotPDF},
		{"empty", nil, pdf.ErrNotPDF},
		{"truncated", pdftest.TextPDF(pdftest.TextPage{Lines: pdftest.Sample})[:200], pdf.ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := pdftest.Write(t, t.TempDir(), "in.pdf", tt.data)
			called := false
			_, err := reader.Read(context.Background(), path, func(Page) error { called = true; return nil })
			if !errors.Is(err, tt.want) || !isInput(err) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if called {
				t.Error("callback called for a bad file")
			}
		})
	}
}

// TestCallbackErrorStops: the consumer's error ends the read and comes back.
func TestCallbackErrorStops(t *testing.T) {
	var pgs []pdftest.TextPage
	for i := 0; i < 12; i++ {
		pgs = append(pgs, pdftest.TextPage{Lines: pdftest.Sample})
	}
	path := pdftest.Write(t, t.TempDir(), "in.pdf", pdftest.TextPDF(pgs...))
	stop := errors.New("stop")
	n := 0
	_, err := reader.Read(context.Background(), path, func(Page) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("err %v after %d pages", err, n)
	}
}

// isInput: a bad file must come back as the pdf package's classified,
// permanent input error.
func isInput(err error) bool {
	var ie *pdf.InputError
	return errors.As(err, &ie)
}
