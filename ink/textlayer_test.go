package ink_test

import (
	"fmt"
	"image"
	"slices"
	"strings"
	"testing"

	. "imrpacket/ink"
	. "imrpacket/ink/inktest"
)

// TestCompareTextLayer compares a born-digital page (its words the PDF's
// own) with a scan of it printed in a heavier typeface, which leaves ink
// off every word's strokes. Words the scan's OCR read the same at the same
// place are that word; the words it read otherwise, and any change, are
// still the ink's to judge.
func TestCompareTextLayer(t *testing.T) {
	// Two pixels more each side at 200 dpi: ink off every stroke, as far
	// apart as the substitutes PDFium draws for Helvetica and Times are
	// from Liberation Sans and Serif on the generated packets' scans (and
	// farther); one pixel: the ink check's own reach.
	heavy := Scan{Skew: -0.8, Specks: 900, Seed: 5, Heavier: 2}
	heavier1 := Scan{Skew: -0.8, Specks: 900, Seed: 5, Heavier: 1}
	cases := []struct {
		name      string
		b         []string
		ocr       func(p *Page) // what OCR made of b's words
		textLayer bool
		scan      *Scan // heavy when nil
		want      bool
	}{
		{name: "scan in another weight, both read", textLayer: false, b: Note, want: false},
		{name: "scan in another weight", textLayer: true, b: Note, want: true},
		// A word OCR misread is the ink's to judge, typeface and all: a
		// little heavier passes, much heavier does not.
		{name: "a word misread on a scan a little heavier", textLayer: true, b: Note, scan: &heavier1,
			ocr: func(p *Page) { misread(p, "reevaluation.", "reevaluatlon.") }, want: true},
		{name: "a word misread on the scan", textLayer: true, b: Note,
			ocr: func(p *Page) { misread(p, "reevaluation.", "reevaluatlon.") }, want: false},
		{name: "words joined at punctuation on the scan", textLayer: true, b: Note,
			ocr: func(p *Page) {
				for i, w := range p.Words {
					if w.Text == "twice" {
						n := p.Words[i+1]
						p.Words[i] = Word{Text: "twice-daily", LLX: w.LLX, LLY: min(w.LLY, n.LLY), URX: n.URX, URY: max(w.URY, n.URY)}
						p.Words = append(p.Words[:i+1], p.Words[i+2:]...)
						return
					}
				}
				t.Fatal("no word twice")
			}, want: true},
		{name: "left became right", textLayer: true, b: Edited(Note, 5, "left", "right")},
		{name: "a line added", textLayer: true, b: append(Without(Note, 9), "Return to clinic in 4 weeks for reevaluation and injection.")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, Note, "", Clean)
			a.TextLayer = tc.textLayer
			sc := heavy
			if tc.scan != nil {
				sc = *tc.scan
			}
			b := Render(t, tc.b, "", sc)
			if tc.ocr != nil {
				tc.ocr(b)
			}
			v := Checker{}.Compare(a, b)
			if v.Anchors < MinAnchors {
				t.Fatalf("anchors %d", v.Anchors)
			}
			if v.Same != tc.want {
				t.Errorf("Same %v (want %v), compared %d, worst %.3f", v.Same, tc.want, v.Compared, v.Worst)
			}
			if r := (Checker{}).Compare(b, a); r.Same != v.Same {
				t.Errorf("reversed: Same %v", r.Same)
			}
		})
	}
}

