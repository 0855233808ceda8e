// Package train fits the classifier's models from generated documents and the
// MTSamples train split, calibrates them on held-out data and scores them.
package train

import (
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"slices"

	"imrpacket/classify/internal/core"
	"imrpacket/classify/internal/corpus"
	"imrpacket/classify/internal/features"
	"imrpacket/classify/internal/linear"
	"imrpacket/index"
)

// Sizes of the hashed weight tables: they set the embedded file's size (int16
// weights, so 2 bytes per class per slot).
const (
	TypeBits    = 16
	SubtypeBits = 14
	StartBits   = 14
)

// Data is the labelled material for one run.
type Data struct {
	Fit   []corpus.Doc // models are fitted on these
	Calib []corpus.Doc // temperatures are fitted on these
	// FitPackets and CalibPackets are documents in packet order, for the
	// boundary model and the document temperature.
	FitPackets, CalibPackets [][]corpus.Doc
}

// Options control a run.
type Options struct {
	Seed      uint64
	Epochs    int
	NoisyCopy float64 // share of pages also trained as a noisy scan
	Log       io.Writer
}

// Run fits every model and returns the bundle.
func Run(d Data, o Options) (*linear.Bundle, error) {
	logf := func(format string, a ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", a...)
		}
	}
	rng := rand.New(rand.NewPCG(o.Seed, 1))
	subClasses := subtypeClasses(d.Fit)
	fitPages := Pages(rng, d.Fit, o.NoisyCopy)
	calPages := Pages(rng, d.Calib, o.NoisyCopy)
	logf("train: %d fit pages, %d calibration pages, %d subtype classes", len(fitPages), len(calPages), len(subClasses))

	lo := linear.Options{Epochs: o.Epochs, Rate: 0.2, L2: 1e-6, Seed: o.Seed}
	typ := linear.New(slices.Clone(index.Types), TypeBits)
	if err := typ.Train(examples(fitPages, typeLabel, true), lo); err != nil {
		return nil, fmt.Errorf("train type: %w", err)
	}
	t := typ.Calibrate(examples(calPages, typeLabel, false))
	logf("train: type model temperature %.3f", t)

	sub := linear.New(subClasses, SubtypeBits)
	subLabel := func(p Page) int { return slices.Index(subClasses, core.SubtypeClass(p.Type, p.Subtype)) }
	if err := sub.Train(examples(fitPages, subLabel, true), lo); err != nil {
		return nil, fmt.Errorf("train subtype: %w", err)
	}
	t = sub.Calibrate(examples(calPages, subLabel, false))
	logf("train: subtype model temperature %.3f", t)

	start := linear.New([]string{"continuation", "start"}, StartBits)
	if err := start.Train(examples(fitPages, startLabel, true), lo); err != nil {
		return nil, fmt.Errorf("train start: %w", err)
	}
	t = start.Calibrate(examples(calPages, startLabel, false))
	// Held-out pages that the model separates every one of reward ever sharper
	// scores; the boundary model reads the start score as a logit clipped at
	// about ±14, so a sharper one would lose everything but its sign.
	start.Temperature = max(1, t)
	logf("train: start model temperature %.3f (fitted %.3f)", start.Temperature, t)

	b := &linear.Bundle{Models: map[string]*linear.Model{core.ModelType: typ, core.ModelSubtype: sub, core.ModelStart: start}, Params: map[string]float64{}}
	c, err := core.FromBundle(b, core.Options{})
	if err != nil {
		return nil, err
	}
	bnd := linear.New([]string{"same", "new"}, core.BoundaryBits)
	fitSeams := seams(c, rng, d.FitPackets, o.NoisyCopy)
	fitSeams = append(fitSeams, innerSeams(c, rng, d.Fit, o.NoisyCopy)...)
	if err := bnd.Train(fitSeams, linear.Options{Epochs: 30, Rate: 0.1, L2: 1e-4, Seed: o.Seed}); err != nil {
		return nil, fmt.Errorf("train boundary: %w", err)
	}
	t = bnd.Calibrate(append(seams(c, rng, d.CalibPackets, o.NoisyCopy), innerSeams(c, rng, d.Calib, o.NoisyCopy)...))
	logf("train: boundary model on %d seams, temperature %.3f", len(fitSeams), t)
	b.Models[core.ModelBoundary] = bnd

	// The document temperature: type scores summed over a document's pages are
	// overconfident by a factor that grows with its length; one temperature fitted
	// on held-out documents brings them back.
	c, err = core.FromBundle(b, core.Options{})
	if err != nil {
		return nil, err
	}
	var views [][]*core.View
	var ys []int
	for _, doc := range d.Calib {
		if doc.Source != "synth" && hasSynth(d.Calib) {
			continue // fit on whole generated documents, headed as in packets
		}
		// As the pipeline will see them: some scanned badly, some without
		// running headers.
		in, _ := PacketInput(rng, []corpus.Doc{doc}, o.NoisyCopy)
		views = append(views, c.Views(in))
		ys = append(ys, slices.Index(index.Types, doc.Type))
	}
	bestAcc, bestNLL := -1, math.Inf(1)
	var scores [][]float64
	for _, wf := range []float64{1, 2, 3, 4} {
		for _, wr := range []float64{0, 0.5, 1, 2, 3, 4} {
			acc, sc := 0, make([][]float64, len(views))
			for i, vs := range views {
				sc[i] = c.DocScoresWeighted(vs, 0, len(vs), wf, wr)
				if argmax(sc[i]) == ys[i] {
					acc++
				}
			}
			nll := docNLL(sc, ys)
			if acc > bestAcc || acc == bestAcc && nll < bestNLL {
				bestAcc, bestNLL, scores = acc, nll, sc
				b.Params[core.ParamDocFirst], b.Params[core.ParamDocRest] = wf, wr
			}
		}
	}
	logf("train: document weights first %.1f rest %.1f: %d of %d calibration documents typed right", b.Params[core.ParamDocFirst], b.Params[core.ParamDocRest], bestAcc, len(views))
	// When every held-out document is typed right the likelihood rewards ever
	// sharper scores; never go sharper than the calibrated page probabilities.
	b.Params[core.ParamDocTemperature] = max(1, linear.FitTemperature(scores, ys))
	logf("train: document temperature %.3f", b.Params[core.ParamDocTemperature])
	return b, nil
}

