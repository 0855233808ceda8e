package dedupe

import (
	"hash/fnv"
	"slices"
	"strings"
)

// prepared is a page reduced to what the comparison needs.
type prepared struct {
	Page
	idx    int // position in the sorted input
	toks   []token
	hashes []uint64 // one per token
	chars  int      // letters and digits in toks
	words  int      // len(toks)
	joined string   // tokens concatenated: space-free folded text
	digits string   // the digits of the page's numbers of three digits or more, in order
	blank  bool     // no tokens at all
	thin   bool     // too few tokens to identify a record on its own
	dated  bool     // carries a record's own date (key dates, or a labelled date)
	cont   bool     // says it continues a document ("Page 2 of 3", "continued")
	vetoKy uint64   // hash of digits and stems: duplicates always share it
	textKy uint64   // hash of the whole token sequence
	sig    []uint64 // MinHash signature; nil for thin pages
	rank   float64  // copy quality; higher is kept
}

func prepare(p Page, i int, pol Policy) *prepared {
	text := p.Text
	if !pol.KeepFaxHeaders {
		text = stripFaxHeaders(text)
	}
	pp := &prepared{Page: p, idx: i, toks: tokenize(text)}
	var jb, db strings.Builder
	pp.hashes = make([]uint64, len(pp.toks))
	for k, t := range pp.toks {
		h := fnv.New64a()
		if t.numeric {
			h.Write([]byte{'#'})
			if len(t.s) >= 3 {
				db.WriteString(t.s)
			}
		}
		h.Write([]byte(t.s))
		pp.hashes[k] = h.Sum64()
		jb.WriteString(t.s)
		pp.chars += len(t.s)
	}
	pp.joined = jb.String()
	pp.digits = db.String()
	pp.words = len(pp.toks)
	pp.blank = pp.words == 0
	pp.dated = len(p.KeyDates) > 0 || findNear(labelledDate, text, "date", "dos")
	pp.cont = findNear(continuation, text, "page", "cont")
	pp.thin = pp.words < pol.MinWords
	// Numbers of three digits or more are never misread letters, so every
	// copy of a page has the same ones: they key the LSH buckets. Shorter
	// numbers are compared where the copies differ (verify).
	h := fnv.New64a()
	h.Write([]byte(pp.digits))
	pp.vetoKy = h.Sum64()
	th := fnv.New64a()
	for _, x := range pp.hashes {
		var b [8]byte
		for k := range b {
			b[k] = byte(x >> (8 * k))
		}
		th.Write(b[:])
	}
	pp.textKy = th.Sum64()
	if !pp.thin {
		pp.sig = minhash(pp.joined)
	}
	pp.rank = rank(p)
	return pp
}

// start reports whether the page looks like the first page of a record.
func (p *prepared) start() bool { return p.dated && !p.cont }

// rank orders copies of one page: text layer over OCR over nothing, then
// resolution, then OCR confidence. The earliest page wins ties (by caller).
func rank(p Page) float64 {
	src := 0.0
	switch p.TextSource {
	case SourceTextLayer:
		src = 2
	case SourceOCR:
		src = 1
	}
	dpi := float64(min(max(p.DPI, 0), 9999))
	conf := min(max(p.OCRConfidence, 0), 100)
	if conf > 1 { // accept 0..1 or 0..100
		conf /= 100
	}
	return src*1e5 + dpi*10 + conf
}

// Veto reasons. They are never logged with page content.
type verdict int

const (
	vOK        verdict = iota
	vKeyDates          // extractor dates conflict
	vDigits            // numbers differ
	vDecision          // decision words differ
	vSubstance         // a changed word or line that OCR noise does not explain
	vLost              // too many words missing
	vLow               // similarity under the threshold
	vThin              // not enough text to compare
)

