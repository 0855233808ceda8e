package orient

import (
	"context"
	"path/filepath"
	"testing"

	"imrpacket/pdf"
	"imrpacket/pdf/pdftest"
)

// TestGuessReal judges real scans from the OCR ground truth and the
// OCRmyPDF test suite: pages of text are turned the right way and sure,
// pictures are never sure.
func TestGuessReal(t *testing.T) {
	const notSure = -1
	images := []struct {
		path string
		turn int
	}{
		{"ocr_groundtruth/tesseract/phototest.tif", 0},
		{"ocr_groundtruth/tesseract/phototest-rotated-R.png", 270},
		{"ocr_groundtruth/ocrmypdf/typewriter.png", 0},
		{"ocr_groundtruth/ocrmypdf/linn.png", 0},
		{"ocr_groundtruth/ocrmypdf/baiona.png", notSure}, // a photograph
	}
	check := func(t *testing.T, g Guess, turn int) {
		t.Helper()
		switch {
		case turn == notSure && g.Sure:
			t.Errorf("sure of turn %d on a picture: %+v", g.Turn, g)
		case turn != notSure && (!g.Sure || g.Turn != turn):
			t.Errorf("turn %d sure %v, want %d and sure: %+v", g.Turn, g.Sure, turn, g)
		}
	}
	for _, tt := range images {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			img := pdftest.ReadGray(t, pdftest.Shared(t, tt.path))
			check(t, Upright(img, 300), tt.turn)
		})
	}
	pdfs := []struct {
		path  string
		turns []int // by page
	}{
		// The same scan with its image turned 0, 90, 180 and 270 degrees.
		{"pdf_robustness/ocrmypdf/cardinal.pdf", []int{0, 270, 180, 90}},
		{"pdf_robustness/ocrmypdf/skew.pdf", []int{0}},
		{"pdf_robustness/ocrmypdf/rotated_skew.pdf", []int{0}}, // turned by /Rotate, which rendering undoes
		{"pdf_robustness/ocrmypdf/ccitt.pdf", []int{0}},
		{"pdf_robustness/ocrmypdf/epson.pdf", []int{0}},
		{"pdf_robustness/ocrmypdf/jbig2.pdf", []int{0}},
		{"pdf_robustness/ocrmypdf/lichtenstein.pdf", []int{notSure}},
		{"ocr_groundtruth/ocrmypdf/c02-22.pdf", []int{0}},
		{"ocr_groundtruth/ocrmypdf/francais.pdf", []int{0}},
		{"ocr_groundtruth/ocrmypdf/graph.pdf", []int{notSure}}, // a chart with a few labels
	}
	ctx := context.Background()
	e, err := pdf.NewEngine(ctx, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, tt := range pdfs {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			d, err := e.Open(ctx, pdftest.Shared(t, tt.path))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if d.NumPages() != len(tt.turns) {
				t.Fatalf("%d pages, want %d", d.NumPages(), len(tt.turns))
			}
			for i, turn := range tt.turns {
				r, err := d.Render(ctx, i+1, 300)
				if err != nil {
					t.Fatal(err)
				}
				check(t, Upright(r.Image, int(r.DPI)), turn)
			}
		})
	}
}
