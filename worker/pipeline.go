package worker

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"imrpacket/classify"
	"imrpacket/dedupe"
	"imrpacket/extract"
	"imrpacket/index"
	"imrpacket/ink"
	"imrpacket/internal/parallel"
	"imrpacket/packet"
	"imrpacket/pages"
)

// Pipeline is the whole job on a local file: read every page, find dates and
// duplicates, classify and segment, extract, assemble packet.pdf and write
// index.json last. It is built once per process and is safe for concurrent
// use when its Reader is.
type Pipeline struct {
	Reader     *pages.Reader
	Classifier *classify.Classifier
	Dedupe     dedupe.Policy
	Packet     packet.Options
	Deadline   extract.DeadlineRule
	// Now is the reference time for "future date" checks; time.Now when nil.
	Now func() time.Time
	// Log gets stage timings and counts, never page content.
	Log *slog.Logger
	// Observe, when set, receives per-page and OCR measurements (metrics).
	Observe Observer
	// Progress, when set, is told about each page read (for a terminal bar).
	Progress func(done, total int)
	// PageText, when set, receives each page's text as read: eval keeps it
	// beside its outputs so the later stages can be studied without
	// re-running OCR. Never set it to anything that logs.
	PageText func(outDir string, page int, source, text string)
	// ReadStats, when set, receives what reading the pages cost.
	ReadStats func(pages.Stats)
}

// Observer receives measurements the pipeline makes; *metrics.Metrics
// satisfies it.
type Observer interface {
	Page(pageType, textSource string)
	OCR(d time.Duration)
}

// Names of the outputs in the output directory.
const (
	PacketFile = "packet.pdf"
	IndexFile  = "index.json"
)

