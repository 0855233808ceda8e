// Package dedupe finds exact and near-duplicate pages of a records packet
// (the same page faxed or scanned again) without ever merging distinct records.
//
// # Policy
//
// Two pages are copies of one page when one of these holds and no veto applies:
//   - exact: the same rendered-image hash, or both text layers with the same
//     normalised text;
//   - near (at least one copy OCR'd: two text layers are never misread, so
//     they are copies only when exact): their OCR-tolerant token sequences
//     align with a similarity of at least Policy.Threshold (default 0.85) and every difference is explained
//     by OCR noise: misread look-alike characters (O/0, l/1/I, rn/m, S/5),
//     split or joined words, at most Policy.MaxLostRun short words lost in a
//     row, up to three whole lines the worse OCR copy lost, specks read as scraps of letters, a smudged word or two (no number,
//     no protected word; one per page and one per 100 words, and one per four
//     letters misread elsewhere), a block read in
//     another order, and digits misread, lost or added within a budget (one
//     per 12 digits, and at most twice the letter errors and specks of the
//     same two copies; none between two text layers).
//
// Vetoes, any one of which keeps two pages apart: the record dates conflict
// (dates of service, exam, decision, RFA receipt: KeyKinds; both pages have
// some and neither set holds the other: OCR may garble a date on one copy,
// but never invents another); a differing stretch changes a date (both
// copies read a valid date there, they differ, and one is a record date or
// no record dates are known); a number differs beyond a misread, or more
// digits than the budget; a protected word (not, no, non, with, without,
// left, right, increased, decreased, mild, severe, approved, certified,
// non-certified, denied, modified, delayed, ...) changed or went missing; a
// changed word or line that is no plausible misreading (more than half its
// letters differ) beyond the smudge budget; more than MaxLostRun words
// missing in a row, or more lost words in all than OCR loses (2% of the page).
//
// Context. Matches along a diagonal (page i+t repeats page j+t) form a run, a
// duplicated multi-page document (Result.Runs). A run is rejected when the
// pages just outside it are the same template but not copies (the matching
// pages are then later pages of two distinct records, such as page 2 of
// a copy-forward note or the rights page of two letters from one vendor),
// unless the run starts at a dated page that is no continuation page (a
// record's first page: what precedes it is another document). Neighbours
// that read almost the same and fail only on the noise budget are no
// evidence: they are the next page read worse. A page matched
// inside a run is not also matched alone elsewhere. An undated page matched
// alone by two or more pages is boilerplate and is not matched. Pages with
// fewer than Policy.MinWords words (blank, a signature block) are matched
// only inside a run, next to a matched page. Two OCR'd pages of one image (a
// scan put in twice) match whatever their context. Fax transmission lines
// (FROM/TO, a page counter, a clock, a phone number, in the first or last
// three lines) are ignored.
//
// The best copy is kept: text layer over OCR over none, then higher DPI,
// then higher OCR confidence, judged over a whole run so a document is kept
// from one copy; ties go to the earliest page (Policy.KeepEarliest keeps the
// earliest always). Chains collapse onto the kept page. Cost is near-linear in
// pages: MinHash signatures of character 5-grams with LSH banding propose
// candidates, and only candidates are aligned.
package dedupe

import (
	"cmp"
	"context"
	"slices"

	"imrpacket/index"
	"imrpacket/ink"
	"imrpacket/internal/parallel"
)

// Text sources, as in index.
const (
	SourceTextLayer = index.SourceTextLayer
	SourceOCR       = index.SourceOCR
	SourceNone      = index.SourceNone
)

// Page is what dedupe needs to know about one source page.
type Page struct {
	Number        int    // 1-based source page
	Text          string // page text (text layer or OCR)
	TextSource    string // SourceTextLayer, SourceOCR or SourceNone
	ImageHash     string // hash of the rendered bitmap; "" when not rendered
	DPI           int
	OCRConfidence float64 // 0..1 or 0..100
	// Dates are the dates the extractor found on the page with their kinds
	// (index.Date*). Only a record's own dates key it (KeyKinds): a fax
	// header's timestamp, a date in history prose or the date of injury
	// is the same or meaningless across distinct records.
	Dates []Date
	// KeyDates are YYYY-MM-DD key dates of the page, used when Dates is nil.
	KeyDates []string
	// Words are the OCR'd words with their boxes, for the ink check
	// (FindWithImages); nil for a text layer.
	Words []ink.Word
	// Starts is the segmenter's probability that the page begins another
	// document after page Number-1 (classify.Classifier.Seams); 0 when
	// unknown. Pages that surely begin other documents next to a copied
	// stretch say nothing of whether it is a copy (acceptInContext).
	Starts float64
	// Kind is the page's type as the classifier reads the page alone
	// (ur_letter, progress_note, ...); "" when unknown. Two record first
	// pages of different kinds are no "one vendor's letters"
	// (acceptInContext), however much claim header they share.
	Kind string
}

