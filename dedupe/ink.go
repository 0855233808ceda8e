package dedupe

import (
	"context"
	"hash/fnv"
	"image"
	"runtime"
	"slices"
	"strings"
	"sync"

	"imrpacket/ink"
)

// Images draws source pages for the ink check. Page images are not kept
// after OCR (a packet of thousands would not fit in memory), so the
// pipeline renders the few pages the check needs again from the PDF.
type Images interface {
	// Page renders source page n and returns the map from its pixels to
	// the page's user space (ink.Page.PixelToPage). Page and TextWords are
	// called from several goroutines at once: pages render on every core.
	Page(ctx context.Context, n int) (*image.Gray, [6]float64, error)
	// TextWords returns the words of source page n's text layer with their
	// boxes in user space. Only pages read from their text layer are asked:
	// OCR'd pages bring their words (Page.Words).
	TextWords(ctx context.Context, n int) ([]ink.Word, error)
	// ReadDigits reads a crop of a page rendered by Page as digits only: a
	// number two copies read differently is read again from both. Pairs
	// are compared concurrently, so it must be safe for concurrent use.
	ReadDigits(ctx context.Context, crop *image.Gray) (string, error)
	// ReadLine reads a crop of a page rendered by Page as one line of text:
	// a number reading digits alone left unsettled, and a word whose ink is
	// a little over its limit, are read again with their line on both
	// pages. Safe for concurrent use, as ReadDigits.
	ReadLine(ctx context.Context, crop *image.Gray) (string, error)
}

// The ink check. OCR at fax resolution misreads words and numbers and
// loses short words or whole lines, so two readings of one page can fail
// the text rules (vSubstance, vLow, vNoisy, vDigits) as two versions of a
// note do. The page images settle what they can: package ink aligns the two
// pages and looks for ink one has and the other lacks under every word,
// strictly under numbers and decision words. It sees a changed word or
// line, never reliably one digit changed (6 to 8, even 5 to 3, moves fewer
// pixels than fax noise does), so every number the two pages' words read
// differently is read again from both images at the same place, digits
// only, and the two readings must agree. Decision words are compared
// strictly, and the record-date vetoes of verify stand.

// inkVerdict reports whether the ink check may overturn text verdict v.
func inkVerdict(v verdict) bool {
	// vDigits too: the ink check reads every disputed number again.
	return v == vSubstance || v == vLow || v == vNoisy || v == vLost || v == vDigits || v == vDatesRead
}

// inkable reports whether a and b may go to the ink check: at least one
// OCR'd, each with words enough to align on. Numbers are the ink check's to
// read again, and decision words its to compare strictly: a word changed by
// one letter (no/not, mild/mold, in/on) leaves 0.10 of a line height squared
// or more of ink, where copies stay under 0.04 (ink's TestCompare), so OCR
// reading "no" as "normal" on one copy no longer keeps the pair from it. A
// text layer's word boxes are read from the PDF only when the check runs
// (inkCheck): a born-digital packet of thousands of pages never needs them.
func inkable(a, b *prepared) bool {
	enough := func(p *prepared) bool {
		switch p.TextSource {
		case SourceOCR:
			return len(p.Words) >= ink.MinAnchors
		case SourceTextLayer:
			return p.words >= ink.MinAnchors
		}
		return false
	}
	return (a.TextSource == SourceOCR || b.TextSource == SourceOCR) && enough(a) && enough(b)
}

// inkSame turns the ink check's verdict on a and b into a match. A number
// each page read the same way twice, and the pages differently, keeps them
// apart (ink sets Same false). Where reading again settled nothing, the
// readings must differ only as OCR misreads a number, as the text alone
// was judged before numbers were read again: look-alike digits or a digit
// lost, within the digit budget, or a number lost from one page's text
// only (unsettledMisread); or the page's numbers as a whole differ only so
// (numbersMisread).
func inkSame(v ink.Verdict, a, b *prepared) bool {
	if !v.Same {
		return false
	}
	if datesConflict(a.keys, b.keys) {
		// Record dates as read conflict (vDatesRead): the dates' places
		// must have been read again the same on both pages, none left to
		// the budget as a misread.
		if v.Reread == 0 || slices.ContainsFunc(v.Unsettled, func(u ink.Unsettled) bool { return datePlace(u, a.keys, b.keys) }) {
			return false
		}
	}
	if len(v.Unsettled) == 0 {
		return true
	}
	budget := 1 + min(a.nDigits, b.nDigits)/12
	return unsettledMisread(v.Unsettled, budget) || numbersMisread(numberSeq(a.toks), numberSeq(b.toks), budget)
}

