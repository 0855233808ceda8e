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

// Each override of a Tesseract or Leptonica function must be the one the
// libraries call, and must compute what the library's own function does:
// a wrong index would read the wrong activations or past them, a wrong
// int8 or bit would change the text. Each check runs both functions, the
// library's found through its own handle, on random input (edge cases
// among it) and counts the results that differ.
func TestOverridesMatchLibrary(t *testing.T) {
	tests := []struct {
		file, replaces string
		check          func(seed uint32, rounds int) int
		rounds         int
		builtFor       string
	}{
		{"stride_index.c", "libtesseract's StrideMap::Index functions", strideIndexCheck, 200000, "Tesseract 5.3 headers"},
		{"histogram_rect.c", "libtesseract's HistogramRect", histogramRectCheck, 5000, "Tesseract 5 headers"},
		{"threshold_rect.c", "libtesseract's ImageThresholder::ThresholdRectToPix", thresholdRectCheck, 5000, "Tesseract 5.3 headers"},
		{"timestep_write.c", "libtesseract's NetworkIO::WriteTimeStepPart", timestepWriteCheck, 20000, "Tesseract 5.3 headers on x86-64"},
		{"line_open.c", "Leptonica's pixOpenBrick", lineOpenCheck, 3000, "any Leptonica"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			switch bad := tt.check(1, tt.rounds); {
			case bad == -1:
				t.Fatalf("%s not found", tt.replaces)
			case bad == -2:
				t.Skipf("%s is built only against %s; the library keeps its own function", tt.file, tt.builtFor)
			case bad == -3:
				t.Fatalf("%s's definition is not the one bound: the libraries call %s", tt.file, tt.replaces)
			case bad != 0:
				t.Fatalf("%d of %d random cases differ from %s", bad, tt.rounds, tt.replaces)
			}
		})
	}
}
