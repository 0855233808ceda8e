package train

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"

	"imrpacket/classify/internal/core"
	"imrpacket/classify/internal/corpus"
	"imrpacket/classify/internal/linear"
	"imrpacket/index"
)

// Report scores a classifier on packets with known answers.
type Report struct {
	Pages, Correct int
	// Confusion[truth][predicted] over index.Types.
	Confusion [4][4]int
	Docs      int // documents in the truth
	DocsExact int // predicted documents with exactly a truth document's pages
	DocsTyped int // ... and its type
	conf      []float64
	right     []bool
	docConf   []float64
	docRight  []bool
	// Review counts pages flagged NeedsReview; ReviewWrong those of them whose
	// type is wrong, WrongUnflagged wrong pages not flagged.
	Review, ReviewWrong, WrongUnflagged int
	// Of the documents segmented exactly: subtype right, title equal to the
	// truth's (ignoring case and spacing).
	SubtypeRight, TitleRight int
	Untitled                 int // exact documents whose truth has no title (MTSamples)
	// AlonePages and AloneCorrect score Page, each page without neighbours.
	AlonePages, AloneCorrect int
}

// Accuracy is the share of pages whose type is right.
func (r *Report) Accuracy() float64 { return ratio(r.Correct, r.Pages) }

// F1 is the F1 score of type t.
func (r *Report) F1(t int) float64 {
	tp := r.Confusion[t][t]
	fp, fn := 0, 0
	for o := 0; o < 4; o++ {
		if o != t {
			fp += r.Confusion[o][t]
			fn += r.Confusion[t][o]
		}
	}
	if tp == 0 {
		if fp == 0 && fn == 0 {
			return 1 // class absent and never predicted
		}
		return 0
	}
	p := float64(tp) / float64(tp+fp)
	rc := float64(tp) / float64(tp+fn)
	return 2 * p * rc / (p + rc)
}

