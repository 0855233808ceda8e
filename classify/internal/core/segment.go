package core

import (
	"math"
	"strings"

	"imrpacket/classify/internal/features"
	"imrpacket/classify/internal/linear"
	"imrpacket/index"
	"imrpacket/internal/parallel"
)

// BoundaryBits sizes the boundary model's (dense) feature space.
const BoundaryBits = 5

// View is what the classifier knows about one page before looking at neighbours.
type View = pageView

// Views computes the per-page views of a packet, on every core: each page's
// view is its own, and they are most of classifying a packet.
func (c *Classifier) Views(pages []PageInput) []*View {
	vs := make([]*View, len(pages))
	parallel.For(len(pages), func(i int) { vs[i] = c.view(pages[i]) })
	return vs
}

// NumBoundaryFeatures is the length of BoundaryFeatures' vector.
const NumBoundaryFeatures = 21

// BoundaryFeatures describes the seam between two consecutive pages: does cur
// begin a new document? Index 0 is the bias.
func (c *Classifier) BoundaryFeatures(prev, cur *View) []float64 {
	f := make([]float64, NumBoundaryFeatures)
	f[0] = 1
	f[1] = logit(cur.startP)
	f[2] = logit(prev.startP)
	agree := 0.0
	for t := range cur.typeP {
		agree += cur.typeP[t] * prev.typeP[t]
	}
	f[3] = agree
	sagree := 0.0
	for s := range cur.subP {
		sagree += cur.subP[s] * prev.subP[s]
	}
	f[4] = sagree
	switch {
	case cur.keyDate != "" && prev.keyDate != "" && cur.keyDate != prev.keyDate:
		f[5] = 1
	case cur.keyDate != "" && cur.keyDate == prev.keyDate:
		f[6] = 1
	case cur.keyDate != "" && prev.keyDate == "":
		f[7] = 1
	}
	if cur.k == 1 {
		f[8] = 1
	}
	if cur.k > 1 {
		switch {
		case prev.k == cur.k-1 && prev.m == cur.m:
			f[9] = 1
		case prev.k > 0 || cur.m > 0:
			f[10] = 1 // the numbering breaks off
		}
		// A bare "Page 2" after a page with no number: first pages often
		// print none, so that says nothing either way.
	}
	if prev.k > 0 && prev.k == prev.m {
		f[11] = 1
	}
	f[12] = jaccard(prev.top, cur.top)
	if cur.empty {
		f[13] = 1
	}
	if prev.empty {
		f[14] = 1
	}
	if argmax(cur.typeP) != argmax(prev.typeP) {
		f[15] = cur.typeP[argmax(cur.typeP)] * prev.typeP[argmax(prev.typeP)]
	}
	if cur.title != "" {
		f[16] = 1
	}
	if cur.title != "" && cur.title == prev.title {
		f[17] = 1
	}
	// A sentence running over the seam holds the two pages together, whatever
	// either page prints at its head or foot.
	if cur.opensMid {
		f[18] = 1
	}
	if prev.endsMid {
		f[19] = 1
	}
	if cur.opensMid && prev.endsMid {
		f[20] = 1
	}
	return f
}

func logit(p float64) float64 {
	p = min(max(p, 1e-6), 1-1e-6)
	return math.Log(p / (1 - p))
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

// topTokens is the set of word tokens in the page's first lines, where running
// headers of continuation pages and letterheads of new documents sit.
func topTokens(text string) map[string]bool {
	m := map[string]bool{}
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		toks := features.Tokens(line)
		if len(toks) == 0 {
			continue
		}
		for _, t := range toks {
			m[t] = true
		}
		if n++; n >= 4 {
			break
		}
	}
	return m
}

// BoundaryProb is the probability that cur starts a new document.
func (c *Classifier) BoundaryProb(prev, cur *View) float64 {
	if c.boundary == nil {
		return cur.startP
	}
	p := make([]float64, 2)
	c.boundary.Probs(linear.Dense(c.BoundaryFeatures(prev, cur), BoundaryBits), p)
	return p[1]
}

// Classify labels pages in packet order and groups them into documents.
func (c *Classifier) Classify(pages []PageInput) Result {
	vs := c.Views(pages)
	res := Result{Pages: make([]Label, len(pages))}
	if len(pages) == 0 {
		return res
	}
	bp := make([]float64, len(pages)+1)
	bp[0], bp[len(pages)] = 1, 1
	for i := 1; i < len(pages); i++ {
		bp[i] = c.BoundaryProb(vs[i-1], vs[i])
	}
	start := 0
	for i := 1; i <= len(pages); i++ {
		if i < len(pages) && bp[i] <= 0.5 {
			continue
		}
		seg := c.segment(vs, bp, start, i)
		for j := start; j < i; j++ {
			res.Pages[j] = Label{Type: seg.Type, Subtype: seg.Subtype, Confidence: seg.typeConf}
			res.Pages[j].NeedsReview = c.review(seg.typeConf)
		}
		res.Documents = append(res.Documents, seg.Segment)
		start = i
	}
	return res
}

