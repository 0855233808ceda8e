package pdftest

import (
	"os"
	"path/filepath"
	"testing"

	"imrpacket/synth"
)

// Generated writes a generated packet into a temporary directory and
// returns its path and page count. Built-in bodies keep it independent of
// ../shared, so benchmarks run anywhere.
func Generated(tb testing.TB, seed int64, mix synth.Mix, pages int) (string, int) {
	tb.Helper()
	p, err := synth.Generate(synth.Options{Seed: seed, Pages: pages, Mix: mix})
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "packet.pdf")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := p.WritePDF(f); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path, p.PageCount()
}