// verify decides whether a and b are the same page, and how similar.
// Every rule here errs towards "distinct": a missed duplicate costs the
// reviewer a page; a false merge hides a record.
func verify(a, b *prepared, pol Policy) (float64, verdict) {
	if datesConflict(a.KeyDates, b.KeyDates) {
		return 0, vKeyDates
	}
	if a.digits != b.digits {
		return 0, vDigits
	}
	if a.blank || b.blank {
		if a.blank && b.blank {
			return 1, vOK
		}
		return 0, vThin
	}
	if a.textKy == b.textKy {
		return 1, vOK
	}
	maxLen := max(a.chars, b.chars)
	// Edits beyond this cannot reach the threshold; stop diffing there.
	maxD := int(float64(a.words+b.words)*(1-pol.Threshold)*2) + 8
	hs, ok := diffHunks(a.hashes, b.hashes, maxD)
	if !ok {
		return 0, vLow
	}
	cost, lost := 0, 0
	for _, h := range mergeHunks(hs, 2) {
		c, l, v := judgeHunk(a.toks[h.a0:h.a1], b.toks[h.b0:h.b1], pol)
		if v != vOK {
			return 0, v
		}
		cost += c
		lost += l
	}
	if lost > max(pol.MaxLostRun, a.words/50) {
		return 0, vLost
	}
	sim := 1 - float64(cost)/float64(maxLen)
	if sim < pol.Threshold {
		return sim, vLow
	}
	return sim, vOK
}

// judgeHunk decides whether one differing stretch (ta on one copy, tb on
// the other) is OCR noise, and what it costs in characters and lost words.
func judgeHunk(ta, tb []token, pol Policy) (cost, lost int, v verdict) {
	sa, sb, ok := bestReading(ta, tb)
	if !ok {
		return 0, 0, vDigits
	}
	if sa == sb {
		return 0, 0, vOK // only the spacing changed, or a digit/letter misread
	}
	if len(ta) == 0 || len(tb) == 0 {
		// Words present on one copy only: OCR loses the odd short word,
		// never a line, and never a word that carries meaning.
		t := ta
		if len(t) == 0 {
			t = tb
		}
		if len(t) > pol.MaxLostRun {
			return 0, 0, vSubstance
		}
		for _, x := range t {
			if _, ok := protected[x.s]; ok {
				return 0, 0, vSubstance
			}
		}
		return len(sa) + len(sb), len(t), vOK
	}
	if len(sa)+len(sb) > 400 {
		return 0, 0, vSubstance
	}
	ok, d, dropped := lostAndGarbled(ta, tb, sa, sb)
	if !ok {
		return 0, 0, vSubstance
	}
	if !protectedMatch(ta, tb, sb) || !protectedMatch(tb, ta, sa) {
		return 0, 0, vSubstance
	}
	return d, dropped, vOK
}

// readings renders ts as text, first as tokenized, then (when flip) with
// every combination of its ambiguous characters read the other way. A
// reading's digits are the digits of its text: words hold none.
func readings(ts []token, flip bool) []string {
	n := 0
	for _, t := range ts {
		n += len(t.amb)
	}
	if !flip || n == 0 {
		return []string{join(ts)}
	}
	if n > 4 {
		return nil
	}
	var out []string
	for mask := 1; mask < 1<<n; mask++ {
		var b strings.Builder
		k := 0 // amb was built in this same order
		for _, t := range ts {
			bs := []byte(t.s)
			for _, c := range t.amb {
				if mask&(1<<k) != 0 {
					if t.numeric {
						bs[c.pos] = c.letter
					} else {
						bs[c.pos] = c.digit
					}
				}
				k++
			}
			b.Write(bs)
		}
		out = append(out, b.String())
	}
	return out
}

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// bestReading picks the readings of two differing stretches that hold the
// same digits and are closest as text. Only one side is reread at a time:
// both copies misreading the same character is too unlikely to allow.
func bestReading(x, y []token) (sx, sy string, ok bool) {
	px, py := join(x), join(y)
	best := -1
	try := func(a, b string) {
		if digitsOf(a) != digitsOf(b) {
			return
		}
		d := 0
		if a != b {
			d = levenshtein(a, b)
		}
		if best < 0 || d < best {
			best, sx, sy = d, a, b
		}
	}
	try(px, py)
	for _, a := range readings(x, true) {
		try(a, py)
	}
	for _, b := range readings(y, true) {
		try(px, b)
	}
	return sx, sy, best >= 0
}

