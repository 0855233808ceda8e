package train

import (
	"imrpacket/classify/internal/corpus"
	"imrpacket/mtsamples"
)

// Seed ranges of generated packets: training never sees the test seeds, and
// fitting and calibration stay below 9000, where the held-out packets of
// `make eval` begin.
const (
	FitSeed   = 1000
	CalibSeed = 3000
	TestSeed  = 900000
)

// Sizes of a run: generated packets per side and documents per packet.
type Sizes struct {
	FitPackets, CalibPackets, TestPackets int
	PacketDocs                            int
}

// DefaultSizes is what the committed weights were trained with.
var DefaultSizes = Sizes{FitPackets: 250, CalibPackets: 60, TestPackets: 60, PacketDocs: 14}

// CalibShare is the share of MTSamples train texts held out for calibration.
const CalibShare = 0.15

// Build assembles the training data: generated packets from the fit and
// calibration seed ranges (bodies from the MTSamples train split) and the
// MTSamples train texts themselves.
func Build(samples []mtsamples.Sample, sz Sizes) Data {
	var d Data
	for _, doc := range corpus.MTSamplesDocs(samples, mtsamples.Train) {
		if HashSplit(doc.ID, CalibShare) {
			d.Calib = append(d.Calib, doc)
		} else {
			d.Fit = append(d.Fit, doc)
		}
	}
	d.FitPackets = corpus.SynthPackets(FitSeed, sz.FitPackets, sz.PacketDocs, samples, mtsamples.Train)
	d.CalibPackets = corpus.SynthPackets(CalibSeed, sz.CalibPackets, sz.PacketDocs, samples, mtsamples.Train)
	for _, pk := range d.FitPackets {
		d.Fit = append(d.Fit, pk...)
	}
	for _, pk := range d.CalibPackets {
		d.Calib = append(d.Calib, pk...)
	}
	return d
}

// TestPackets are the held-out generated packets (test seeds, bodies from the
// MTSamples test split).
func TestPackets(samples []mtsamples.Sample, sz Sizes) [][]corpus.Doc {
	return corpus.SynthPackets(TestSeed, sz.TestPackets, sz.PacketDocs, samples, mtsamples.Test)
}

// MTSamplesTest are the MTSamples test-split texts as documents.
func MTSamplesTest(samples []mtsamples.Sample) []corpus.Doc {
	return corpus.MTSamplesDocs(samples, mtsamples.Test)
}
