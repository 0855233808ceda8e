package ink

import "testing"

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
