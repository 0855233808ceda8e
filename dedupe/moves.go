package dedupe

import (
	"slices"

	"imrpacket/internal/levenshtein"
)

// trimHunks drops the equal tokens at either end of each hunk: merging
// neighbouring hunks, or the diff's choice between two equal tokens, can
// leave a word that both copies share at a hunk's edge, which would hide
// that the hunk is words on one copy only.
func trimHunks(a, b *prepared, hs []hunk) []hunk {
	out := hs[:0:0]
	for _, h := range hs {
		for h.a0 < h.a1 && h.b0 < h.b1 && a.hashes[h.a0] == b.hashes[h.b0] {
			h.a0++
			h.b0++
		}
		for h.a0 < h.a1 && h.b0 < h.b1 && a.hashes[h.a1-1] == b.hashes[h.b1-1] {
			h.a1--
			h.b1--
		}
		if h.a0 < h.a1 || h.b0 < h.b1 {
			out = append(out, h)
		}
	}
	return out
}

// minMove is the fewest tokens of a block OCR read in another place (a
// column or a table row taken in another order) that may read differently
// there; minExactMove the fewest that must read the same.
const (
	minMove      = 4
	minExactMove = 2
)

// pairMoves finds blocks of words that stand on one copy only at one place
// and on the other copy only at another, reading alike: OCR took the page's
// blocks in another order. Each such pair becomes one hunk comparing the
// block with itself; the rest are left as they are.
func pairMoves(a, b *prepared, hs []hunk) []hunk {
	var dels, ins []int
	for k, h := range hs {
		switch {
		case h.b0 == h.b1 && h.a1-h.a0 >= minExactMove:
			dels = append(dels, k)
		case h.a0 == h.a1 && h.b1-h.b0 >= minExactMove:
			ins = append(ins, k)
		}
	}
	if len(dels) == 0 || len(ins) == 0 {
		return hs
	}
	out := slices.Clone(hs)
	used := map[int]bool{}
	for _, d := range dels {
		da := join(a.toks[hs[d].a0:hs[d].a1])
		for _, i := range ins {
			if used[i] {
				continue
			}
			ib := join(b.toks[hs[i].b0:hs[i].b1])
			if da != ib && (min(hs[d].a1-hs[d].a0, hs[i].b1-hs[i].b0) < minMove ||
				levenshtein.Distance(da, ib) > max(len(da), len(ib))/4) {
				continue
			}
			used[i] = true
			out[d] = hunk{a0: hs[d].a0, a1: hs[d].a1, b0: hs[i].b0, b1: hs[i].b1}
			out[i] = hunk{}
			break
		}
	}
	return slices.DeleteFunc(out, func(h hunk) bool { return h == hunk{} })
}
