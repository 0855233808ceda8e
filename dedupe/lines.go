package dedupe

import "sort"

// maxLostLines is the most whole lines an OCR'd copy may lose. Tesseract
// drops a faint or skewed line, or one a fax cut at the page's edge, and
// reads the rest; a page that lost more was read too badly to vouch for.
const maxLostLines = 3

// wholeLinesLost reports whether hunk h is whole lines of one copy that an
// OCR'd other copy lacks, and how many lines and characters they are. A lost
// line is not a changed line: what remains of the lines around it reads the
// same on both copies. An amended note's added sentence, reflowed into its
// paragraph, starts or ends inside a line and is not taken for one; a text
// layer loses nothing, and neither does the better of two OCR'd copies. top reports lines lost at the top of the page, where
// a fax header covers the letterhead.
func wholeLinesLost(a, b *prepared, h hunk) (lines, chars int, top bool) {
	long, short, lo, hi := b, a, h.b0, h.b1
	switch {
	case h.a0 == h.a1 && h.b0 < h.b1:
	case h.b0 == h.b1 && h.a0 < h.a1:
		long, short, lo, hi = a, b, h.a0, h.a1
	default:
		return 0, 0, false
	}
	// Lines are lost by the worse copy: a sharper copy that lacks lines a
	// blurrier one has is another version of the page.
	if short.TextSource != SourceOCR || short.rank > long.rank {
		return 0, 0, false
	}
	// The diff may place a gap anywhere among equal tokens: slide it.
	for s := -3; s <= 3; s++ {
		l, r := lo+s, hi+s
		if l < 0 || r > len(long.toks) || !slidEqual(long, lo, hi, s) {
			continue
		}
		if n := linesAt(long, l, r); n > 0 {
			for _, t := range long.toks[l:r] {
				chars += len(t.s)
			}
			return n, chars, l == 0
		}
	}
	return 0, 0, false
}

// slidEqual reports whether moving the gap [lo,hi) of p by s tokens leaves
// the same text around it (the tokens passed over repeat at the far end).
func slidEqual(p *prepared, lo, hi, s int) bool {
	for k := 0; k < abs(s); k++ {
		var x, y int
		if s > 0 {
			x, y = lo+k, hi+k
		} else {
			x, y = lo-1-k, hi-1-k
		}
		if x < 0 || y >= len(p.hashes) || p.hashes[x] != p.hashes[y] {
			return false
		}
	}
	return true
}

// linesAt returns how many whole lines tokens [lo,hi) of p are: 0 unless
// the stretch starts at a line's first token and ends where a line ends.
func linesAt(p *prepared, lo, hi int) int {
	i := sort.SearchInts(p.lineStart, lo)
	if i == len(p.lineStart) || p.lineStart[i] != lo {
		return 0
	}
	j := sort.SearchInts(p.lineStart, hi)
	if hi != len(p.toks) && (j == len(p.lineStart) || p.lineStart[j] != hi) {
		return 0
	}
	return j - i
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// hunksWithin returns the raw hunks that make up merged hunk h: those inside
// it, when they reach its edges (else nil: trimming moved them).
func hunksWithin(raw []hunk, h hunk) []hunk {
	var out []hunk
	for _, r := range raw {
		if r.a0 >= h.a0 && r.a1 <= h.a1 && r.b0 >= h.b0 && r.b1 <= h.b1 {
			out = append(out, r)
		}
	}
	if len(out) == 0 || out[0].a0 != h.a0 || out[0].b0 != h.b0 || out[len(out)-1].a1 != h.a1 || out[len(out)-1].b1 != h.b1 {
		return nil
	}
	return out
}

// peelLines splits a two-sided hunk whose longer side starts or ends with
// whole lines the other lacks (a lost line next to a word misread) into
// those lines, as a one-sided hunk, and the rest. ok is false when no line
// boundary leaves a rest about as long as the shorter side.
func peelLines(a, b *prepared, h hunk) (lines, rest hunk, ok bool) {
	if h.a0 == h.a1 || h.b0 == h.b1 {
		return h, h, false
	}
	long, lo, hi, short := a, h.a0, h.a1, h.b1-h.b0
	if h.b1-h.b0 > h.a1-h.a0 {
		long, lo, hi, short = b, h.b0, h.b1, h.a1-h.a0
	}
	best := -1
	for _, k := range long.lineStart {
		if k <= lo || k >= hi {
			continue
		}
		// Lines first, then the rest; or the rest, then lines.
		for _, r := range [][2]int{{k, hi}, {lo, k}} {
			n := r[1] - r[0]
			if n > 3*short+2 || 3*n+2 < short {
				continue
			}
			if best < 0 || abs(n-short) < abs(best-short) {
				best = n
				if long == a {
					if r[0] == k {
						lines = hunk{a0: lo, a1: k, b0: h.b0, b1: h.b0}
						rest = hunk{a0: k, a1: hi, b0: h.b0, b1: h.b1}
					} else {
						lines = hunk{a0: k, a1: hi, b0: h.b1, b1: h.b1}
						rest = hunk{a0: lo, a1: k, b0: h.b0, b1: h.b1}
					}
				} else {
					if r[0] == k {
						lines = hunk{a0: h.a0, a1: h.a0, b0: lo, b1: k}
						rest = hunk{a0: h.a0, a1: h.a1, b0: k, b1: hi}
					} else {
						lines = hunk{a0: h.a1, a1: h.a1, b0: k, b1: hi}
						rest = hunk{a0: h.a0, a1: h.a1, b0: lo, b1: k}
					}
				}
			}
		}
	}
	return lines, rest, best >= 0
}