// Page is one labelled page.
type Page struct {
	Text, Type, Subtype string
	First               bool
	Source              string
	Noisy               bool
}

// Pages flattens documents into labelled pages, adding a noisy copy of a share
// of them so the models see what poor scans and faxes read like.
func Pages(rng *rand.Rand, docs []corpus.Doc, noisy float64) []Page {
	var ps []Page
	for _, d := range docs {
		for i, t := range d.Pages {
			p := Page{Text: t, Type: d.Type, Subtype: d.Subtype, First: i == 0, Source: d.Source}
			ps = append(ps, p)
			if i > 0 && d.Source == "synth" && rng.Float64() < 0.3 {
				q := p
				q.Text = corpus.StripRunning(t)
				ps = append(ps, q)
			}
			if rng.Float64() < noisy {
				p.Text = corpus.Noise(rng, t, 0.15+0.5*rng.Float64())
				p.Noisy = true
				ps = append(ps, p)
			}
		}
	}
	return ps
}

func typeLabel(p Page) int { return slices.Index(index.Types, p.Type) }

// startLabel: a document's first page starts it. MTSamples texts print no
// letterhead, so their first pages say little about how documents start and
// are left out; their later pages, cut by pagination alone, are continuation
// pages as real records print them, with no running header or page number.
func startLabel(p Page) int {
	switch {
	case p.First && p.Source != "synth":
		return -1
	case p.First:
		return 1
	}
	return 0
}

// examples featurises the pages a label function accepts (label >= 0), weighting
// classes by the inverse square root of their frequency when balance is set.
func examples(ps []Page, label func(Page) int, balance bool) []linear.Example {
	var ex []linear.Example
	count := map[int]int{}
	for _, p := range ps {
		y := label(p)
		if y < 0 {
			continue
		}
		ex = append(ex, linear.Example{X: features.Extract(p.Text), Y: y, Weight: 1})
		count[y]++
	}
	if balance && len(count) > 0 {
		mean := float64(len(ex)) / float64(len(count))
		for i := range ex {
			ex[i].Weight = float32(math.Min(3, math.Sqrt(mean/float64(count[ex[i].Y]))))
		}
	}
	return ex
}

