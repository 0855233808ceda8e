package ink

import (
	"image"
	"slices"
	"strings"
	"testing"
)

func TestLosesOnly(t *testing.T) {
	cases := []struct {
		runs, words []string
		want        bool
	}{
		{[]string{"10"}, []string{"10", "11", "2024"}, true},
		{[]string{"10", "1", "2024"}, []string{"10", "11", "2024"}, true},
		{[]string{"10", "11", "2024"}, []string{"10", "11", "2024"}, true},
		{[]string{"551"}, []string{"550"}, false},
		{[]string{"10", "12", "2024"}, []string{"10", "11", "2024"}, false},
		{nil, []string{"550"}, true},
	}
	for _, tc := range cases {
		if got := losesOnly(tc.runs, tc.words); got != tc.want {
			t.Errorf("losesOnly(%v, %v) = %v, want %v", tc.runs, tc.words, got, tc.want)
		}
	}
}

func TestLineDigits(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string
	}{
		{"naproxen 55@ mg twice daily", "550"},
		{"prior visit on @2/12/2024.", "2 12 2024"},
		{"email me@example.org", ""},
		{"BP 120/80 @ rest", "120 80"},
		{"no numbers here", ""},
	} {
		if got := strings.Join(lineDigits(tc.line), " "); got != tc.want {
			t.Errorf("lineDigits(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

// A word over its ink limit on a page's edge line that reads as a fax
// transmission line is the fax machine's, whatever the other page has
// there; the same reading mid-page is not excused.
func TestLinesReadAlikeTransmission(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 1700, 2200))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	p := &Page{Image: img, PixelToPage: [6]float64{0.36, 0, 0, -0.36, 0, 792}}
	for l := range 10 {
		y := 740 - float64(l)*20
		p.Words = append(p.Words, Word{Text: "word", LLX: 72, LLY: y, URX: 120, URY: y + 10}, Word{Text: "more", LLX: 130, LLY: y, URX: 170, URY: y + 10})
	}
	reads := 0
	chk := Checker{
		Transmission: func(l string) bool { return strings.HasPrefix(l, "FROM:") },
		// The first reading of each check is the page with the fax line,
		// the second the other page, which has nothing there.
		ReadLine: func(*image.Gray) (string, error) {
			if reads++; reads == 1 {
				return "FROM: (555) 555-0101 TO: IMR RECORDS P.001", nil
			}
			return "", nil
		},
	}
	id := affine{1, 0, 0, 0, 1, 0}
	for _, tc := range []struct {
		k    int
		want bool
	}{{0, true}, {19, true}, {8, false}} {
		reads = 0
		if got := chk.linesReadAlike(p, p, tc.k, id); got != tc.want {
			t.Errorf("word %d: %v, want %v", tc.k, got, tc.want)
		}
	}
	chk.Transmission, reads = nil, 0
	if chk.linesReadAlike(p, p, 0, id) {
		t.Error("without Transmission, a line read on one page only reads alike")
	}
}

// TestTransmissionWordsSkewedHeader: a fax header of small type on a
// skewed page drifts across more than half its height, and the page's
// lines come out in pieces; the pieces of one printed line are one
// transmission line, and every word of it is the fax machine's. Lines of
// text above one another are never joined.
func TestTransmissionWordsSkewedHeader(t *testing.T) {
	isFax := func(l string) bool {
		return strings.Contains(l, "FROM:") && strings.Contains(l, "555-1411") && strings.Contains(l, "P.001")
	}
	// As OCR placed a header on a page skewed by a degree (user space, y
	// up): each word a little lower than the one before it.
	header := []Word{
		{Text: "FROM:", LLX: 42, LLY: 776, URX: 61, URY: 780},
		{Text: "(298)", LLX: 68, LLY: 774.5, URX: 86, URY: 780},
		{Text: "555-1411", LLX: 92, LLY: 773.5, URX: 125, URY: 778},
		{Text: "|", LLX: 131, LLY: 772.5, URX: 133, URY: 779},
		{Text: "To:", LLX: 138, LLY: 772.5, URX: 150, URY: 777},
		{Text: "IMR", LLX: 154, LLY: 772, URX: 168, URY: 776},
		{Text: "RECORDS", LLX: 172, LLY: 771.5, URX: 208, URY: 776},
		{Text: "P.001", LLX: 215, LLY: 770, URX: 235, URY: 775},
	}
	var body []Word
	for l := range 8 {
		y := 740 - float64(l)*14
		body = append(body, Word{Text: "Patient", LLX: 72, LLY: y, URX: 110, URY: y + 10}, Word{Text: "seen", LLX: 114, LLY: y, URX: 140, URY: y + 10})
	}
	p := &Page{Words: append(slices.Clone(header), body...)}
	if lines, _ := pageLines(p); len(lines) < len(body)/2+2 {
		t.Fatalf("the header came out as %d lines with the body; the test needs it in pieces", len(lines)-len(body)/2)
	}
	got := transmissionWords(p, isFax)
	for k := range header {
		if !got[k] {
			t.Errorf("header word %q not taken for the fax machine's", header[k].Text)
		}
	}
	for k := len(header); k < len(p.Words); k++ {
		if got[k] {
			t.Errorf("body word %d taken for the fax machine's", k)
		}
	}
	// Body lines close together share no height and stand one over the
	// other: never joined.
	lines, _ := pageLines(&Page{Words: body})
	if joined := joinSplitLines(&Page{Words: body}, lines); len(joined) != len(lines) {
		t.Errorf("%d body lines joined into %d", len(lines), len(joined))
	}
}

// A place where one page's numbers are some of the other's, in order, is a
// number the place missed on one page, never two numbers told apart.
func TestPartOf(t *testing.T) {
	for _, tc := range []struct {
		xs, ys []string
		want   bool
	}{
		{[]string{"2"}, []string{"1", "2"}, true},
		{[]string{"1"}, []string{"1", "2"}, true},
		{[]string{"1", "2"}, []string{"1", "2"}, false},
		{[]string{"3"}, []string{"1", "2"}, false},
		{[]string{"2", "1"}, []string{"1", "2", "3"}, false},
		{nil, []string{"2"}, true},
	} {
		if got := partOf(tc.xs, tc.ys); got != tc.want {
			t.Errorf("partOf(%v, %v) = %v, want %v", tc.xs, tc.ys, got, tc.want)
		}
	}
}

func TestSameAround(t *testing.T) {
	for _, tc := range []struct {
		x, y, word string
		want       bool
	}{
		{"Thabo Brennan, MD", "Fhabo Brennan, : MD ~", "Brennan,", true},
		{"modified me on 2023-11-20 with no lifting over 25 pounds", "modified work'on 2023-11:20 with no lifting over 25 pouinds", "no:", true},
		{"with no lifting over 25 pounds", "with not lifting over 25 pounds", "no", false},
		{"with no lifting over 25 pounds", "with on lifting over 25 pounds", "no", false},
		{"with no lifting", "wiht no lifting", "no", false},   // a short neighbour must read the same
		{"to the left leg", "to the lefl leg", "left", false}, // the word itself exactly
		{"cyclobenzaprine 10 mg", "cyclobenzaprine 20 mg", "cyclobenzaprine", true},
		{"Return to clinic", "Return to clinic", "reevaluation", false},
		{"", "", "word", false},
		{"no lifting, no bending", "no lifting, on bending", "no", false}, // each of its places must read alike
		{"no lifting, no bending", "no lifting, no bending", "no", true},
	} {
		if got := sameAround(letterWords(tc.x), letterWords(tc.y), letterWords(tc.word)); got != tc.want {
			t.Errorf("sameAround(%q, %q, %q) = %v, want %v", tc.x, tc.y, tc.word, got, tc.want)
		}
	}
}

// A word whose OCR box took in a speck of the next line does not make its
// line's box tall: the crop would hold three lines, which Tesseract reads
// as none.
func TestLineAroundTallWord(t *testing.T) {
	line := func(y float64, tallAt int) []Word {
		var ws []Word
		for i := range 6 {
			x := 72 + float64(i)*50
			w := Word{Text: "word", LLX: x, LLY: y, URX: x + 40, URY: y + 10}
			if i == tallAt {
				w.LLY -= 8 // down to the next line's x-height
			}
			ws = append(ws, w)
		}
		return ws
	}
	for _, tc := range []struct {
		name   string
		tallAt int
		k      int // the word whose line is wanted, on the middle line
	}{
		{"the word itself tall", 2, 2},
		{"a neighbour tall", 2, 4},
		{"none tall", -1, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Page{PixelToPage: [6]float64{0.36, 0, 0, -0.36, 0, 792}}
			p.Words = append(p.Words, line(714, -1)...)
			mid := len(p.Words)
			p.Words = append(p.Words, line(700, tc.tallAt)...)
			p.Words = append(p.Words, line(686, -1)...)
			box, words := lineAround(p, p.Words[mid+tc.k], wordLinePad)
			if len(words) != 6 {
				t.Errorf("%d words on the line, want 6", len(words))
			}
			// The line is 10 points high, with a third of that above and
			// below; the next lines' middles are 14 points away.
			if box.LLY < 700-10.0/3-0.01 || box.URY > 710+10.0/3+0.01 {
				t.Errorf("box %.1f to %.1f, want 696.7 to 713.3: it reaches into the next lines", box.LLY, box.URY)
			}
			if box.LLX > 72-10 || box.URX < 72+5*50+40+10 {
				t.Errorf("box %.1f to %.1f along the line: the line's words are not all in it", box.LLX, box.URX)
			}
		})
	}
}