// MacroF1 averages F1 over the types present in the truth.
func (r *Report) MacroF1() float64 {
	s, n := 0.0, 0
	for t := 0; t < 4; t++ {
		if r.support(t) > 0 {
			s += r.F1(t)
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

func (r *Report) support(t int) int {
	n := 0
	for o := 0; o < 4; o++ {
		n += r.Confusion[t][o]
	}
	return n
}

// SegmentExact is the share of truth documents found with exactly their pages.
func (r *Report) SegmentExact() float64 { return ratio(r.DocsExact, r.Docs) }

// ECE is the expected calibration error of page confidences.
func (r *Report) ECE() float64 { return linear.ECE(r.conf, r.right) }

// String prints the scorecard.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pages %d  accuracy %.4f  macro-F1 %.4f  ECE %.4f\n", r.Pages, r.Accuracy(), r.MacroF1(), r.ECE())
	fmt.Fprintf(&b, "documents %d  segmented exactly %.4f  exact and typed %.4f  document-confidence ECE %.4f\n", r.Docs, r.SegmentExact(), ratio(r.DocsTyped, r.Docs), linear.ECE(r.docConf, r.docRight))
	fmt.Fprintf(&b, "of documents segmented exactly: subtype right %.4f, title as the truth's %.4f; pages typed alone (no neighbours) %.4f\n", ratio(r.SubtypeRight, r.DocsExact), ratio(r.TitleRight, r.DocsExact-r.Untitled), ratio(r.AloneCorrect, r.AlonePages))
	fmt.Fprintf(&b, "needs_review: %d pages (%.1f%%), %d of them wrong; %d wrong pages not flagged\n", r.Review, 100*ratio(r.Review, r.Pages), r.ReviewWrong, r.WrongUnflagged)
	fmt.Fprintf(&b, "%-14s %6s %6s  confusion (rows truth, columns predicted)\n", "type", "F1", "n")
	for t, name := range index.Types {
		fmt.Fprintf(&b, "%-14s %6.4f %6d ", name, r.F1(t), r.support(t))
		for o := 0; o < 4; o++ {
			fmt.Fprintf(&b, " %5d", r.Confusion[t][o])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Explain, when set, receives a line per wrongly typed page (synthetic and
// corpus text only: this is a development aid of the training command).
var Explain io.Writer

// Evaluate classifies each packet (pages noised at level when level > 0, with a
// seeded rng) and scores pages and documents against the truth.
func Evaluate(c *core.Classifier, packets [][]corpus.Doc, level float64, seed uint64) *Report {
	return evaluate(c, packets, level, false, seed)
}

// EvaluateHeadless is Evaluate with running headers and page footers removed
// from every continuation page.
func EvaluateHeadless(c *core.Classifier, packets [][]corpus.Doc, seed uint64) *Report {
	return evaluate(c, packets, 0, true, seed)
}

func evaluate(c *core.Classifier, packets [][]corpus.Doc, level float64, strip bool, seed uint64) *Report {
	r := &Report{}
	rng := rand.New(rand.NewPCG(seed, 2))
	for _, pk := range packets {
		var in []core.PageInput
		var truthType []int
		var starts []int
		for _, d := range pk {
			starts = append(starts, len(in))
			for i, t := range d.Pages {
				kd := d.KeyDates[i]
				if strip && i > 0 {
					t = corpus.StripRunning(t)
					kd = corpus.KeyDate(t)
				}
				if level > 0 {
					t = corpus.Noise(rng, t, level)
					kd = corpus.KeyDate(t)
				}
				in = append(in, core.PageInput{Text: t, KeyDate: kd})
				truthType = append(truthType, slices.Index(index.Types, d.Type))
			}
		}
		res := c.Classify(in)
		for i, l := range res.Pages {
			p := slices.Index(index.Types, l.Type)
			r.Pages++
			r.Confusion[truthType[i]][p]++
			ok := p == truthType[i]
			if ok {
				r.Correct++
			} else if Explain != nil {
				head := strings.Join(strings.Fields(in[i].Text), " ")
				fmt.Fprintf(Explain, "WRONG truth=%s got=%s/%s conf=%.2f page=%d text=%.160q\n", index.Types[truthType[i]], l.Type, l.Subtype, l.Confidence, i, head)
			}
			r.conf = append(r.conf, l.Confidence)
			r.right = append(r.right, ok)
			switch {
			case l.NeedsReview:
				r.Review++
				if !ok {
					r.ReviewWrong++
				}
			case !ok:
				r.WrongUnflagged++
			}
		}
		truthDocs := map[[2]int]corpus.Doc{}
		for k, d := range pk {
			truthDocs[[2]int{starts[k], starts[k] + len(d.Pages)}] = d
		}
		for i, p := range in {
			r.AlonePages++
			if c.Page(p.Text).Type == index.Types[truthType[i]] {
				r.AloneCorrect++
			}
		}
		r.Docs += len(pk)
		for _, s := range res.Documents {
			key := [2]int{s.Pages[0], s.Pages[len(s.Pages)-1] + 1}
			td, ok := truthDocs[key]
			if ok {
				r.DocsExact++
				if td.Type == s.Type {
					r.DocsTyped++
				}
				if td.Subtype == s.Subtype {
					r.SubtypeRight++
				}
				if td.Title == "" {
					r.Untitled++
				} else if sameTitle(td.Title, s.Title) {
					r.TitleRight++
				} else if Explain != nil {
					fmt.Fprintf(Explain, "TITLE %s/%s truth=%q got=%q\n", td.Type, td.Subtype, td.Title, s.Title)
				}
			}
			r.docConf = append(r.docConf, s.Confidence)
			r.docRight = append(r.docRight, ok && td.Type == s.Type)
		}
	}
	return r
}

// EvaluateTexts classifies each document alone as a packet of its own (the
// MTSamples check: one text, paginated) and scores its pages.
func EvaluateTexts(c *core.Classifier, docs []corpus.Doc) *Report {
	packets := make([][]corpus.Doc, len(docs))
	for i, d := range docs {
		packets[i] = []corpus.Doc{d}
	}
	return Evaluate(c, packets, 0, 0)
}

// Packets groups documents into packets of about n documents, in order.
func Packets(docs []corpus.Doc, n int) [][]corpus.Doc {
	var out [][]corpus.Doc
	for i := 0; i < len(docs); i += n {
		out = append(out, docs[i:min(i+n, len(docs))])
	}
	return out
}

func sameTitle(a, b string) bool {
	norm := func(s string) string {
		return strings.ToLower(strings.Join(strings.Fields(strings.NewReplacer("’", "'", "‘", "'").Replace(s)), " "))
	}
	return norm(a) == norm(b)
}
