package dedupe

import (
	"hash/fnv"
	"slices"
	"strings"
	"sync"

	"imrpacket/internal/levenshtein"
)

// prepared is a page reduced to what the comparison needs.
type prepared struct {
	Page
	idx              int // position in the sorted input
	toks             []token
	hashes           []uint64    // one per token
	chars            int         // letters and digits in toks
	letters, nDigits int         // letters and digits among chars
	words            int         // len(toks)
	digits           string      // the digits of the page's numbers of three digits or more, in order
	blank            bool        // no tokens at all
	thin             bool        // too few tokens to identify a record on its own
	dated            bool        // carries a record's own date (key dates, or a labelled date)
	cont             bool        // says it continues a document ("Page 2 of 3", "continued")
	lastOf           int         // N where it reads "Page N of N": its document's last page
	firstOf          int         // N where it reads "Page 1 of N": its document's first page
	counters         [][2]string // its "Page N of M" marks, as read
	textKy           uint64      // hash of the whole token sequence
	sig              []uint64    // MinHash signature; nil for thin pages
	rank             float64     // copy quality; higher is kept
	keys             []string    // record dates (Page.keyDates)
	lineStart        []int       // index of each line's first token, ascending
	text             string      // Text without fax transmission lines
	released         bool        // toks, hashes and lineStart were dropped (release)
	once             sync.Once
}

func prepare(p Page, i int, pol Policy) *prepared {
	text := p.Text
	if !pol.KeepFaxHeaders {
		text = stripFaxHeaders(text)
	}
	pp := &prepared{Page: p, idx: i, text: text}
	pp.tokenize()
	var jb, db strings.Builder
	for _, t := range pp.toks {
		if t.numeric {
			if len(t.s) >= 3 {
				db.WriteString(t.s)
			}
			pp.nDigits += len(t.s)
		}
		jb.WriteString(t.s)
		pp.chars += len(t.s)
	}
	pp.letters = pp.chars - pp.nDigits
	pp.digits = db.String()
	pp.words = len(pp.toks)
	pp.blank = pp.words == 0
	pp.keys = p.keyDates()
	lower := asciiLower(text)
	pp.dated = len(pp.keys) > 0 || findNear(labelledDate, text, lower, "date", "dos")
	pp.cont = findNear(pageMark, text, lower, "page") || findNear(continuation, margins(text), margins(lower), "cont")
	pp.firstOf, pp.lastOf = pageMarks(text, lower)
	pp.counters = pageCounters(text, lower)
	pp.thin = pp.words < pol.MinWords
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
		pp.sig = minhash(jb.String())
	}
	pp.rank = rank(p)
	return pp
}

// tokenize fills toks, lineStart and hashes from text.
func (pp *prepared) tokenize() {
	pp.toks = make([]token, 0, len(pp.text)/6+1)
	for line := range strings.SplitSeq(pp.text, "\n") {
		n := len(pp.toks)
		if pp.toks = appendTokens(pp.toks, line); len(pp.toks) > n {
			pp.lineStart = append(pp.lineStart, n)
		}
	}
	pp.hashes = make([]uint64, len(pp.toks))
	for k, t := range pp.toks {
		h := fnv.New64a()
		if t.numeric {
			h.Write([]byte{'#'})
		}
		h.Write([]byte(t.s))
		pp.hashes[k] = h.Sum64()
	}
}

// release drops the page's tokens once its signature is made: most pages
// of a long packet are never aligned with another, and a 5,000-page
// packet's tokens are 150 MB the collector would otherwise keep scanning.
// load makes them again for a page that is aligned after all.
func (pp *prepared) release() {
	pp.toks, pp.hashes, pp.lineStart = nil, nil, nil
	pp.released = true
}

// load makes sure the page's tokens are there; safe for concurrent use.
func (pp *prepared) load() {
	if pp.released {
		pp.once.Do(pp.tokenize)
	}
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
	vNoisy             // more OCR noise than a copy shows: digits, smudges or lost words over budget
	vThin              // not enough text to compare
	vDatesRead         // record dates one digit apart, the rest a copy: the ink must read them again
)

// verify decides whether a and b are the same page, and how similar.
// Every rule here errs towards "distinct": a missed duplicate costs the
// reviewer a page; a false merge hides a record.
func verify(a, b *prepared, pol Policy) (float64, verdict) {
	c, v := compare(a, b, pol)
	return c.sim, v
}