// Process implements Processor. On success outDir holds packet.pdf and then
// index.json; on failure index.json is never written, so a reader that treats
// index.json as "done" never sees a half packet.
func (p *Pipeline) Process(ctx context.Context, inPath, outDir string) (*index.Index, error) {
	log := p.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	now := time.Now()
	if p.Now != nil {
		now = p.Now()
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	// A re-run must not leave the previous run's index.json claiming a packet
	// that is being replaced.
	if err := os.Remove(filepath.Join(outDir, IndexFile)); err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("remove old index: %w", err)
	}

	src, err := describeSource(inPath)
	if err != nil {
		return nil, err
	}

	start := time.Now()
	var read []pages.Page
	info, err := p.Reader.Read(ctx, inPath, func(pg pages.Page) error {
		// Page images are never kept: only text and word boxes survive.
		read = append(read, pg)
		if p.PageText != nil {
			p.PageText(outDir, pg.Number, pg.Source, pg.Text)
		}
		if p.Observe != nil && pg.OCRTime > 0 {
			p.Observe.OCR(pg.OCRTime)
		}
		if p.Progress != nil {
			p.Progress(len(read), 0)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	src.Pages = len(read)
	log.Info("pages read", "stage", "read", "pages", len(read), "ocr_pages", info.OCRPages, "seconds", time.Since(start).Seconds())
	if p.ReadStats != nil {
		p.ReadStats(info)
	}

	t := time.Now()
	keyDates := make([]string, len(read))
	// Each page's dates are read once here and reused by extraction.
	found := make([][]extract.Date, len(read))
	dd := make([]dedupe.Page, len(read))
	parallel.For(len(read), func(i int) {
		pg := read[i]
		found[i] = extract.PageDates(pg.Text, now)
		if found[i] == nil {
			found[i] = []extract.Date{} // read, and none: extraction need not look again
		}
		keyDates[i] = extract.KeyDateOf(found[i])
		// Dedupe keys records by the dates of their own kinds (service,
		// exam, decision, RFA received), not a fax header's timestamp.
		var dates []dedupe.Date
		for _, d := range found[i] {
			dates = append(dates, dedupe.Date{Kind: d.Kind, Date: d.Date})
		}
		dd[i] = dedupe.Page{
			Number: pg.Number, Text: pg.Text, TextSource: pg.Source, ImageHash: pg.ImageHash,
			DPI: pg.DPI, OCRConfidence: pg.OCRConfidence, Dates: dates, Words: inkWords(pg.Words),
		}
	})
	// Whether the pages beside a copied stretch begin other documents, and
	// of what kind each page is, is the segmenter's to say (dedupe's
	// context rules).
	seams := make([]classify.PageInput, len(read))
	for i, pg := range read {
		seams[i] = classify.PageInput{Text: pg.Text, KeyDate: keyDates[i]}
	}
	for i, s := range p.Classifier.Seams(seams) {
		dd[i].Kind = s.Page.Type
		if i > 0 && read[i-1].Number == read[i].Number-1 {
			dd[i].Starts = s.Starts
		}
	}
	log.Info("dates read", "stage", "dates", "seconds", time.Since(t).Seconds())

	t = time.Now()
	imgs := p.Reader.Images(inPath)
	dups := dedupe.FindWithImages(ctx, dd, p.Dedupe, inkImages{imgs})
	imgs.Close()
	dupOf := dups.DuplicateOf()
	log.Info("duplicates found", "stage", "dedupe", "duplicates", len(dups.Duplicates), "runs", len(dups.Runs),
		"ink_checked", dups.InkChecked, "numbers_reread", dups.Reread, "seconds", time.Since(t).Seconds())

	// Classification and segmentation see only kept pages, in source order,
	// so a dropped rescan cannot split the document it repeats.
	t = time.Now()
	var keptIdx []int
	var inputs []classify.PageInput
	for i, pg := range read {
		if _, dup := dupOf[pg.Number]; dup && !dups.Keep {
			continue
		}
		keptIdx = append(keptIdx, i)
		inputs = append(inputs, classify.PageInput{Text: pg.Text, KeyDate: keyDates[i]})
	}
	cls := p.Classifier.Classify(inputs)
	labels := make(map[int]classify.Label, len(read))
	for j, i := range keptIdx {
		labels[read[i].Number] = cls.Pages[j]
	}
	// A dropped duplicate carries the label of the page it repeats.
	for _, d := range dups.Duplicates {
		if _, ok := labels[d.SourcePage]; !ok {
			labels[d.SourcePage] = labels[d.DuplicateOf]
		}
	}
	log.Info("classified", "stage", "classify", "documents", len(cls.Documents), "seconds", time.Since(t).Seconds())

	t = time.Now()
	idx := &index.Index{SchemaVersion: index.SchemaVersion, Source: src}
	docOfPage := map[int]string{}
	var claimDocs []extract.ClaimDoc
	var plan packet.Plan
	plan.SourceName = src.Name
	plan.Words = map[int][]packet.Word{}
	segTexts := make([][]extract.PageText, len(cls.Documents))
	segFacts := make([]extract.DocFacts, len(cls.Documents))
	parallel.For(len(cls.Documents), func(n int) {
		seg := cls.Documents[n]
		for _, j := range seg.Pages {
			pg := read[keptIdx[j]]
			segTexts[n] = append(segTexts[n], extract.PageText{SourcePage: pg.Number, Text: pg.Text, Dates: found[keptIdx[j]]})
		}
		segFacts[n] = extract.Document(seg.Type, seg.Subtype, segTexts[n], now)
	})
	for n, seg := range cls.Documents {
		id := fmt.Sprintf("doc-%03d", n+1)
		texts := segTexts[n]
		var sourcePages []int
		for _, pt := range texts {
			sourcePages = append(sourcePages, pt.SourcePage)
			docOfPage[pt.SourcePage] = id
		}
		facts := segFacts[n]
		doc := index.Document{
			ID: id, Type: seg.Type, Subtype: seg.Subtype, Title: seg.Title,
			Confidence: round3(seg.Confidence), NeedsReview: seg.NeedsReview,
			SourcePages: sourcePages, Date: facts.Primary, Dates: facts.Dates,
			Treatments: facts.Treatments, Provider: facts.Provider,
		}
		if seg.Type == index.TypeURLetter {
			if dl, ok := extract.LetterDeadline(id, texts, facts, now, p.Deadline); ok {
				idx.Deadlines = append(idx.Deadlines, dl)
			}
		}
		idx.Documents = append(idx.Documents, doc)
		claimDocs = append(claimDocs, extract.ClaimDoc{DocType: seg.Type, Subtype: seg.Subtype, Pages: texts})
		plan.Documents = append(plan.Documents, packet.Document{
			ID: id, Type: doc.Type, Subtype: doc.Subtype, Title: doc.Title, Date: doc.Date,
			Provider: doc.Provider, SourcePages: sourcePages, Treatments: doc.Treatments, NeedsReview: doc.NeedsReview,
		})
	}
	idx.Claim = extract.Claim(claimDocs, now)
	// One digit OCR misread in a document's injury date gives way to the
	// date most pages agree on.
	extract.ReconcileInjury(idx.Documents, idx.Claim)
	log.Info("extracted", "stage", "extract", "documents", len(idx.Documents), "deadlines", len(idx.Deadlines), "seconds", time.Since(t).Seconds())

	if !dups.Keep {
		plan.Duplicates = dups.Duplicates
	}
	plan.Deadlines = idx.Deadlines
	for _, pg := range read {
		if pg.Source == index.SourceOCR && len(pg.Words) > 0 {
			plan.Words[pg.Number] = packetWords(pg.Words)
		}
		if pg.Source == index.SourceOCR && pg.Rotation != 0 {
			if plan.Turn == nil {
				plan.Turn = map[int]int{}
			}
			plan.Turn[pg.Number] = pg.Rotation
		}
	}

	t = time.Now()
	outPDF := filepath.Join(outDir, PacketFile)
	res, err := packet.Assemble(ctx, inPath, plan, p.Packet, outPDF)
	if err != nil {
		return nil, err
	}
	log.Info("packet assembled", "stage", "assemble", "packet_pages", res.Pages, "front_pages", res.FrontPages, "seconds", time.Since(t).Seconds())

	idx.Packet = &index.Output{Name: PacketFile, Pages: res.Pages, FrontPages: res.FrontPages}
	for i := range idx.Documents {
		d := &idx.Documents[i]
		d.PacketPages = res.DocumentPages[d.ID]
		if d.NeedsReview {
			idx.NeedsReview++
		}
	}
	dupByPage := map[int]index.Duplicate{}
	for _, d := range dups.Duplicates {
		dupByPage[d.SourcePage] = d
	}
	for _, pg := range read {
		l := labels[pg.Number]
		entry := index.Page{
			SourcePage: pg.Number, Type: l.Type, Subtype: l.Subtype, Confidence: round3(l.Confidence),
			TextSource: pg.Source, Document: docOfPage[pg.Number], NeedsReview: l.NeedsReview,
			Rotation: pg.Rotation, OCRConfidence: round3(pg.OCRConfidence),
		}
		if d, ok := dupByPage[pg.Number]; ok && !dups.Keep {
			of := d.DuplicateOf
			entry.DuplicateOf = &of
			entry.Document = docOfPage[of]
		} else if pp, ok := res.PacketPage[pg.Number]; ok {
			entry.PacketPage = &pp
		}
		if p.Observe != nil {
			p.Observe.Page(entry.Type, entry.TextSource)
		}
		idx.Pages = append(idx.Pages, entry)
	}
	if !dups.Keep {
		idx.Duplicates = dups.Duplicates
	}
	sort.Slice(idx.Duplicates, func(a, b int) bool { return idx.Duplicates[a].SourcePage < idx.Duplicates[b].SourcePage })

	if err := index.Check(idx); err != nil {
		// A bug, not bad input: the packet must not be published.
		return nil, fmt.Errorf("inconsistent index: %w", err)
	}
	if err := index.Write(filepath.Join(outDir, IndexFile), idx); err != nil {
		return nil, err
	}
	log.Info("packet done", "stage", "done", "pages", len(read), "documents", len(idx.Documents), "duplicates", len(idx.Duplicates), "seconds", time.Since(start).Seconds())
	return idx, nil
}

func describeSource(path string) (index.Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return index.Source{}, fmt.Errorf("open input: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return index.Source{}, fmt.Errorf("read input: %w", err)
	}
	return index.Source{Name: filepath.Base(path), SHA256: hex.EncodeToString(h.Sum(nil)), Bytes: n}, nil
}

func round3(f float64) float64 {
	return float64(int(f*1000+0.5)) / 1000
}

// inkImages gives dedupe's ink check page renderings and text-layer words.
type inkImages struct{ *pages.Images }

func (im inkImages) TextWords(ctx context.Context, n int) ([]ink.Word, error) {
	ws, err := im.Words(ctx, n)
	return inkWords(ws), err
}

func inkWords(ws []pages.Word) []ink.Word {
	if len(ws) == 0 {
		return nil
	}
	out := make([]ink.Word, len(ws))
	for i, w := range ws {
		out[i] = ink.Word{Text: w.Text, LLX: w.LLX, LLY: w.LLY, URX: w.URX, URY: w.URY}
	}
	return out
}

func packetWords(ws []pages.Word) []packet.Word {
	out := make([]packet.Word, len(ws))
	for i, w := range ws {
		out[i] = packet.Word{Text: w.Text, LLX: w.LLX, LLY: w.LLY, URX: w.URX, URY: w.URY, Dir: w.Dir}
	}
	return out
}
