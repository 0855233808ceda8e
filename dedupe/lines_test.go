package dedupe

import (
	"strings"
	"testing"
)

// dropLines removes the given 0-based lines from text.
func dropLines(text string, drop ...int) string {
	ls := strings.Split(text, "\n")
	var out []string
	for i, l := range ls {
		skip := false
		for _, d := range drop {
			skip = skip || d == i
		}
		if !skip {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// misread reads a few letters of text the way OCR does.
func misread(text string) string {
	return strings.NewReplacer("patient", "patlent", "Lumbar", "Lumhar", "symmetric", "syrnmetric").Replace(text)
}

func lowDPI(p Page) Page { p.DPI = 200; return p }

// TestLostLines: an OCR'd copy that lost a line or two (a faint line, a
// letterhead under a fax header) is the same page; a line added to a
// reflowed paragraph, or missing from a text layer, is another record.
func TestLostLines(t *testing.T) {
	base := baseNote()
	amended := strings.Replace(base, "Lumbar strain.", "Lumbar strain. Patient was also seen for a left knee injury today.", 1)
	tests := []struct {
		name string
		a, b Page
		want bool
	}{
		{"letterhead lost under a fax header", ocrPage(1, base), ocrPage(2, "FROM: (559) 555-0110 TO: IMR RECORDS P.001\n"+dropLines(base, 0, 1)), true},
		{"one line lost mid-page by a noisy copy", ocrPage(1, base), ocrPage(2, misread(dropLines(base, 10))), true},
		{"one line lost mid-page by a clean copy: an addendum", ocrPage(1, base), ocrPage(2, dropLines(base, 10)), false},
		{"three lines lost", ocrPage(1, base), ocrPage(2, misread(dropLines(base, 3, 10, 19))), true},
		{"four lines lost", ocrPage(1, base), ocrPage(2, misread(dropLines(base, 3, 10, 15, 19))), false},
		{"a sentence added to a paragraph", ocrPage(1, amended), ocrPage(2, base), false},
		{"a line missing from the sharper copy", lowDPI(ocrPage(1, misread(base))), ocrPage(2, dropLines(base, 10)), false},
		{"a line missing from the blurrier copy", ocrPage(1, base), lowDPI(ocrPage(2, misread(dropLines(base, 10)))), true},
		{"a line missing from a text layer", ocrPage(1, misread(base)), textPage(2, dropLines(base, 10)), false},
		{"half a line lost", ocrPage(1, base), ocrPage(2, strings.Replace(base, "Sensation is decreased in the left L5 dermatome. Motor strength is 5/5 throughout", "Motor strength is 5/5 throughout", 1)), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pol := DefaultPolicy()
			_, v := verify(prepare(tc.a, 0, pol), prepare(tc.b, 1, pol), pol)
			if got := v == vOK; got != tc.want {
				t.Errorf("duplicate = %v (verdict %d), want %v", got, v, tc.want)
			}
		})
	}
}

// TestFutureYears: a year past next year is a misread ("2621"), no date
// that could make two copies two records.
func TestFutureYears(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"Visit Date: October 21, 2021", 1},
		{"Visit Date: October 21, 2621", 0},
		{"Visit Date: 10/21/2621", 0},
		{"Visit Date: 10/21/1821", 0},
	}
	for _, tc := range tests {
		if got := len(tokenDates(tokenize(tc.text))); got != tc.want {
			t.Errorf("%q: %d dates, want %d", tc.text, got, tc.want)
		}
	}
}

// TestYearsMisread: the same day and month a year apart by one look-alike
// digit, years away, is a misread year; a year or another day is another
// date.
func TestYearsMisread(t *testing.T) {
	tests := []struct {
		a, b []string
		want bool
	}{
		{[]string{"2020-07-03"}, []string{"2026-07-03"}, true},
		{[]string{"2020-12-11"}, []string{"2028-12-11"}, true},
		{[]string{"2025-07-03"}, []string{"2026-07-03"}, false}, // a year later: an annual visit
		{[]string{"2020-07-03"}, []string{"2024-07-03"}, false}, // 0 and 4 are no look-alikes
		{[]string{"2021-07-03"}, []string{"2024-07-03"}, true},  // 1 and 4 are, in Liberation fonts
		{[]string{"2024-07-03"}, []string{"2025-07-03"}, false}, // nor are 4 and 5
		{[]string{"2020-07-03"}, []string{"2026-07-08"}, false},
		{[]string{"2020-07-03", "2021-01-01"}, []string{"2026-07-03"}, false},
	}
	for _, tc := range tests {
		if got := yearsMisread(tc.a, tc.b); got != tc.want {
			t.Errorf("yearsMisread(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestAccentFold: an accent a speck puts on a letter changes no word.
func TestAccentFold(t *testing.T) {
	tests := []struct{ a, b string }{
		{"lncréased", "increased"},
		{"Renée", "Renee"},
		{"nôt", "not"},
		{"ïncreased", "increased"},
	}
	for _, tc := range tests {
		if x, y := foldWord([]rune(tc.a)), foldWord([]rune(tc.b)); x != y {
			t.Errorf("foldWord(%q) = %q, foldWord(%q) = %q; want equal", tc.a, x, tc.b, y)
		}
	}
}