// TestCompareTextLayerNumberReadAgain: a number whose ink on the scan is a
// little over its limit (a blot beside it) and which the scan's OCR read
// otherwise is settled by reading the scan's line again: the text layer's
// number exactly, or the pair is refused. A line reading never vouches for
// digits between two scans; against a text layer it may, as one side is
// the page's own text.
func TestCompareTextLayerNumberReadAgain(t *testing.T) {
	chk := Checker{ReadLine: readLine(t)}
	// Digits without a zero: the test font's zero is slashed, which
	// Tesseract reads as @ or Q.
	const num = "15"
	cases := []struct {
		name string
		b    []string
		blot int // pixels square
		want bool
	}{
		{"the same number, misread by the page's OCR", Note, 16, true},
		{"another weight", Edited(Note, 8, "over 15 pounds", "over 18 pounds"), 16, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, Note, "", Clean)
			a.TextLayer = true
			b := Render(t, tc.b, "", Noisy)
			word := num
			if !slices.Equal(tc.b, Note) {
				word = "18"
			}
			// A blot at the number's end, as a fax's smudge leaves.
			_, top, x1, bottom := wordPixels(t, b, word)
			mid := (top + bottom) / 2
			for y := mid - tc.blot/2; y < mid+tc.blot/2; y++ {
				for x := x1; x < x1+tc.blot; x++ {
					b.Image.Pix[y*b.Image.Stride+x] = 0
				}
			}
			for i, w := range b.Words {
				if w.Text == word {
					b.Words[i].Text = "I5" // what a page's OCR made of it
				}
			}
			v := chk.Compare(a, b)
			plain := Checker{}.Compare(a, b)
			t.Logf("worst %.3f, lines read %d; without ReadLine Same %v", v.Worst, v.LinesRead, plain.Same)
			if v.Same != tc.want {
				t.Errorf("Same %v, want %v (worst %.3f, lines read %d)", v.Same, tc.want, v.Worst, v.LinesRead)
			}
			if v.LinesRead == 0 || plain.Same {
				t.Errorf("no line read (%d) or the ink alone decides (Same %v): the case tests nothing", v.LinesRead, plain.Same)
			}
		})
	}
}

// TestCompareTextLayerLineRead: between a text layer and a scan in another
// typeface, a word the scan's OCR read otherwise is over its ink limit
// however alike the pages are. Its line is read again on the scan and must
// hold the word between the same neighbours as the text layer; a changed
// word, another number or an added line is still refused.
func TestCompareTextLayerLineRead(t *testing.T) {
	chk := Checker{ReadLine: readLine(t)}
	heavy := Scan{Skew: -0.8, Specks: 900, Seed: 5, Heavier: 2}
	misreadAs := func(from, to string) func(p *Page) {
		return func(p *Page) { misread(p, from, to) }
	}
	cases := []struct {
		name  string
		b     []string
		ocr   func(p *Page)       // what the page's OCR made of b's words
		reads func(string) string // what reading the line again made of it
		want  bool
	}{
		{"a word misread by the page's OCR", Note, misreadAs("reevaluation.", "reevaluatlon."), nil, true},
		{"a word misread by one letter on its line too", Note, misreadAs("reevaluation.", "reevaluatlon."), replacing("reevaluation", "reevaluatian"), true},
		{"a word misread by two letters on its line", Note, misreadAs("reevaluation.", "reevaluatlon."), replacing("reevaluation", "reevaluatiam"), false},
		{"a short word's o read as q on its line", Note, misreadAs("low", "1ow"), replacing("low back", "lqw back"), true},
		{"a short word's o read as a on its line", Note, misreadAs("low", "1ow"), replacing("low back", "law back"), false},
		{"a number misread by the page's OCR", Note, misreadAs("15", "I5"), nil, true},
		{"a number's neighbour of four letters misread by one on its line", Note, misreadAs("15", "I5"), replacing("over 15", "ovar 15"), true},
		{"a number's neighbour garbled on its line, the other read", Note, misreadAs("15", "I5"), replacing("15 pounds", "15 pcmnds"), true},
		{"a number's neighbours misread by two letters and garbled", Note, misreadAs("15", "I5"), replacing("over 15 pounds", "avar 15 pcmnds"), false},
		{"a number's neighbours of three and two letters misread", Note, misreadAs("MRI", "MR1"), replacing("for MRI of", "far MRI af"), false},
		{"a word's only neighbour garbled on its line", Note, misreadAs("reevaluation.", "reevaluatlon."), replacing("for reevaluation", "fcm reevaluation"), false},
		{"a word's neighbour garbled on its line, the other read", Note, misreadAs("lumbar", "1umbar"), replacing("the lumbar paraspinal", "tke lumbar paraspinal"), true},
		{"another number", Edited(Note, 8, "over 15 pounds", "over 18 pounds"), nil, nil, false},
		{"left became right", Edited(Note, 5, "left", "right"), nil, nil, false},
		{"a word added", Edited(Note, 8, "no lifting", "no heavy lifting"), nil, nil, false},
		{"a line added", append(Without(Note, 9), "Return to clinic in 4 weeks for reevaluation and injection."), nil, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, Note, "", Clean)
			a.TextLayer = true
			b := Render(t, tc.b, "", heavy)
			if tc.ocr != nil {
				tc.ocr(b)
			}
			chk := chk
			if tc.reads != nil {
				read := chk.ReadLine
				chk.ReadLine = func(crop *image.Gray) (string, error) {
					s, err := read(crop)
					return tc.reads(s), err
				}
			}
			v := chk.Compare(a, b)
			plain := Checker{}.Compare(a, b)
			t.Logf("worst %.3f, lines read %d; without ReadLine Same %v", v.Worst, v.LinesRead, plain.Same)
			if v.Same != tc.want {
				t.Errorf("Same %v, want %v (worst %.3f, lines read %d)", v.Same, tc.want, v.Worst, v.LinesRead)
			}
			if plain.Same {
				t.Errorf("the ink alone matched: the case tests nothing")
			}
			if r := chk.Compare(b, a); r.Same != v.Same {
				t.Errorf("reversed: Same %v", r.Same)
			}
		})
	}
}