// comparison is what compare measured of two pages.
type comparison struct {
	sim                   float64
	cost, lost            int // edits in characters; words on one copy only
	letterErrs, digitErrs int // edits among letters; misread or lost digits
	junk                  int // noise tokens on one copy only
	garbled               int // short stretches read beyond recognition
	lostLines             int // whole lines one OCR copy lost
}

// compare aligns two pages and judges every difference. Record dates that
// conflict keep the pages apart, unless each differs from one of the other
// page's by a single digit and the rest of the text is a copy's, or differs
// only as OCR noise, lost words and misread numbers do (never a changed
// word, line or decision word): then the ink check must read the dates
// again as one (vDatesRead; inkSame). A fax reads a year's 3 as 8 ("Jun
// 13, 2028") as it reads any digit; the extractor mends an impossible year
// as best it can, which is not always as the other copy reads it.
func compare(a, b *prepared, pol Policy) (comparison, verdict) {
	if !datesConflict(a.keys, b.keys) {
		return compareText(a, b, pol)
	}
	if !datesOneDigitApart(a.keys, b.keys) {
		return comparison{}, vKeyDates
	}
	c, v := compareText(a, b, pol)
	if v == vOK || v == vNoisy || v == vLost || v == vLow || v == vDigits {
		return c, vDatesRead
	}
	return comparison{}, vKeyDates
}