// datePlace reports whether an unsettled place may hold one of the record
// dates only one of two pages has (record dates a and b, sorted): any of
// its numbers, as read, that date's month or day. It errs towards yes.
func datePlace(u ink.Unsettled, a, b []string) bool {
	var parts []string
	for _, d := range symmetricDifference(a, b) {
		if len(d) == len("2006-01-02") {
			parts = append(parts, strings.TrimLeft(d[5:7], "0"), strings.TrimLeft(d[8:10], "0"))
		}
	}
	for _, s := range append(u.Words[:], u.Reread[:]...) {
		for _, n := range strings.Fields(s) {
			if slices.Contains(parts, strings.TrimLeft(n, "0")) {
				return true
			}
		}
	}
	return false
}

// unsettledMisread reports whether the places reading again left unsettled
// are each a number misread (look-alike digits, a digit lost or added, in
// the words or in the second readings; or read steadily on one page where
// the other page's second reading found no number: misreadBlank) or lost
// from one page's words, wholly or in part (lostFrom), at most budget
// misread. The check found ink under every word of both pages, so a number
// lost from one page's words is there unread; numbers lost from each page's
// words may each hide another number, and count against the budget.
func unsettledMisread(us []ink.Unsettled, budget int) bool {
	misread, lost, lostA, lostB := 0, 0, false, false
	for _, u := range us {
		wa, wb := strings.ReplaceAll(u.Words[0], " ", ""), strings.ReplaceAll(u.Words[1], " ", "")
		ra, rb := strings.ReplaceAll(u.Reread[0], " ", ""), strings.ReplaceAll(u.Reread[1], " ", "")
		switch {
		case len(wa)+len(wb) <= 1:
			misread++ // a speck read as a digit
		case u.DateMisread:
			misread++ // a date no calendar has
		case wa != "" && wb != "" && lookalikeRun(wa, wb), ra != "" && rb != "" && lookalikeRun(ra, rb), readAlikeOnce(u), misreadBlank(u), garbledBlank(u):
			misread++
		case wb == "" || lostFrom(u, 1):
			lostB, lost = true, lost+1
		case wa == "" || lostFrom(u, 0):
			lostA, lost = true, lost+1
		default:
			return false
		}
	}
	if lostA && lostB {
		misread += lost
	}
	return misread <= budget
}

// misreadBlank reports a place one page reads steadily (its word and its
// second reading the same) where the other page's words read a number of
// the same shape and its second reading finds none: a page that cannot
// read its own number again is no evidence of another number. A page that
// reads another number twice, however unsteadily, is (readAlikeOnce aside).
func misreadBlank(u ink.Unsettled) bool {
	for s := range 2 {
		o := 1 - s
		steady, other := strings.Fields(u.Words[s]), strings.Fields(u.Words[o])
		if len(steady) == 0 || u.Words[s] != u.Reread[s] || strings.TrimSpace(u.Reread[o]) != "" || len(other) != len(steady) {
			continue
		}
		shape := true
		for i := range steady {
			shape = shape && len(steady[i])-len(other[i]) <= 1 && len(other[i])-len(steady[i]) <= 1
		}
		if shape {
			return true
		}
	}
	return false
}

