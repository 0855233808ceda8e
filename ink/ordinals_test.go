package ink_test

import (
	"slices"
	"strings"
	"testing"

	. "imrpacket/ink"
	. "imrpacket/ink/inktest"
)

// list is a line of words, top to bottom: each line 14 points below the
// last, each word 40 points right of the last.
func list(lines ...string) []Word {
	var ws []Word
	for i, l := range lines {
		y := 700 - 14*float64(i)
		for j, f := range strings.Fields(l) {
			x := 72 + 40*float64(j)
			ws = append(ws, Word{Text: f, LLX: x, LLY: y, URX: x + 30, URY: y + 10})
		}
	}
	return ws
}

func TestMendOrdinals(t *testing.T) {
	meds := []string{"11. Aspirin 325 mg", "12. Lipitor 10 mg", "13. Pepcid 20 mg"}
	cases := []struct {
		name  string
		lines []string
		want  []string // the texts of the words that change, in order; nil: none
	}{
		{"in order", meds, nil},
		{"a misread number between its neighbours", []string{"11. Aspirin", "42. Lipitor", "13. Pepcid"}, []string{"12."}},
		{"glued to the item's first word", []string{"11. Aspirin", "42.:Lipitor.10 mg", "13. Pepcid"}, []string{"12.:Lipitor.10"}},
		{"with parentheses", []string{"1) Aspirin", "7) Lipitor", "3) Pepcid"}, []string{"2)"}},
		{"a line that wrapped between items", []string{"1. Aspirin", "4. Lipitor", "for cholesterol", "3. Pepcid"}, []string{"2."}},
		{"neighbours that are no run", []string{"11. Aspirin", "42. Lipitor", "15. Pepcid"}, nil},
		{"the first item has no neighbour above", []string{"7. Aspirin", "2. Lipitor", "3. Pepcid"}, nil},
		{"not opening its line", []string{"11. Aspirin", "take 42. Lipitor", "13. Pepcid"}, nil},
		{"a date is no list number", []string{"11. Aspirin", "03/14/2024 visit", "13. Pepcid"}, nil},
		{"nor a decimal", []string{"11. Aspirin", "12.5 mg", "13. Pepcid"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := list(tc.lines...)
			before := slices.Clone(ws)
			got := MendOrdinals(ws)
			if !slices.Equal(ws, before) {
				t.Fatal("the words given were changed")
			}
			var changed []string
			for k := range got {
				if got[k].Text != ws[k].Text {
					changed = append(changed, got[k].Text)
				}
				if got[k].LLX != ws[k].LLX || got[k].URY != ws[k].URY {
					t.Errorf("word %d moved", k)
				}
			}
			if !slices.Equal(changed, tc.want) {
				t.Errorf("mended %q, want %q", changed, tc.want)
			}
		})
	}
}

// TestMendedOrdinalIsOneNumber: a fax reads a medication list's "12." as
// "42.", in its words and cut out alike, so the ink check took the two
// pages for two numbers. The list's order mends the word first, and the
// place then reads alike.
func TestMendedOrdinalIsOneNumber(t *testing.T) {
	meds := append(slices.Clone(Note[:8]), "11. Aspirin 325 mg once a day.", "12. Lipitor 10 mg per day.", "13. Pepcid 20 mg twice a day.")
	a := Render(t, meds, "", Clean)
	b := Render(t, meds, "", Noisy)
	misread(b, "12.", "42.")
	// The fax reads "42" steadily.
	if v := (Checker{ReadDigits: alternate("12", "42")}).Compare(a, b); !v.NumbersDiffer {
		t.Fatalf("unmended, the numbers do not differ (%+v): the case tests nothing", v.Unsettled)
	}
	b.Words = MendOrdinals(b.Words)
	if v := (Checker{ReadDigits: alternate("12", "42")}).Compare(a, b); v.NumbersDiffer || !v.Same {
		t.Errorf("mended: numbers differ %v, same %v (unsettled %+v)", v.NumbersDiffer, v.Same, v.Unsettled)
	}
}
