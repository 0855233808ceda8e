package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"imrpacket/classify"
	"imrpacket/mtsamples"
	"imrpacket/scorecard"
	"imrpacket/synth"
)

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gen := fs.Int("generate", 0, "first generate this many held-out packets into DIR (MTSamples test split)")
	seed := fs.Int64("seed", 9000, "seed of the first generated packet; training used seeds below 9000")
	mix := fs.String("mix", string(synth.MixMixed), "renderings of generated packets: mixed, born_digital, scanned, fax")
	dupRate := fs.Float64("dup-rate", 0.2, "share of duplicate pages in generated packets")
	docs := fs.Int("documents", 0, "documents per generated packet (0: the generator's default)")
	floors := fs.String("floors", "targets", "floors under which eval exits non-zero: targets (the issues' targets), none, or NAME=VALUE,... overriding targets (names: "+strings.Join(floorNames(), ", ")+")")
	outRoot := fs.String("out", "", "directory for each packet's outputs (default DIR/out)")
	texts := fs.Bool("mtsamples", true, "also classify every MTSamples test-split text alone (needs the corpus)")
	pc := pipelineFlags(fs, "warn")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: imrpacket eval DIR [flags]\n\nRuns the pipeline on every NAME.pdf in DIR that has a NAME.truth.json and prints the scorecard.\n\n")
		fs.PrintDefaults()
	}
	dir, err := parseWithPositional(fs, args)
	if err != nil {
		return err
	}
	if dir == "" {
		fs.Usage()
		return errUsage
	}
	fl, err := parseFloors(*floors)
	if err != nil {
		return err
	}
	if *gen > 0 {
		samples, err := mtsamples.LoadDefault()
		if err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		opts := synth.Options{Mix: synth.Mix(*mix), DuplicateRate: *dupRate, RotateRate: 0.05, Split: mtsamples.Test, Samples: samples, Documents: *docs}
		fmt.Fprintf(stderr, "eval: generating %d packets (seed %d, %s) into %s\n", *gen, *seed, *mix, dir)
		if err := synth.WriteSet(ctx, dir, *gen, *seed, opts); err != nil {
			return err
		}
	}
	pdfs, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil {
		return err
	}
	sort.Strings(pdfs)
	log := newLogger(stderr, pc.logLevel)
	p, closeFn, err := pc.build(ctx, log)
	if err != nil {
		return err
	}
	defer closeFn()
	p.PageText = func(outDir string, page int, source, text string) {
		_ = scorecard.WritePageText(outDir, page, source, text) // a study aid: never fails the run
	}

	card := scorecard.NewCard()
	n := 0
	for _, in := range pdfs {
		base := strings.TrimSuffix(in, ".pdf")
		truth, err := scorecard.ReadTruth(base + ".truth.json")
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		n++
		root := *outRoot
		if root == "" {
			root = filepath.Join(dir, "out")
		}
		out := filepath.Join(root, filepath.Base(base))
		start := time.Now()
		idx, err := p.Process(ctx, in, out)
		took := time.Since(start).Seconds()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			card.Fail(filepath.Base(in), err)
			continue
		}
		card.Add(idx, truth, took)
		fmt.Fprintf(stderr, "eval: %s: %d pages in %.1fs\n", filepath.Base(in), len(truth.Pages), took)
	}
	if n == 0 {
		return fmt.Errorf("no NAME.pdf with a NAME.truth.json in %s", dir)
	}
	if *texts {
		samples, err := mtsamples.LoadDefault()
		if err != nil {
			return fmt.Errorf("--mtsamples: %w", err)
		}
		for _, s := range mtsamples.Filter(samples, mtsamples.Test, "") {
			card.AddText(s.Class, classifyText(p.Classifier, s.Text))
		}
	}
	card.Report(stdout)
	if fails := card.Check(fl); len(fails) > 0 {
		fmt.Fprintf(stdout, "\n### Under the floors\n\n")
		for _, f := range fails {
			fmt.Fprintf(stdout, "- %s\n", f)
		}
		return fmt.Errorf("%d scores under their floors", len(fails))
	}
	return nil
}