// garbledBlank reports a place one page's words read partly as letters
// ("TAB TO2" where the other page reads "128/62"), whose second reading
// finds no number, while the other page reads its number the same way
// twice; the few digits the garbled words hold are the other number's, in
// order. OCR made letters of that page's number and could not read it
// again: no evidence of another number, as with misreadBlank, and the ink
// under the garbled words has already matched the other page's digits.
func garbledBlank(u ink.Unsettled) bool {
	for s := range 2 {
		o := 1 - s
		if !u.Garbled[s] || strings.TrimSpace(u.Reread[s]) != "" || u.Words[s] == "" {
			continue
		}
		steady := strings.ReplaceAll(u.Words[o], " ", "")
		if steady == "" || steady != strings.ReplaceAll(u.Reread[o], " ", "") {
			continue
		}
		// The garbled words' digits, one by one, among the steady number's.
		if subsequence(strings.Split(strings.ReplaceAll(u.Words[s], " ", ""), ""), strings.Split(steady, "")) {
			return true
		}
	}
	return false
}

// lostFrom reports a place where page side's words read only some of the
// numbers the other page's words read there, in order, and its second
// reading no more than those ("12" where the other page reads "54 12"):
// numbers lost from side's words.
func lostFrom(u ink.Unsettled, side int) bool {
	mine, theirs := strings.Fields(u.Words[side]), strings.Fields(u.Words[1-side])
	again := strings.Fields(u.Reread[side])
	return len(mine) < len(theirs) && subsequence(mine, theirs) && subsequence(again, theirs)
}

// subsequence reports whether xs appear in ys in order.
func subsequence(xs, ys []string) bool {
	for _, y := range ys {
		if len(xs) > 0 && xs[0] == y {
			xs = xs[1:]
		}
	}
	return len(xs) == 0
}

// readAlikeOnce reports a place where all four readings (each page's word
// and its reading again) have the same count of numbers, and each number
// has one reading both pages gave: "178 41" and "75 41" read again as
// "75 42" and "75 43" is 75 and 41 on both, each misread once.
func readAlikeOnce(u ink.Unsettled) bool {
	r := [4][]string{strings.Fields(u.Words[0]), strings.Fields(u.Reread[0]), strings.Fields(u.Words[1]), strings.Fields(u.Reread[1])}
	n := len(r[0])
	for _, x := range r {
		if len(x) != n || n == 0 {
			return false
		}
	}
	for i := range n {
		if r[0][i] != r[2][i] && r[0][i] != r[3][i] && r[1][i] != r[2][i] && r[1][i] != r[3][i] {
			return false
		}
	}
	return true
}

// numbersMisread reports whether two copies' numbers differ only as OCR
// reads one page twice: numbers left out of one copy's text (the ink shows
// whether the page has them), and at most budget stretches of lone digits
// one copy has (specks) or of numbers read with look-alike digits (0/6/8,
// 3/8, 5/6, 1/7, 0/9), a digit lost or added, or a space lost or added
// ("2888 37586" and "2888537586"). Any other number read differently is
// another number. The ink check cannot tell 6 from 8 any better than OCR
// (a look-alike digit changed moves fewer pixels than fax noise): on the
// same record date and with every word and line the same, that one digit
// is the known limit the policy states.
func numbersMisread(a, b []string, budget int) bool {
	hs, ok := diffHunks(hashStrings(a), hashStrings(b), 32)
	if !ok {
		return false
	}
	lostA, lostB, misread := false, false, 0
	anyA, anyB := false, false
	long := func(ss []string) bool {
		return slices.ContainsFunc(ss, func(s string) bool { return len(s) > 1 })
	}
	for _, h := range hs {
		xa, xb := a[h.a0:h.a1], b[h.b0:h.b1]
		if len(xa) > 0 && len(xb) > 0 {
			if !lookalikeRun(strings.Join(xa, ""), strings.Join(xb, "")) {
				return false
			}
			misread++
			continue
		}
		anyA, anyB = anyA || len(xa) > 0, anyB || len(xb) > 0
		if !long(xa) && !long(xb) {
			misread++ // a speck read as a digit, or a digit lost: counted
			continue
		}
		lostA, lostB = lostA || len(xa) > 0, lostB || len(xb) > 0
	}
	// Numbers lost with a line are lost from one copy's text only.
	return !(lostA && anyB) && !(lostB && anyA) && misread <= budget
}

