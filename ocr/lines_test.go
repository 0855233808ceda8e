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
