// Package levenshtein counts the single-byte edits (insertions, deletions,
// substitutions) between two strings: how far OCR's reading of a word is
// from another. Bytes, not runes: the callers compare folded ASCII words.
package levenshtein

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	row := make([]int, len(b)+1)
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
