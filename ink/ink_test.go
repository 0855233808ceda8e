package ink_test

import (
	"strings"
	"testing"

	. "imrpacket/ink"
	. "imrpacket/ink/inktest"
)

func TestCompare(t *testing.T) {
	isHeader := func(l string) bool { return strings.HasPrefix(l, "FROM:") }
	cases := []struct {
		name       string
		a, b       []string
		ha, hb     string
		sa, sb     Scan
		checker    Checker
		want       bool
		wantAnchor bool
	}{
		{name: "same page, clean and faxed", a: Note, b: Note, sa: Clean, sb: Fax, want: true, wantAnchor: true},
		{name: "same page, faxed and scanned noisy", a: Note, b: Note, sa: Fax, sb: Noisy, want: true, wantAnchor: true},
		{name: "same page, scanned twice", a: Note, b: Note, sa: Noisy, sb: Scan{Skew: 0.4, Specks: 500, Seed: 3}, want: true, wantAnchor: true},
		// One look-alike digit changed (6 to 8, 4 to 5) moves less ink than
		// a fax's noise does at 200 dpi: the check is not meant to see it,
		// and dedupe never lets it excuse a digit (see dedupe's ink.go).
		{name: "left became right", a: Note, b: Edited(Note, 5, "left", "right"), sa: Clean, sb: Noisy, wantAnchor: true},
		// A decision or meaning word changed by one letter moves far more
		// ink than a digit does (0.10 and up): dedupe leaves such words to
		// this check.
		{name: "no became not", a: Edited(Note, 8, "with no lifting", "with not lifting"), b: Note, sa: Fax, sb: Noisy, wantAnchor: true},
		{name: "on the left became in the left", a: Note, b: Edited(Note, 5, "on the left", "in the left"), sa: Clean, sb: Fax, wantAnchor: true},
		{name: "a line added", a: Without(Note, 8), b: Note, sa: Fax, sb: Clean, wantAnchor: true},
		{name: "a line removed", a: Note, b: Without(Note, 4), sa: Noisy, sb: Fax, wantAnchor: true},
		{name: "a different page", a: Note, b: []string{"UTILIZATION REVIEW DETERMINATION", "The request for physical therapy is denied.", "Reviewer: orthopedic surgery"}, sa: Clean, sb: Fax},
		{name: "fax header on one copy, left out", a: Note, b: Note, hb: "FROM: (555) 555-0101 TO: IMR RECORDS P.001", sa: Clean, sb: Fax,
			checker: Checker{Transmission: isHeader}, want: true, wantAnchor: true},
		{name: "fax header on one copy, compared", a: Note, b: Note, hb: "FROM: (555) 555-0101 TO: IMR RECORDS P.001", sa: Clean, sb: Fax, wantAnchor: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, tc.a, tc.ha, tc.sa)
			b := Render(t, tc.b, tc.hb, tc.sb)
			v := tc.checker.Compare(a, b)
			if v.Same != tc.want || (v.Anchors >= 8) != tc.wantAnchor {
				t.Errorf("Same %v (want %v), anchors %d, residual %.2f, compared %d, worst %.3f", v.Same, tc.want, v.Anchors, v.Residual, v.Compared, v.Worst)
			}
			t.Logf("anchors %d residual %.2f compared %d worst %.3f", v.Anchors, v.Residual, v.Compared, v.Worst)
			// The verdict does not depend on which page comes first.
			if r := tc.checker.Compare(b, a); r.Same != v.Same {
				t.Errorf("reversed: Same %v", r.Same)
			}
		})
	}
}

// TestCompareResidual: a noisy copy's OCR boxes take in specks and sit a
// few points off its ink, word by word, in no pattern a page-wide fit
// takes out. Up to 3 points (RMS) the pages are still compared; the dev
// sets' copies of a noisy scan and its fax reached 2.9. Farther off, the
// word-by-word comparison would measure misplaced boxes.
func TestCompareResidual(t *testing.T) {
	for _, tc := range []struct {
		jitter float64 // points each word's box moves, left and right in turn
		want   bool
	}{
		{0, true},
		{2.7, true},
		{3.5, false},
	} {
		a := Render(t, Note, "", Clean)
		b := Render(t, Note, "", Noisy)
		for k := range b.Words {
			d := tc.jitter
			if k%2 == 1 {
				d = -d
			}
			b.Words[k].LLX += d
			b.Words[k].URX += d
		}
		v := Checker{}.Compare(a, b)
		if v.Same != tc.want {
			t.Errorf("boxes %.1f points off: Same %v, want %v (residual %.2f, anchors %d, worst %.3f)", tc.jitter, v.Same, tc.want, v.Residual, v.Anchors, v.Worst)
		}
	}
}
