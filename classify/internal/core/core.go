// Package core is the classifier proper: page views, document segmentation and
// labels from a weights bundle; package classify wraps it with embedded weights.
package core

import (
	"errors"
	"fmt"
	"io"
	"math"

	"imrpacket/classify/internal/features"
	"imrpacket/classify/internal/linear"
	"imrpacket/index"
)

// Model names inside the weights bundle, shared with the training command.
const (
	ModelType     = "type"
	ModelSubtype  = "subtype"
	ModelStart    = "start"
	ModelBoundary = "boundary"
	// ParamDocTemperature calibrates document confidences.
	ParamDocTemperature = "doc_temperature"
	// ParamDocFirst and ParamDocRest weigh a document's first page and the mean
	// of its other pages in its type score.
	ParamDocFirst = "doc_first"
	ParamDocRest  = "doc_rest"
)

// ErrWeights means the embedded weights are missing or unreadable: a build
// problem, not an input problem, so it is permanent.
var ErrWeights = errors.New("classify: bad embedded weights")

// DefaultReviewThreshold is the confidence under which a page or document is
// flagged for a person to check.
const DefaultReviewThreshold = 0.80

// Options configure a Classifier.
type Options struct {
	// ReviewThreshold: pages and documents under this confidence get NeedsReview.
	// Zero means DefaultReviewThreshold; a negative value disables review flags.
	ReviewThreshold float64
}

// Label is the classification of one page.
type Label struct {
	Type        string
	Subtype     string
	Confidence  float64
	NeedsReview bool
}

// PageInput is one page in packet order.
type PageInput struct {
	Text string
	// KeyDate is the primary date printed on the page (YYYY-MM-DD) as the
	// extractor found it, "" if none; a change of key date separates copy-forward
	// notes that share a template.
	KeyDate string
}

// Segment is one document: a run of consecutive input pages.
type Segment struct {
	Pages       []int // indices into the input, consecutive and ascending
	Type        string
	Subtype     string
	Title       string
	Confidence  float64
	NeedsReview bool
}

// Result is the outcome of Classify: one label per input page (in context, so a
// continuation page carries its document's type) and the documents.
type Result struct {
	Pages     []Label
	Documents []Segment
}

// Classifier holds the loaded models; it is safe for concurrent use.
type Classifier struct {
	threshold float64
	typ       *linear.Model
	sub       *linear.Model
	start     *linear.Model
	boundary  *linear.Model
	docTemp   float64
	docFirst  float64
	docRest   float64
	// subType maps each subtype class to its type index in typ.Classes.
	subType []int
	made    string
}

// FromBundle builds a classifier from trained models.
func FromBundle(b *linear.Bundle, opts Options) (*Classifier, error) {
	c := &Classifier{threshold: opts.ReviewThreshold, made: b.Made}
	if c.threshold == 0 {
		c.threshold = DefaultReviewThreshold
	}
	for name, dst := range map[string]**linear.Model{ModelType: &c.typ, ModelSubtype: &c.sub, ModelStart: &c.start} {
		m, ok := b.Models[name]
		if !ok {
			return nil, fmt.Errorf("%w: model %q missing", ErrWeights, name)
		}
		*dst = m
	}
	// The boundary model is trained on the other models' outputs, so the training
	// command builds a classifier without it first; Classify then falls back to
	// the start model alone.
	c.boundary = b.Models[ModelBoundary]
	if len(c.typ.Classes) != len(index.Types) {
		return nil, fmt.Errorf("%w: type model has %d classes", ErrWeights, len(c.typ.Classes))
	}
	for i, t := range c.typ.Classes {
		if t != index.Types[i] {
			return nil, fmt.Errorf("%w: type classes out of order", ErrWeights)
		}
	}
	c.subType = make([]int, len(c.sub.Classes))
	for i, s := range c.sub.Classes {
		t, _, ok := splitSub(s)
		if !ok {
			return nil, fmt.Errorf("%w: bad subtype class", ErrWeights)
		}
		c.subType[i] = typeIndex(t)
		if c.subType[i] < 0 {
			return nil, fmt.Errorf("%w: subtype of unknown type", ErrWeights)
		}
	}
	c.docFirst, c.docRest = 2, 2
	if v, ok := b.Params[ParamDocFirst]; ok {
		c.docFirst, c.docRest = v, b.Params[ParamDocRest]
	}
	c.docTemp = b.Params[ParamDocTemperature]
	if c.docTemp <= 0 {
		c.docTemp = 1
	}
	return c, nil
}