// lookalikeRun reports whether two digit strings are one run of digits
// read twice: look-alike digits swapped or a digit lost or added, one per
// eight digits and one more.
func lookalikeRun(x, y string) bool {
	if strings.Trim(x, "0123456789") != "" || strings.Trim(y, "0123456789") != "" {
		return false // "L5", "3rd": as read, or another word
	}
	limit := 1 + max(len(x), len(y))/8
	// Edit distance where only look-alike digits may stand for each other.
	prev, cur := make([]int, len(y)+1), make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			best := min(prev[j], cur[j-1]) + 1
			switch p, q := x[i-1], y[j-1]; {
			case p == q:
				best = min(best, prev[j-1])
			case lookalikeDigits[[2]byte{p, q}] || lookalikeDigits[[2]byte{q, p}]:
				best = min(best, prev[j-1]+1)
			}
			cur[j] = best
		}
		prev, cur = cur, prev
	}
	return prev[len(y)] <= limit
}

// meaningWord reports whether a word read by OCR names a part of the body:
// another such word at its place on a copy makes another record, however
// alike the two words' ink. Decision and side words are strict words
// already (strictWord); passing them here too cut two dev sets' recall
// (0.990 -> 0.961, 0.980 -> 0.931 in session 20).
func meaningWord(w string) bool {
	for _, t := range tokenize(w) {
		if anatomy[t.s] {
			return true
		}
	}
	return false
}

// anatomy names the parts of the body and spine a note or a request is
// about (folded as tokens are).
var anatomy = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`head neck back spine shoulder shoulders arm arms elbow elbows forearm
		wrist wrists hand hands finger fingers thumb chest abdomen pelvis hip hips thigh knee knees leg legs
		calf ankle ankles foot feet toe toes heel jaw eye eyes ear ears cervical thoracic lumbar sacral
		lumbosacral sacroiliac coccyx groin buttock shin rib ribs skull face`) {
		m[foldWord([]rune(w))] = true
	}
	return m
}()

// strictWord reports whether a word read by OCR carries a number or a
// decision or meaning word: its ink must agree closely.
func strictWord(w string) bool {
	for _, t := range tokenize(w) {
		if _, ok := protected[t.s]; ok || t.numeric || strings.ContainsAny(t.s, "0123456789") {
			return true
		}
	}
	return false
}

// numberSeq lists the tokens with a digit in them: numbers, without leading
// zeros, and words with a digit glued on ("L5", "3rd") as read.
func numberSeq(ts []token) []string {
	var out []string
	for _, t := range ts {
		switch {
		case t.numeric:
			v := strings.TrimLeft(t.s, "0")
			if v == "" {
				v = "0"
			}
			out = append(out, v)
		case len(t.s) == 1 && len(t.amb) == 1:
			// A lone "l" or "O" is a 1 or a 0 as often as not: a speck.
			out = append(out, string(t.amb[0].digit))
		case strings.ContainsAny(t.s, "0123456789") || len(t.amb) > 0:
			out = append(out, t.s)
		}
	}
	return out
}

func hashStrings(ss []string) []uint64 {
	out := make([]uint64, len(ss))
	for i, s := range ss {
		h := fnv.New64a()
		h.Write([]byte(s))
		out[i] = h.Sum64()
	}
	return out
}

// inkChecker is the ink check as dedupe runs it: fax transmission lines
// left out, strict words, numbers and lines read again on imgs' engines.
func inkChecker(ctx context.Context, imgs Images) ink.Checker {
	return ink.Checker{Transmission: TransmissionLine, Strict: strictWord, Meaning: meaningWord,
		ReadDigits: func(crop *image.Gray) (string, error) { return imgs.ReadDigits(ctx, crop) },
		ReadLine:   func(crop *image.Gray) (string, error) { return imgs.ReadLine(ctx, crop) }}
}

