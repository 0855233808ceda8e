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

// stride_index.c's StrideMap::Index functions must be the ones libtesseract
// calls, and must compute what the library's own do: a wrong index would
// read the wrong activations and garble the text, or read past them.
func TestStrideIndexOverrides(t *testing.T) {
	switch bad := strideIndexCheck(1, 200000); {
	case bad == -1:
		t.Fatal("libtesseract.so.5 or one of its StrideMap::Index symbols not found")
	case bad == -2:
		t.Skip("stride_index.c is built only against Tesseract 5.3 headers; this Tesseract keeps its own functions")
	case bad == -3:
		t.Fatal("stride_index.c's definitions are not the ones bound: libtesseract calls its own")
	case bad != 0:
		t.Fatalf("%d of 200000 random cases differ from libtesseract's own StrideMap::Index", bad)
	}
}

// histogram_rect.c's HistogramRect must be the one Otsu thresholding calls,
// and must count what the library's own does.
func TestHistogramRectOverride(t *testing.T) {
	switch bad := histogramRectCheck(1, 5000); {
	case bad == -1:
		t.Fatal("libtesseract.so.5 or its HistogramRect not found")
	case bad == -2:
		t.Skip("histogram_rect.c is built only against Tesseract 5 headers")
	case bad == -3:
		t.Fatal("histogram_rect.c's HistogramRect is not the one bound: libtesseract calls its own")
	case bad != 0:
		t.Fatalf("%d of 5000 random histograms differ from libtesseract's own", bad)
	}
}

// timestep_write.c's WriteTimeStepPart must be the one the LSTM calls, and
// must round every value to the int8 the library's own does.
func TestTimestepWriteOverride(t *testing.T) {
	switch bad := timestepWriteCheck(1, 20000); {
	case bad == -1:
		t.Fatal("libtesseract.so.5 or its NetworkIO::WriteTimeStepPart not found")
	case bad == -2:
		t.Skip("timestep_write.c is built only against Tesseract 5.3 headers on x86-64")
	case bad == -3:
		t.Fatal("timestep_write.c's WriteTimeStepPart is not the one bound: libtesseract calls its own")
	case bad != 0:
		t.Fatalf("%d of 20000 random time steps differ from libtesseract's own", bad)
	}
}

// line_open.c's pixOpenBrick must be the one Tesseract's line finder calls,
// and must open every image to the same bits as Leptonica's own.
func TestLineOpenOverride(t *testing.T) {
	switch bad := lineOpenCheck(1, 3000); {
	case bad == -1:
		t.Fatal("Leptonica's pixOpenBrick not found")
	case bad == -3:
		t.Fatal("line_open.c's pixOpenBrick is not the one bound: Tesseract calls Leptonica's")
	case bad != 0:
		t.Fatalf("%d of 3000 random openings differ from Leptonica's own", bad)
	}
}

// threshold_rect.c's ThresholdRectToPix must be the one Tesseract calls
// after Otsu, and must make the same 1-bit page as the library's own.
func TestThresholdRectOverride(t *testing.T) {
	switch bad := thresholdRectCheck(1, 5000); {
	case bad == -1:
		t.Fatal("libtesseract.so.5 or its ImageThresholder::ThresholdRectToPix not found")
	case bad == -2:
		t.Skip("threshold_rect.c is built only against Tesseract 5.3 headers")
	case bad == -3:
		t.Fatal("threshold_rect.c's ThresholdRectToPix is not the one bound: libtesseract calls its own")
	case bad != 0:
		t.Fatalf("%d of 5000 random thresholdings differ from libtesseract's own", bad)
	}
}
