package classify

import (
	"bytes"
	"errors"
	"testing"

	"imrpacket/classify/internal/core"
	"imrpacket/classify/internal/train"
	"imrpacket/index"
	"imrpacket/mtsamples"
)

// Floors under the targets by a small margin: this sample is small, so
// its numbers wobble around the full evaluation's (go run ./classify/train -eval).
const (
	floorAccuracy = 0.96
	floorMacroF1  = 0.96
	floorClassF1  = 0.94
	floorNoisy    = 0.90
	floorSegments = 0.90
	floorMTS      = 0.90
)

// TestAccuracyFloor scores the embedded weights on a fixed held-out sample of
// generated packets (test seeds, MTSamples test bodies) and on the MTSamples
// test split, so a regression fails CI.
func TestAccuracyFloor(t *testing.T) {
	samples, err := mtsamples.LoadDefault()
	if errors.Is(err, mtsamples.ErrNotFound) {
		t.Skipf("skipping: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	c, err := core.Load(bytes.NewReader(weights), core.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sz := train.DefaultSizes
	sz.TestPackets = 20
	if testing.Short() {
		sz.TestPackets = 8
	}
	packets := train.TestPackets(samples, sz)
	if len(packets) == 0 {
		t.Fatal("the generator produced no documents")
	}
	clean := train.Evaluate(c, packets, 0, 1)
	t.Logf("held-out generated packets, clean:\n%s", clean)
	noisy := train.Evaluate(c, packets, 0.5, 1)
	t.Logf("held-out generated packets, heavy OCR noise:\n%s", noisy)
	headless := train.EvaluateHeadless(c, packets, 1)
	t.Logf("held-out generated packets, continuation pages without running headers:\n%s", headless)
	mts := train.EvaluateTexts(c, train.MTSamplesTest(samples))
	t.Logf("MTSamples test split:\n%s", mts)

	check := func(name string, got, floor float64) {
		t.Helper()
		if got < floor {
			t.Errorf("%s = %.4f, under the floor %.2f", name, got, floor)
		}
	}
	check("page accuracy", clean.Accuracy(), floorAccuracy)
	check("page macro-F1", clean.MacroF1(), floorMacroF1)
	for i, name := range index.Types {
		check("F1 of "+name, clean.F1(i), floorClassF1)
	}
	check("noisy page accuracy", noisy.Accuracy(), floorNoisy)
	check("documents segmented exactly", clean.SegmentExact(), floorSegments)
	check("headless page accuracy", headless.Accuracy(), floorAccuracy)
	check("headless documents segmented exactly", headless.SegmentExact(), floorSegments)
	check("MTSamples test accuracy", mts.Accuracy(), floorMTS)
}
