package ocr

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// page draws a white w x h page.
func page(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(g, g.Bounds(), image.NewUniform(color.Gray{255}), image.Point{}, draw.Src)
	return g
}

// textLine draws a line of glyph-like strokes (a 2-pixel stroke every 6
// pixels) in r, as a row of print crosses them.
func textLine(g *image.Gray, r image.Rectangle) {
	for x := r.Min.X; x+2 <= r.Max.X; x += 6 {
		draw.Draw(g, image.Rect(x, r.Min.Y, x+2, r.Max.Y), image.NewUniform(color.Gray{0}), image.Point{}, draw.Src)
	}
}

func TestMissedBands(t *testing.T) {
	const dpi = 300
	line1 := image.Rect(300, 300, 2200, 340)
	line2 := image.Rect(300, 380, 2000, 420) // one line gap below line1
	far := image.Rect(300, 1500, 1800, 1540)
	tests := []struct {
		name  string
		draw  func(g *image.Gray)
		read  []image.Rectangle
		bands int
		holds []image.Rectangle // rectangles the bands must contain
	}{
		{
			name:  "a line no word covers",
			draw:  func(g *image.Gray) { textLine(g, line1) },
			bands: 1, holds: []image.Rectangle{line1},
		},
		{
			name:  "a line read word by word",
			draw:  func(g *image.Gray) { textLine(g, line1) },
			read:  []image.Rectangle{image.Rect(300, 300, 1200, 340), image.Rect(1206, 300, 2200, 340)},
			bands: 0,
		},
		{
			name:  "two unread lines of one paragraph are one band",
			draw:  func(g *image.Gray) { textLine(g, line1); textLine(g, line2) },
			bands: 1, holds: []image.Rectangle{line1, line2},
		},
		{
			name:  "an unread paragraph between read ones",
			draw:  func(g *image.Gray) { textLine(g, line1); textLine(g, line2); textLine(g, far) },
			read:  []image.Rectangle{line1, far},
			bands: 1, holds: []image.Rectangle{line2},
		},
		{
			name:  "two paragraphs far apart are two bands",
			draw:  func(g *image.Gray) { textLine(g, line1); textLine(g, far) },
			bands: 2, holds: []image.Rectangle{line1, far},
		},
		{
			name: "speckle is not text",
			draw: func(g *image.Gray) {
				r := rand.New(rand.NewPCG(1, 2))
				for range 3000 {
					x, y := r.IntN(2500), r.IntN(3250)
					draw.Draw(g, image.Rect(x, y, x+3, y+3), image.NewUniform(color.Gray{0}), image.Point{}, draw.Src)
				}
			},
			bands: 0,
		},
		{
			name: "rules, boxes and a picture are not text",
			draw: func(g *image.Gray) {
				draw.Draw(g, image.Rect(100, 200, 2400, 204), image.NewUniform(color.Gray{0}), image.Point{}, draw.Src)
				draw.Draw(g, image.Rect(300, 600, 900, 900), image.NewUniform(color.Gray{40}), image.Point{}, draw.Src)
				for x := 200; x < 2400; x += 400 { // a table's column rules
					draw.Draw(g, image.Rect(x, 1000, x+3, 1600), image.NewUniform(color.Gray{0}), image.Point{}, draw.Src)
				}
			},
			bands: 0,
		},
		{
			name:  "a stroke too short to be a line of text",
			draw:  func(g *image.Gray) { textLine(g, image.Rect(300, 300, 2200, 310)) },
			bands: 0,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := page(2550, 3300)
			tc.draw(g)
			got := missedBands(g, tc.read, dpi)
			if len(got) != tc.bands {
				t.Fatalf("bands %v, want %d", got, tc.bands)
			}
			for _, want := range tc.holds {
				if !slices.ContainsFunc(got, func(b image.Rectangle) bool { return want.In(b) }) {
					t.Errorf("no band %v holds %v", got, want)
				}
			}
		})
	}
}

func TestSplice(t *testing.T) {
	w := func(text string, line, top int) rawWord { return rawWord{text: text, line: line, t: top} }
	first := []rawWord{w("Item", 1, 100), w("3", 1, 100), w("more", 2, 140), w("Your", 3, 500), w("Right", 3, 500)}
	text := "Item 3\nmore\n\nYour Right\n"
	band := missed{top: 300, words: []rawWord{w("Item", 1, 310), w("4", 1, 310), w("rest", 2, 350)}}
	tests := []struct {
		name  string
		text  string
		found []missed
		want  string
	}{
		{"between paragraphs", text, []missed{band}, "Item 3\nmore\n\nItem 4\nrest\n\nYour Right\n"},
		{"below everything", text, []missed{{top: 900, words: band.words}}, "Item 3\nmore\n\nYour Right\n\nItem 4\nrest\n"},
		{"above everything", text, []missed{{top: 10, words: band.words}}, "Item 4\nrest\n\nItem 3\nmore\n\nYour Right\n"},
		{"text and lines disagree: at the end", "Item 3 more\n\nYour Right\n", []missed{band}, "Item 3 more\n\nYour Right\n\nItem 4\nrest\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := splice(tc.text, first, tc.found); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDroppedParagraphs: on this noisy, skewed scan (a generated train-split
// page, made bilevel) Tesseract's layout analysis takes two paragraphs for
// pictures and reads nothing there. Recognize reads them and puts them where
// they stand on the page.
func TestDroppedParagraphs(t *testing.T) {
	g := grayPNG(t, "testdata/dropped-paragraphs.png")

	engine.main.setImage(g, 200)
	plain, _, err := engine.main.recognize()
	engine.main.clear()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain, "Item 4") {
		t.Log("this Tesseract's layout analysis reads the page whole; the test still checks the result")
	}

	res, err := engine.Recognize(context.Background(), g, 200)
	if err != nil {
		t.Fatal(err)
	}
	order := []string{"Item 3", "Item 4: According", "medically necessary", "Your Right", "IMR, and mailing", "independent physician", "For questions"}
	at := -1
	for _, s := range order {
		i := strings.Index(res.Text, s)
		if i < 0 {
			t.Fatalf("%q not read:\n%s", s, res.Text)
		}
		if i < at {
			t.Errorf("%q out of reading order:\n%s", s, res.Text)
		}
		at = i
	}
	// Every word read has its box on the page, so the packet's invisible
	// text lands on it.
	for _, w := range res.Words {
		if !w.Box.In(g.Bounds()) || w.Box.Empty() {
			t.Errorf("word %q box %v outside the page %v", w.Text, w.Box, g.Bounds())
		}
	}
	found := false
	for _, w := range res.Words {
		if w.Text == "According" {
			found = true
		}
	}
	if !found {
		t.Error("words of the recovered paragraph carry no boxes")
	}
}

// BenchmarkMissedBands: the check runs on every OCR'd page, so it must cost
// little next to recognition (about a second a page).
func BenchmarkMissedBands(b *testing.B) {
	g := page(2550, 3300)
	var read []image.Rectangle
	for y := 300; y < 3000; y += 60 {
		for x := 300; x < 2200; x += 160 {
			r := image.Rect(x, y, x+150, y+40)
			textLine(g, r)
			read = append(read, r)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		missedBands(g, read, 300)
	}
}

// grayPNG reads a PNG from testdata as a gray image, as a page is rendered.
func grayPNG(t *testing.T, path string) *image.Gray {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(im.Bounds())
	draw.Draw(g, g.Bounds(), im, im.Bounds().Min, draw.Src)
	return g
}
