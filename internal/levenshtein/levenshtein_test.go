package levenshtein

import "testing"

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "leg", 3},
		{"leg", "", 3},
		{"leg", "leg", 0},
		{"leg", "hip", 3},
		{"date", "dake", 1},
		{"returns", "retums", 2},
		{"kitten", "sitting", 3},
		{"sitting", "kitten", 3},
		{"flaw", "lawn", 2},
		{"abcxdef", "abcydef", 1},
		{"aaa", "aaaa", 1},
		{"abab", "baba", 2},
		{"the left leg was examined", "the left hip was examined", 3},
	}
	for _, c := range cases {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func FuzzDistance(f *testing.F) {
	f.Add("leg", "hip")
	f.Add("", "abc")
	f.Fuzz(func(t *testing.T, a, b string) {
		d := Distance(a, b)
		if d != Distance(b, a) {
			t.Fatalf("not symmetric: %q %q", a, b)
		}
		if d < max(len(a), len(b))-min(len(a), len(b)) || d > max(len(a), len(b)) {
			t.Fatalf("Distance(%q, %q) = %d out of bounds", a, b, d)
		}
		if (d == 0) != (a == b) {
			t.Fatalf("Distance(%q, %q) = %d", a, b, d)
		}
		if want := fullTable(a, b); d != want {
			t.Fatalf("Distance(%q, %q) = %d, the whole table gives %d", a, b, d, want)
		}
	})
}

// fullTable is the textbook dynamic programme over the whole of both
// strings, with no shared start or end taken off first.
func fullTable(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			sub := d[i-1][j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			d[i][j] = min(sub, d[i-1][j]+1, d[i][j-1]+1)
		}
	}
	return d[len(a)][len(b)]
}
