// Package linear is a multinomial logistic regression over hashed sparse features,
// with deterministic training, temperature calibration and a compact encoding.
package linear

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"imrpacket/classify/internal/features"
)

// Model scores K classes from a sparse vector whose indices are masked to Dim.
type Model struct {
	Classes []string
	Bits    int // Dim = 1<<Bits
	// W is laid out feature-major (W[i*K+k]) so one feature's weights share a cache line.
	W    []float32
	Bias []float32
	// Temperature divides the scores before the softmax; fitted on held-out data.
	Temperature float64
}

// Example is one labelled training vector.
type Example struct {
	X      features.Vector
	Y      int
	Weight float32
}

// Options control training.
type Options struct {
	Epochs int
	Rate   float64 // initial AdaGrad step
	L2     float64
	Seed   uint64
}

// New makes an empty model.
func New(classes []string, bits int) *Model {
	k := len(classes)
	return &Model{Classes: classes, Bits: bits, W: make([]float32, k<<bits), Bias: make([]float32, k), Temperature: 1}
}

func (m *Model) shift() uint32 { return uint32(features.Bits - m.Bits) }

// Scores writes the raw (uncalibrated) class scores of x into out.
func (m *Model) Scores(x features.Vector, out []float64) {
	k := len(m.Classes)
	for c := 0; c < k; c++ {
		out[c] = float64(m.Bias[c])
	}
	sh := m.shift()
	for j, idx := range x.Index {
		base := int(idx>>sh) * k
		v := float64(x.Value[j])
		w := m.W[base : base+k]
		for c := range w {
			out[c] += float64(w[c]) * v
		}
	}
}

// Probs writes calibrated class probabilities of x into out.
func (m *Model) Probs(x features.Vector, out []float64) {
	m.Scores(x, out)
	Softmax(out, m.Temperature)
}

// Softmax turns scores into probabilities in place, dividing by temperature t.
func Softmax(s []float64, t float64) {
	mx := math.Inf(-1)
	for _, v := range s {
		mx = max(mx, v)
	}
	sum := 0.0
	for i, v := range s {
		s[i] = math.Exp((v - mx) / t)
		sum += s[i]
	}
	for i := range s {
		s[i] /= sum
	}
}

// Train fits the model with AdaGrad on the softmax loss. Order of examples is a
// seeded shuffle, so the same data and options give the same weights.
func (m *Model) Train(ex []Example, o Options) error {
	if len(ex) == 0 {
		return errors.New("linear: no training examples")
	}
	k := len(m.Classes)
	for _, e := range ex {
		if e.Y < 0 || e.Y >= k {
			return fmt.Errorf("linear: label %d out of range", e.Y)
		}
	}
	g2 := make([]float32, len(m.W))
	gb := make([]float32, k)
	order := make([]int, len(ex))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	p := make([]float64, k)
	sh := m.shift()
	for ep := 0; ep < o.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, n := range order {
			e := ex[n]
			m.Scores(e.X, p)
			Softmax(p, 1)
			wt := float64(e.Weight)
			if wt == 0 {
				wt = 1
			}
			for c := 0; c < k; c++ {
				g := p[c]
				if c == e.Y {
					g -= 1
				}
				g *= wt
				gb[c] += float32(g * g)
				m.Bias[c] -= float32(o.Rate * g / math.Sqrt(float64(gb[c])+1e-8))
			}
			for j, idx := range e.X.Index {
				base := int(idx>>sh) * k
				v := float64(e.X.Value[j])
				for c := 0; c < k; c++ {
					g := p[c]
					if c == e.Y {
						g -= 1
					}
					w := float64(m.W[base+c])
					gr := g*wt*v + o.L2*w
					g2[base+c] += float32(gr * gr)
					m.W[base+c] = float32(w - o.Rate*gr/math.Sqrt(float64(g2[base+c])+1e-8))
				}
			}
		}
	}
	return nil
}

// Calibrate picks the temperature that minimises the negative log-likelihood of
// held-out examples (temperature scaling) and returns it.
func (m *Model) Calibrate(held []Example) float64 {
	k := len(m.Classes)
	scores := make([][]float64, len(held))
	for i, e := range held {
		scores[i] = make([]float64, k)
		m.Scores(e.X, scores[i])
	}
	ys := make([]int, len(held))
	for i, e := range held {
		ys[i] = e.Y
	}
	m.Temperature = FitTemperature(scores, ys)
	return m.Temperature
}

// FitTemperature returns the temperature minimising NLL of the labelled scores,
// by a coarse-to-fine search over log t (NLL is smooth and unimodal in t).
func FitTemperature(scores [][]float64, ys []int) float64 {
	nll := func(t float64) float64 {
		s := 0.0
		p := make([]float64, 0, 16)
		for i, sc := range scores {
			p = append(p[:0], sc...)
			Softmax(p, t)
			s -= math.Log(max(p[ys[i]], 1e-12))
		}
		return s
	}
	lo, hi := math.Log(0.05), math.Log(20.0)
	for it := 0; it < 60; it++ {
		a := lo + (hi-lo)/3
		b := hi - (hi-lo)/3
		if nll(math.Exp(a)) < nll(math.Exp(b)) {
			hi = b
		} else {
			lo = a
		}
	}
	return math.Exp((lo + hi) / 2)
}

// ECE is the expected calibration error of confidences against correctness over
// ten equal-width bins.
func ECE(conf []float64, correct []bool) float64 {
	const bins = 10
	var n [bins]int
	var sc, sa [bins]float64
	for i, c := range conf {
		b := min(int(c*bins), bins-1)
		n[b]++
		sc[b] += c
		if correct[i] {
			sa[b]++
		}
	}
	e := 0.0
	for b := 0; b < bins; b++ {
		if n[b] > 0 {
			e += math.Abs(sc[b]-sa[b]) / float64(len(conf))
		}
	}
	return e
}
