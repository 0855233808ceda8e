package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"imrpacket/index"
	"imrpacket/mtsamples"
)

// gen holds what every document generator needs: the random source, the
// claim, and the MTSamples texts of the requested split by class.
type gen struct {
	r    *rand.Rand
	c    *Case
	byCl map[string][]mtsamples.Sample
	// used counts draws per class so consecutive documents rarely repeat a text.
	used map[string]int
	perm map[string][]int
	// ur is the packet's UR reviewer facts, set by the first UR letter.
	urReviewer string
	seq        int
}

func newGen(r *rand.Rand, samples []mtsamples.Sample, split mtsamples.Split) *gen {
	g := &gen{r: r, c: newCase(r), byCl: map[string][]mtsamples.Sample{}, used: map[string]int{}, perm: map[string][]int{}}
	for _, s := range samples {
		if split != mtsamples.All && s.Split != split {
			continue
		}
		g.byCl[s.Class] = append(g.byCl[s.Class], s)
	}
	return g
}

// sample draws an MTSamples text of the class, cycling through a shuffled
// order so a packet uses distinct texts before reusing one. ok is false when
// the corpus has none (tests without the corpus use built-in fallbacks).
func (g *gen) sample(class string, accept func(mtsamples.Sample) bool) (mtsamples.Sample, bool) {
	xs := g.byCl[class]
	if len(xs) == 0 {
		return mtsamples.Sample{}, false
	}
	if g.perm[class] == nil {
		g.perm[class] = g.r.Perm(len(xs))
	}
	for tries := 0; tries < len(xs); tries++ {
		i := g.perm[class][g.used[class]%len(xs)]
		g.used[class]++
		if accept == nil || accept(xs[i]) {
			return xs[i], true
		}
	}
	return mtsamples.Sample{}, false
}

func (g *gen) nextID() string {
	g.seq++
	return fmt.Sprintf("d%03d", g.seq)
}

// date makes a truth date and the text that prints it ("Label: date").
func (g *gen) date(kind string, t time.Time, label string) (*Date, string) {
	s := pickFormat(g.r).Format(t)
	text := s
	if label != "" {
		text = label + ": " + s
	}
	return &Date{Kind: kind, Date: isoDate(t), Text: text}, text
}

// dateAs is date with a fixed format, for templates that keep theirs.
func dateAs(f DateFormat, kind string, t time.Time, label string) (*Date, string) {
	text := f.Format(t)
	if label != "" {
		text = label + ": " + text
	}
	return &Date{Kind: kind, Date: isoDate(t), Text: text}, text
}

// proseDate makes a date printed inside a sentence (no label).
func (g *gen) proseDate(kind string, t time.Time) (*Date, string) {
	return g.date(kind, t, "")
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) styleFor(font string) docStyle {
	st := docStyle{Font: font, Size: 10, Margin: 72, PerPage: 50 + g.r.IntN(6)}
	switch font {
	case "Courier":
		st.Width = 76
	case "Times-Roman":
		st.Width = 92
	default:
		st.Width = 86
	}
	if g.chance(0.3) {
		st.Size = 11
		st.Width = st.Width * 10 / 11
		st.PerPage = st.PerPage * 10 / 11
	}
	return st
}

// age is the claimant's age in whole years on t.
func (c *Case) age(t time.Time) int {
	a := t.Year() - c.Birth.Year()
	if t.YearDay() < c.Birth.YearDay() {
		a--
	}
	return a
}

// request is one treatment as requested on an RFA and decided by UR.
type request struct {
	kind     treatmentKind
	text     string // printed name
	code     string
	qty      string
	freq     string
	part     string
	decision string
}

// newRequests draws n distinct treatment requests for the case.
func (g *gen) newRequests(n int) []request {
	perm := g.r.Perm(len(treatmentKinds))
	var out []request
	for _, i := range perm[:n] {
		k := treatmentKinds[i]
		q := request{kind: k, code: k.code, decision: index.DecisionRequested}
		q.text = k.name
		if k.part {
			q.part = pick(g.r, g.c.BodyParts)
			q.text = fmt.Sprintf(k.name, q.part)
		}
		if len(k.quantity) > 0 {
			q.qty = pick(g.r, k.quantity)
		}
		if len(k.freq) > 0 {
			q.freq = pick(g.r, k.freq)
		}
		out = append(out, q)
	}
	return out
}

func (q request) truth(decision string) *Treatment {
	return &Treatment{Text: q.text, Code: q.code, Quantity: q.qty, Frequency: q.freq, BodyPart: q.part, Decision: decision}
}

// decide draws UR decisions for requests: mostly denials and modifications,
// as in letters that reach IMR, with approvals and delays mixed in.
func (g *gen) decide(qs []request) []request {
	out := append([]request(nil), qs...)
	for i := range out {
		switch n := g.r.IntN(20); {
		case n < 9:
			out[i].decision = index.DecisionDenied
		case n < 13:
			out[i].decision = index.DecisionApproved
		case n < 17 && out[i].kind.modQty != "":
			out[i].decision = index.DecisionModified
		case n < 17:
			out[i].decision = index.DecisionDenied
		default:
			out[i].decision = index.DecisionDelayed
		}
	}
	return out
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
