package pdf

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"

	"imrpacket/pdf/pdftest"
	"imrpacket/synth"
)

// Benchmarks of the hot paths, in `go test -bench` form for benchstat:
//
//	go test -run '^$' -bench . -count 6 ./pdf | tee new.txt && benchstat old.txt new.txt
//
// One op is a whole generated packet (the same pages for PDFium and
// poppler); ns/page is the figure to compare.

const (
	benchTextPages = 200 // born-digital pages for text extraction
	benchScanPages = 4   // scanned pages for rendering
)

func benchPacket(b *testing.B, mix synth.Mix, pages int) (string, int) {
	return pdftest.Generated(b, 11, mix, pages)
}

func perPage(b *testing.B, pages int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*pages), "ns/page")
	b.ReportMetric(float64(b.N*pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkText is the text layer of every page of a born-digital packet,
// one document open, as pages.Reader's workers do it.
func BenchmarkText(b *testing.B) {
	path, n := benchPacket(b, synth.MixBornDigital, benchTextPages)
	ctx := context.Background()
	b.Run("engine=pdfium", func(b *testing.B) {
		for b.Loop() {
			d, err := engine.Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			for pg := 1; pg <= n; pg++ {
				if _, err := d.Text(ctx, pg); err != nil {
					b.Fatal(err)
				}
			}
			d.Close()
		}
		perPage(b, n)
	})
	b.Run("engine=pdftotext", func(b *testing.B) {
		bin := needTool(b, "pdftotext")
		out := filepath.Join(b.TempDir(), "out.txt")
		for b.Loop() {
			if err := exec.Command(bin, "-q", path, out).Run(); err != nil {
				b.Fatal(err)
			}
		}
		perPage(b, n)
	})
}

// BenchmarkRender300Gray renders every page of a scanned packet at 300 dpi
// in 8-bit grayscale, what OCR gets: directly decoded images (the default),
// PDFium in WebAssembly for every page, and poppler. pdftoppm writes raw PGM files (the
// cheapest output it has); PDFium's pixels are copied out of WebAssembly
// memory, which is its equivalent cost.
func BenchmarkRender300Gray(b *testing.B) {
	path, n := benchPacket(b, synth.MixScanned, benchScanPages)
	ctx := context.Background()
	render := func(b *testing.B, e *Engine) {
		for b.Loop() {
			d, err := e.Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			for pg := 1; pg <= n; pg++ {
				if _, err := d.Render(ctx, pg, 300); err != nil {
					b.Fatal(err)
				}
			}
			d.Close()
		}
		perPage(b, n)
	}
	// What pages.Reader uses: scanned pages drawn from their decoded image.
	b.Run("engine=direct", func(b *testing.B) { render(b, engine) })
	b.Run("engine=pdfium", func(b *testing.B) { render(b, pdfiumOnly(b)) })
	b.Run("engine=pdftoppm", func(b *testing.B) {
		bin := needTool(b, "pdftoppm")
		dir := b.TempDir()
		for b.Loop() {
			if err := exec.Command(bin, "-q", "-gray", "-r", "300", path, filepath.Join(dir, "p")).Run(); err != nil {
				b.Fatal(err)
			}
		}
		perPage(b, n)
	})
}

// BenchmarkInfo is the per-page geometry every page costs before its text.
func BenchmarkInfo(b *testing.B) {
	path, n := benchPacket(b, synth.MixBornDigital, benchTextPages)
	ctx := context.Background()
	d, err := engine.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	for b.Loop() {
		for pg := 1; pg <= n; pg++ {
			if _, err := d.Info(ctx, pg); err != nil {
				b.Fatal(err)
			}
		}
	}
	perPage(b, n)
}

func needTool(b *testing.B, name string) string {
	b.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		b.Skipf("%s not installed (apt-get install poppler-utils): %v", name, err)
	}
	return p
}
