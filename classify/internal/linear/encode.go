package linear

import (
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"math"

	"imrpacket/classify/internal/features"
)

// wire is the stored form: weights quantised to int16 with one scale, which keeps
// the embedded file small at no measurable cost in accuracy.
type wire struct {
	Classes     []string
	Bits        int
	Scale       float32
	W           []int16
	Bias        []float32
	Temperature float64
}

// Bundle is everything the classifier loads: its models by name and any scalar
// parameters, written as one gzip'd gob.
type Bundle struct {
	Models map[string]*Model
	Params map[string]float64
	// Made records the command and data that produced the bundle.
	Made string
}

type wireBundle struct {
	Models map[string]wire
	Params map[string]float64
	Made   string
}

// Write encodes b to w.
func (b *Bundle) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("write weights: %w", err)
	}
	wb := wireBundle{Models: map[string]wire{}, Params: b.Params, Made: b.Made}
	for name, m := range b.Models {
		mx := float32(0)
		for _, v := range m.W {
			mx = max(mx, float32(math.Abs(float64(v))))
		}
		scale := mx / 32767
		if scale == 0 {
			scale = 1
		}
		q := make([]int16, len(m.W))
		for i, v := range m.W {
			q[i] = int16(math.Round(float64(v / scale)))
		}
		wb.Models[name] = wire{Classes: m.Classes, Bits: m.Bits, Scale: scale, W: q, Bias: m.Bias, Temperature: m.Temperature}
	}
	if err := gob.NewEncoder(zw).Encode(wb); err != nil {
		return fmt.Errorf("write weights: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write weights: %w", err)
	}
	return nil
}

// ReadBundle decodes a bundle written by Write.
func ReadBundle(r io.Reader) (*Bundle, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read weights: %w", err)
	}
	var wb wireBundle
	if err := gob.NewDecoder(zr).Decode(&wb); err != nil {
		return nil, fmt.Errorf("read weights: %w", err)
	}
	b := &Bundle{Models: map[string]*Model{}, Params: wb.Params, Made: wb.Made}
	for name, w := range wb.Models {
		if w.Bits <= 0 || w.Bits > features.Bits || len(w.W) != len(w.Classes)<<w.Bits || len(w.Bias) != len(w.Classes) {
			return nil, fmt.Errorf("read weights: model %q has inconsistent sizes", name)
		}
		m := &Model{Classes: w.Classes, Bits: w.Bits, W: make([]float32, len(w.W)), Bias: w.Bias, Temperature: w.Temperature}
		for i, q := range w.W {
			m.W[i] = float32(q) * w.Scale
		}
		if m.Temperature <= 0 {
			m.Temperature = 1
		}
		b.Models[name] = m
	}
	if b.Params == nil {
		b.Params = map[string]float64{}
	}
	return b, nil
}

// Dense packs a small dense vector into the sparse form a Model with the given
// bits reads, one index per position.
func Dense(vals []float64, bits int) features.Vector {
	v := features.Vector{Index: make([]uint32, len(vals)), Value: make([]float32, len(vals))}
	for i, x := range vals {
		v.Index[i] = uint32(i) << (features.Bits - bits)
		v.Value[i] = float32(x)
	}
	return v
}
