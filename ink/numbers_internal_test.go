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