// Made says which command and data produced the loaded weights.
func (c *Classifier) Made() string { return c.made }

// SubtypeClass joins a type and subtype into the subtype model's class name.
func SubtypeClass(typ, sub string) string { return typ + "/" + sub }

func splitSub(s string) (typ, sub string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return s[:i], s[i+1:], true
		}
	}
	return "", "", false
}

func typeIndex(t string) int {
	for i, x := range index.Types {
		if x == t {
			return i
		}
	}
	return -1
}

// pageView is everything Classify needs to know about one page.
type pageView struct {
	x        features.Vector
	typeP    []float64 // calibrated type probabilities
	typeLogP []float64
	subP     []float64 // calibrated subtype probabilities
	startP   float64   // probability the page begins a document
	k, m     int       // "Page k of m", 0 when absent
	top      map[string]bool
	empty    bool
	keyDate  string
	title    string
	// opensMid and endsMid: the page begins, or ends, in the middle of a
	// sentence (features.OpensMidSentence, EndsMidSentence).
	opensMid, endsMid bool
}

func (c *Classifier) view(p PageInput) *pageView {
	v := &pageView{x: features.Extract(p.Text), keyDate: p.KeyDate}
	v.typeP = make([]float64, len(c.typ.Classes))
	c.typ.Probs(v.x, v.typeP)
	v.typeLogP = make([]float64, len(v.typeP))
	for i, q := range v.typeP {
		v.typeLogP[i] = math.Log(max(q, 1e-9))
	}
	v.subP = make([]float64, len(c.sub.Classes))
	c.sub.Probs(v.x, v.subP)
	sp := make([]float64, 2)
	c.start.Probs(v.x, sp)
	v.startP = sp[1]
	v.k, v.m, _ = features.PageOf(p.Text)
	if v.k == 0 {
		// "Page 2" with no total still says the page continues something.
		v.k, _ = features.PageNumber(p.Text)
	}
	v.top = topTokens(p.Text)
	v.title = Title(p.Text)
	v.opensMid = features.OpensMidSentence(p.Text)
	v.endsMid = features.EndsMidSentence(p.Text)
	v.empty = len(v.x.Index) == 0 || len(v.top) == 0
	return v
}

// Page classifies one page on its own, without neighbours.
func (c *Classifier) Page(text string) Label { return c.Alone(c.view(PageInput{Text: text})) }

// Alone is the label of a page's view on its own, without neighbours.
func (c *Classifier) Alone(v *View) Label {
	ti := argmax(v.typeP)
	l := Label{Type: c.typ.Classes[ti], Subtype: c.bestSub(v.subP, ti, 1), Confidence: v.typeP[ti]}
	l.NeedsReview = c.review(l.Confidence)
	return l
}

func (c *Classifier) review(conf float64) bool { return c.threshold > 0 && conf < c.threshold }

// bestSub is the most probable subtype of type ti; "" when the model has none.
func (c *Classifier) bestSub(subP []float64, ti int, _ float64) string {
	best, bi := -1.0, -1
	for i, p := range subP {
		if c.subType[i] == ti && p > best {
			best, bi = p, i
		}
	}
	if bi < 0 {
		return ""
	}
	_, s, _ := splitSub(c.sub.Classes[bi])
	return s
}

func argmax(p []float64) int {
	bi := 0
	for i := range p {
		if p[i] > p[bi] {
			bi = i
		}
	}
	return bi
}

// Load reads a weights bundle and builds a classifier from it.
func Load(r io.Reader, opts Options) (*Classifier, error) {
	b, err := linear.ReadBundle(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWeights, err)
	}
	return FromBundle(b, opts)
}
