package pages

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The ink check reads a page's OCR'd words off a rendering made after
// reading, at another resolution: each word box must land on that word's
// ink. Measured on the fax and the scanned sample packets (a quarter-turned
// page among them), the share of word boxes with ink under them.
func TestImagesPlaceWordsOnTheirInk(t *testing.T) {
	for _, name := range []string{"fax.pdf", "scanned.pdf", "born_digital.pdf"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "packets", name)
			var pages []Page
			_, err := reader.Read(context.Background(), path, func(p Page) error {
				pages = append(pages, p)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			imgs := reader.Images(path)
			defer imgs.Close()
			checked := 0
			for _, p := range pages {
				words := p.Words
				if p.Source == "text_layer" {
					// A text layer's boxes are read again from the PDF.
					if words, err = imgs.Words(context.Background(), p.Number); err != nil {
						t.Fatal(err)
					}
					if got, want := len(words), len(strings.Fields(p.Text)); got < want*9/10 || got > want*11/10 {
						t.Errorf("page %d: %d words with boxes for %d words of text", p.Number, got, want)
					}
				}
				if len(words) < 20 || checked >= 3 {
					continue
				}
				checked++
				img, m, err := imgs.Page(context.Background(), p.Number)
				if err != nil {
					t.Fatal(err)
				}
				// user space -> pixel: invert m.
				det := m[0]*m[3] - m[1]*m[2]
				toPix := func(ux, uy float64) (int, int) {
					dx, dy := ux-m[4], uy-m[5]
					return int(math.Floor((m[3]*dx - m[2]*dy) / det)), int(math.Floor((-m[1]*dx + m[0]*dy) / det))
				}
				inked := 0
				for _, w := range words {
					x0, y0 := toPix(w.LLX, w.LLY)
					x1, y1 := toPix(w.URX, w.URY)
					dark := 0
					for y := min(y0, y1); y <= max(y0, y1); y++ {
						for x := min(x0, x1); x <= max(x0, x1); x++ {
							if img.GrayAt(x, y).Y < 128 {
								dark++
							}
						}
					}
					if dark > 0 {
						inked++
					}
				}
				if share := float64(inked) / float64(len(words)); share < 0.95 {
					t.Errorf("page %d: %.2f of %d word boxes have ink under them at %d dpi", p.Number, share, len(words), InkDPI)
				}
			}
			if checked == 0 {
				t.Fatal("no page with words")
			}
		})
	}
}

// TestImagesConcurrent renders every page of a packet from several
// goroutines at once: each rendering is the one a lone caller gets, and no
// more PDFs are opened than the reader has workers.
func TestImagesConcurrent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join("..", "testdata", "packets", "fax.pdf")
	serial := reader.Images(path)
	defer serial.Close()
	doc, err := reader.pdf.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	n := doc.NumPages()
	doc.Close()
	want := make([][]byte, n+1)
	for p := 1; p <= n; p++ {
		img, _, err := serial.Page(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		want[p] = img.Pix
	}
	imgs := reader.Images(path)
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := 1; p <= n; p++ {
				img, _, err := imgs.Page(ctx, p)
				if err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(img.Pix, want[p]) {
					errs <- fmt.Errorf("page %d renders differently when pages render at once", p)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	imgs.mu.Lock()
	opened := imgs.opened
	imgs.mu.Unlock()
	if opened < 1 || opened > reader.opts.Workers {
		t.Errorf("%d PDFs opened for %d workers", opened, reader.opts.Workers)
	}
	if err := imgs.Close(); err != nil {
		t.Fatal(err)
	}
}
