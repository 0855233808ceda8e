package dedupe

import (
	"slices"
	"testing"
)

func TestNoiseRules(t *testing.T) {
	tok := func(s string) []token { return tokenize(s) }
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"scraps are specks", junkRun(tok("erln slsl bo")), true},
		{"scraps with a lone digit are specks", junkRun(tok("rl ae 2 s")), true},
		{"short common words are words", junkRun(tok("was in the")), false},
		{"a long word is no speck", junkRun(tok("ee hardware")), false},
		{"one short word alone may be a word", junkRun(tok("htn")), false},
		{"a lone letter may be a speck", junkRun(tok("I")), true},
		{"a smudged word", garble(tok("address"), tok("soles")), true},
		{"a smudge keeps its length", garble(tok("bph"), tok("drains hemovac")), false},
		{"a smudge hides no number", garble(tok("item 4"), tok("ltem a")), false},
		{"a smudge hides no protected word", garble(tok("not"), tok("nol")), false},
		{"leading zeros are the same numbers", numbersAlike(tok("05/02/2021 0156"), tok("5/2/2021 156")), true},
		{"another number", numbersAlike(tok("10/325"), tok("16/325")), false},
		{"a digit or two misread", digitsMisread("2500", "5508"), true},
		{"a number rewritten", digitsMisread("4471823", "9902317"), false},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestBudgets(t *testing.T) {
	tests := []struct {
		name                      string
		letters, junk, digits, gb int // gb: words for the smudge budget
		wantDigits, wantSmudges   int
	}{
		{"clean copies: no digit, no smudge", 0, 0, 80, 300, 0, 0},
		{"one letter misread: two digits at most", 1, 0, 80, 300, 2, 0},
		{"a noisy fax: one digit per 12", 40, 10, 80, 300, 7, 4},
		{"a short noisy page", 12, 4, 20, 60, 2, 1},
	}
	for _, tc := range tests {
		if got := digitBudget(tc.letters, tc.junk, tc.digits); got != tc.wantDigits {
			t.Errorf("%s: digitBudget = %d, want %d", tc.name, got, tc.wantDigits)
		}
		if got := garbleBudget(tc.gb, tc.letters+tc.junk); got != tc.wantSmudges {
			t.Errorf("%s: garbleBudget = %d, want %d", tc.name, got, tc.wantSmudges)
		}
	}
}

func TestTokenDates(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Date of Service: 01/14/2025", []string{"2025-01-14"}},
		{"seen on January 14, 2025 and 2/3/24", []string{"2024-02-03", "2025-01-14"}},
		{"decision letter 30 June 2022", []string{"2022-06-30"}},
		{"DOB: 06/03/1966", nil},
		{"received 82/21/2023", nil},
		{"year 223", nil},
	}
	for _, tc := range tests {
		if got := tokenDates(tokenize(tc.in)); !slices.Equal(got, tc.want) {
			t.Errorf("tokenDates(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestPairMoves(t *testing.T) {
	a := prepare(ocrPage(1, "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron"), 0, DefaultPolicy())
	b := prepare(ocrPage(2, "alpha beta gamma kappa lambda mu nu xi delta epsilon zeta eta theta iota omicron"), 1, DefaultPolicy())
	hs, ok := diffHunks(a.hashes, b.hashes, 100)
	if !ok {
		t.Fatal("no diff")
	}
	got := pairMoves(a, b, trimHunks(a, b, mergeHunks(hs, 2)))
	for _, h := range got {
		if h.a0 == h.a1 || h.b0 == h.b1 {
			t.Errorf("block read in another order left as words on one copy only: %+v of %+v", h, got)
		}
	}
	if _, v := verify(a, b, DefaultPolicy()); v != vOK {
		t.Errorf("a block read in another order: verdict %d, want OK", v)
	}
}
