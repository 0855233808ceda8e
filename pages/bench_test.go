package pages

import (
	"context"
	"testing"

	"imrpacket/index"
	"imrpacket/pdf/pdftest"
	"imrpacket/synth"
)

// Benchmarks of Read, the whole per-page path with the test reader's two
// workers, in `go test -bench` form for benchstat:
//
//	go test -run '^$' -bench . -count 6 ./pages | tee new.txt && benchstat old.txt new.txt
//
// One op reads a whole generated packet; ns/page is the figure to compare.

func benchPacket(b *testing.B, mix synth.Mix, pages int) (string, int) {
	return pdftest.Generated(b, 21, mix, pages)
}

func benchRead(b *testing.B, path string, n int, want string) {
	ctx := context.Background()
	for b.Loop() {
		_, err := reader.Read(ctx, path, func(p Page) error {
			if p.Source != want {
				b.Fatalf("page %d: source %s, want %s (%v)", p.Number, p.Source, want, p.Err)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/page")
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkReadText reads born-digital pages: open, geometry, text layer
// and its verdict, in order.
func BenchmarkReadText(b *testing.B) {
	path, n := benchPacket(b, synth.MixBornDigital, 200)
	benchRead(b, path, n, index.SourceTextLayer)
}

// BenchmarkReadScanned reads scanned pages: render (the direct image path
// for these), hash, OCR with orientation check.
func BenchmarkReadScanned(b *testing.B) {
	path, n := benchPacket(b, synth.MixScanned, 4)
	benchRead(b, path, n, index.SourceOCR)
}
