package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"imrpacket/index"
	"imrpacket/pages"
	"imrpacket/worker"
)

func runProcess(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("process", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output directory for packet.pdf and index.json (required)")
	quiet := fs.Bool("quiet", false, "print no summary")
	statsPath := fs.String("stats", "", "write what the run cost (pages by source, OCR calls, seconds) as JSON to this file")
	cpuProfile := fs.String("cpuprofile", "", "write a Go CPU profile of the run to this file (go tool pprof; docs/PERFORMANCE.md)")
	pc := pipelineFlags(fs, "warn")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: imrpacket process IN.pdf --out DIR [flags]\n\nRuns the whole pipeline on a local file (no Redis, no S3).\n\n")
		fs.PrintDefaults()
	}
	in, err := parseWithPositional(fs, args)
	if err != nil {
		return err
	}
	if in == "" || *out == "" {
		fs.Usage()
		return errUsage
	}

	log := newLogger(stderr, pc.logLevel)
	p, closeFn, err := pc.build(ctx, log)
	if err != nil {
		return err
	}
	defer closeFn()
	if isTerminal(os.Stderr) {
		p.Progress = func(done, _ int) {
			fmt.Fprintf(stderr, "\rreading pages: %d", done)
		}
	}
	var rs pages.Stats
	p.ReadStats = func(s pages.Stats) { rs = s }
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	start := time.Now()
	idx, err := p.Process(ctx, in, *out)
	if p.Progress != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	if *statsPath != "" {
		if err := writeStats(*statsPath, rs, time.Since(start)); err != nil {
			return err
		}
	}
	if !*quiet {
		printSummary(stdout, idx, *out, time.Since(start))
	}
	return nil
}

// parseWithPositional accepts the input file before or after the flags.
func parseWithPositional(fs *flag.FlagSet, args []string) (string, error) {
	var pos string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		pos, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return "", errUsage
		}
		return "", errUsage
	}
	if pos == "" && fs.NArg() > 0 {
		pos = fs.Arg(0)
	} else if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %v\n", fs.Args())
		return "", errUsage
	}
	return pos, nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// printSummary is what a person reads after a run; it is printed to the
// operator's own terminal, which is why it may show dates and treatments,
// unlike logs.
func printSummary(w io.Writer, idx *index.Index, out string, took time.Duration) {
	byType := map[string]int{}
	var first, last string
	for _, d := range idx.Documents {
		byType[d.Type]++
		if d.Date != "" {
			if first == "" || d.Date < first {
				first = d.Date
			}
			if d.Date > last {
				last = d.Date
			}
		}
	}
	ocrPages := 0
	for _, p := range idx.Pages {
		if p.TextSource == index.SourceOCR {
			ocrPages++
		}
	}
	fmt.Fprintf(w, "%s: %d source pages (%d OCR'd) -> %d documents in %.1fs\n",
		idx.Source.Name, idx.Source.Pages, ocrPages, len(idx.Documents), took.Seconds())
	var parts []string
	for _, t := range index.Types {
		if byType[t] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", byType[t], t))
		}
	}
	fmt.Fprintf(w, "  documents: %s\n", strings.Join(parts, ", "))
	if first != "" {
		fmt.Fprintf(w, "  dates: %s to %s\n", first, last)
	}
	var treat []string
	for _, d := range idx.Documents {
		if d.Type != index.TypeURLetter {
			continue
		}
		for _, t := range d.Treatments {
			treat = append(treat, fmt.Sprintf("    %-9s %s (UR letter %s, %s)", t.Decision, t.Text, d.ID, orDash(d.Date)))
		}
	}
	sort.Strings(treat)
	if len(treat) > 0 {
		fmt.Fprintf(w, "  requested treatments under review:\n%s\n", strings.Join(treat, "\n"))
	}
	for _, dl := range idx.Deadlines {
		fmt.Fprintf(w, "  IMR application due %s (%s: %s)\n", dl.Deadline, dl.Document, dl.Basis)
	}
	fmt.Fprintf(w, "  duplicates removed: %d pages\n", len(idx.Duplicates))
	review := 0
	for _, p := range idx.Pages {
		if p.NeedsReview {
			review++
		}
	}
	fmt.Fprintf(w, "  pages needing review: %d\n", review)
	fmt.Fprintf(w, "  packet: %s\n  index:  %s\n", filepath.Join(out, worker.PacketFile), filepath.Join(out, worker.IndexFile))
}

func orDash(s string) string {
	if s == "" {
		return "undated"
	}
	return s
}

// startCPUProfile profiles the process until the returned stop is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// runStats is the --stats file: counts only, never content.
type runStats struct {
	Pages        int     `json:"pages"`
	TextLayer    int     `json:"text_layer_pages"`
	OCRPages     int     `json:"ocr_pages"`
	OCRCalls     int     `json:"ocr_calls"`
	UniqueImages int     `json:"unique_images"`
	Failed       int     `json:"failed_pages"`
	OCRSeconds   float64 `json:"ocr_seconds"`
	Seconds      float64 `json:"seconds"`
}

func writeStats(path string, s pages.Stats, took time.Duration) error {
	b, err := json.MarshalIndent(runStats{
		Pages: s.Pages, TextLayer: s.TextLayer, OCRPages: s.OCRPages, OCRCalls: s.OCRCalls,
		UniqueImages: s.UniqueImages, Failed: s.Failed,
		OCRSeconds: s.OCRTime.Seconds(), Seconds: took.Seconds(),
	}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write --stats: %w", err)
	}
	return nil
}
