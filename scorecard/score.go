package scorecard

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"imrpacket/index"
)

// ScoredDateKinds are the date kinds with targets (issue 5).
var ScoredDateKinds = []string{index.DateDecision, index.DateRequestReceived, index.DateService, index.DateExam, index.DateInjury}

// Counts is a true-positive / false-positive / false-negative tally.
type Counts struct{ TP, FP, FN int }

// Precision is TP/(TP+FP), 1 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN), 1 when there was nothing to find.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Card accumulates scores over packets.
type Card struct {
	Packets int
	Pages   int
	Seconds float64

	// Confusion[truth][predicted] counts pages.
	Confusion    map[string]map[string]int
	NoisyTotal   int
	NoisyCorrect int
	// PageConf and PageRight hold each scored page's type confidence and
	// whether its type was right: the calibration the issue asks for is
	// measured, not assumed.
	PageConf  []float64
	PageRight []bool
	// Review counts pages flagged needs_review, and how many of them
	// were typed wrong; Unflagged how many wrong pages went unflagged.
	Review, ReviewWrong, UnflaggedWrong int

	DocTotal int
	DocExact int

	Dates map[string]*Counts
	// DateMisses names each date counted missed and why, without the
	// date itself: the dev-set harness prints them, eval does not.
	DateMisses []DateMiss

	Treatments      Counts
	DecisionTotal   int
	DecisionCorrect int

	Duplicates  Counts
	FalseMerges int

	// TextConfusion[truth][predicted] counts single texts (the MTSamples
	// test split) classified alone, outside any packet.
	TextConfusion map[string]map[string]int

	Failures []string
}

// AddText records the type predicted for one stand-alone text.
func (c *Card) AddText(truth, predicted string) {
	if c.TextConfusion == nil {
		c.TextConfusion = map[string]map[string]int{}
	}
	if c.TextConfusion[truth] == nil {
		c.TextConfusion[truth] = map[string]int{}
	}
	c.TextConfusion[truth][predicted]++
}

