package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"imrpacket/synth"
)

// pdfiumOnly renders every page with PDFium: the reference the direct path
// must match.
func pdfiumOnly(t testing.TB) *Engine {
	t.Helper()
	e, err := NewEngine(context.Background(), Options{Instances: 1, PDFiumOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// meanDiff is the mean absolute difference of two same-size gray images.
func meanDiff(t *testing.T, a, b *image.Gray) float64 {
	t.Helper()
	if a.Rect.Dx() != b.Rect.Dx() || a.Rect.Dy() != b.Rect.Dy() {
		t.Fatalf("sizes differ: %v vs %v", a.Rect, b.Rect)
	}
	var sum int
	for y := 0; y < a.Rect.Dy(); y++ {
		ra := a.Pix[y*a.Stride : y*a.Stride+a.Rect.Dx()]
		rb := b.Pix[y*b.Stride : y*b.Stride+b.Rect.Dx()]
		for x := range ra {
			d := int(ra[x]) - int(rb[x])
			if d < 0 {
				d = -d
			}
			sum += d
		}
	}
	return float64(sum) / float64(a.Rect.Dx()*a.Rect.Dy())
}

// onePagePDF is a page showing one gray image through an arbitrary matrix,
// with /Rotate and a media box off the origin. With decode, the samples are
// stored inverted under /Decode [1 0], as some scanners write them: PDFium
// shows the same page, the raw samples are dark.
func onePagePDF(img *image.Gray, rotate int, decode bool) []byte {
	pix := append([]byte(nil), img.Pix...)
	if decode {
		for i := range pix {
			pix[i] = 255 - pix[i]
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(pix)
	zw.Close()
	dict := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d",
		img.Rect.Dx(), img.Rect.Dy(), z.Len())
	if decode {
		dict += " /Decode [1 0]"
	}
	content := "q 400 0 0 520 60 90 cm /Im0 Do Q"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [20 30 520 680] /Rotate %d /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>", rotate),
		"<< " + dict + " >>\nstream\n" + z.String() + "\nendstream",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pattern is light paper with dark marks that tell every side apart.
func pattern() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, 300, 390))
	for i := range img.Pix {
		img.Pix[i] = 235
	}
	for y := 20; y < 60; y++ {
		for x := 20; x < 200; x++ {
			img.Pix[y*300+x] = 10
		}
	}
	for y := 100; y < 370; y++ {
		for x := 250; x < 280; x++ {
			img.Pix[y*300+x] = 60
		}
	}
	return img
}

func TestDirectImageMatchesPDFium(t *testing.T) {
	ref := pdfiumOnly(t)
	ctx := context.Background()
	dir := t.TempDir()
	type page struct {
		name   string
		path   string
		num    int
		direct bool // whether the fast path must take it
	}
	var pages []page
	for _, rot := range []int{0, 90, 180, 270} {
		p := filepath.Join(dir, fmt.Sprintf("rot%d.pdf", rot))
		if err := os.WriteFile(p, onePagePDF(pattern(), rot, false), 0o644); err != nil {
			t.Fatal(err)
		}
		pages = append(pages, page{fmt.Sprintf("flate8/rotate%d", rot), p, 1, true})
	}
	inv := filepath.Join(dir, "decode.pdf")
	if err := os.WriteFile(inv, onePagePDF(pattern(), 0, true), 0o644); err != nil {
		t.Fatal(err)
	}
	pages = append(pages, page{"decode-array-left-to-pdfium", inv, 1, false})
	// The generator's renderings: clean 4-bit Flate scans, noisy JPEG scans,
	// G4 faxes, and born-digital pages (never direct).
	gp, err := synth.Generate(synth.Options{Seed: 3, Pages: 12, Mix: synth.MixMixed, RotateRate: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	gpath := filepath.Join(dir, "mixed.pdf")
	f, err := os.Create(gpath)
	if err != nil {
		t.Fatal(err)
	}
	if err := gp.WritePDF(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	truth := gp.Truth()
	for i, tp := range truth.Pages {
		pages = append(pages, page{fmt.Sprintf("synth/%d-%s", i+1, tp.Rendering), gpath, i + 1, tp.Rendering != "born_digital"})
	}

	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			d, err := engine.Open(ctx, pg.path)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			r, err := ref.Open(ctx, pg.path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got, err := d.Render(ctx, pg.num, 150)
			if err != nil {
				t.Fatal(err)
			}
			want, err := r.Render(ctx, pg.num, 150)
			if err != nil {
				t.Fatal(err)
			}
			if got.direct != pg.direct {
				t.Fatalf("direct = %v, want %v", got.direct, pg.direct)
			}
			if got.m != want.m {
				t.Errorf("pixel mapping %v, PDFium's %v", got.m, want.m)
			}
			// Resampling differs in detail (edges of strokes), not in what
			// is where: a misplaced, flipped or inverted image differs by
			// tens of levels on average.
			if diff := meanDiff(t, got.Image, want.Image); diff > 4 {
				t.Errorf("mean difference from PDFium %.2f levels, want <= 4", diff)
			}
		})
	}
}

// TestDrawUprightMatchesAffine holds the upright fast path to the general
// sampler's pixels, byte for byte: OCR must read the same page either way.
func TestDrawUprightMatchesAffine(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	src := image.NewGray(image.Rect(0, 0, 170, 220))
	for i := range src.Pix {
		src.Pix[i] = uint8(r.IntN(256))
	}
	tests := []struct {
		name                 string
		sx0, sy0, sxdx, sydy float64
		w, h                 int
	}{
		{"200 to 300 dpi", 0, 0, 2.0 / 3, 2.0 / 3, 255, 330},
		{"same resolution", 0, 0, 1, 1, 170, 220},
		{"300 to 200 dpi", 0, 0, 1.5, 1.5, 113, 147},
		{"offset, past the edges", -7.25, 3.5, 0.8, 0.7, 260, 330},
		{"flipped vertically", 0, 220, 2.0 / 3, -2.0 / 3, 255, 330},
		{"flipped horizontally", 170, 0, -0.9, 1.1, 200, 210},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast := image.NewGray(image.Rect(0, 0, tt.w, tt.h))
			slow := image.NewGray(image.Rect(0, 0, tt.w, tt.h))
			maxX, maxY := src.Rect.Dx()-1, src.Rect.Dy()-1
			drawUpright(fast, src.Pix, src.Stride, maxX, maxY, tt.sx0, tt.sy0, tt.sxdx, tt.sydy)
			drawAffine(slow, src.Pix, src.Stride, maxX, maxY, tt.sx0, tt.sy0, tt.sxdx, 0, 0, tt.sydy)
			for i := range fast.Pix {
				if fast.Pix[i] != slow.Pix[i] {
					t.Fatalf("pixel %d,%d: upright %d, affine %d", i%fast.Stride, i/fast.Stride, fast.Pix[i], slow.Pix[i])
				}
			}
		})
	}
}

// TestUnpackSamples holds the byte-at-a-time unpacking of 1-, 2- and 4-bit
// samples to the pixel-at-a-time definition, on widths that do and do not
// fill a row's last byte.
func TestUnpackSamples(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, bpc := range []int{1, 2, 4, 8} {
		// Widths whose row lengths tell bpc apart (unpackSamples infers it).
		for _, w := range []int{7, 8, 9, 13, 16, 33} {
			h := 3
			row := (w*bpc + 7) / 8
			data := make([]byte, row*h)
			for i := range data {
				data[i] = uint8(r.IntN(256))
			}
			g, err := unpackSamples(data, w, h, 1)
			if err != nil {
				t.Fatalf("bpc %d w %d: %v", bpc, w, err)
			}
			maxv := (1 << bpc) - 1
			per := 8 / bpc
			for y := range h {
				for x := range w {
					v := int(data[y*row+x/per]>>(8-bpc*(x%per+1))) & maxv
					if want := uint8(v * 255 / maxv); g.Pix[y*g.Stride+x] != want {
						t.Fatalf("bpc %d w %d: pixel (%d,%d) = %d, want %d", bpc, w, x, y, g.Pix[y*g.Stride+x], want)
					}
				}
			}
		}
	}
}
