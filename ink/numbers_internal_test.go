package ink

import (
	"image"
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
		got := ""
		for i, r := range lineDigits(tc.line) {
			if i > 0 {
				got += " "
			}
			got += r
		}
		if got != tc.want {
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
