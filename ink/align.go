package ink

import (
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"
)

// affine maps (x, y) to (t[0]*x + t[1]*y + t[2], t[3]*x + t[4]*y + t[5]).
type affine [6]float64

func (t affine) apply(x, y float64) (float64, float64) {
	return t[0]*x + t[1]*y + t[2], t[3]*x + t[4]*y + t[5]
}

func invert(t affine) (affine, bool) {
	det := t[0]*t[4] - t[1]*t[3]
	if math.Abs(det) < 1e-9 {
		return affine{}, false
	}
	a, b, d, e := t[4]/det, -t[1]/det, -t[3]/det, t[0]/det
	return affine{a, b, -(a*t[2] + b*t[5]), d, e, -(d*t[2] + e*t[5])}, true
}

// pixelToPage turns a Page's matrix into an affine.
func pixelToPage(m [6]float64) affine { return affine{m[0], m[2], m[4], m[1], m[3], m[5]} }

// align fits the affine map from a's user space to b's on the centres of
// words that read the same on both and occur once on each (a rescan is
// skewed, shifted and scaled, or turned a quarter). Outliers (a word that
// happens to occur once on each page in different places) are dropped
// and the fit redone.
func align(a, b []Word) (t affine, anchors int, rms float64, ok bool) {
	key := func(s string) string {
		s = wordKey(s)
		if len([]rune(s)) < 4 {
			return ""
		}
		return s
	}
	once := func(ws []Word) map[string]int {
		m := map[string]int{}
		for i, w := range ws {
			if k := key(w.Text); k != "" {
				if _, dup := m[k]; dup {
					m[k] = -1
				} else {
					m[k] = i
				}
			}
		}
		return m
	}
	ma, mb := once(a), once(b)
	var ps, qs [][2]float64
	for k, i := range ma {
		j, found := mb[k]
		if i < 0 || !found || j < 0 {
			continue
		}
		ps = append(ps, centre(a[i]))
		qs = append(qs, centre(b[j]))
	}
	for round := 0; round < 3; round++ {
		if len(ps) < 3 {
			return t, len(ps), 0, false
		}
		t, ok = fit(ps, qs)
		if !ok {
			return t, len(ps), 0, false
		}
		res := make([]float64, len(ps))
		for i := range ps {
			x, y := t.apply(ps[i][0], ps[i][1])
			res[i] = math.Hypot(x-qs[i][0], y-qs[i][1])
		}
		med := slices.Clone(res)
		slices.Sort(med)
		cut := math.Max(3*med[len(med)/2], 1.5)
		var kp, kq [][2]float64
		for i := range ps {
			if res[i] <= cut {
				kp, kq = append(kp, ps[i]), append(kq, qs[i])
			}
		}
		if len(kp) == len(ps) {
			var ss float64
			for _, r := range res {
				ss += r * r
			}
			return t, len(ps), math.Sqrt(ss / float64(len(res))), true
		}
		ps, qs = kp, kq
	}
	t, ok = fit(ps, qs)
	if !ok || len(ps) < 3 {
		return t, len(ps), 0, false
	}
	var ss float64
	for i := range ps {
		x, y := t.apply(ps[i][0], ps[i][1])
		ss += (x-qs[i][0])*(x-qs[i][0]) + (y-qs[i][1])*(y-qs[i][1])
	}
	return t, len(ps), math.Sqrt(ss / float64(len(ps))), true
}

