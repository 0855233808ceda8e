// Package inktest draws pages of text as an office scanner or a fax
// machine would, with the word boxes OCR would report, for tests of the ink check.
package inktest

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"imrpacket/ink"
)

// A page: lines of 10-point text on a 612x792-point page, drawn at
// 200 dpi and then scanned or faxed.
const (
	DPI      = 200.0
	pageW    = 612.0
	pageH    = 792.0
	fontSize = 10.0
)

// Note is a progress note of ten lines.
var Note = []string{
	"PROGRESS NOTE Date of Service: 03/14/2024",
	"Patient returns for follow up of low back pain radiating to the left leg.",
	"Current medications: naproxen 550 mg twice daily and cyclobenzaprine 10 mg at bedtime.",
	"Pain is rated 6/10 today, unchanged from the prior visit on 02/12/2024.",
	"Examination shows tenderness over the lumbar paraspinal muscles with spasm.",
	"Straight leg raise is positive on the left at 45 degrees.",
	"Assessment: lumbar radiculopathy. Plan: physical therapy 2 times a week for 6 weeks.",
	"Request authorization for MRI of the lumbar spine without contrast.",
	"Work status: modified duty with no lifting over 15 pounds.",
	"Return to clinic in 4 weeks for reevaluation.",
}

// Scan is how a copy was made: skew in degrees, speckle count, scan lines
// dropped, and the gray level ink is thresholded at (0 for a gray scan).
type Scan struct {
	Skew      float64
	Specks    int
	Dropouts  int
	Threshold uint8
	Seed      uint64
	// Heavier thickens every stroke by this many pixels on each side, as a
	// printer's typeface of another weight than the one a PDF viewer
	// substitutes draws the same words in the same places.
	Heavier int
}

// Renderings of a page.
var (
	Clean = Scan{}
	Fax   = Scan{Skew: 0.7, Specks: 900, Dropouts: 2, Threshold: 140, Seed: 7}
	Noisy = Scan{Skew: -1.3, Specks: 1800, Seed: 11}
)

func face(t testing.TB) font.Face {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: fontSize, DPI: DPI, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

// Render draws lines (and header at the top margin when it is not empty)
// and returns the page with the word boxes OCR would report: where the ink
// is, give or take a pixel.
func Render(t testing.TB, lines []string, header string, s Scan) *ink.Page {
	t.Helper()
	fc := face(t)
	w, h := int(pageW*DPI/72), int(pageH*DPI/72)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	px := DPI / 72
	type box struct {
		text           string
		x0, y0, x1, y1 float64 // pixels
	}
	var boxes []box
	drawLine := func(line string, x, base float64) {
		d := font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{0}), Face: fc}
		for _, word := range strings.Fields(line) {
			d.Dot = fixed.P(int(x), int(base))
			b, adv := d.BoundString(word)
			d.DrawString(word)
			boxes = append(boxes, box{word, float64(b.Min.X.Floor()), float64(b.Min.Y.Floor()), float64(b.Max.X.Ceil()), float64(b.Max.Y.Ceil())})
			x += float64(adv.Ceil()) + 3.5*fontSize/12*px
		}
	}
	if header != "" {
		drawLine(header, 36*px, 20*px)
	}
	for i, l := range lines {
		drawLine(l, 54*px, (90+float64(i)*16)*px)
	}
	if s.Heavier > 0 {
		img = thicken(img, s.Heavier)
	}
	rng := rand.New(rand.NewPCG(s.Seed, 1))
	out := img
	rot := func(x, y float64) (float64, float64) { return x, y }
	if s.Skew != 0 {
		out, rot = skewed(img, s.Skew)
	}
	for range s.Specks {
		x, y, sz := rng.IntN(w), rng.IntN(h), 1+rng.IntN(3)
		for dy := range sz {
			for dx := range sz {
				if x+dx < w && y+dy < h {
					out.Pix[(y+dy)*w+x+dx] = uint8(rng.IntN(60))
				}
			}
		}
	}
	for range s.Dropouts {
		y := rng.IntN(h - 2)
		for x := range w {
			out.Pix[y*w+x], out.Pix[(y+1)*w+x] = 255, 255
		}
	}
	if s.Threshold > 0 {
		for i, v := range out.Pix {
			if v < s.Threshold {
				out.Pix[i] = 0
			} else {
				out.Pix[i] = 255
			}
		}
	}
	p := &ink.Page{Image: out, PixelToPage: [6]float64{72 / DPI, 0, 0, -72 / DPI, 0, pageH}}
	for _, b := range boxes {
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, c := range [][2]float64{{b.x0, b.y0}, {b.x1, b.y0}, {b.x0, b.y1}, {b.x1, b.y1}} {
			x, y := rot(c[0], c[1])
			x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
		}
		j := func() float64 { return float64(rng.IntN(3) - 1) }
		x0, y0, x1, y1 = x0+j(), y0+j(), x1+j(), y1+j()
		p.Words = append(p.Words, ink.Word{Text: b.text, LLX: x0 * 72 / DPI, URX: x1 * 72 / DPI, LLY: pageH - y1*72/DPI, URY: pageH - y0*72/DPI})
	}
	return p
}

// thicken spreads every inked pixel r pixels each way.
func thicken(img *image.Gray, r int) *image.Gray {
	b := img.Bounds()
	out := image.NewGray(b)
	copy(out.Pix, img.Pix)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			v := img.GrayAt(x, y).Y
			if v > 128 {
				continue
			}
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					if (image.Point{x + dx, y + dy}).In(b) && out.GrayAt(x+dx, y+dy).Y > v {
						out.SetGray(x+dx, y+dy, color.Gray{v})
					}
				}
			}
		}
	}
	return out
}

// skewed turns img by deg about its centre (nearest neighbour, as a
// scanner's paper feed does) and returns where a point of img lands.
func skewed(img *image.Gray, deg float64) (*image.Gray, func(x, y float64) (float64, float64)) {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	out := image.NewGray(img.Bounds())
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	for y := range h {
		for x := range w {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx, sy := int(c*dx+s*dy+cx), int(-s*dx+c*dy+cy)
			v := uint8(255)
			if sx >= 0 && sy >= 0 && sx < w && sy < h {
				v = img.Pix[sy*w+sx]
			}
			out.Pix[y*w+x] = v
		}
	}
	return out, func(x, y float64) (float64, float64) {
		dx, dy := x-cx, y-cy
		return c*dx - s*dy + cx, s*dx + c*dy + cy
	}
}

// Edited returns lines with from replaced by to on line.
func Edited(lines []string, line int, from, to string) []string {
	out := append([]string(nil), lines...)
	if !strings.Contains(out[line], from) {
		panic("edited: " + from)
	}
	out[line] = strings.Replace(out[line], from, to, 1)
	return out
}

// Without returns lines without line.
func Without(lines []string, line int) []string {
	return append(append([]string(nil), lines[:line]...), lines[line+1:]...)
}
