package linear

import (
	"bytes"
	"math"
	"testing"

	"imrpacket/classify/internal/features"
)

func TestTrainSeparatesAndRoundTrips(t *testing.T) {
	texts := map[int][]string{
		0: {"utilization review determination non-certified", "ur decision modified request"},
		1: {"subjective objective assessment plan", "progress report follow up visit"},
		2: {"mri lumbar spine impression findings", "ct scan technique impression"},
	}
	var ex []Example
	for y, ts := range texts {
		for _, s := range ts {
			ex = append(ex, Example{X: features.Extract(s), Y: y, Weight: 1})
		}
	}
	m := New([]string{"a", "b", "c"}, 10)
	if err := m.Train(ex, Options{Epochs: 20, Rate: 0.5, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	m2 := New([]string{"a", "b", "c"}, 10)
	_ = m2.Train(ex, Options{Epochs: 20, Rate: 0.5, Seed: 1})
	for i := range m.W {
		if m.W[i] != m2.W[i] {
			t.Fatal("training is not deterministic")
		}
	}
	var buf bytes.Buffer
	if err := (&Bundle{Models: map[string]*Model{"m": m}}).Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBundle(&buf)
	if err != nil {
		t.Fatal(err)
	}
	p := make([]float64, 3)
	for _, e := range ex {
		b.Models["m"].Probs(e.X, p)
		if argmax(p) != e.Y {
			t.Errorf("example of class %d scored %v after a round trip", e.Y, p)
		}
	}
	if _, err := ReadBundle(bytes.NewReader([]byte("not gzip"))); err == nil {
		t.Error("garbage weights must fail")
	}
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

func TestFitTemperature(t *testing.T) {
	// Scores three times too sharp for the right answer rate: the fitted
	// temperature must soften them (t > 1).
	var scores [][]float64
	var ys []int
	for i := 0; i < 100; i++ {
		scores = append(scores, []float64{6, 0})
		y := 0
		if i%4 == 0 {
			y = 1
		}
		ys = append(ys, y)
	}
	temp := FitTemperature(scores, ys)
	// Optimum: p = 0.75 = 1/(1+e^(-6/t)) → t = 6/ln 3.
	if want := 6 / math.Log(3); math.Abs(temp-want) > 0.05 {
		t.Errorf("temperature %.3f, want %.3f", temp, want)
	}
	if e := ECE([]float64{0.9, 0.9}, []bool{true, false}); math.Abs(e-0.4) > 1e-9 {
		t.Errorf("ECE %.3f, want 0.4", e)
	}
}