// wordKey is a word as the comparison of readings sees it: letters and
// digits, lower case.
func wordKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// readAlike returns skip with the words of from added that the other page
// reads the same at the same place: a word of to with the same letters and
// digits whose box, mapped by t, covers at least half of the smaller box,
// or, where OCR joined words at punctuation ("Santa-Ana,") or split them,
// the same pieces so placed.
func readAlike(from, to []Word, t affine, skip map[int]bool) map[int]bool {
	out := maps.Clone(skip)
	if out == nil {
		out = map[int]bool{}
	}
	boxes := make([]Word, len(from))
	for i, w := range from {
		boxes[i] = mapBox(w, t)
	}
	byKey := map[string][]int{}
	for j, w := range to {
		for _, k := range keyPieces(w.Text) {
			byKey[k] = append(byKey[k], j)
		}
	}
	found := func(key string, b Word) bool {
		for _, j := range byKey[key] {
			if covers(b, to[j]) {
				return true
			}
		}
		return false
	}
	for i, w := range from {
		pieces := keyPieces(w.Text)
		if len(pieces) == 0 {
			continue
		}
		alike := found(pieces[0], boxes[i])
		if !alike && len(pieces) > 1 {
			alike = true
			for _, k := range pieces[1:] {
				alike = alike && found(k, boxes[i])
			}
		}
		if alike {
			out[i] = true
		}
	}
	return out
}

// keyPieces is a word's key and, when punctuation splits it, the key of
// each piece.
func keyPieces(s string) []string {
	k := wordKey(s)
	if k == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(parts) < 2 {
		return []string{k}
	}
	out := []string{k}
	for _, p := range parts {
		out = append(out, wordKey(p))
	}
	return out
}

// covers reports whether a and o overlap by at least half the smaller.
func covers(a, o Word) bool {
	shared, small := intersection(a, o)
	return shared > 0 && shared*2 >= small
}

// intersection returns the area two boxes share (0 when they do not
// overlap) and the smaller box's area.
func intersection(a, o Word) (shared, smaller float64) {
	area := func(b Word) float64 { return (b.URX - b.LLX) * (b.URY - b.LLY) }
	smaller = min(area(a), area(o))
	w := min(a.URX, o.URX) - max(a.LLX, o.LLX)
	h := min(a.URY, o.URY) - max(a.LLY, o.LLY)
	if w <= 0 || h <= 0 {
		return 0, smaller
	}
	return w * h, smaller
}

func centre(w Word) [2]float64 { return [2]float64{(w.LLX + w.URX) / 2, (w.LLY + w.URY) / 2} }

// fit solves the least-squares affine map from ps to qs.
func fit(ps, qs [][2]float64) (affine, bool) {
	// Normal equations of [x y 1] . (a b c) = x' (and likewise for y').
	var m [3][3]float64
	var rx, ry [3]float64
	for i, p := range ps {
		v := [3]float64{p[0], p[1], 1}
		for r := range 3 {
			for c := range 3 {
				m[r][c] += v[r] * v[c]
			}
			rx[r] += v[r] * qs[i][0]
			ry[r] += v[r] * qs[i][1]
		}
	}
	sx, ok1 := solve3(m, rx)
	sy, ok2 := solve3(m, ry)
	if !ok1 || !ok2 {
		return affine{}, false
	}
	return affine{sx[0], sx[1], sx[2], sy[0], sy[1], sy[2]}, true
}

// solve3 solves m x = r by Gaussian elimination with partial pivoting.
func solve3(m [3][3]float64, r [3]float64) ([3]float64, bool) {
	for c := range 3 {
		p := c
		for k := c + 1; k < 3; k++ {
			if math.Abs(m[k][c]) > math.Abs(m[p][c]) {
				p = k
			}
		}
		if math.Abs(m[p][c]) < 1e-9 {
			return r, false
		}
		m[c], m[p] = m[p], m[c]
		r[c], r[p] = r[p], r[c]
		for k := c + 1; k < 3; k++ {
			f := m[k][c] / m[c][c]
			for j := c; j < 3; j++ {
				m[k][j] -= f * m[c][j]
			}
			r[k] -= f * r[c]
		}
	}
	var x [3]float64
	for c := 2; c >= 0; c-- {
		s := r[c]
		for j := c + 1; j < 3; j++ {
			s -= m[c][j] * x[j]
		}
		x[c] = s / m[c][c]
	}
	return x, true
}
