package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"imrpacket/classify"
	"imrpacket/dedupe"
	"imrpacket/extract"
	"imrpacket/packet"
	"imrpacket/pages"
	"imrpacket/pdf"
	"imrpacket/worker"
)

// pipelineConfig holds the settings every command that runs the pipeline
// (process, worker, eval) shares.
type pipelineConfig struct {
	workers        *int
	dpi            *int
	maxPages       *int
	maxMB          *int
	pageTimeout    *time.Duration
	order          *string
	stampPrefix    *string
	dupThreshold   *float64
	keepDuplicates *bool
	noDedupe       *bool
	review         *float64
	imrDays        *int
	imrMailDays    *int
	logLevel       *string
}

func pipelineFlags(fs *flag.FlagSet, defaultLogLevel string) *pipelineConfig {
	c := &pipelineConfig{
		workers:        intFlag(fs, "workers", "IMRPACKET_WORKERS", runtime.NumCPU(), "pages rendered and OCR'd in parallel (one engine each)"),
		dpi:            intFlag(fs, "dpi", "IMRPACKET_DPI", 300, "rendering resolution for OCR"),
		maxPages:       intFlag(fs, "max-pages", "IMRPACKET_MAX_PAGES", 5000, "refuse packets with more pages"),
		maxMB:          intFlag(fs, "max-mb", "IMRPACKET_MAX_MB", 1024, "refuse packets larger than this many MiB"),
		pageTimeout:    durationFlag(fs, "page-timeout", "IMRPACKET_PAGE_TIMEOUT", 2*time.Minute, "time limit for rendering and OCR of one page"),
		order:          stringFlag(fs, "order", "IMRPACKET_ORDER", packet.OrderGrouped, "document order in packet.pdf: grouped (UR letters, RFAs, notes and imaging by date, other) or chronological"),
		stampPrefix:    stringFlag(fs, "stamp-prefix", "IMRPACKET_STAMP_PREFIX", "IMR", "Bates prefix stamped on every packet page"),
		dupThreshold:   float64Flag(fs, "dup-threshold", "IMRPACKET_DUP_THRESHOLD", 0, "least similarity (0..1) of a near-duplicate page; 0 means the default"),
		keepDuplicates: boolFlag(fs, "keep-duplicates", "IMRPACKET_KEEP_DUPLICATES", false, "keep duplicate pages in packet.pdf (they are still listed)"),
		noDedupe:       boolFlag(fs, "no-dedupe", "IMRPACKET_NO_DEDUPE", false, "turn duplicate detection off"),
		review:         float64Flag(fs, "review-threshold", "IMRPACKET_REVIEW_THRESHOLD", 0, "confidence under which pages and documents are flagged needs_review; 0 means the default"),
		imrDays:        intFlag(fs, "imr-days", "IMRPACKET_IMR_DAYS", 0, "days after service of a UR decision to apply for IMR; 0 means the current rule (30)"),
		imrMailDays:    intFlag(fs, "imr-mail-days", "IMRPACKET_IMR_MAIL_DAYS", -1, "days added when the decision is served by mail; -1 means the current rule (5)"),
		logLevel:       logLevelFlag(fs, defaultLogLevel),
	}
	return c
}

// build starts the engines (PDFium runtime, Tesseract) once for the process.
func (c *pipelineConfig) build(ctx context.Context, log *slog.Logger) (*worker.Pipeline, func(), error) {
	if *c.order != packet.OrderGrouped && *c.order != packet.OrderChronological {
		return nil, nil, fmt.Errorf("--order must be %s or %s", packet.OrderGrouped, packet.OrderChronological)
	}
	reader, err := pages.NewReader(ctx, pages.Options{
		Workers:     *c.workers,
		DPI:         *c.dpi,
		PageTimeout: *c.pageTimeout,
		Limits:      pdf.Limits{MaxPages: *c.maxPages, MaxBytes: int64(*c.maxMB) << 20},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("start page reader: %w", err)
	}
	cls, err := classify.New(classify.Options{ReviewThreshold: *c.review})
	if err != nil {
		reader.Close()
		return nil, nil, err
	}
	pol := dedupe.DefaultPolicy()
	pol.Threshold = *c.dupThreshold
	pol.Keep = *c.keepDuplicates
	pol.Disabled = *c.noDedupe
	rule := extract.DefaultDeadlineRule()
	if *c.imrDays > 0 {
		rule.Days = *c.imrDays
	}
	if *c.imrMailDays >= 0 {
		rule.MailDays = *c.imrMailDays
	}
	p := &worker.Pipeline{
		Reader:     reader,
		Classifier: cls,
		Dedupe:     pol,
		Packet:     packet.Options{Order: *c.order, StampPrefix: *c.stampPrefix},
		Deadline:   rule,
		Log:        log,
	}
	return p, func() { reader.Close() }, nil
}

func newLogger(w io.Writer, level *string) *slog.Logger {
	var l slog.Level
	switch strings.ToLower(*level) {
	case "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	default:
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

func logLevelFlag(fs *flag.FlagSet, def string) *string {
	return stringFlag(fs, "log-level", "LOG_LEVEL", def, "debug, info, warn or error (logs never carry page content)")
}
