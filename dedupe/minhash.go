package dedupe

// MinHash over character 5-grams of the folded, space-free text. Character
// grams survive OCR noise far better than word shingles: one misread letter
// breaks 5 grams of a few thousand, where it would break every word shingle
// touching the word. LSH banding (bands of rows) turns the signatures into
// buckets so candidate pairs cost time linear in pages.
const (
	gram     = 5
	numHash  = 96
	bandRows = 3
	numBands = numHash / bandRows
)

var hashA, hashB = func() ([numHash]uint64, [numHash]uint64) {
	var a, b [numHash]uint64
	s := uint64(0x9e3779b97f4a7c15)
	for i := range numHash {
		a[i] = splitmix(&s) | 1
		b[i] = splitmix(&s)
	}
	return a, b
}()

func splitmix(s *uint64) uint64 {
	*s += 0x9e3779b97f4a7c15
	z := *s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func mix(z uint64) uint64 {
	z = (z ^ (z >> 33)) * 0xff51afd7ed558ccd
	z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53
	return z ^ (z >> 33)
}

// minhash returns the signature of s; s shorter than one gram is one gram.
func minhash(s string) []uint64 {
	var sig [numHash]uint64
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	n := len(s) - gram + 1
	if n < 1 {
		n = 1
	}
	at := func(i int) uint64 {
		var g uint64
		for k := i; k < i+gram && k < len(s); k++ {
			g = g<<8 | uint64(s[k])
		}
		return mix(g)
	}
	// Four grams at a time: each hash's minimum is loaded and stored once
	// for four candidates. The minimum is the same in any order.
	i := 0
	for ; i+4 <= n; i += 4 {
		h0, h1, h2, h3 := at(i), at(i+1), at(i+2), at(i+3)
		// Arrays of a constant length: no bounds checks in the hot loop.
		for j := range numHash {
			a, b := hashA[j], hashB[j]
			if v := min(h0*a+b, h1*a+b, h2*a+b, h3*a+b); v < sig[j] {
				sig[j] = v
			}
		}
	}
	for ; i < n; i++ {
		h := at(i)
		for j := range numHash {
			if v := h*hashA[j] + hashB[j]; v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig[:]
}

// estJaccard estimates the Jaccard similarity of two pages' gram sets.
func estJaccard(a, b []uint64) float64 {
	if a == nil || b == nil {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// bandKey hashes band i of sig. Bands of three rows make two pages whose
// gram sets overlap by 0.6 (a clean page and its fax) candidates with
// probability 0.999, and pages overlapping by 0.2 rarely.
func bandKey(sig []uint64, i int) uint64 {
	h := mix(uint64(i+1) * 0x9e3779b97f4a7c15)
	for _, v := range sig[i*bandRows : (i+1)*bandRows] {
		h = mix(h ^ v)
	}
	return h
}
