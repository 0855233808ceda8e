package ink

import (
	"math"
	"slices"
)

// Tolerances, in pixels of the page the words come from. Two renderings of
// one page disagree by a pixel at every stroke edge (another threshold, a
// skew resampled by nearest neighbour): ink within reach of the other
// page's ink is explained. A word's box is widened by pad, and the two
// pages' words are lined up within shift pixels of the page-wide fit.
const (
	reach = 1
	pad   = 3
	shift = 2
	speck = 3
)

// lineHeight is the median height of a page's words in pixels, across the
// text whichever way it runs: the page's glyph scale.
func lineHeight(p *Page, toPix affine) float64 {
	var hs, ws []float64
	for _, w := range p.Words {
		if len([]rune(w.Text)) < 4 {
			continue
		}
		x0, y0 := toPix.apply(w.LLX, w.LLY)
		x1, y1 := toPix.apply(w.URX, w.URY)
		ws = append(ws, math.Abs(x1-x0))
		hs = append(hs, math.Abs(y1-y0))
	}
	if len(hs) == 0 {
		return 0
	}
	slices.Sort(hs)
	slices.Sort(ws)
	// Words of four letters or more are wider than tall along the text.
	return math.Min(hs[len(hs)/2], ws[len(ws)/2])
}

// compareWords compares the ink under each word of from with the ink at the
// same place on to (t maps from's user space to to's) and calls fn with
// each word's largest blob of ink one page has and the other lacks, in
// units of the page's line height squared.
func compareWords(from *Page, fi *inkMap, to *Page, ti *inkMap, t affine, skip map[int]bool, fn func(k int, blob float64)) bool {
	fp := pixelToPage(from.PixelToPage)
	toPix, ok1 := invert(pixelToPage(to.PixelToPage))
	fromPix, ok2 := invert(fp)
	if !ok1 || !ok2 {
		return false
	}
	// One map from a pixel of from to a pixel of to.
	m := compose(toPix, compose(t, fp))
	lh := lineHeight(from, fromPix)
	if lh < 4 {
		return false
	}
	var a, b []bool
	var tx, ty, inked []int
	for k, w := range from.Words {
		if skip[k] {
			continue
		}
		px := mapBox(w, fromPix)
		x0, y0, x1, y1 := px.LLX, px.LLY, px.URX, px.URY
		bx0, by0 := int(math.Floor(x0))-pad, int(math.Floor(y0))-pad
		bx1, by1 := int(math.Ceil(x1))+pad, int(math.Ceil(y1))+pad
		pw, ph := bx1-bx0, by1-by0
		if pw <= 0 || ph <= 0 || pw*ph > 1<<20 {
			continue
		}
		if math.Min(x1-x0, y1-y0) > 4*lh {
			continue // no word: OCR boxed a picture or a smudge
		}
		// Where each pixel of the box lands on to, by the page-wide fit.
		a, tx, ty = a[:0], tx[:0], ty[:0]
		inked = inked[:0]
		for y := by0; y < by1; y++ {
			for x := bx0; x < bx1; x++ {
				if fi.at(x, y) {
					inked = append(inked, len(a))
				}
				a = append(a, fi.at(x, y))
				fx, fy := m.apply(float64(x)+0.5, float64(y)+0.5)
				tx, ty = append(tx, int(math.Floor(fx))), append(ty, int(math.Floor(fy)))
			}
		}
		// The fit leaves a word a pixel or two off where the paper
		// stretched or the skew was resampled: each word is compared at
		// the shift that lines its ink up best.
		best, sx, sy := -1, 0, 0
		for dy := -shift; dy <= shift; dy++ {
			for dx := -shift; dx <= shift; dx++ {
				both := 0
				for _, i := range inked {
					if ti.at(tx[i]+dx, ty[i]+dy) {
						both++
					}
				}
				if both > best {
					best, sx, sy = both, dx, dy
				}
			}
		}
		b = b[:0]
		for i := range a {
			b = append(b, ti.at(tx[i]+sx, ty[i]+sy))
		}
		onlyA, onlyB := unexplained(a, b, pw, ph), unexplained(b, a, pw, ph)
		for i := range onlyA {
			onlyA[i] = onlyA[i] || onlyB[i]
		}
		fn(k, float64(largestBlob(onlyA, pw, ph))/(lh*lh))
	}
	return true
}

// compose returns the map p after q: x -> p(q(x)).
func compose(p, q affine) affine {
	return affine{
		p[0]*q[0] + p[1]*q[3], p[0]*q[1] + p[1]*q[4], p[0]*q[2] + p[1]*q[5] + p[2],
		p[3]*q[0] + p[4]*q[3], p[3]*q[1] + p[4]*q[4], p[3]*q[2] + p[4]*q[5] + p[5],
	}
}

// unexplained marks the ink of p with no ink of q within reach.
func unexplained(p, q []bool, w, h int) []bool {
	out := make([]bool, len(p))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			if !p[i] {
				continue
			}
			lone := true
			for dy := -reach; dy <= reach && lone; dy++ {
				for dx := -reach; dx <= reach; dx++ {
					xx, yy := x+dx, y+dy
					if xx >= 0 && yy >= 0 && xx < w && yy < h && q[yy*w+xx] {
						lone = false
						break
					}
				}
			}
			out[i] = lone
		}
	}
	return out
}

// largestBlob returns the area of the largest 8-connected blob of set
// pixels, not counting specks (no more than speck pixels either way): dust
// on the glass, fax noise.
func largestBlob(set []bool, w, h int) int {
	seen := make([]bool, len(set))
	best := 0
	var stack []int
	for i := range set {
		if !set[i] || seen[i] {
			continue
		}
		area := 0
		minX, minY, maxX, maxY := w, h, -1, -1
		seen[i] = true
		stack = append(stack[:0], i)
		for len(stack) > 0 {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			area++
			x, y := k%w, k/w
			minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if j := yy*w + xx; xx >= 0 && yy >= 0 && xx < w && yy < h && set[j] && !seen[j] {
						seen[j] = true
						stack = append(stack, j)
					}
				}
			}
		}
		if maxX-minX+1 <= speck && maxY-minY+1 <= speck {
			continue
		}
		best = max(best, area)
	}
	return best
}