// inkPage renders p for the ink check, with its words: a text layer's
// from the PDF (read only now: a born-digital packet of thousands of pages
// never needs them). A page that will not render is no evidence: nil.
func inkPage(ctx context.Context, imgs Images, p *prepared) *ink.Page {
	img, m, err := imgs.Page(ctx, p.Number)
	if err != nil {
		return nil
	}
	var words []ink.Word
	if p.TextSource == SourceTextLayer {
		if words, err = imgs.TextWords(ctx, p.Number); err != nil {
			return nil
		}
	} else {
		// A list item's number OCR misread between its neighbours ("42."
		// between "11." and "13.") is mended: read again cut out, it
		// would misread alike and make two numbers of one.
		words = ink.MendOrdinals(p.Words)
	}
	return &ink.Page{Image: img, PixelToPage: m, Words: words, TextLayer: p.TextSource == SourceTextLayer}
}

// inkCheck compares candidate pairs' page images and reports, for each
// pair, whether they match and whether their ink is the same but their
// numbers left unsettled (unsure), and how many places it read a number
// again. Pages are rendered once each, a few pairs ahead, the pairs taken
// in page order, and dropped once no later pair needs them.
func inkCheck(ctx context.Context, imgs Images, ps []*prepared, pairs []pair) (same, unsure []bool, reread int) {
	same, unsure = make([]bool, len(pairs)), make([]bool, len(pairs))
	if imgs == nil || len(pairs) == 0 {
		return same, unsure, 0
	}
	order := make([]int, len(pairs))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(x, y int) int {
		if pairs[x].i != pairs[y].i {
			return pairs[x].i - pairs[y].i
		}
		return pairs[x].j - pairs[y].j
	})
	lastUse := map[int]int{}
	for n, k := range order {
		lastUse[pairs[k].i], lastUse[pairs[k].j] = n, n
	}
	chk := inkChecker(ctx, imgs)
	load := func(i int) *ink.Page { return inkPage(ctx, imgs, ps[i]) }
	// Pages render on every core a few pairs ahead of the comparisons, in
	// pair order; the pairs are compared on every core too, where reading
	// numbers again waits on the OCR engines. A page leaves the map at its
	// last pair, and memory once the comparisons in flight that hold it
	// are done.
	type rendering struct {
		done chan struct{}
		page *ink.Page
	}
	renders := map[int]*rendering{}
	renderSlots := make(chan struct{}, runtime.GOMAXPROCS(0))
	start := func(i int) *rendering {
		if r, ok := renders[i]; ok {
			return r
		}
		r := &rendering{done: make(chan struct{})}
		renders[i] = r
		renderSlots <- struct{}{}
		go func() {
			defer func() { <-renderSlots; close(r.done) }()
			r.page = load(i)
		}()
		return r
	}
	const ahead = 2 // pairs whose pages render before their turn
	rereads := make([]int, len(pairs))
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for n, k := range order {
		if ctx.Err() != nil {
			break
		}
		c := pairs[k]
		ra, rb := start(c.i), start(c.j)
		for _, kk := range order[n+1 : min(len(order), n+1+ahead)] {
			start(pairs[kk].i)
			start(pairs[kk].j)
		}
		<-ra.done
		<-rb.done
		if a, b := ra.page, rb.page; a != nil && b != nil {
			slots <- struct{}{}
			wg.Add(1)
			go func() {
				defer func() { <-slots; wg.Done() }()
				v := chk.Compare(a, b)
				rereads[k] = v.Reread
				same[k] = inkSame(v, ps[c.i], ps[c.j])
				// The same ink, numbers neither settled nor told apart:
				// most likely one page read worse, no evidence of two
				// records.
				unsure[k] = v.Same && !same[k]
			}()
		}
		for _, i := range []int{c.i, c.j} {
			if lastUse[i] == n {
				delete(renders, i)
			}
		}
	}
	// Renders started ahead of a loop cut short by ctx still finish.
	for _, r := range renders {
		<-r.done
	}
	wg.Wait()
	for _, r := range rereads {
		reread += r
	}
	return same, unsure, reread
}
