package ocr

import (
	"context"
	"image"
	"testing"

	"imrpacket/pdf/pdftest"
)

// Tesseract's OpenMP regions run through serial_omp.c, not libgomp, and
// its line images are stored by line_png.c's setting, not deflated: the
// dynamic linker must bind libtesseract's GOMP_parallel and Leptonica's
// png_set_compression_level to the executable's definitions. If a link
// change ever stops that, reading still works but pays for the team set-up
// and futex per region, and for deflate, again.
func TestLibraryOverridesBound(t *testing.T) {
	page := crop(pdftest.ScanPage(300, pdftest.Sample), image.Rect(250, 250, 2400, 700))
	clearSerialRegions()
	clearLinePNG()
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
	if !linePNGStored() {
		t.Error("no line image went through line_png.c: Leptonica is bound to libpng's png_set_compression_level")
	}
}
