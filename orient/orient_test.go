package orient

import (
	"context"
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"testing"

	"imrpacket/pdf"
	"imrpacket/pdf/pdftest"
	"imrpacket/synth"
)

var pagesFlag = flag.Int("orient-pages", 60, "pages of the generated packet TestGuessGenerated judges")
var seedFlag = flag.Int64("orient-seed", 41, "seed of that packet")

type scanned struct {
	name      string
	img       *image.Gray
	dpi       int
	rotation  int // how far the generator turned the page, clockwise
	rendering string
}

// generatedPages renders the scanned pages of a generated packet at 300 dpi,
// as the reader does before OCR.
func generatedPages(t testing.TB, seed int64, n int, rotate float64) []scanned {
	t.Helper()
	ctx := context.Background()
	gp, err := synth.Generate(synth.Options{Seed: seed, Pages: n, Mix: synth.MixMixed, RotateRate: rotate, DuplicateRate: 0})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "packet.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := gp.WritePDF(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	engine, err := pdf.NewEngine(ctx, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	d, err := engine.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var out []scanned
	for i, tp := range gp.Truth().Pages {
		if tp.Rendering == "born_digital" {
			continue
		}
		r, err := d.Render(ctx, i+1, 300)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, scanned{fmt.Sprintf("page-%02d-%s-rot%d", i+1, tp.Rendering, tp.Rotation), r.Image, int(r.DPI), tp.Rotation, string(tp.Rendering)})
	}
	return out
}

// TestGuessGenerated judges every scanned page of a generated packet, half
// of them turned: a page the guess is sure of must be turned the right way,
// and most pages must be sure.
func TestGuessGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a generated packet")
	}
	pages := generatedPages(t, *seedFlag, *pagesFlag, 0.5)
	sure, wrong := 0, 0
	for _, p := range pages {
		g := Upright(p.img, p.dpi)
		want := (360 - p.rotation) % 360
		t.Logf("%s: turn %d (want %d) across %.2f ascent %.2f lines %d sure %v", p.name, g.Turn, want, g.Across, g.Ascent, g.Lines, g.Sure)
		if !g.Sure {
			continue
		}
		sure++
		if g.Turn != want {
			wrong++
			t.Errorf("%s: sure of turn %d, want %d", p.name, g.Turn, want)
		}
	}
	t.Logf("%d pages, %d sure, %d wrong", len(pages), sure, wrong)
	if sure*10 < len(pages)*8 {
		t.Errorf("sure of %d of %d pages, want at least 80%%", sure, len(pages))
	}
}

// TestGuessEveryTurn turns one page each way: the guess follows the turn.
func TestGuessEveryTurn(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a generated packet")
	}
	pages := generatedPages(t, 7, 6, 0)
	for _, p := range pages[:2] {
		for _, deg := range []int{0, 90, 180, 270} {
			t.Run(fmt.Sprintf("%s/turned%d", p.name, deg), func(t *testing.T) {
				g := Upright(pdftest.Rotate(p.img, deg), p.dpi)
				want := (360 - deg) % 360
				if g.Turn != want || !g.Sure {
					t.Errorf("turn %d sure %v (across %.2f ascent %.2f lines %d), want %d and sure", g.Turn, g.Sure, g.Across, g.Ascent, g.Lines, want)
				}
			})
		}
	}
}

// TestGuessBlank: a page with no ink, or a single speck, is never sure.
func TestGuessBlank(t *testing.T) {
	tests := []struct {
		name string
		img  *image.Gray
	}{
		{"white", filled(2550, 3300, 255)},
		{"black", filled(2550, 3300, 0)},
		{"tiny", filled(10, 10, 255)},
		{"empty", image.NewGray(image.Rect(0, 0, 0, 0))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if g := Upright(tt.img, 300); g.Sure {
				t.Errorf("sure of a turn on a %s page: %+v", tt.name, g)
			}
		})
	}
}

func filled(w, h int, v uint8) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = v
	}
	return img
}

func BenchmarkUpright(b *testing.B) {
	pages := generatedPages(b, 7, 4, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		Upright(p.img, p.dpi)
	}
}