// datesOneDigitApart reports whether the record dates only one of a and b
// holds (sorted sets, in YYYY-MM-DD) pair off, one of a with one of b, each
// pair a single digit apart.
func datesOneDigitApart(a, b []string) bool {
	onlyA, onlyB := minus(a, b), minus(b, a)
	if len(onlyA) == 0 || len(onlyA) != len(onlyB) {
		return false
	}
	used := make([]bool, len(onlyB))
	for _, x := range onlyA {
		found := false
		for j, y := range onlyB {
			if !used[j] && oneDigitApart(x, y) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// symmetricDifference returns the elements of one of sorted sets a and b only.
func symmetricDifference(a, b []string) []string {
	return append(minus(a, b), minus(b, a)...)
}

// oneDigitApart reports whether two dates of one layout differ in one place.
func oneDigitApart(x, y string) bool {
	if len(x) != len(y) {
		return false
	}
	n := 0
	for i := range len(x) {
		if x[i] != y[i] {
			n++
		}
	}
	return n == 1
}

// compareText is compare once the record dates raise no conflict.
func compareText(a, b *prepared, pol Policy) (comparison, verdict) {
	var c comparison
	// Numbers the ink check may read again, so vDigits.
	if countersDiffer(a.counters, b.counters) {
		return c, vDigits
	}
	if a.blank || b.blank {
		if a.blank && b.blank {
			c.sim = 1
			return c, vOK
		}
		return c, vThin
	}
	if a.textKy == b.textKy {
		c.sim = 1
		return c, vOK
	}
	// Two text layers are the program's own text: nothing was misread,
	// so any other number is another number, and any other word another
	// word. They are copies only when their text is the same (above); on a
	// born-digital packet this spares aligning every pair of template
	// pages LSH proposes.
	if a.TextSource == SourceTextLayer && b.TextSource == SourceTextLayer {
		if a.digits != b.digits {
			return c, vDigits
		}
		return c, vSubstance
	}
	// What follows aligns tokens; everything above is kept with the page.
	a.load()
	b.load()
	maxLen := max(a.chars, b.chars)
	// Edits beyond this cannot reach the threshold; stop diffing there.
	maxD := int(float64(a.words+b.words)*(1-pol.Threshold)*2) + 8
	hs, ok := diffHunks(a.hashes, b.hashes, maxD)
	if !ok {
		return c, vLow
	}
	lostLines, lostLineChars, inside := 0, 0, false
	lose := func(h hunk) bool {
		n, chars, top := wholeLinesLost(a, b, h)
		if n == 0 || lostLines+n > maxLostLines {
			return false
		}
		lostLines += n
		lostLineChars += chars
		inside = inside || !top
		return true
	}
	// A hunk OCR noise does not explain may be whole lines lost, or a
	// word misread next to them: take the lines out and judge the rest.
	var judged []hunk
	for _, h := range pairMoves(a, b, trimHunks(a, b, mergeHunks(hs, 2))) {
		if lose(h) {
			continue
		}
		if judgeHunk(a.toks[h.a0:h.a1], b.toks[h.b0:h.b1], pol).v == vOK {
			judged = append(judged, h)
			continue
		}
		if l, r, ok := peelLines(a, b, h); ok && lose(l) {
			judged = append(judged, r)
			continue
		}
		var rest []hunk
		sub := hunksWithin(hs, h)
		for _, r := range sub {
			if !lose(r) {
				rest = append(rest, r)
			}
		}
		if len(sub) < 2 || len(rest) == len(sub) {
			judged = append(judged, h)
			continue
		}
		judged = append(judged, mergeHunks(rest, 2)...)
	}
	for _, h := range judged {
		j := judgeHunk(a.toks[h.a0:h.a1], b.toks[h.b0:h.b1], pol)
		if j.v != vOK {
			return c, j.v
		}
		if j.digitErrs > 0 && dateChanged(a, b, h.a0, h.a1, h.b0, h.b1) {
			return c, vDigits
		}
		c.cost += j.cost
		c.lost += j.lost
		c.letterErrs += j.letterErrs
		c.digitErrs += j.digitErrs
		c.junk += j.junk
		c.garbled += j.garbled
	}
	if c.garbled > garbleBudget(min(a.words, b.words), c.letterErrs+c.junk) {
		return c, vNoisy
	}
	if c.lost > max(pol.MaxLostRun, a.words/50) {
		return c, vNoisy
	}
	if c.digitErrs > digitBudget(c.letterErrs, c.junk, min(a.nDigits, b.nDigits)) {
		return c, vNoisy
	}
	if lostLines > 0 && lostLineChars*4 > maxLen {
		return c, vSubstance // a quarter of the page is no line or two lost
	}
	// Below a fax header, only a copy OCR misread elsewhere too loses a
	// line: one that reads every other word the same has a line added to
	// the other (an addendum).
	if inside && c.letterErrs+c.junk+c.digitErrs+c.garbled == 0 {
		return c, vSubstance
	}
	c.lostLines = lostLines
	c.sim = 1 - float64(c.cost)/float64(maxLen-lostLineChars)
	if c.sim < pol.Threshold {
		return c, vLow
	}
	return c, vOK
}

// hunkJudgement is the verdict on one differing stretch and what it costs.
type hunkJudgement struct {
	cost, lost            int
	letterErrs, digitErrs int
	junk                  int
	garbled               int
	v                     verdict
}

// judgeHunk decides whether one differing stretch (ta on one copy, tb on
// the other, at least one of them OCR'd) is OCR noise, and what it costs.
func judgeHunk(ta, tb []token, pol Policy) hunkJudgement {
	j := judgeWords(ta, tb, pol)
	if j.v == vOK {
		return j
	}
	// Specks on either copy, read as scraps of letters or lone digits
	// ("erln slsl bo" against "oo"), alone or at the edges of words misread;
	// their digits count against the digit budget. Of the ways to cut specks
	// off the two sides, the one that leaves the fewest specks wins.
	best := hunkJudgement{v: j.v}
	bestJunk := -1
	for _, xa := range speckTrims(ta) {
		for _, xb := range speckTrims(tb) {
			k, ok := judgeTrimmed(ta, tb, xa, xb, pol)
			if ok && (bestJunk < 0 || k.junk < bestJunk) {
				best, bestJunk = k, k.junk
			}
		}
	}
	return best
}

// judgeTrimmed judges ta and tb with the specks xa and xb cut off.
func judgeTrimmed(ta, tb []token, xa, xb trim, pol Policy) (hunkJudgement, bool) {
	ca, cb := ta[xa.lo:xa.hi], tb[xb.lo:xb.hi]
	ja := append(slices.Clone(ta[:xa.lo]), ta[xa.hi:]...)
	jb := append(slices.Clone(tb[:xb.lo]), tb[xb.hi:]...)
	if len(ja)+len(jb) == 0 {
		return hunkJudgement{}, false
	}
	// A digit standing where the other copy has another number is a
	// changed number, not a speck.
	if numerics(ja) > 0 && numerics(ca)+numerics(jb)+numerics(cb) > 0 ||
		numerics(jb) > 0 && numerics(ca)+numerics(cb) > 0 {
		return hunkJudgement{}, false
	}
	if (len(ca) == 0) != (len(cb) == 0) {
		return hunkJudgement{}, false // specks beside words on one copy only: words lost, not misread
	}
	k := hunkJudgement{}
	if len(ca) > 0 {
		if k = judgeWords(ca, cb, pol); k.v != vOK || k.lost > 0 {
			return hunkJudgement{}, false
		}
	}
	k.cost += len(join(ja)) + len(join(jb))
	k.junk += len(ja) + len(jb)
	k.digitErrs += numerics(ja) + numerics(jb)
	return k, true
}

// judgeWords judges a differing stretch as words and numbers misread.
func judgeWords(ta, tb []token, pol Policy) hunkJudgement {
	sa, sb, dd := bestReading(ta, tb)
	if dd > 0 && numbersAlike(ta, tb) {
		dd = 0 // "0156" and "156", "05/02" and "5/2": the same numbers
	}
	if dd > 0 && !digitsMisread(digitsOf(sa), digitsOf(sb)) {
		return hunkJudgement{v: vDigits}
	}
	if sa == sb {
		return hunkJudgement{} // only the spacing changed, or a digit/letter misread
	}
	j := hunkJudgement{digitErrs: dd, letterErrs: levenshtein.Distance(lettersOf(sa), lettersOf(sb))}
	if len(ta) == 0 || len(tb) == 0 {
		// Words present on one copy only: OCR loses the odd short word,
		// never a line, and never a word that carries meaning; it adds
		// specks read as scraps of letters.
		t := ta
		if len(t) == 0 {
			t = tb
		}
		if junkRun(t) {
			j.cost, j.junk, j.letterErrs = len(sa)+len(sb), len(t), 0
			return j
		}
		if len(t) > pol.MaxLostRun {
			return hunkJudgement{v: vSubstance}
		}
		for _, x := range t {
			if _, ok := protected[x.s]; ok {
				return hunkJudgement{v: vSubstance}
			}
		}
		j.cost, j.lost = len(sa)+len(sb), len(t)
		return j
	}
	if len(sa)+len(sb) > 400 {
		return hunkJudgement{v: vSubstance}
	}
	ok, d, dropped := lostAndGarbled(ta, tb, sa, sb)
	if !protectedMatch(ta, tb, sb) || !protectedMatch(tb, ta, sa) {
		return hunkJudgement{v: vSubstance}
	}
	if !ok && garble(ta, tb) {
		// A smudged word or two read as other letters: no number and no
		// protected word on either side, so nothing of substance is lost.
		ok, d, dropped, j.garbled, j.letterErrs = true, max(len(sa), len(sb)), 0, 1, 0
	}
	if !ok {
		return hunkJudgement{v: vSubstance}
	}
	j.cost, j.lost = d, dropped
	return j
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

// bestReading picks the readings of two differing stretches whose digits
// differ least, then closest as text, and reports how many digits differ
// (misread, lost or added). Only one side is reread at a time: both copies
// misreading the same character is too unlikely to allow.
func bestReading(x, y []token) (sx, sy string, digitEdits int) {
	px, py := join(x), join(y)
	bestD, best := -1, -1
	try := func(a, b string) {
		dd := 0
		if da, db := digitsOf(a), digitsOf(b); da != db {
			dd = levenshtein.Distance(da, db)
		}
		if bestD >= 0 && dd > bestD {
			return
		}
		d := 0
		if a != b {
			d = levenshtein.Distance(a, b)
		}
		if bestD < 0 || dd < bestD || d < best {
			bestD, best, sx, sy = dd, d, a, b
		}
	}
	try(px, py)
	for _, a := range readings(x, true) {
		try(a, py)
	}
	for _, b := range readings(y, true) {
		try(px, b)
	}
	return sx, sy, bestD
}

// lostAndGarbled judges a replaced stretch, allowing that one short
// unprotected word of the longer side was lost rather than misread ("in
// the" read as "ln"). It reports whether what remains is a plausible
// misreading, its cost (edits, plus the letters of a lost word) and how many
// words were taken as lost.
func lostAndGarbled(ta, tb []token, sa, sb string) (ok bool, cost, dropped int) {
	plausible := func(d, n int) bool { return d <= 2 || float64(d) <= 0.5*float64(n) }
	d := levenshtein.Distance(sa, sb)
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
		dk := levenshtein.Distance(rest, other)
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
			if u.numeric || levenshtein.Distance(u.s, t.s) > 1 {
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

// datesConflict: the extractor found record dates on both pages (sorted
// sets) and neither set holds the other. A date read on one copy only is no
// conflict: OCR garbles a label or a month on one copy ("31 DETER 2024"),
// but it does not invent a second date in its place; the numbers are
// compared separately.
func datesConflict(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	return !subset(a, b) && !subset(b, a)
}

// subset reports whether sorted set a is within sorted set b.
func subset(a, b []string) bool {
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			return false
		}
	}
	return true
}

// unionDates merges two sorted sets.
func unionDates(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