// floorFields names each floor for --floors NAME=VALUE.
func floorFields(f *scorecard.Floors) map[string]*float64 {
	return map[string]*float64{
		"page_accuracy": &f.PageAccuracy, "macro_f1": &f.MacroF1, "class_f1": &f.ClassF1,
		"noisy_accuracy": &f.NoisyAccuracy, "segmentation": &f.SegmentationExact,
		"date_recall": &f.DateRecall, "date_precision": &f.DatePrecision,
		"treatment_recall": &f.TreatmentRecall, "treatment_precision": &f.TreatmentPrecision,
		"decision_accuracy": &f.DecisionAccuracy,
		"duplicate_recall":  &f.DuplicateRecall, "duplicate_precision": &f.DuplicatePrecision,
		"text_accuracy": &f.TextAccuracy,
	}
}

func floorNames() []string {
	var out []string
	for k := range floorFields(&scorecard.Floors{}) {
		out = append(out, k)
	}
	sort.Strings(out)
	return append(out, "false_merges")
}

func parseFloors(s string) (scorecard.Floors, error) {
	switch s {
	case "targets", "":
		return scorecard.Targets, nil
	case "none":
		return scorecard.Floors{MaxFalseMerges: 1 << 30}, nil
	}
	f := scorecard.Targets
	fields := floorFields(&f)
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		x, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil {
			return f, fmt.Errorf("--floors: %q is not NAME=VALUE", kv)
		}
		if k == "false_merges" {
			f.MaxFalseMerges = int(x)
			continue
		}
		ptr, ok := fields[k]
		if !ok {
			return f, fmt.Errorf("--floors: unknown floor %q", k)
		}
		*ptr = x
	}
	return f, nil
}

func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory for packet-NNN.pdf and packet-NNN.truth.json (required)")
	n := fs.Int("n", 1, "number of packets")
	seed := fs.Int64("seed", 1, "seed of the first packet (packet i uses seed+i-1)")
	mix := fs.String("mix", string(synth.MixMixed), "renderings: mixed, born_digital, scanned, fax")
	dupRate := fs.Float64("dup-rate", 0.2, "share of duplicate pages")
	rotRate := fs.Float64("rotate-rate", 0.05, "share of scanned pages turned 90, 180 or 270 degrees")
	pagesTarget := fs.Int("pages", 0, "approximate pages per packet (0: from --documents)")
	docs := fs.Int("documents", 0, "documents per packet (0: the generator's default)")
	split := fs.String("split", string(mtsamples.Test), "MTSamples split the bodies come from: train, test or all")
	if err := parseFlags(fs, args, "imrpacket generate --out DIR [flags]", "Writes generated IMR packets with ground truth."); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return errUsage
	}
	samples, err := mtsamples.LoadDefault()
	if err != nil {
		fmt.Fprintf(stderr, "generate: %v; using the generator's built-in bodies\n", err)
	}
	sp := mtsamples.Split(*split)
	if *split == "all" {
		sp = ""
	}
	opts := synth.Options{Mix: synth.Mix(*mix), DuplicateRate: *dupRate, RotateRate: *rotRate, Pages: *pagesTarget, Documents: *docs, Split: sp, Samples: samples}
	if err := synth.WriteSet(ctx, *out, *n, *seed, opts); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d packets to %s\n", *n, *out)
	return nil
}

// classifyText types one stand-alone text as the pipeline would see it
// printed: cut into pages of about a page's worth of lines, the type of the
// document its first page starts.
func classifyText(c *classify.Classifier, text string) string {
	var pages []classify.PageInput
	var b strings.Builder
	lines := 0
	flush := func() {
		if strings.TrimSpace(b.String()) != "" {
			pages = append(pages, classify.PageInput{Text: b.String()})
		}
		b.Reset()
		lines = 0
	}
	for _, para := range strings.Split(text, "\n") {
		// A printed page holds about 50 lines of 90 characters.
		lines += 1 + len(para)/90
		b.WriteString(para)
		b.WriteByte('\n')
		if lines >= 50 {
			flush()
		}
	}
	flush()
	if len(pages) == 0 {
		return ""
	}
	res := c.Classify(pages)
	if len(res.Documents) == 0 {
		return ""
	}
	return res.Documents[0].Type
}