// Date is one date the extractor found on a page.
type Date struct {
	Kind string // index.Date*
	Date string // YYYY-MM-DD
}

// KeyKinds are the kinds of date that identify a record: two pages that
// read different dates of these kinds are different records.
var KeyKinds = []string{index.DateService, index.DateExam, index.DateDecision, index.DateRequestReceived}

// keyDates returns the page's record dates: of Dates those of KeyKinds, or
// KeyDates when no Dates were given; sorted, without repeats.
func (p Page) keyDates() []string {
	var out []string
	if p.Dates == nil {
		out = slices.Clone(p.KeyDates)
	}
	for _, d := range p.Dates {
		if slices.Contains(KeyKinds, d.Kind) && d.Date != "" {
			out = append(out, d.Date)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Policy configures duplicate detection. The zero value means the defaults.
type Policy struct {
	// Threshold is the least similarity (0..1) of a near duplicate; 0 means 0.85.
	Threshold float64
	// Keep asks the packet stage to keep duplicates in packet.pdf and only
	// mark them; Find reports the same duplicates either way.
	Keep bool
	// Disabled turns detection off: Find returns no duplicates.
	Disabled bool
	// MinWords is how many words a page needs to be matched on its own;
	// shorter pages match only inside a duplicated run. 0 means 8.
	MinWords int
	// MaxLostRun is the most consecutive words one copy may miss (OCR
	// dropping faint words); 0 means 2.
	MaxLostRun int
	// KeepEarliest keeps the earliest copy instead of the best one.
	KeepEarliest bool
	// KeepFaxHeaders compares fax transmission lines too; by default they
	// are ignored because every transmission prints another number, time
	// and page counter on them.
	KeepFaxHeaders bool
}

// DefaultPolicy returns the policy Find uses for a zero Policy.
func DefaultPolicy() Policy {
	return Policy{}.withDefaults()
}

func (p Policy) withDefaults() Policy {
	if p.Threshold <= 0 {
		p.Threshold = 0.85
	}
	if p.MinWords <= 0 {
		p.MinWords = 8
	}
	if p.MaxLostRun <= 0 {
		p.MaxLostRun = 2
	}
	return p
}

// Run is a duplicated multi-page stretch recognised as a whole: source
// pages Pages[i] repeat kept pages Of[i], both consecutive.
type Run struct {
	Pages []int
	Of    []int
}

// Result lists the duplicates Find found.
type Result struct {
	// Duplicates has one entry per duplicate page, in source-page order,
	// pointing at the kept copy.
	Duplicates []index.Duplicate
	// Runs are duplicated stretches of two or more pages.
	Runs []Run
	// Keep is Policy.Keep: the packet stage keeps duplicates if true.
	Keep bool
	// InkChecked counts the pairs whose pages were rendered again for the
	// ink check, and Reread the places a number was read again there
	// (one Tesseract call on each page's crop, besides the page OCR).
	InkChecked, Reread int
}

// DuplicateOf maps each duplicate source page to its kept page.
func (r Result) DuplicateOf() map[int]int {
	m := make(map[int]int, len(r.Duplicates))
	for _, d := range r.Duplicates {
		m[d.SourcePage] = d.DuplicateOf
	}
	return m
}

// pair is two page indexes, lower first.
type pair struct{ i, j int }

type edge struct {
	i, j    int // indexes into the sorted pages, i < j
	sim     float64
	context bool
}

// negContext is the estimated gram Jaccard above which two neighbouring
// pages are "the same template": if they are not duplicates, the matching
// pages next to them are continuation pages of two distinct records
// (a copy-forward note's page 2, a vendor's rights page) and not
// duplicates either. Unrelated pages of one kind stay below it.
const negContext = 0.25

// lookalike is the estimated gram Jaccard above which two pages read almost
// the same, verified or not: an undated page with two such partners is
// boilerplate.
const lookalike = 0.9

// minCandidate is the least estimated gram Jaccard of a candidate pair worth
// aligning. A page and its noisiest fax overlap by 0.6 or more; bands of
// three rows also bring together pages overlapping by 0.1 to 0.3 (one
// vendor's letters, one clinic's notes), which could never pass.
const minCandidate = 0.4

// sameKind is the estimated gram Jaccard above which two record first
// pages are of one kind (one vendor's letters, one clinic's notes):
// unrelated pages overlap by less.
const sameKind = 0.08

// pairStart reports whether two copies of one page are a record's first
// page. OCR garbles a "Date of Service" label on one copy or a "Page 2"
// marker on another, so the better copy decides; between copies of like
// quality, either one reading as a first page will do when either is true,
// else both must.
func pairStart(a, b *prepared, either bool) bool {
	switch {
	case a.rank > b.rank:
		return a.start()
	case b.rank > a.rank:
		return b.start()
	case either:
		return a.start() || b.start()
	}
	return a.start() && b.start()
}

// noisyContext is the estimated gram Jaccard above which neighbours that
// fail only on the noise budget are no evidence either way.
const noisyContext = 0.8

// sameImage reports whether two OCR'd pages come from one page image: the
// same scan put in the packet twice. Two scans never match pixel for
// pixel, so this is no boilerplate printed twice, and the context rules,
// made for pages that merely read alike, do not apply.
func sameImage(a, b *prepared) bool {
	return a.ImageHash != "" && a.ImageHash == b.ImageHash && a.TextSource == SourceOCR && b.TextSource == SourceOCR
}

// Find returns the duplicate pages among pages, which may come in any order.
// It does no I/O and does not fail; text is never logged.
func Find(pages []Page, p Policy) Result {
	return FindWithImages(context.Background(), pages, p, nil)
}

// FindWithImages is Find with the ink check: two pages, at least one OCR'd,
// that the text rules keep apart for words, lines or numbers OCR misread
// or lost, and whose decision words and record dates agree, are copies
// when their page images carry the same ink and their disputed numbers,
// read again, do not differ (dedupe/ink.go). imgs may be nil.
func FindWithImages(ctx context.Context, pages []Page, p Policy, imgs Images) Result {
	res := Result{Keep: p.Keep}
	if p.Disabled || len(pages) < 2 {
		return res
	}
	pol := p.withDefaults()
	sorted := slices.Clone(pages)
	slices.SortStableFunc(sorted, func(a, b Page) int { return a.Number - b.Number })
	// Preparing and verifying are most of Find's time and independent per
	// page and per pair: on a born-digital packet no OCR hides them.
	ps := make([]*prepared, len(sorted))
	parallel.For(len(sorted), func(i int) {
		ps[i] = prepare(sorted[i], i, pol)
		ps[i].release()
	})
	// neighbour returns the index of the page d pages away, if present.
	neighbour := func(i, d int) int {
		j := i + d
		if j < 0 || j >= len(ps) || ps[j].Number != ps[i].Number+d {
			return -1
		}
		return j
	}

	// Candidates: LSH buckets and identical images, for pages with enough
	// text to stand on their own. The buckets are not keyed by the page's
	// numbers: a faxed copy misreads some of them.
	cands := map[pair]bool{}
	add := func(i, j int) {
		if i == j {
			return
		}
		if i > j {
			i, j = j, i
		}
		cands[pair{i, j}] = true
	}
	addGroup := func(members []int) {
		if len(members) <= 64 {
			for x := range members {
				for y := x + 1; y < len(members); y++ {
					add(members[x], members[y])
				}
			}
			return
		}
		// A huge bucket is one repeated boilerplate page: link each
		// member to a few neighbours in page order, enough to connect them.
		for x := range members {
			for y := x + 1; y < len(members) && y <= x+4; y++ {
				add(members[x], members[y])
			}
		}
	}
	buckets := map[uint64][]int{}
	images := map[string][]int{}
	for i, pp := range ps {
		if pp.thin {
			continue
		}
		for b := range numBands {
			k := bandKey(pp.sig, b)
			buckets[k] = append(buckets[k], i)
		}
		if pp.ImageHash != "" {
			images[pp.ImageHash] = append(images[pp.ImageHash], i)
		}
	}
	for _, m := range buckets {
		if len(m) > 1 {
			addGroup(m)
		}
	}
	for _, m := range images {
		if len(m) > 1 {
			addGroup(m)
		}
	}

	// Verify every candidate.
	list := make([]pair, 0, len(cands))
	for c := range cands {
		list = append(list, c)
	}
	type outcome struct {
		lookalike, ok, ink bool
		distinct           bool // verified as two records: never joined, even through copies
		sim                float64
	}
	outs := make([]outcome, len(list))
	parallel.For(len(list), func(k int) {
		a, b := ps[list[k].i], ps[list[k].j]
		o := &outs[k]
		jac := estJaccard(a.sig, b.sig)
		o.lookalike = jac >= lookalike
		switch {
		case a.ImageHash != "" && a.ImageHash == b.ImageHash:
			o.ok, o.sim = true, 1
		case jac < minCandidate:
			// met in one bucket by chance: not worth aligning
		default:
			sim, v := verify(a, b, pol)
			o.ok, o.sim = v == vOK, sim
			o.ink = imgs != nil && inkVerdict(v) && inkable(a, b)
			o.distinct = v == vKeyDates || v == vDatesRead || v == vDecision || v == vSubstance || v == vDigits
		}
	})
	var toInk []int
	var inkPairs []pair
	for k, c := range list {
		if outs[k].ink {
			toInk, inkPairs = append(toInk, k), append(inkPairs, c)
		}
	}
	same, unsure, reread := inkCheck(ctx, imgs, ps, inkPairs)
	if imgs != nil {
		res.InkChecked, res.Reread = len(inkPairs), reread
	}
	readWorse := map[pair]bool{}
	var datesRead []pair // pairs whose conflicting record dates the ink read again as one
	for n, same := range same {
		if unsure[n] {
			readWorse[inkPairs[n]] = true
		}
		if k, c := toInk[n], inkPairs[n]; same {
			// Text similarity says little of a page OCR read this badly:
			// report how much of their text the two share.
			outs[k].ok, outs[k].sim, outs[k].distinct = true, estJaccard(ps[c.i].sig, ps[c.j].sig), false
			if datesConflict(ps[c.i].keys, ps[c.j].keys) {
				datesRead = append(datesRead, c)
			}
		}
	}
	apart := map[int][]int{}
	for k, c := range list {
		if outs[k].distinct {
			apart[c.i], apart[c.j] = append(apart[c.i], c.j), append(apart[c.j], c.i)
		}
	}
	edges := map[pair]*edge{}
	lookalikes := map[pair]bool{}
	for k, c := range list {
		if outs[k].lookalike {
			lookalikes[c] = true
		}
		if outs[k].ok {
			edges[c] = &edge{i: c.i, j: c.j, sim: outs[k].sim}
		}
	}

	accepted := acceptInContext(ps, edges, lookalikes, readWorse, neighbour, pol)
	slices.SortFunc(accepted, func(a, b *edge) int {
		if a.i != b.i {
			return a.i - b.i
		}
		return a.j - b.j
	})

	// Thin pages (blank, a signature block) join a run their neighbours
	// established: the blank back of page 2 of a note faxed twice.
	inAccepted := map[pair]bool{}
	for _, e := range accepted {
		inAccepted[pair{e.i, e.j}] = true
	}
	// extend walks from e in direction d over the pairs of pages next to
	// its two pages, adding each pair join takes as a context edge. An
	// already accepted pair ends the walk, or is walked through when
	// through is set. Two blank pages (not the same image) join only
	// between joined pairs: a blank page says nothing of the record it
	// belongs to, and a run that ends beside two blank pages is as likely
	// to end beside two records' blank backs or separator sheets as
	// beside a copied blank back of its own.
	extend := func(e *edge, d int, through bool, join func(a, b *prepared) (float64, bool)) {
		i, j := e.i, e.j
		var blanks []*edge // joined blank pairs waiting for a joined pair after them
		commit := func() {
			for _, b := range blanks {
				inAccepted[pair{b.i, b.j}] = true
				accepted = append(accepted, b)
			}
			blanks = nil
		}
		for {
			ni, nj := neighbour(i, d), neighbour(j, d)
			if ni < 0 || nj < 0 || ni == e.j || nj == e.i || ni == j || nj == i {
				return
			}
			x, y := min(ni, nj), max(ni, nj)
			if inAccepted[pair{x, y}] {
				commit()
				if !through {
					return
				}
			} else {
				sim, ok := join(ps[ni], ps[nj])
				if !ok {
					return
				}
				ed := &edge{i: x, j: y, sim: sim, context: true}
				if a, b := ps[ni], ps[nj]; a.blank && b.blank && (a.ImageHash == "" || a.ImageHash != b.ImageHash) {
					blanks = append(blanks, ed)
				} else {
					commit()
					inAccepted[pair{x, y}] = true
					accepted = append(accepted, ed)
				}
			}
			i, j = ni, nj
		}
	}
	joinThin := func(a, b *prepared) (float64, bool) {
		if !a.thin || !b.thin {
			return 0, false
		}
		if a.ImageHash != "" && a.ImageHash == b.ImageHash {
			return 1, true
		}
		sim, v := verifyThin(a, b, pol)
		return sim, v == vOK
	}
	n := len(accepted)
	for k := 0; k < n; k++ {
		for _, d := range []int{-1, 1} {
			extend(accepted[k], d, false, joinThin)
		}
	}

	// A copied document whose first pages matched as the same record (a
	// record's first page, as the better copy reads it) carries on through
	// its continuation pages even where one copy reads worse than the noise
	// budget allows: pages that read almost the same and fail only on that
	// budget are the same page read worse, here where the record is already
	// known to be the same. Nothing else (a changed line, a decision word, a
	// date) is let through.
	joinWorse := func(a, b *prepared) (float64, bool) {
		if a.start() || b.start() || a.thin || b.thin || estJaccard(a.sig, b.sig) < noisyContext {
			return 0, false
		}
		sim, v := verify(a, b, pol)
		return sim, v == vNoisy
	}
	for k := 0; k < len(accepted); k++ {
		if e := accepted[k]; pairStart(ps[e.i], ps[e.j], true) {
			extend(e, 1, true, joinWorse)
		}
	}

	// Components, never joining pages whose key dates conflict, nor two
	// pages compared directly and found two records: a noisy copy that
	// verifies against both an original and its amended version must not
	// join them. The closest pairs join first.
	var uf *unionFind
	uf, accepted = joinGroups(ps, accepted, apart, datesRead, neighbour)
	best := map[pair]float64{}
	for _, e := range accepted {
		best[pair{e.i, e.j}] = e.sim
	}

	runRank := segmentRanks(ps, accepted, neighbour)
	comps := map[int][]int{}
	for i := range ps {
		if uf.linked[i] {
			r := uf.find(i)
			comps[r] = append(comps[r], i)
		}
	}
	for _, members := range comps {
		if len(members) < 2 {
			continue
		}
		keep := members[0]
		for _, m := range members[1:] {
			if better(ps, runRank, m, keep, pol.KeepEarliest) {
				keep = m
			}
		}
		for _, m := range members {
			if m == keep {
				continue
			}
			sim, ok := best[pair{min(m, keep), max(m, keep)}]
			if !ok {
				var v verdict
				sim, v = verify(ps[m], ps[keep], pol)
				if v != vOK {
					// Linked through a chain only: report the weakest link.
					sim = 1
					for _, e := range accepted {
						if e.i == m || e.j == m {
							sim = min(sim, e.sim)
						}
					}
				}
			}
			kind := index.DuplicateNear
			a, b := ps[m], ps[keep]
			if (a.ImageHash != "" && a.ImageHash == b.ImageHash) ||
				(a.TextSource == SourceTextLayer && b.TextSource == SourceTextLayer && a.textKy == b.textKy && !a.blank) {
				kind, sim = index.DuplicateExact, 1
			}
			res.Duplicates = append(res.Duplicates, index.Duplicate{
				SourcePage:  a.Number,
				DuplicateOf: b.Number,
				Kind:        kind,
				Similarity:  round3(sim),
			})
		}
	}
	slices.SortFunc(res.Duplicates, func(a, b index.Duplicate) int { return a.SourcePage - b.SourcePage })
	res.Runs = runs(res.Duplicates)
	return res
}

// acceptInContext keeps the verified matches their neighbours support.
//
// Matches come in runs along a diagonal (i+t matches j+t). A run whose
// outside neighbours on either end are the same template but not duplicates
// is a stretch of identical continuation pages of two distinct records and
// is rejected as a whole. A run longer than the distance between its copies
// overlaps itself (letters A, B and a rescan of B in a row): its windows of
// that length are judged one by one. A lone match is also rejected when
// either page matches elsewhere inside a run, or matches two or more other
// pages alone and carries no date of its own (boilerplate shared by many
// letters; three copies of one dated page are a page fed three times).
func acceptInContext(ps []*prepared, edges map[pair]*edge, lookalikes, readWorse map[pair]bool, neighbour func(int, int) int, pol Policy) []*edge {
	negativeEnd := func(i, j int) bool {
		if i < 0 || j < 0 || i == j || ps[i].thin || ps[j].thin {
			return false
		}
		if edges[pair{min(i, j), max(i, j)}] != nil || readWorse[pair{min(i, j), max(i, j)}] {
			return false
		}
		jac := estJaccard(ps[i].sig, ps[j].sig)
		if jac < negContext {
			return false
		}
		// Near-identical neighbours that failed only on the noise budget
		// are most likely the same page read worse, not another record.
		if jac >= noisyContext {
			if _, v := verify(ps[i], ps[j], pol); v == vNoisy {
				return false
			}
		}
		return true
	}
	// Continuation pages that follow the first pages of two distinct
	// records (their record dates conflict) of one kind belong to those
	// records: page 2 of two letters from one vendor, however alike.
	otherRecords := func(i, j int, e *edge) bool {
		if i < 0 || j < 0 || i == j || edges[pair{min(i, j), max(i, j)}] != nil {
			return false
		}
		a, b := ps[i], ps[j]
		if !a.start() || !b.start() || !datesConflict(a.keys, b.keys) || ps[e.i].dated && ps[e.j].dated {
			return false
		}
		if a.Kind != "" && b.Kind != "" && a.Kind != b.Kind {
			return false // a UR letter and a note share a claim header, not a kind
		}
		return estJaccard(a.sig, b.sig) >= sameKind
	}
	// A pair of record first pages starts a run of its own: a stretch
	// that crosses into another record on both sides is two matches (a
	// vendor's rights page, then a note copied elsewhere), not one copied
	// document.
	starts := func(i, j int) bool { return pairStart(ps[i], ps[j], false) }
	var runs [][]*edge
	for c, e := range edges {
		if pi, pj := neighbour(c.i, -1), neighbour(c.j, -1); pi >= 0 && pj >= 0 && edges[pair{pi, pj}] != nil && !starts(c.i, c.j) {
			continue // not the start of a run
		}
		run := []*edge{e}
		for {
			last := run[len(run)-1]
			ni, nj := neighbour(last.i, 1), neighbour(last.j, 1)
			if ni < 0 || nj < 0 || edges[pair{ni, nj}] == nil || starts(ni, nj) {
				break
			}
			run = append(run, edges[pair{ni, nj}])
		}
		runs = append(runs, run)
	}
	ok := map[*edge]bool{}
	for _, run := range runs {
		k := run[0].j - run[0].i
		w := min(len(run), max(k, 1))
		for s := 0; s+w <= len(run); s++ {
			win := run[s : s+w]
			first, last := win[0], win[len(win)-1]
			// A dated first page that is no continuation page starts a
			// record: what precedes it is another document (a fax cover,
			// say), not evidence. Likewise such a page after the run.
			// So does a run that starts on both documents' first pages
			// ("Page 1 of 2"): what precedes it is another document.
			begins := ps[first.i].firstOf > 0 && ps[first.i].firstOf == ps[first.j].firstOf ||
				otherDocument(ps[first.i], ps[first.j])
			before := !begins && !pairStart(ps[first.i], ps[first.j], true) &&
				(negativeEnd(neighbour(first.i, -1), neighbour(first.j, -1)) ||
					otherRecords(neighbour(first.i, -1), neighbour(first.j, -1), first))
			// A run that ends on both documents' last pages ("Page 2 of
			// 2") has its documents whole: what follows is another
			// document, however alike (an undated form's first page).
			ai, aj := neighbour(last.i, 1), neighbour(last.j, 1)
			ends := ps[last.i].lastOf > 0 && ps[last.i].lastOf == ps[last.j].lastOf
			// The better copy says whether the pages after start a record:
			// OCR that loses a noisy copy's page counter makes its page 6
			// look like a first page.
			after := ai >= 0 && aj >= 0 && !ends && !pairStart(ps[ai], ps[aj], false) &&
				!otherDocument(ps[ai], ps[aj]) && negativeEnd(ai, aj)
			// A page right after its copy was fed twice: the pages around
			// the pair are each one copy's neighbour and the other copy
			// itself, no second record's context (consecutive visits'
			// notes, the second one fed twice).
			if k != 1 && (before || after) {
				continue
			}
			for _, e := range win {
				ok[e] = true
				e.context = e.context || len(win) > 1
			}
		}
	}
	inRun := make([]bool, len(ps))
	for e := range ok {
		if e.context {
			inRun[e.i], inRun[e.j] = true, true
		}
	}
	// Boilerplate is counted over every verified lone match, not only the
	// accepted ones: whether the context rejected a match depends on how
	// alike its neighbours happen to be, and the boilerplate does not.
	// A page matching the page right after it was fed twice; the pair
	// counts as one page, and is no boilerplate: a vendor's rights page
	// follows each letter's first page, not itself.
	adjacent := func(e *edge) bool { return neighbour(e.i, 1) == e.j }
	twin := func(i int) int {
		if p := neighbour(i, -1); p >= 0 && edges[pair{p, i}] != nil {
			return p
		}
		return i
	}
	partners := make([]map[int]bool, len(ps))
	addPartners := func(e *edge) {
		for _, x := range [][2]int{{e.i, twin(e.j)}, {e.j, twin(e.i)}} {
			if partners[x[0]] == nil {
				partners[x[0]] = map[int]bool{}
			}
			partners[x[0]][x[1]] = true
		}
	}
	// A lone match whose neighbours are the same page read worse (they
	// read almost the same and fail only on the noise budget) is a copy of
	// a document, not boilerplate: a document rescanned twice puts three
	// copies of its undated page 2 in the packet.
	supported := func(e *edge) bool {
		for _, d := range []int{-1, 1} {
			i, j := neighbour(e.i, d), neighbour(e.j, d)
			if i < 0 || j < 0 || i == j || ps[i].thin || ps[j].thin {
				continue
			}
			if edges[pair{min(i, j), max(i, j)}] != nil || readWorse[pair{min(i, j), max(i, j)}] {
				return true
			}
			if estJaccard(ps[i].sig, ps[j].sig) >= noisyContext {
				if _, v := verify(ps[i], ps[j], pol); v == vNoisy {
					return true
				}
			}
		}
		return false
	}
	for _, run := range runs {
		if e := run[0]; len(run) == 1 && !adjacent(e) && !supported(e) {
			addPartners(e)
		}
	}
	// Pages that read almost the same but failed verification count too:
	// boilerplate read a little worse on one copy is still boilerplate.
	for c := range lookalikes {
		if e := (&edge{i: c.i, j: c.j}); edges[c] == nil && !adjacent(e) {
			addPartners(e)
		}
	}
	alone := func(i int) int { return len(partners[i]) }
	// An undated page whose lone matches are all first pages of one
	// record (the same record dates), verified copies of each other, is
	// that record with its date unread: a noisy scan loses a "Date of
	// Service" line. Boilerplate is undated on every copy.
	oneRecord := func(i int) bool {
		var ks []int
		for p := range partners[i] {
			ks = append(ks, p)
		}
		for x, p := range ks {
			for _, q := range ks[x+1:] {
				if !sameRecordStart(ps[p], ps[q]) || edges[pair{min(p, q), max(p, q)}] == nil {
					return false
				}
			}
		}
		return len(ks) > 1 // so every partner was in a pair
	}
	var out []*edge
	for _, e := range edges {
		if !ok[e] && sameImage(ps[e.i], ps[e.j]) {
			ok[e] = true
		}
	}
	for e := range ok {
		if e.context || sameImage(ps[e.i], ps[e.j]) {
			out = append(out, e)
			continue
		}
		// Matching inside a run as well as alone is what a continuation
		// page shared by two records does; a first page carrying the same
		// record dates as its lone match is that record sent once more.
		if (inRun[e.i] || inRun[e.j]) && !adjacent(e) && !supported(e) && !sameRecordStart(ps[e.i], ps[e.j]) {
			continue
		}
		if (alone(e.i) > 1 || alone(e.j) > 1) && !ps[e.i].dated && !adjacent(e) && !oneRecord(e.i) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// surelyStarts is the seam probability (Page.Starts) over which a page
// begins another document. Measured on dev sets seeds 7600 and 7700 (OCR
// text, duplicates in): no seam inside a document reached 0.5 (305
// seams), and 571 of 592 seams between documents reached 0.95.
const surelyStarts = 0.9

// otherDocument reports whether the segmenter is sure both a and b begin
// another document after the pages before them: the pages before a copied
// stretch, or after it, then belong to other documents, and how alike they
// read is no evidence on the stretch (a proof of service sent twice, each
// time followed by another request form). Inside a document, where an
// amended note's second page differs from the original's, the seam is
// never so sure.
func otherDocument(a, b *prepared) bool {
	return a.Starts >= surelyStarts && b.Starts >= surelyStarts
}

// sameRecordStart reports whether a and b are first pages carrying the
// same record dates (at least one, and no other on either page).
func sameRecordStart(a, b *prepared) bool {
	return a.start() && b.start() && len(a.keys) > 0 && slices.Equal(a.keys, b.keys)
}

// verifyThin compares two short pages met inside a duplicated run.
func verifyThin(a, b *prepared, pol Policy) (float64, verdict) {
	if a.blank && b.blank {
		return 1, vOK
	}
	return verify(a, b, pol)
}

// segmentRanks gives each page in a duplicated run the mean rank of its side
// of the longest run it is in, so a run is kept from one copy.
func segmentRanks(ps []*prepared, accepted []*edge, neighbour func(int, int) int) []float64 {
	set := map[pair]bool{}
	for _, e := range accepted {
		set[pair{e.i, e.j}] = true
	}
	rr := make([]float64, len(ps))
	seg := make([]int, len(ps))
	for i, p := range ps {
		rr[i] = p.rank
	}
	for _, e := range accepted {
		pi, pj := neighbour(e.i, -1), neighbour(e.j, -1)
		if pi >= 0 && pj >= 0 && set[pair{pi, pj}] {
			continue // not the start of a segment
		}
		var as, bs []int
		i, j := e.i, e.j
		for i >= 0 && j >= 0 && set[pair{i, j}] {
			as, bs = append(as, i), append(bs, j)
			i, j = neighbour(i, 1), neighbour(j, 1)
		}
		if len(as) < 2 {
			continue
		}
		for _, side := range [][]int{as, bs} {
			sum := 0.0
			for _, k := range side {
				sum += ps[k].rank
			}
			mean := sum / float64(len(side))
			for _, k := range side {
				if len(side) > seg[k] {
					seg[k], rr[k] = len(side), mean
				}
			}
		}
	}
	return rr
}

// better reports whether copy a should be kept over copy b.
func better(ps []*prepared, runRank []float64, a, b int, earliest bool) bool {
	if !earliest {
		if runRank[a] != runRank[b] {
			return runRank[a] > runRank[b]
		}
		if ps[a].rank != ps[b].rank {
			return ps[a].rank > ps[b].rank
		}
	}
	return ps[a].Number < ps[b].Number
}

// runs finds consecutive duplicates of consecutive kept pages.
func runs(ds []index.Duplicate) []Run {
	var out []Run
	for i := 0; i < len(ds); {
		j := i + 1
		for j < len(ds) && ds[j].SourcePage == ds[j-1].SourcePage+1 && ds[j].DuplicateOf == ds[j-1].DuplicateOf+1 {
			j++
		}
		if j-i >= 2 {
			r := Run{}
			for _, d := range ds[i:j] {
				r.Pages = append(r.Pages, d.SourcePage)
				r.Of = append(r.Of, d.DuplicateOf)
			}
			out = append(out, r)
		}
		i = j
	}
	return out
}

func round3(x float64) float64 {
	return float64(int(x*1000+0.5)) / 1000
}

// unionFind joins pages into duplicate groups, refusing a join that would
// put two different sets of key dates, or two pages apart, in one group.
type unionFind struct {
	parent  []int
	dates   [][]string
	linked  []bool
	apart   map[int][]int // pages verified as other records than these
	members map[int][]int // a group's pages, by root, once it has two
}

func newUnionFind(ps []*prepared) *unionFind {
	u := &unionFind{parent: make([]int, len(ps)), dates: make([][]string, len(ps)), linked: make([]bool, len(ps))}
	for i, p := range ps {
		u.parent[i] = i
		u.dates[i] = p.keys
	}
	return u
}

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// joinGroups joins accepted matches into groups, the closest first, never
// pages whose key dates conflict nor pages apart (verified as two records).
// A run is one copied document: where one of its pairs may not join as
// apart, the rest of the run goes too (an amended note's page 2, the same
// as the original's, carried along by a noisy copy of page 1 that verified
// against both versions). Pairs in datesRead had their conflicting record
// dates read again as one by the ink check. It returns the groups and the
// matches kept.
func joinGroups(ps []*prepared, accepted []*edge, apart map[int][]int, datesRead []pair, neighbour func(int, int) int) (*unionFind, []*edge) {
	onDiagonal := map[pair]*edge{}
	for _, e := range accepted {
		onDiagonal[pair{e.i, e.j}] = e
	}
	join := func() (*unionFind, map[*edge]bool) {
		uf := newUnionFind(ps)
		uf.apart = apart
		// A copy whose record dates the ink read again as the other's joins
		// its group with the better copy's dates: its own were misread.
		for _, c := range datesRead {
			worse, better := c.i, c.j
			if ps[c.i].rank > ps[c.j].rank {
				worse, better = c.j, c.i
			}
			uf.dates[worse] = uf.dates[better]
		}
		byClose := slices.Clone(accepted)
		slices.SortStableFunc(byClose, func(a, b *edge) int { return cmp.Compare(b.sim, a.sim) })
		drop := map[*edge]bool{}
		for _, e := range byClose {
			if uf.union(e.i, e.j) != refusedApart {
				continue
			}
			for _, d := range []int{-1, 1} {
				for i, j := neighbour(e.i, d), neighbour(e.j, d); i >= 0 && j >= 0; i, j = neighbour(i, d), neighbour(j, d) {
					next := onDiagonal[pair{min(i, j), max(i, j)}]
					if next == nil || !next.context {
						break
					}
					drop[next] = true
				}
			}
		}
		return uf, drop
	}
	uf, drop := join()
	if len(drop) > 0 {
		accepted = slices.DeleteFunc(slices.Clone(accepted), func(e *edge) bool { return drop[e] })
		uf, _ = join()
	}
	return uf, accepted
}

// How a union ended.
type joinResult int

const (
	joined joinResult = iota
	refusedDates
	refusedApart
)

func (u *unionFind) union(a, b int) joinResult {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return joined
	}
	if datesConflict(u.dates[ra], u.dates[rb]) {
		return refusedDates
	}
	group := func(r int) []int {
		if m, ok := u.members[r]; ok {
			return m
		}
		return []int{r}
	}
	ma, mb := group(ra), group(rb)
	for _, x := range ma {
		for _, y := range u.apart[x] {
			if u.find(y) == rb {
				return refusedApart
			}
		}
	}
	if u.members == nil {
		u.members = map[int][]int{}
	}
	// mb is the group's own slice, or a new one for a lone page.
	u.members[rb] = append(mb, ma...)
	delete(u.members, ra)
	u.dates[rb] = unionDates(u.dates[ra], u.dates[rb])
	u.parent[ra] = rb
	u.linked[a], u.linked[b] = true, true
	return joined
}
