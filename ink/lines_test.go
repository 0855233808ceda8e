package ink_test

import (
	"image"
	"strings"
	"testing"

	. "imrpacket/ink"
	. "imrpacket/ink/inktest"
)

// A word whose ink is a little over its limit has its line read on both
// pages: a smudge on a copy reads as the same line, a changed word as
// another ("to" to "on": 0.12 of a line height squared; "daily" to
// "weekly", 0.16), and without ReadLine the smudged copy is refused.
func TestCompareReadsLines(t *testing.T) {
	chk := Checker{ReadLine: readLine(t)}
	// The copy's line read with its start and end garbled, as a fax reads
	// a line's ends: the smudged word and its neighbours are still read.
	read := readLine(t)
	var calls int
	garbleEnds := Checker{ReadLine: func(crop *image.Gray) (string, error) {
		s, err := read(crop)
		if calls++; calls%2 == 0 {
			s = strings.Replace(strings.Replace(s, "Current", "Curremt", 1), "bedtime", "bedtiwe", 1)
		}
		return s, err
	}}
	// The smudged word itself read otherwise on the copy.
	calls = 0
	garbleWord := Checker{ReadLine: func(crop *image.Gray) (string, error) {
		s, err := read(crop)
		if calls++; calls%2 == 0 {
			s = strings.Replace(s, "cyclobenzaprine", "cyclobenzaprime", 1)
		}
		return s, err
	}}
	smudged := func(length int) func(t *testing.T) *Page {
		return func(t *testing.T) *Page {
			b := Render(t, Note, "", Noisy)
			inkUnderline(t, b, "cyclobenzaprine", length)
			return b
		}
	}
	cases := []struct {
		name      string
		chk       *Checker
		a         []string
		sa        Scan
		b         func(t *testing.T) *Page
		want      bool
		wantLines bool // a word's line was read: the case tests ReadLine
	}{
		{"a smudge on a long word", nil, Note, Clean, smudged(35), true, true},
		{"a smudge, the copy's line misread away from the word", &garbleEnds, Note, Clean, smudged(35), true, true},
		{"a smudge, the word itself misread on the copy's line", &garbleWord, Note, Clean, smudged(35), false, true},
		// A longer smudge (0.17): a dropped scan line across a word, a
		// blot. Changed words of the same weight read otherwise.
		{"a longer smudge", nil, Note, Clean, smudged(45), true, true},
		{"a longer smudge, the word itself misread on the copy's line", &garbleWord, Note, Clean, smudged(45), false, true},
		{"twice daily became twice weekly", nil, Note, Clean, func(t *testing.T) *Page {
			return Render(t, Edited(Note, 2, "twice daily", "twice weekly"), "", Noisy)
		}, false, true},
		{"reevaluation became evaluation", nil, Note, Clean, func(t *testing.T) *Page {
			return Render(t, Edited(Note, 9, "reevaluation", "evaluation"), "", Noisy)
		}, false, true},
		{"left became right", nil, Note, Clean, func(t *testing.T) *Page { return Render(t, Edited(Note, 5, "left", "right"), "", Noisy) }, false, false},
		{"to the left leg became on the left leg", nil, Note, Clean, func(t *testing.T) *Page {
			return Render(t, Edited(Note, 1, "to the left leg", "on the left leg"), "", Fax)
		}, false, true},
		{"no became not", nil, Edited(Note, 8, "with no lifting", "with not lifting"), Fax, func(t *testing.T) *Page { return Render(t, Note, "", Noisy) }, false, false},
		{"a line added", nil, Without(Note, 8), Fax, func(t *testing.T) *Page { return Render(t, Note, "", Clean) }, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := Render(t, tc.a, "", tc.sa), tc.b(t)
			c := chk
			if tc.chk != nil {
				c, calls = *tc.chk, 0
			}
			v := c.Compare(a, b)
			plain := Checker{}.Compare(a, b)
			t.Logf("worst %.3f, lines read %d", v.Worst, v.LinesRead)
			if v.Same != tc.want {
				t.Errorf("Same %v, want %v (worst %.3f, lines read %d)", v.Same, tc.want, v.Worst, v.LinesRead)
			}
			if tc.wantLines && (v.LinesRead == 0 || plain.Same) {
				t.Errorf("no line read (%d) or the ink alone decides (Same %v, worst %.3f): the case tests nothing", v.LinesRead, plain.Same, plain.Worst)
			}
		})
	}
}

// A line read again speaks for a word's letters, never for a digit: a
// spinal level changed (L4-L5 to L2-L3) stays apart however alike the rest
// of its line reads.
func TestCompareLinesNeverVouchForDigits(t *testing.T) {
	strict := func(w string) bool { return strings.ContainsAny(w, "0123456789") }
	a := Render(t, Edited(Note, 7, "lumbar spine", "L4-L5 spine"), "", Clean)
	b := Render(t, Edited(Note, 7, "lumbar spine", "L2-L3 spine"), "", Noisy)
	v := Checker{Strict: strict, ReadLine: readLine(t)}.Compare(a, b)
	if v.Same {
		t.Errorf("another level read as the same page (worst %.3f, lines read %d)", v.Worst, v.LinesRead)
	}
	if v.Worst <= MaxStrictBlob {
		t.Errorf("the level's ink passes the strict limit (worst %.3f): the case tests nothing", v.Worst)
	}
}

// inkUnderline draws a stroke two pixels high and length long under the
// start of word w of p: a pen's stray line that leaves the word readable.
func inkUnderline(t *testing.T, p *Page, w string, length int) {
	x0, _, _, bottom := wordPixels(t, p, w)
	for y := bottom; y < bottom+2; y++ {
		for x := x0; x < x0+length; x++ {
			p.Image.Pix[y*p.Image.Stride+x] = 0
		}
	}
}

// A body part changed for one of like shape ("leg" to "hip") moves no more
// ink than a fax's noise, so the ink alone takes the two notes for one.
// Where the pages' words read two meaning words at one place, the line is
// read on both pages: the changed word reads otherwise, and a copy whose
// OCR misread its word as another body part reads the same line.
func TestCompareDisputedWord(t *testing.T) {
	meaning := func(w string) bool {
		w = strings.ToLower(strings.Trim(w, ".,"))
		return w == "leg" || w == "hip" || w == "back" || w == "neck"
	}
	hip := Edited(Note, 1, "the left leg.", "the left hip.")
	cases := []struct {
		name string
		b    []string
		ocr  func(p *Page) // what the copy's OCR made of its words
		want bool
	}{
		{"leg became hip", hip, nil, false},
		{"leg read as hip by the copy's OCR", Note, func(p *Page) { misread(p, "leg.", "hip.") }, true},
		{"leg read as lag, no body part", Note, func(p *Page) { misread(p, "leg.", "lag.") }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, Note, "", Clean)
			b := Render(t, tc.b, "", Fax)
			if tc.ocr != nil {
				tc.ocr(b)
			}
			chk := Checker{ReadLine: readLine(t), Meaning: meaning}
			compareBothWays(t, chk, a, b, tc.want)
			if tc.want {
				return
			}
			if plain := (Checker{ReadLine: chk.ReadLine}).Compare(a, b); !plain.Same {
				t.Errorf("without Meaning the ink kept the pages apart (worst %.3f): the case tests nothing", plain.Worst)
			}
		})
	}
}