// lostAndGarbled judges a replaced stretch, allowing that one short
// unprotected word of the longer side was lost rather than misread ("in
// the" read as "ln"). It reports whether what remains is a plausible
// misreading, its cost (edits, plus the letters of a lost word) and how many
// words were taken as lost.
func lostAndGarbled(ta, tb []token, sa, sb string) (ok bool, cost, dropped int) {
	plausible := func(d, n int) bool { return d <= 2 || float64(d) <= 0.5*float64(n) }
	d := levenshtein(sa, sb)
	ok, cost = plausible(d, max(len(sa), len(sb))), d
	if len(ta) == len(tb) {
		return ok, cost, 0
	}
	long, other := ta, join(tb)
	if len(tb) > len(ta) {
		long, other = tb, join(ta)
	}
	for k, t := range long {
		if len(t.s) > 4 || t.numeric {
			continue
		}
		if _, p := protected[t.s]; p {
			continue
		}
		rest := join(long[:k]) + join(long[k+1:])
		dk := levenshtein(rest, other)
		if !plausible(dk, max(len(rest), len(other))) {
			continue
		}
		if c := dk + len(t.s); !ok || c < cost {
			ok, cost, dropped = true, c, 1
		}
	}
	return ok, cost, dropped
}

// mergeHunks joins hunks separated by at most gap equal tokens: OCR noise
// clusters, and an equal word between two garbled ones is often matched
// against the wrong occurrence.
func mergeHunks(hs []hunk, gap int) []hunk {
	var out []hunk
	for _, h := range hs {
		if n := len(out); n > 0 && h.a0-out[n-1].a1 <= gap && h.b0-out[n-1].b1 <= gap {
			out[n-1].a1, out[n-1].b1 = h.a1, h.b1
			continue
		}
		out = append(out, h)
	}
	return out
}

func join(ts []token) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.s)
	}
	return b.String()
}

// protectedMatch reports whether every protected word of x appears in the
// other copy's text y, exactly or (six letters or more) with one misread
// letter. Substrings, because OCR glues and splits words.
func protectedMatch(x, yt []token, y string) bool {
	for _, t := range x {
		c, ok := protected[t.s]
		if !ok {
			continue
		}
		if containsNear(y, t.s) {
			continue
		}
		// A short word misread by one letter ("no" as "uo"), unless the
		// other copy has another protected word there ("no" and "not").
		found := false
		for _, u := range yt {
			if u.numeric || levenshtein(u.s, t.s) > 1 {
				continue
			}
			if cu, ok := protected[u.s]; ok && cu != c {
				return false
			}
			found = true
		}
		if !found {
			return false
		}
	}
	return true
}

func containsNear(s, w string) bool {
	if strings.Contains(s, w) {
		return true
	}
	if len(w) < 4 {
		return false
	}
	for k := 0; k+len(w) <= len(s); k++ {
		miss := 0
		for x := 0; x < len(w) && miss < 2; x++ {
			if s[k+x] != w[x] {
				miss++
			}
		}
		if miss < 2 {
			return true
		}
	}
	return false
}

// datesConflict: the extractor found key dates on both pages and they are
// not the same set. One side without dates is no conflict (OCR may have
// hidden a label); the numbers are compared separately.
func datesConflict(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return !slices.Equal(slices.Compact(x), slices.Compact(y))
}

// levenshtein is the edit distance between two byte strings.
func levenshtein(a, b string) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(b) == 0 {
		return len(a)
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
