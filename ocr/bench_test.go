package ocr

import (
	"context"
	"testing"

	"imrpacket/pdf/pdftest"
)

// BenchmarkRecognize reads one letter-size page scanned at 300 dpi: the
// cost of a typical faxed or scanned packet page on one engine.
func BenchmarkRecognize(b *testing.B) {
	img := pdftest.ScanPage(300, pdftest.Sample)
	for b.Loop() {
		res, err := engine.Recognize(context.Background(), img, 300)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Words) == 0 {
			b.Fatal("no words")
		}
	}
}
