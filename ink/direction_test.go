package ink

import (
	"fmt"
	"image"
	"math/rand/v2"
	"testing"
)

// uprightPage draws a 200-dpi page of ten lines of five "words", each a
// word box over a few random strokes, with its words in OCR order.
func uprightPage() *Page {
	const dpi = 200
	r := rand.New(rand.NewPCG(7, 8))
	w, h := 1700, 2200
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xf0
	}
	pt := 72.0 / dpi
	p := &Page{Image: img, PixelToPage: [6]float64{pt, 0, 0, -pt, 0, float64(h) * pt}}
	for l := range 10 {
		y0 := 200 + l*60
		for k := range 5 {
			x0 := 150 + k*200
			for range 12 {
				sx, sy := x0+r.IntN(140), y0+r.IntN(20)
				for y := sy; y < sy+12; y++ {
					for x := sx; x < sx+3; x++ {
						img.Pix[y*img.Stride+x] = 0x20
					}
				}
			}
			p.Words = append(p.Words, Word{Text: fmt.Sprintf("w%d%d45", l, k),
				LLX: float64(x0) * pt, URX: float64(x0+150) * pt,
				LLY: float64(h-(y0+32)) * pt, URY: float64(h-y0) * pt})
		}
	}
	return p
}

// turnedPage is p's page fed through the scanner turned clockwise by deg:
// its image turned, its user space its own, its words where OCR would put
// them on it.
func turnedPage(p *Page, deg int) *Page {
	src := p.Image
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	tw, th := h, w
	if deg == 180 {
		tw, th = w, h
	}
	img := image.NewGray(image.Rect(0, 0, tw, th))
	to := func(x, y float64) (float64, float64) { // pixel of p -> pixel of the turned page
		switch deg {
		case 90:
			return float64(h) - y, x
		case 180:
			return float64(w) - x, float64(h) - y
		}
		return y, float64(w) - x
	}
	for y := range h {
		for x := range w {
			X, Y := to(float64(x)+0.5, float64(y)+0.5)
			img.Pix[int(Y)*img.Stride+int(X)] = src.Pix[y*src.Stride+x]
		}
	}
	pt := p.PixelToPage[0]
	q := &Page{Image: img, PixelToPage: [6]float64{pt, 0, 0, -pt, 0, float64(th) * pt}}
	fromUser, _ := invert(pixelToPage(p.PixelToPage))
	toUser := pixelToPage(q.PixelToPage)
	for _, wd := range p.Words {
		var b Word
		for i, c := range [2][2]float64{{wd.LLX, wd.LLY}, {wd.URX, wd.URY}} {
			x, y := fromUser.apply(c[0], c[1])
			ux, uy := toUser.apply(to(x, y))
			if i == 0 {
				b = Word{Text: wd.Text, LLX: ux, LLY: uy, URX: ux, URY: uy}
			} else {
				b = union(b, Word{LLX: ux, LLY: uy, URX: ux, URY: uy})
			}
		}
		b.Text = wd.Text
		q.Words = append(q.Words, b)
	}
	return q
}

func meanDiff(a, b *image.Gray) float64 {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 255
	}
	var sum int
	for i := range a.Pix {
		d := int(a.Pix[i]) - int(b.Pix[i])
		sum += max(d, -d)
	}
	return float64(sum) / float64(len(a.Pix))
}

// TestTurnedPagesCropUpright: on a page whose image is turned in the PDF,
// the text's direction is found from its words, and a number or a line
// read again is cut out upright, as from the page the right way up.
// Without it Tesseract was given sideways digits and read noise.
func TestTurnedPagesCropUpright(t *testing.T) {
	up := uprightPage()
	if d := up.textDir(); d != 0 {
		t.Fatalf("upright page: direction %d", d)
	}
	k := 23 // a word in the middle of the page
	wantDigits, _ := digitCrop(up, up.Words[k], 2)
	lineBox := Word{LLX: up.Words[k].LLX - 20, LLY: up.Words[k].LLY - 2, URX: up.Words[k].URX + 20, URY: up.Words[k].URY + 2}
	wantLine := lineCrop(up, lineBox, affine{1, 0, 0, 0, 1, 0}, up)
	for _, tt := range []struct{ deg, dir, turn int }{{90, 270, 270}, {180, 180, 180}, {270, 90, 90}} {
		t.Run(fmt.Sprint(tt.deg), func(t *testing.T) {
			p := turnedPage(up, tt.deg)
			if d := p.textDir(); d != tt.dir {
				t.Errorf("text direction %d, want %d", d, tt.dir)
			}
			if turn := pixelTurn(p); turn != tt.turn {
				t.Errorf("pixel turn %d, want %d", turn, tt.turn)
			}
			got, ok := digitCrop(p, p.Words[k], 2)
			if !ok {
				t.Fatal("no digit crop")
			}
			if d := meanDiff(got, wantDigits); d > 8 {
				t.Errorf("digit crop differs from the upright page's by %.1f levels on average (size %v, want %v)", d, got.Bounds().Size(), wantDigits.Bounds().Size())
			}
			box := turnedPage(&Page{Image: up.Image, PixelToPage: up.PixelToPage, Words: []Word{lineBox}}, tt.deg).Words[0]
			line := lineCrop(p, box, affine{1, 0, 0, 0, 1, 0}, p)
			if d := meanDiff(line, wantLine); d > 8 {
				t.Errorf("line crop differs from the upright page's by %.1f levels on average (size %v, want %v)", d, line.Bounds().Size(), wantLine.Bounds().Size())
			}
		})
	}
}