// A number the scan's OCR read otherwise than the text layer, and reading
// it alone cannot settle, is settled by the scan alone: its line read
// again must hold the text layer's number between the same words. The
// line's other numbers are no part of it, so a reading that makes
// something else of them each time (here 550, as on a smudged fax) still
// settles the place, where comparing two readings of the whole line never
// could; and a neighbour misread by one letter still places the number.
// Another number on the scan leaves the place unsettled.
func TestCompareTextLayerNumberReadOnScan(t *testing.T) {
	scan := Scan{Skew: -0.8, Specks: 900, Seed: 5, Heavier: 1}
	read := readLine(t)
	unstable550 := func(line string, n int) string {
		return strings.ReplaceAll(line, "550", fmt.Sprintf("55%d", n%10))
	}
	neighbour := func(line string, n int) string {
		return strings.ReplaceAll(unstable550(line, n), "cyclobenzaprine", "cyclobenzaprinc")
	}
	cases := []struct {
		name          string
		b             []string
		word          string                          // b's number the page's OCR read as 16
		reads         func(line string, n int) string // the line reader's misreads; n counts its calls
		wantUnsettled int
	}{
		{"its other number read otherwise each time", Note, "10", unstable550, 0},
		{"a neighbour misread by one letter", Note, "10", neighbour, 0},
		{"another number", Edited(Note, 2, "cyclobenzaprine 10 mg", "cyclobenzaprine 20 mg"), "20", unstable550, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n int
			// Reading the number alone finds nothing, as on a crop too
			// smudged to read: its line is read.
			chk := Checker{
				ReadDigits: func(*image.Gray) (string, error) { return "", nil },
				ReadLine: func(crop *image.Gray) (string, error) {
					s, err := read(crop)
					n++
					return tc.reads(s, n), err
				},
			}
			a := Render(t, Note, "", Clean)
			a.TextLayer = true
			b := misread(Render(t, tc.b, "", scan), tc.word, "16")
			for _, v := range []Verdict{chk.Compare(a, b), chk.Compare(b, a)} {
				if len(v.Unsettled) != tc.wantUnsettled {
					t.Errorf("unsettled %+v, want %d place(s); line reader called %d times", v.Unsettled, tc.wantUnsettled, n)
				}
			}
			if plain := (Checker{ReadDigits: chk.ReadDigits}).Compare(a, b); len(plain.Unsettled) != 1 {
				t.Errorf("without ReadLine: unsettled %+v, want 1 place: the case tests nothing", plain.Unsettled)
			}
		})
	}
}

