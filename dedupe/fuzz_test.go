package dedupe

import (
	"testing"
	"unicode/utf8"
)

// FuzzFind feeds arbitrary page text (OCR output is outside input) through
// Find and checks it never panics and its result is consistent.
func FuzzFind(f *testing.F) {
	note := "Date of Service: 01/14/2025 The patient returns with left leg pain, rated 6/10. Ibuprofen 600 mg. No change."
	f.Add(note, note, "")
	f.Add(note, "0l/l4/2O25 rn 5throughout fo11ow l O |", "JAN-29-2025 10:42 FROM: CVO FAX P.003/012\n")
	f.Add("Determination: DENIED per MTUS", "Determination: CERTIFIED per MTUS", "Page 2 of 3")
	f.Add("", "\x00\xff\xfe", "٣٤ 12３ Ⅻ ﬁ")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		pages := []Page{
			ocrPage(1, a), ocrPage(2, b), ocrPage(3, c+a),
			textPage(4, a), ocrPage(5, b), {Number: 6, Text: c, TextSource: SourceNone},
		}
		res := Find(pages, Policy{})
		dupOf := res.DuplicateOf()
		for _, d := range res.Duplicates {
			if d.SourcePage == d.DuplicateOf || d.SourcePage < 1 || d.SourcePage > 6 || d.DuplicateOf < 1 || d.DuplicateOf > 6 {
				t.Fatalf("bad duplicate %+v", d)
			}
			if _, chained := dupOf[d.DuplicateOf]; chained {
				t.Fatalf("duplicate %+v points at a duplicate", d)
			}
			if d.Similarity < 0 || d.Similarity > 1 {
				t.Fatalf("similarity out of range: %+v", d)
			}
		}
	})
}

// FuzzTokenize checks the tokenizer's invariants on arbitrary text.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Date: 01/14/2O25", "pat1ent 0ffice rnedication", "L4-L5 10lbs 5mg", "l", "O", "a1so 4S 6Omg", "\xff1\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tk := range tokenize(s) {
			if tk.s == "" {
				t.Fatalf("empty token from %q", s)
			}
			if tk.numeric {
				for i := 0; i < len(tk.s); i++ {
					if tk.s[i] < '0' || tk.s[i] > '9' {
						t.Fatalf("numeric token %q from %q", tk.s, s)
					}
				}
			}
			for _, a := range tk.amb {
				if a.pos < 0 || a.pos >= len(tk.s) {
					t.Fatalf("amb position %d out of %q", a.pos, tk.s)
				}
			}
			if !utf8.ValidString(tk.s) {
				t.Fatalf("invalid UTF-8 token %q", tk.s)
			}
		}
		_ = stripFaxHeaders(s)
		_ = readings(tokenize(s), true)
	})
}
