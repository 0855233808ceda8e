package ocr

import (
	"context"
	"image"
	"testing"

	"imrpacket/pdf/pdftest"
)

// Tesseract's OpenMP regions run through serial_omp.c, not libgomp: the
// dynamic linker must bind libtesseract's GOMP_parallel to the
// executable's definition. If a link change ever stops that, reading still
// works but pays libgomp's team set-up and futex per region again.
func TestOpenMPRegionsRunInline(t *testing.T) {
	page := crop(pdftest.ScanPage(300, pdftest.Sample), image.Rect(250, 250, 2400, 700))
	clearSerialRegions()
	res, err := engine.Recognize(context.Background(), page, 300)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Words) == 0 {
		t.Fatal("nothing read")
	}
	if !serialRegionsRan() {
		t.Error("no OpenMP region of a whole reading ran through serial_omp.c: libtesseract is bound to libgomp's GOMP_parallel")
	}
}
