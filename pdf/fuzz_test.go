package pdf

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"imrpacket/pdf/pdftest"
)

// FuzzOpen feeds arbitrary bytes through open, text and render: it must
// never panic or hang, only return errors.
func FuzzOpen(f *testing.F) {
	f.Add(pdftest.TextPDF(pdftest.TextPage{Lines: []string{"hello"}}))
	f.Add(pdftest.TextPDF(pdftest.TextPage{Lines: []string{"x"}, Rotate: 90, W: 10, H: 1e5}))
	f.Add([]byte("%PDF-1.4\n%%EOF\n"))
	f.Add([]byte("%PDF-"))
	for _, rel := range []string{"ocrmypdf/trivial.pdf", "qpdf/pages-loop.pdf", "qpdf/issue-146.pdf", "qpdf/bad3.pdf", "pdfjs/helloworld-bad.pdf"} {
		if b, err := os.ReadFile(filepath.Join("../../shared/corpus/pdf_robustness", rel)); err == nil {
			f.Add(b)
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "fuzz.pdf")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		d, err := engine.Open(ctx, p)
		if err != nil {
			return
		}
		defer d.Close()
		d.SetPageTimeout(5 * time.Second)
		for n := 1; n <= min(d.NumPages(), 3); n++ {
			d.Info(ctx, n)
			d.Text(ctx, n)
			d.Render(ctx, n, 36)
		}
	})
}
