package pages

import (
	"context"
	"math"
	"path/filepath"
	"strings"
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