// TextAccuracy is the share of stand-alone texts typed right (0 when none).
func (c *Card) TextAccuracy() float64 {
	var n, ok int
	for t, row := range c.TextConfusion {
		for p, k := range row {
			n += k
			if p == t {
				ok += k
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ok) / float64(n)
}

// NewCard returns an empty scorecard.
func NewCard() *Card {
	c := &Card{Confusion: map[string]map[string]int{}, Dates: map[string]*Counts{}}
	for _, t := range index.Types {
		c.Confusion[t] = map[string]int{}
	}
	for _, k := range ScoredDateKinds {
		c.Dates[k] = &Counts{}
	}
	return c
}

// Fail records a packet the pipeline could not process.
func (c *Card) Fail(name string, err error) {
	c.Packets++
	c.Failures = append(c.Failures, fmt.Sprintf("%s: %v", name, err))
}

// Add scores one packet's index against its truth.
func (c *Card) Add(idx *index.Index, t *Truth, seconds float64) {
	c.Packets++
	c.Pages += len(t.Pages)
	c.Seconds += seconds

	pred := map[int]index.Page{}
	for _, p := range idx.Pages {
		pred[p.SourcePage] = p
	}
	for _, tp := range t.Pages {
		pp, ok := pred[tp.SourcePage]
		got := "missing"
		if ok {
			got = pp.Type
		}
		if c.Confusion[tp.Type] == nil {
			c.Confusion[tp.Type] = map[string]int{}
		}
		c.Confusion[tp.Type][got]++
		if ok {
			right := got == tp.Type
			c.PageConf = append(c.PageConf, pp.Confidence)
			c.PageRight = append(c.PageRight, right)
			switch {
			case pp.NeedsReview:
				c.Review++
				if !right {
					c.ReviewWrong++
				}
			case !right:
				c.UnflaggedWrong++
			}
		}
		if isNoisy(tp.Rendering) {
			c.NoisyTotal++
			if got == tp.Type {
				c.NoisyCorrect++
			}
		}
	}

	c.scoreDuplicates(idx, t)
	c.scoreDocuments(idx, t, pred)
}

func isNoisy(rendering string) bool {
	r := strings.ToLower(rendering)
	return strings.Contains(r, "fax") || strings.Contains(r, "noisy")
}

func (c *Card) scoreDuplicates(idx *index.Index, t *Truth) {
	group := t.Groups()
	expected := map[int]int{}
	for _, g := range group {
		expected[g]++
	}
	want := 0
	for _, n := range expected {
		want += n - 1
	}
	tp := 0
	for _, d := range idx.Duplicates {
		if group[d.SourcePage] != 0 && group[d.SourcePage] == group[d.DuplicateOf] {
			tp++
		} else {
			c.Duplicates.FP++
			c.FalseMerges++
		}
	}
	c.Duplicates.TP += tp
	if want > tp {
		c.Duplicates.FN += want - tp
	}
}

// Groups maps each page to the root of its duplicate chain, so a
// prediction that keeps the later copy and drops the earlier one still counts.
func (t *Truth) Groups() map[int]int {
	parent := map[int]int{}
	for _, p := range t.Pages {
		parent[p.SourcePage] = p.SourcePage
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range t.Pages {
		if p.DuplicateOf != nil {
			if _, ok := parent[*p.DuplicateOf]; ok {
				parent[find(p.SourcePage)] = find(*p.DuplicateOf)
			}
		}
	}
	out := map[int]int{}
	for _, p := range t.Pages {
		out[p.SourcePage] = find(p.SourcePage)
	}
	return out
}

func (c *Card) scoreDocuments(idx *index.Index, t *Truth, pred map[int]index.Page) {
	kept := func(p int) bool {
		pp, ok := pred[p]
		return ok && pp.DuplicateOf == nil
	}
	docOf := map[int]int{} // source page -> index into idx.Documents
	for i, d := range idx.Documents {
		for _, p := range d.SourcePages {
			docOf[p] = i
		}
	}
	truthOf := map[int]int{}
	for i, d := range t.Documents {
		for _, p := range d.Pages() {
			truthOf[p] = i
		}
	}
	// Each document is matched to the other side's document sharing the most
	// of its kept pages; dates and treatments are compared across that match.
	truthMatch := make([]int, len(t.Documents))
	for i, td := range t.Documents {
		truthMatch[i] = -1
		var keptPages []int
		for _, p := range td.Pages() {
			if kept(p) {
				keptPages = append(keptPages, p)
			}
		}
		if len(keptPages) == 0 {
			continue
		}
		c.DocTotal++
		votes := map[int]int{}
		for _, p := range keptPages {
			if di, ok := docOf[p]; ok {
				votes[di]++
			}
		}
		truthMatch[i] = argmax(votes)
		if truthMatch[i] >= 0 && sameSet(idx.Documents[truthMatch[i]].SourcePages, keptPages) {
			c.DocExact++
		}
	}
	predMatch := make([]int, len(idx.Documents))
	for i, d := range idx.Documents {
		votes := map[int]int{}
		for _, p := range d.SourcePages {
			if ti, ok := truthOf[p]; ok {
				votes[ti]++
			}
		}
		predMatch[i] = argmax(votes)
	}

	for i, td := range t.Documents {
		var got *index.Document
		if truthMatch[i] >= 0 {
			got = &idx.Documents[truthMatch[i]]
		} else if !anyKept(td.Pages(), kept) {
			continue // every page was (rightly or not) dropped as a duplicate
		}
		for _, k := range ScoredDateKinds {
			for d := range truthDates(td, k) {
				if got != nil && predDates(got, k)[d] {
					c.Dates[k].TP++
				} else {
					c.Dates[k].FN++
					c.DateMisses = append(c.DateMisses, missCause(idx, t, td, k, d, got, docOf, pred))
				}
			}
		}
		c.scoreTreatmentsFN(td, got)
	}
	for i := range idx.Documents {
		d := &idx.Documents[i]
		var want *TruthDocument
		if predMatch[i] >= 0 {
			want = &t.Documents[predMatch[i]]
		}
		for _, k := range ScoredDateKinds {
			for dt := range predDates(d, k) {
				if want == nil || !truthDates(*want, k)[dt] {
					c.Dates[k].FP++
				}
			}
		}
		c.scoreTreatmentsFP(d, want)
	}
}

func anyKept(pages []int, kept func(int) bool) bool {
	for _, p := range pages {
		if kept(p) {
			return true
		}
	}
	return false
}

func argmax(votes map[int]int) int {
	best, bestN := -1, 0
	for k, n := range votes {
		if n > bestN || (n == bestN && k < best) {
			best, bestN = k, n
		}
	}
	return best
}

func sameSet(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[int]bool{}
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		if !m[x] {
			return false
		}
	}
	return true
}

// DateMiss is one date of the truth the prediction did not give its
// document, with the stage that lost it.
type DateMiss struct {
	Kind      string
	Page      int
	Rendering string
	// Cause is "no document" (no predicted document holds the truth
	// document's kept pages), "duplicate" (the date's page was dropped as a
	// duplicate of a page elsewhere), "segmentation" (the page sits in
	// another predicted document than the one matched), "read as KIND"
	// or "not read" (extraction).
	Cause string
}

func missCause(idx *index.Index, t *Truth, td TruthDocument, kind, date string, got *index.Document, docOf map[int]int, pred map[int]index.Page) DateMiss {
	m := DateMiss{Kind: kind}
	for _, dt := range td.Dates {
		if dt.Kind == kind && dt.Date == date {
			m.Page = dt.SourcePage
			break
		}
	}
	for _, p := range t.Pages {
		if p.SourcePage == m.Page {
			m.Rendering = p.Rendering
		}
	}
	pp, ok := pred[m.Page]
	di, inDoc := docOf[m.Page]
	switch {
	case got == nil:
		m.Cause = "no document"
	case ok && pp.DuplicateOf != nil:
		m.Cause = "duplicate"
	case !inDoc:
		m.Cause = "page in no document"
	case &idx.Documents[di] != got:
		m.Cause = "segmentation"
	default:
		m.Cause = "not read"
		for _, dt := range got.Dates {
			if dt.Date == date {
				m.Cause = "read as " + dt.Kind
				break
			}
		}
	}
	return m
}

func truthDates(d TruthDocument, kind string) map[string]bool {
	out := map[string]bool{}
	for _, dt := range d.Dates {
		if dt.Kind == kind {
			out[dt.Date] = true
		}
	}
	return out
}

func predDates(d *index.Document, kind string) map[string]bool {
	out := map[string]bool{}
	for _, dt := range d.Dates {
		if dt.Kind == kind {
			out[dt.Date] = true
		}
	}
	return out
}

// Treatment matching: the same code when both sides have one, otherwise
// word overlap, because the printed wording is what the extractor returns.
func (c *Card) scoreTreatmentsFN(td TruthDocument, got *index.Document) {
	var pred []index.Treatment
	if got != nil {
		pred = got.Treatments
	}
	pairs, unmatchedTruth, _ := matchTreatments(td.Treatments, pred)
	c.Treatments.TP += len(pairs)
	c.Treatments.FN += unmatchedTruth
	for _, pr := range pairs {
		c.DecisionTotal++
		if pr.truth.Decision == pr.pred.Decision {
			c.DecisionCorrect++
		}
	}
}

func (c *Card) scoreTreatmentsFP(d *index.Document, want *TruthDocument) {
	var truth []TruthTreatment
	if want != nil {
		truth = want.Treatments
	}
	_, _, unmatchedPred := matchTreatments(truth, d.Treatments)
	c.Treatments.FP += unmatchedPred
}

type treatmentPair struct {
	truth TruthTreatment
	pred  index.Treatment
}

func matchTreatments(truth []TruthTreatment, pred []index.Treatment) (pairs []treatmentPair, unmatchedTruth, unmatchedPred int) {
	used := make([]bool, len(pred))
	for _, tt := range truth {
		best, bestScore := -1, 0.0
		for j, pt := range pred {
			if used[j] {
				continue
			}
			s := treatmentSimilarity(tt, pt)
			if s > bestScore {
				best, bestScore = j, s
			}
		}
		if best >= 0 && bestScore >= 0.5 {
			used[best] = true
			pairs = append(pairs, treatmentPair{tt, pred[best]})
		} else {
			unmatchedTruth++
		}
	}
	for _, u := range used {
		if !u {
			unmatchedPred++
		}
	}
	return pairs, unmatchedTruth, unmatchedPred
}

func treatmentSimilarity(t TruthTreatment, p index.Treatment) float64 {
	if t.Code != "" && p.Code != "" {
		if strings.EqualFold(t.Code, p.Code) {
			return 1
		}
	}
	return jaccard(words(t.Text), words(p.Text))
}

func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		out[w] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// PageAccuracy is the share of pages whose type is right.
func (c *Card) PageAccuracy() float64 {
	total, right := 0, 0
	for tt, row := range c.Confusion {
		for pt, n := range row {
			total += n
			if tt == pt {
				right += n
			}
		}
	}
	return ratio(right, total)
}

// ClassCounts returns per-type page counts from the confusion matrix.
func (c *Card) ClassCounts(typ string) Counts {
	var k Counts
	for tt, row := range c.Confusion {
		for pt, n := range row {
			switch {
			case tt == typ && pt == typ:
				k.TP += n
			case tt == typ:
				k.FN += n
			case pt == typ:
				k.FP += n
			}
		}
	}
	return k
}

// MacroF1 is the mean F1 over the four page types.
func (c *Card) MacroF1() float64 {
	sum := 0.0
	for _, t := range index.Types {
		sum += c.ClassCounts(t).F1()
	}
	return sum / float64(len(index.Types))
}

// ECE is the expected calibration error of page type confidences: over
// ten equal-width confidence bins, the page-weighted gap between mean
// confidence and accuracy. 0 is perfectly calibrated.
func (c *Card) ECE() float64 {
	const bins = 10
	var n [bins]int
	var conf, right [bins]float64
	for i, p := range c.PageConf {
		b := min(max(int(p*bins), 0), bins-1)
		n[b]++
		conf[b] += p
		if c.PageRight[i] {
			right[b]++
		}
	}
	e := 0.0
	for b := range bins {
		if n[b] > 0 {
			e += math.Abs(conf[b]-right[b]) / float64(len(c.PageConf))
		}
	}
	return e
}

// MeanConfidence is the mean page type confidence (0 when none).
func (c *Card) MeanConfidence() float64 {
	if len(c.PageConf) == 0 {
		return 0
	}
	s := 0.0
	for _, p := range c.PageConf {
		s += p
	}
	return s / float64(len(c.PageConf))
}

// NoisyAccuracy is page-type accuracy on fax and noisy-scan pages.
func (c *Card) NoisyAccuracy() float64 { return ratio(c.NoisyCorrect, c.NoisyTotal) }

// SegmentationExact is the share of documents segmented with exactly the
// truth's page set.
func (c *Card) SegmentationExact() float64 { return ratio(c.DocExact, c.DocTotal) }

// DecisionAccuracy is the share of found treatments with the right decision.
func (c *Card) DecisionAccuracy() float64 { return ratio(c.DecisionCorrect, c.DecisionTotal) }

// SecondsPerPage is processing time over source pages.
func (c *Card) SecondsPerPage() float64 {
	if c.Pages == 0 {
		return 0
	}
	return c.Seconds / float64(c.Pages)
}

func sortedKeys(m map[string]map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
