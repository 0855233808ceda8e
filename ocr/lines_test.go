package ocr

import (
	"context"
	"image"
	"strings"
	"testing"

	"imrpacket/pdf/pdftest"
)

// ReadLine reads a crop of one line as that line, letters and digits, and
// leaves the engine reading whole pages afterwards.
func TestReadLine(t *testing.T) {
	ctx := context.Background()
	line := "Naproxen 550 mg twice daily since 7/30/2021"
	// At 300 dpi: at 200 this font's dotted zero after a 5 reads as an 8,
	// which is why dedupe compares two readings rather than trusting one.
	const dpi = 300
	img := wordCrop(pdftest.ScanPage(dpi, []string{line}), dpi, 5.5)
	if got, err := engine.ReadLine(ctx, img, dpi); err != nil || got != line {
		t.Errorf("read %q as %q, %v", line, got, err)
	}
	res, err := engine.Recognize(ctx, pdftest.ScanPage(300, []string{"Request for physical therapy", "", "within 30 days"}), 300)
	if err != nil || !strings.Contains(res.Text, "physical therapy") || !strings.Contains(res.Text, "within 30 days") {
		t.Errorf("after ReadLine, a page of two lines reads %q, %v", res.Text, err)
	}
	if _, err := engine.ReadLine(ctx, image.NewGray(image.Rect(0, 0, 0, 0)), 300); err == nil {
		t.Error("empty image: no error")
	}
}

// A line crop from a noisy scan, specks round its words (the telephone line
// of a generated letterhead, cut out by the ink check at twice the scan's
// 200 dpi): read as one uniform block, Tesseract reads it; told it is one
// line, it took the specks into the line's baseline and read "(506) Bole
// ae 555-0276".
func TestReadLineSpeckled(t *testing.T) {
	got, err := engine.ReadLine(context.Background(), grayPNG(t, "testdata/speckled-line.png"), 400)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(506) 555-0109", "(488) 555-0276"} {
		if !strings.Contains(got, want) {
			t.Errorf("read %q, want it to hold %q", got, want)
		}
	}
}
