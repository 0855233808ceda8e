// Package classify labels every page of a records packet (UR letter, progress note,
// imaging, other; a subtype; a calibrated confidence) and groups pages into documents.
//
// The models are trained by `go run ./classify/train` from generated IMR
// documents and the MTSamples train split; their weights are embedded, so
// nothing is fetched at run time. Page classification is pure computation
// (no I/O), hence no context arguments.
package classify

import (
	"bytes"
	_ "embed"

	"imrpacket/classify/internal/core"
)

// weights is the trained bundle; `go run ./classify/train` rewrites it and the
// commit that changes it names the command line.
//
//go:embed weights.gob.gz
var weights []byte

// ErrWeights means the embedded weights are missing or unreadable (a build
// problem; permanent).
var ErrWeights = core.ErrWeights

// DefaultReviewThreshold is the confidence under which pages and documents are
// flagged for a person to check.
const DefaultReviewThreshold = core.DefaultReviewThreshold

type (
	// Options configure a Classifier. ReviewThreshold: pages and documents
	// under it get NeedsReview (0 means DefaultReviewThreshold, negative disables).
	Options = core.Options
	// Label is one page's type (an index.Type* constant), subtype ("" when it
	// cannot tell), confidence in [0,1] and review flag.
	Label = core.Label
	// PageInput is one page in packet order: its text and the primary date the
	// extractor found on it (YYYY-MM-DD, "" if none).
	PageInput = core.PageInput
	// Segment is one document: consecutive page indices into the input, type,
	// subtype, title (its own heading when it prints one), confidence, review flag.
	Segment = core.Segment
	// Result holds one Label per input page, in context (a continuation page
	// carries its document's type), and the documents in input order.
	Result = core.Result
)

// Classifier holds the loaded models; it is safe for concurrent use.
type Classifier struct {
	c *core.Classifier
}

// New loads the embedded weights.
func New(opts Options) (*Classifier, error) {
	c, err := core.Load(bytes.NewReader(weights), opts)
	if err != nil {
		return nil, err
	}
	return &Classifier{c: c}, nil
}

// Page classifies one page on its own, without neighbours.
func (c *Classifier) Page(text string) Label { return c.c.Page(text) }

// Classify labels the kept pages of a packet, in packet order (duplicates
// already removed), and groups them into documents: every page belongs to
// exactly one Segment.
func (c *Classifier) Classify(pages []PageInput) Result { return c.c.Classify(pages) }

// Made names the command line that produced the embedded weights.
func (c *Classifier) Made() string { return c.c.Made() }

// Seam is one page of a packet as the segmenter reads it before
// duplicates are taken out.
type Seam struct {
	// Starts is the probability that the page begins another document
	// after the page before it: the segmenter's judgement of this seam on
	// its own (the first page's is 1).
	Starts float64
	// Page is the page classified on its own, as Classifier.Page reads it.
	Page Label
}

// Seams returns each page of a packet in source order, with duplicates
// still in: dedupe asks whether the pages next to a copied stretch belong
// to its documents, and of what kind each page is.
func (c *Classifier) Seams(pages []PageInput) []Seam {
	vs := c.c.Views(pages)
	out := make([]Seam, len(pages))
	for i := range pages {
		out[i] = Seam{Starts: 1, Page: c.c.Alone(vs[i])}
		if i > 0 {
			out[i].Starts = c.c.BoundaryProb(vs[i-1], vs[i])
		}
	}
	return out
}
