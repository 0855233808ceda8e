// Package levenshtein counts the single-byte edits (insertions, deletions,
// substitutions) between two strings: how far OCR's reading of a word is
// from another. Bytes, not runes: the callers compare folded ASCII words.
package levenshtein

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	// A shared start or end costs no edit and never changes the distance of
	// the rest; two copies' texts mostly share both, so only what differs
	// between them is filled into the table.
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(b) == 0 {
		return len(a)
	}
	var small [64]int
	row := small[:]
	if len(b)+1 > len(row) {
		row = make([]int, len(b)+1)
	}
	row = row[:len(b)+1]
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cur := row[j]
			c := prev
			if a[i-1] != b[j-1] {
				c = min(prev, row[j], row[j-1]) + 1
			}
			row[j] = c
			prev = cur
		}
	}
	return row[len(b)]
}