// replacing returns a line reader's misread of one word as another.
func replacing(word, as string) func(string) string {
	return func(s string) string { return strings.ReplaceAll(s, word, as) }
}

// TestCompareTextLayerShiftedWord: the printer's typeface spaces a line
// otherwise than the viewer's, so a narrow word (the "|" between an
// address's parts) lands a few points from where the text layer has it,
// clear of its own box. The scan's "|" is then ink where no text-layer word
// overlaps; the text layer's "|" a little way along the line is that word,
// to be read in place on the scan's line like any other. Ink that reads as
// another word there is still ink the page's own text lacks.
func TestCompareTextLayerShiftedWord(t *testing.T) {
	lines := append(slices.Clone(Note), "Suite 400 | Sacramento, CA 95833")
	chk := Checker{ReadLine: readLine(t)}
	scan := Scan{Skew: -0.8, Specks: 900, Seed: 5}
	cases := []struct {
		name  string
		shift int    // pixels the scan's "|" lands to the right
		as    string // what the scan's OCR read there
		want  bool
	}{
		{"in place", 0, "|", true},
		{"a few points along the line", 5, "|", true},
		{"read as another word", 5, "/", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, lines, "", Clean)
			a.TextLayer = true
			b := Render(t, lines, "", scan)
			shiftWord(t, b, "|", tc.shift)
			if tc.as != "|" {
				misread(b, "|", tc.as)
			}
			compareBothWays(t, chk, a, b, tc.want)
		})
	}
}

// compareBothWays compares a with b, and b with a, and fails t unless both
// verdicts say Same as want.
func compareBothWays(t *testing.T, chk Checker, a, b *Page, want bool) {
	t.Helper()
	v := chk.Compare(a, b)
	t.Logf("worst %.3f, lines read %d", v.Worst, v.LinesRead)
	if v.Same != want {
		t.Errorf("Same %v, want %v (worst %.3f, lines read %d)", v.Same, want, v.Worst, v.LinesRead)
	}
	if r := chk.Compare(b, a); r.Same != v.Same {
		t.Errorf("reversed: Same %v", r.Same)
	}
}

// shiftWord moves the ink and box of p's word text dx pixels to the right,
// leaving paper where it was.
func shiftWord(t *testing.T, p *Page, text string, dx int) {
	t.Helper()
	k := slices.IndexFunc(p.Words, func(w Word) bool { return w.Text == text })
	if k < 0 {
		t.Fatalf("no word %q", text)
	}
	if dx == 0 {
		return
	}
	w := &p.Words[k]
	scale := DPI / 72
	x0, x1 := int(w.LLX*scale)-2, int(w.URX*scale)+2
	y0, y1 := int((pageHeight(p)-w.URY)*scale)-2, int((pageHeight(p)-w.LLY)*scale)+2
	img := p.Image
	cut := map[image.Point]uint8{}
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			cut[image.Pt(x, y)] = img.GrayAt(x, y).Y
			img.Pix[img.PixOffset(x, y)] = 255
		}
	}
	for pt, v := range cut {
		img.Pix[img.PixOffset(pt.X+dx, pt.Y)] = min(v, img.GrayAt(pt.X+dx, pt.Y).Y)
	}
	w.LLX += float64(dx) / scale
	w.URX += float64(dx) / scale
}

// pageHeight is the page's height in points, from its pixel-to-page map.
func pageHeight(p *Page) float64 { return p.PixelToPage[5] }
