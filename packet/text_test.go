package packet

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWinAnsi(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []byte
	}{
		{"José Peña", []byte("Jos\xe9 Pe\xf1a")},
		{"O’Brien", []byte("O\x92Brien")},
		{"“quoted”", []byte("\x93quoted\x94")},
		{"2x6 – lumbar — spine…", []byte("2x6 \x96 lumbar \x97 spine\x85")},
		{"Łódź Dvořák", []byte("L\xf3dz Dvor\xe1k")},
		{"≥ 3 → ≤ 5", []byte(">= 3 -> <= 5")},
		{"tab\tnew\nline", []byte("tab new line")},
		{"日本", []byte("??")},
		{"bad \xff utf8", []byte("bad ? utf8")},
	} {
		if got := winAnsi(tc.in); !bytes.Equal(got, tc.want) {
			t.Errorf("winAnsi(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWrapAndFit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		w        float64
		maxLines int
		want     []string
	}{
		{"fits", "Physical therapy", 200, 2, []string{"Physical therapy"}},
		{"wraps on spaces", "Physical therapy two times a week", 80, 3, []string{"Physical therapy", "two times a week"}},
		{"ellipsis on the last line", "Physical therapy two times a week for six weeks", 80, 2, []string{"Physical therapy", "two times a week\x85"}},
		{"cuts a word wider than the column", "Supercalifragilistic therapy", 40, 2, []string{"Superc\x85", "therapy"}},
		{"empty", "", 80, 2, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := wrap([]byte(tc.in), fontRegular, 9, tc.w, tc.maxLines)
			var got []string
			for _, l := range lines {
				got = append(got, string(l))
				if width(l, fontRegular, 9) > tc.w {
					t.Errorf("line %q is %.1f wide, max %.1f", l, width(l, fontRegular, 9), tc.w)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("wrap = %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzWinAnsi feeds OCR-like text (outside input) through encoding, wrapping and the
// content-stream writer: no panics, lines within their width, and the literal string
// always balanced so a word cannot break out into PDF operators.
func FuzzWinAnsi(f *testing.F) {
	for _, s := range []string{"José Peña", "O’Brien (left) \\ “quoted”", "a\rb\nc", "\xff\xfe", "))))((((", "日本語 ≥ ł"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := winAnsi(s)
		if utf8.ValidString(s) && utf8.RuneCountInString(s) > 0 && len(b) == 0 {
			// Every rune maps to at least one byte except zero-width ones.
			if strings.Trim(s, "\u200b\ufeff") != "" {
				t.Fatalf("winAnsi(%q) is empty", s)
			}
		}
		for _, l := range wrap(b, fontRegular, 9, 100, 3) {
			if width(l, fontRegular, 9) > 100 {
				t.Fatalf("wrapped line %q too wide", l)
			}
		}
		var sb strings.Builder
		pdfString(&sb, b)
		depth, esc := 0, false
		out := sb.String()
		for i := 1; i < len(out)-1; i++ {
			c := out[i]
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '(' || c == ')':
				t.Fatalf("unescaped paren in %q", out)
			}
		}
		if esc || depth != 0 {
			t.Fatalf("dangling escape in %q", out)
		}
	})
}