// subtypeClasses lists every type/subtype pair the generator labels, sorted.
func subtypeClasses(docs []corpus.Doc) []string {
	set := map[string]bool{}
	for _, d := range docs {
		if d.Subtype != "" {
			set[core.SubtypeClass(d.Type, d.Subtype)] = true
		}
	}
	// Every type needs at least one class so a subtype can always be named.
	for _, t := range index.Types {
		has := false
		for s := range set {
			if len(s) > len(t) && s[:len(t)+1] == t+"/" {
				has = true
			}
		}
		if !has {
			set[core.SubtypeClass(t, "")] = true
		}
	}
	var out []string
	for s := range set {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// OrphanShare is the share of training packets given a stray continuation
// page: one of another document's later pages filed after the wrong
// document, as a duplicate that escaped deduplication or a page faxed out of
// order arrives. It begins no document of its own in the truth, but it is
// not a continuation of the page before it either, so it is labelled new.
const OrphanShare = 0.5

// seams returns one boundary example per pair of consecutive pages in each
// packet, the pages noised as a scan would be at random.
func seams(c *core.Classifier, rng *rand.Rand, packets [][]corpus.Doc, noisy float64) []linear.Example {
	var ex []linear.Example
	for _, pk := range packets {
		in, first := PacketInput(rng, pk, noisy)
		if rng.Float64() < OrphanShare {
			in, first = insertOrphan(rng, in, first, noisy)
		}
		vs := c.Views(in)
		for i := 1; i < len(vs); i++ {
			y := 0
			if first[i] {
				y = 1
			}
			ex = append(ex, linear.Example{X: linear.Dense(c.BoundaryFeatures(vs[i-1], vs[i]), core.BoundaryBits), Y: y, Weight: 1})
		}
	}
	return ex
}

// insertOrphan moves a copy of one document's later page to just after
// another document, marked as beginning something new.
func insertOrphan(rng *rand.Rand, in []core.PageInput, first []bool, noisy float64) ([]core.PageInput, []bool) {
	docOf := make([]int, len(in))
	var conts, ends []int // continuation pages; indices where a document ends
	d := -1
	for i := range in {
		if first[i] {
			d++
			if i > 0 {
				ends = append(ends, i)
			}
		} else {
			conts = append(conts, i)
		}
		docOf[i] = d
	}
	ends = append(ends, len(in))
	if len(conts) == 0 {
		return in, first
	}
	src := conts[rng.IntN(len(conts))]
	at := ends[rng.IntN(len(ends))]
	if docOf[at-1] == docOf[src] {
		return in, first // that would be the page's own document
	}
	p := in[src]
	if rng.Float64() < noisy {
		p.Text = corpus.Noise(rng, p.Text, 0.15+0.5*rng.Float64())
		p.KeyDate = corpus.KeyDate(p.Text)
	}
	in = slices.Insert(slices.Clone(in), at, p)
	first = slices.Insert(slices.Clone(first), at, true)
	return in, first
}

// innerSeams returns the seams inside multi-page MTSamples texts: pages cut
// by pagination alone, with no running header or page number, which continue
// the page before them; only how a page opens and how the one before it ends
// says so.
func innerSeams(c *core.Classifier, rng *rand.Rand, docs []corpus.Doc, noisy float64) []linear.Example {
	var ex []linear.Example
	for _, d := range docs {
		if d.Source != "mtsamples" || len(d.Pages) < 2 {
			continue
		}
		in, _ := PacketInput(rng, []corpus.Doc{d}, noisy)
		vs := c.Views(in)
		for i := 1; i < len(vs); i++ {
			ex = append(ex, linear.Example{X: linear.Dense(c.BoundaryFeatures(vs[i-1], vs[i]), core.BoundaryBits), Y: 0, Weight: 1})
		}
	}
	return ex
}

// PacketInput lays a packet's documents out as classifier input; first marks
// the pages that begin a document. A share of documents is noised as a scan.
func PacketInput(rng *rand.Rand, pk []corpus.Doc, noisy float64) (in []core.PageInput, first []bool) {
	for _, d := range pk {
		level := 0.0
		strip := false
		if rng != nil && rng.Float64() < noisy {
			level = 0.15 + 0.5*rng.Float64()
		}
		if rng != nil && rng.Float64() < 0.3 {
			strip = true
		}
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
			first = append(first, i == 0)
		}
	}
	return in, first
}

// HashSplit assigns a document to calibration (true) by a stable hash of its id,
// for share of them.
func HashSplit(id string, share float64) bool {
	h := fnv.New64a()
	h.Write([]byte(id))
	return float64(h.Sum64()%10000)/10000 < share
}

func hasSynth(docs []corpus.Doc) bool {
	return slices.ContainsFunc(docs, func(d corpus.Doc) bool { return d.Source == "synth" })
}

func argmax(p []float64) int {
	b := 0
	for i := range p {
		if p[i] > p[b] {
			b = i
		}
	}
	return b
}

func docNLL(scores [][]float64, ys []int) float64 {
	t := linear.FitTemperature(scores, ys)
	s := 0.0
	p := make([]float64, 0, 4)
	for i, sc := range scores {
		p = append(p[:0], sc...)
		linear.Softmax(p, t)
		s -= math.Log(max(p[ys[i]], 1e-12))
	}
	return s
}
