// Command train fits the page classifier's models from generated IMR documents and
// the MTSamples train split and writes classify/weights.gob.gz; run from the repo root.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"imrpacket/classify/internal/core"
	"imrpacket/classify/internal/train"
	"imrpacket/mtsamples"
)

func main() {
	out := flag.String("out", "classify/weights.gob.gz", "where to write the weights")
	seed := flag.Uint64("seed", 1, "training seed (shuffles, noise)")
	epochs := flag.Int("epochs", 6, "passes over the training pages")
	noisy := flag.Float64("noisy", 0.5, "share of pages also trained as a noisy scan")
	fitPackets := flag.Int("fit-packets", train.DefaultSizes.FitPackets, "generated training packets")
	evalOnly := flag.Bool("eval", false, "only score the weights at -out on held-out data")
	explain := flag.Bool("explain", false, "print every wrongly typed held-out page")
	ocrDir := flag.String("ocr-dir", "", "also score OCR'd pages of testdata/packets (DIR/NAME/page-N.txt)")
	flag.Parse()
	if *explain {
		train.Explain = os.Stdout
	}
	log.SetFlags(0)

	samples, err := mtsamples.LoadDefault()
	if err != nil {
		log.Fatal(err)
	}
	sz := train.DefaultSizes
	sz.FitPackets = *fitPackets
	if !*evalOnly {
		t0 := time.Now()
		d := train.Build(samples, sz)
		b, err := train.Run(d, train.Options{Seed: *seed, Epochs: *epochs, NoisyCopy: *noisy, Log: os.Stderr})
		if err != nil {
			log.Fatal(err)
		}
		b.Made = "go run ./classify/train " + strings.Join(os.Args[1:], " ")
		var buf bytes.Buffer
		if err := b.Write(&buf); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "train: wrote %s (%d bytes) in %s\n", *out, buf.Len(), time.Since(t0).Round(time.Second))
	}
	f, err := os.Open(*out)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	c, err := core.Load(f, core.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("== held-out generated packets (seed %d), clean\n%s", train.TestSeed, train.Evaluate(c, train.TestPackets(samples, sz), 0, 1))
	fmt.Printf("== held-out generated packets, heavy OCR noise (level 0.5)\n%s", train.Evaluate(c, train.TestPackets(samples, sz), 0.5, 1))
	fmt.Printf("== held-out generated packets, continuation pages without running headers or page footers\n%s", train.EvaluateHeadless(c, train.TestPackets(samples, sz), 1))
	if *ocrDir != "" {
		pks, err := train.OCRPackets("testdata/packets", *ocrDir, []string{"fax", "scanned", "mixed", "born_digital"})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("== testdata/packets rendered, every page OCR'd by Tesseract\n%s", train.Evaluate(c, pks, 0, 1))
	}
	fmt.Printf("== MTSamples test split, each text alone\n%s", train.EvaluateTexts(c, train.MTSamplesTest(samples)))
}