type segResult struct {
	Segment
	typeConf float64
}

// DocScores are the uncalibrated type scores of pages [from, to) as one
// document: the first page, which carries the heading, weighs DocFirst; the
// mean of the others weighs DocRest, so a long body does not outvote its
// heading. Softmax with the document temperature makes them probabilities.
func (c *Classifier) DocScores(vs []*View, from, to int) []float64 {
	return c.DocScoresWeighted(vs, from, to, c.docFirst, c.docRest)
}

// DocScoresWeighted is DocScores with explicit weights, for fitting them.
func (c *Classifier) DocScoresWeighted(vs []*View, from, to int, first, rest float64) []float64 {
	score := make([]float64, len(c.typ.Classes))
	wFirst := first
	if vs[from].empty {
		wFirst = 0.1
	}
	for t := range score {
		score[t] = wFirst * vs[from].typeLogP[t]
	}
	n := 0.0
	for j := from + 1; j < to; j++ {
		if !vs[j].empty {
			n++
		}
	}
	for j := from + 1; j < to; j++ {
		if vs[j].empty {
			continue
		}
		for t := range score {
			score[t] += rest / n * vs[j].typeLogP[t]
		}
	}
	return score
}

// segment labels pages [from, to) as one document.
func (c *Classifier) segment(vs []*View, bp []float64, from, to int) segResult {
	score := c.DocScores(vs, from, to)
	linear.Softmax(score, c.docTemp)
	ti := argmax(score)
	subLog := make([]float64, len(c.sub.Classes))
	for j := from; j < to; j++ {
		w := 1.0
		if j == from {
			w = 2
		}
		for s, p := range vs[j].subP {
			subLog[s] += w * math.Log(max(p, 1e-9))
		}
	}
	subP := make([]float64, len(subLog))
	copy(subP, subLog)
	linear.Softmax(subP, 1)
	sub := c.bestSub(subP, ti, 0)
	// The document is right when its type is right and both of its ends and
	// none of its inner seams are wrong.
	segConf := bp[from] * bp[to]
	for j := from + 1; j < to; j++ {
		segConf *= 1 - bp[j]
	}
	s := Segment{Type: c.typ.Classes[ti], Subtype: sub, Confidence: score[ti] * segConf}
	for j := from; j < to; j++ {
		s.Pages = append(s.Pages, j)
	}
	s.Title = vs[from].title
	if s.Title == "" || canonicalTitles[s.Subtype] {
		s.Title = DefaultTitle(s.Type, s.Subtype)
	}
	s.NeedsReview = c.review(s.Confidence)
	return segResult{Segment: s, typeConf: score[ti]}
}

// DefaultTitle names a document that prints no heading of its own.
func DefaultTitle(typ, sub string) string {
	if t, ok := defaultTitles[sub]; ok {
		return t
	}
	switch typ {
	case index.TypeURLetter:
		return "Utilization Review Letter"
	case index.TypeProgressNote:
		return "Progress Note"
	case index.TypeImaging:
		return "Imaging Report"
	}
	return "Other Record"
}

var defaultTitles = map[string]string{
	"ur_decision":       "Utilization Review Determination",
	"rfa":               "Request for Authorization (DWC Form RFA)",
	"pr2":               "Primary Treating Physician's Progress Report (PR-2)",
	"discharge_summary": "Discharge Summary",
	"operative_report":  "Operative Report",
	"medical_legal":     "Medical-Legal Report",
	"report":            "Medical Report",
	"soap":              "Progress Note",
	"office_note":       "Office Note",
	"radiology_report":  "Radiology Report",
	"mri":               "MRI Report",
	"ct":                "CT Report",
	"xray":              "X-Ray Report",
	"ultrasound":        "Ultrasound Report",
	"fax_cover":         "Fax Cover Sheet",
	"imr_application":   "Application for Independent Medical Review (DWC Form IMR)",
	"imr_determination": "Independent Medical Review Final Determination",
	"billing":           "Billing Statement",
	"proof_of_service":  "Proof of Service",
	"letter":            "Letter",
	"consult":           "Consultation Report",
}
