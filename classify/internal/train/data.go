package train

import (
	"math/rand/v2"

	"imrpacket/classify/internal/corpus"
	"imrpacket/mtsamples"
)

// Seed ranges of generated documents: training never sees the test seeds.
const (
	FitSeed   = 1000
	CalibSeed = 5000
	TestSeed  = 9000
)

// Sizes of a run: documents generated per side.
type Sizes struct {
	FitDocs, CalibDocs, TestDocs int
	PacketDocs                   int // documents per packet
}

// DefaultSizes is what the committed weights were trained with.
var DefaultSizes = Sizes{FitDocs: 3000, CalibDocs: 600, TestDocs: 600, PacketDocs: 12}

// CalibShare is the share of MTSamples train texts held out for calibration.
const CalibShare = 0.15

// Build assembles the training data: generated documents from the fit and
// calibration seed ranges (MTSamples train split bodies) and MTSamples train texts.
func Build(samples []mtsamples.Sample, sz Sizes) Data {
	var d Data
	for _, doc := range corpus.MTSamplesDocs(samples, mtsamples.Train) {
		if HashSplit(doc.ID, CalibShare) {
			d.Calib = append(d.Calib, doc)
		} else {
			d.Fit = append(d.Fit, doc)
		}
	}
	fit := corpus.SynthDocs(FitSeed, samples, mtsamples.Train, sz.FitDocs)
	cal := corpus.SynthDocs(CalibSeed, samples, mtsamples.Train, sz.CalibDocs)
	d.Fit = append(d.Fit, fit...)
	d.Calib = append(d.Calib, cal...)
	d.FitPackets = packetsOf(fit, d.Fit, sz.PacketDocs, 1)
	d.CalibPackets = packetsOf(cal, d.Calib, sz.PacketDocs, 2)
	return d
}

// packetsOf groups generated documents into packets in a shuffled order; without
// generated documents (the generator absent) it falls back to all documents.
func packetsOf(synth, all []corpus.Doc, n int, seed uint64) [][]corpus.Doc {
	docs := synth
	if len(docs) == 0 {
		docs = all
	}
	docs = append([]corpus.Doc(nil), docs...)
	rng := rand.New(rand.NewPCG(seed, 3))
	rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	return Packets(docs, n)
}

// TestPackets are the held-out generated packets (test seeds, MTSamples test
// split bodies), in a shuffled order.
func TestPackets(samples []mtsamples.Sample, sz Sizes) [][]corpus.Doc {
	return packetsOf(corpus.SynthDocs(TestSeed, samples, mtsamples.Test, sz.TestDocs), nil, sz.PacketDocs, 4)
}

// MTSamplesTest are the MTSamples test-split texts as documents.
func MTSamplesTest(samples []mtsamples.Sample) []corpus.Doc {
	return corpus.MTSamplesDocs(samples, mtsamples.Test)
}