func TestFoldedRuns(t *testing.T) {
	for _, tc := range []struct {
		word string
		want string
	}{
		{"(G56.02)", "656 2"},
		{"L5-S1", "5 51"},
		{"DOB:", ""},       // no digit: no letter is read as one
		{"Gabapentin", ""}, // likewise
		{"1O/2O/2O24", "10 20 2024"},
		{"S0", "50"},
	} {
		got := strings.Join(foldedRuns([]Word{{Text: tc.word}}, []int{0}), " ")
		if got != tc.want {
			t.Errorf("foldedRuns(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestMisreadDate(t *testing.T) {
	cases := []struct {
		x, y string
		want bool
	}{
		{"10/32/22", "10/22/22", true},
		{"on 10/22/22 with", "on 10/32/22 with", true},
		{"11/31/2024", "10/31/2024", true}, // November has 30 days
		{"02/30/24", "02/20/24", true},
		{"13/05/2024", "10/05/2024", true},
		{"02/29/2024", "02/29/2023", true}, // 2023 had no leap day
		{"10/22/22", "10/23/22", false},    // two real dates
		{"10/32/22", "10/27/22", false},    // two digits apart
		{"10/32/22", "10/22/2022", false},  // written otherwise
		{"10/32/22 x 5", "10/22/22 x 6", false},
		{"10/32/22 and 1/2/23", "10/22/22 and 1/2/23", false}, // one date a place
		{"1032", "1022", false},
	}
	for _, tc := range cases {
		if got := misreadDate(tc.x, tc.y); got != tc.want {
			t.Errorf("misreadDate(%q, %q) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
		if got := misreadDate(tc.y, tc.x); got != tc.want {
			t.Errorf("misreadDate(%q, %q) = %v, want %v", tc.y, tc.x, got, tc.want)
		}
	}
}
