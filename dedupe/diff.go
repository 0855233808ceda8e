package dedupe

import "sync"

var tracePool = sync.Pool{New: func() any { s := make([]int, 0, 1024); return &s }}

// hunk is one maximal run of differences between two token sequences:
// a[a0:a1] on one page stands where b[b0:b1] stands on the other.
type hunk struct{ a0, a1, b0, b1 int }

// diffHunks aligns a and b with Myers' O((n+m)D) algorithm and returns the
// differing hunks. It gives up (ok false) once more than maxD edits are
// needed: pages that far apart are not duplicates, and the cutoff keeps the
// cost of a bad candidate bounded.
func diffHunks(a, b []uint64, maxD int) (hs []hunk, ok bool) {
	n, m := len(a), len(b)
	// Common prefix and suffix cost nothing and are the usual case.
	pre := 0
	for pre < n && pre < m && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < n-pre && suf < m-pre && a[n-1-suf] == b[m-1-suf] {
		suf++
	}
	a, b = a[pre:n-suf], b[pre:m-suf]
	n, m = len(a), len(b)
	if n == 0 && m == 0 {
		return nil, true
	}
	if n == 0 || m == 0 {
		if n+m > maxD {
			return nil, false
		}
		return []hunk{{pre, pre + n, pre, pre + m}}, true
	}
	if maxD > n+m {
		maxD = n + m
	}
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	// The frontier after each round d (2d+3 values) is kept for the walk
	// back, end to end in one pooled buffer: one slice per round made the
	// aligner Find's largest allocator.
	buf := tracePool.Get().(*[]int)
	defer tracePool.Put(buf)
	flat := (*buf)[:0]
	defer func() { *buf = flat[:0] }()
	round := func(d int) []int { return flat[(d+1)*(d+1)-1 : (d+1)*(d+1)-1+2*d+3] }
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
		flat = append(flat, v[off-d-1:off+d+2]...)
	}
	if found < 0 {
		return nil, false
	}
	// Walk back from (n, m), marking which positions of a and b are equal.
	eqA := make([]bool, n)
	eqB := make([]bool, m)
	x, y := n, m
	for d := found; d > 0; d-- {
		prev := round(d - 1) // k in [-d, d] at index k+d
		k := x - y
		var pk int
		if k == -d || (k != d && prev[k-1+d] < prev[k+1+d]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := prev[pk+d]
		py := px - pk
		// The edit moved from (px, py) one step right (a deletion) or down
		// (an insertion); the snake after it is equal tokens.
		mx, my := px, py
		if pk == k-1 {
			mx++
		} else {
			my++
		}
		for x > mx && y > my {
			x--
			y--
			eqA[x] = true
			eqB[y] = true
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x--
		y--
		eqA[x] = true
		eqB[y] = true
	}
	// Hunks: between consecutive equal pairs.
	i, j := 0, 0
	for i < n || j < m {
		if i < n && j < m && eqA[i] && eqB[j] {
			i++
			j++
			continue
		}
		h := hunk{a0: i, b0: j}
		for i < n && !eqA[i] {
			i++
		}
		for j < m && !eqB[j] {
			j++
		}
		h.a1, h.b1 = i, j
		h.a0 += pre
		h.a1 += pre
		h.b0 += pre
		h.b1 += pre
		hs = append(hs, h)
	}
	return hs, true
}
