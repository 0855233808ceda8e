// Package pages turns every page of a PDF into text: from its text layer where that is
// usable, otherwise by rendering it and running OCR, in parallel with bounded memory.
package pages

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"imrpacket/index"
	"imrpacket/ocr"
	"imrpacket/pdf"
)

// Options configure a Reader. Zero fields take the defaults.
type Options struct {
	// Workers is how many pages are read at once (default runtime.NumCPU()):
	// one PDFium instance and one Tesseract engine each. Memory is bounded
	// by Workers page images, whatever the packet's length.
	Workers int
	// DPI renders pages for OCR (default 300, Tesseract's sweet spot).
	DPI int
	// PageTimeout bounds rendering or text extraction of one page.
	PageTimeout time.Duration
	// OCRTimeout bounds the OCR of one page (default 120s).
	OCRTimeout time.Duration
	Limits     pdf.Limits
	// Lang is the Tesseract language (default "eng").
	Lang string
	// ForceOCR ignores text layers: every page is rendered and OCR'd.
	ForceOCR bool
}

func (o *Options) fill() {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.DPI <= 0 {
		o.DPI = 300
	}
	if o.OCRTimeout <= 0 {
		o.OCRTimeout = 120 * time.Second
	}
}

// Reader reads PDFs page by page. Start one per process (PDFium compiles for
// seconds, each Tesseract engine loads for about one) and share it: Read is
// safe for concurrent use, and concurrent Reads share the engines.
type Reader struct {
	opts Options
	pdf  *pdf.Engine

	ocrMu sync.Mutex
	ocr   *ocr.Pool // started by the first page that needs OCR

	trace func(event string, page int) // tests see when OCR starts and ends
}

// NewReader starts PDFium and checks that Tesseract starts. The OCR engines
// themselves start with the first page that needs them: a born-digital
// packet never pays their load time (about a second each, serialised) or
// their memory (tens of MB each).
func NewReader(ctx context.Context, opts Options) (*Reader, error) {
	opts.fill()
	pe, err := pdf.NewEngine(ctx, pdf.Options{
		// Each worker holds a document open in its own instance; one spare
		// lets a killed instance be replaced without waiting.
		Instances:   opts.Workers + 1,
		Limits:      opts.Limits,
		PageTimeout: opts.PageTimeout,
	})
	if err != nil {
		return nil, err
	}
	// One engine now, so that a missing language or library fails here and
	// not on some later packet's first scanned page.
	probe, err := ocr.NewEngine(ctx, ocr.Options{Lang: opts.Lang, Timeout: opts.OCRTimeout})
	if err != nil {
		pe.Close()
		return nil, fmt.Errorf("start tesseract: %w", err)
	}
	probe.Close()
	return &Reader{opts: opts, pdf: pe}, nil
}

// ocrPool starts the OCR engines on first use. A failure is not kept: the
// next page tries again.
func (r *Reader) ocrPool(ctx context.Context) (*ocr.Pool, error) {
	r.ocrMu.Lock()
	defer r.ocrMu.Unlock()
	if r.ocr == nil {
		pool, err := ocr.NewPool(ctx, r.opts.Workers, ocr.Options{Lang: r.opts.Lang, Timeout: r.opts.OCRTimeout})
		if err != nil {
			return nil, fmt.Errorf("start tesseract: %w", err)
		}
		r.ocr = pool
	}
	return r.ocr, nil
}

// Close stops the engines. No Read may be in progress.
func (r *Reader) Close() {
	r.ocrMu.Lock()
	if r.ocr != nil {
		r.ocr.Close()
		r.ocr = nil
	}
	r.ocrMu.Unlock()
	r.pdf.Close()
}

// Options returns the reader's options with defaults filled in.
func (r *Reader) Options() Options { return r.opts }

// Page is what was read from one source page. The rendered image is never
// kept: only text and word boxes survive the page's turn.
type Page struct {
	Number int // 1-based source page
	Text   string
	// Source is index.SourceTextLayer, index.SourceOCR, or index.SourceNone
	// when the page could not be read (Err says why).
	Source string
	// Layer is the verdict on the text layer that led to Source.
	Layer Verdict
	// WidthPt and HeightPt are the page as displayed, in points.
	WidthPt, HeightPt float64
	// Rotation is how far an OCR'd page was turned clockwise to read it.
	Rotation int
	// ImageHash identifies the rendered image exactly (OCR'd pages only):
	// equal hashes mean the same pixels, read once.
	ImageHash string
	// DPI is the resolution the page was rendered at (OCR'd pages only).
	DPI           int
	OCRConfidence float64
	// Words are the OCR'd words in the page's default user space (points,
	// origin bottom-left, before /Rotate), ready for an invisible text layer.
	Words []Word
	// OCRTime is the time Tesseract spent on this page; zero when its image
	// had been read already.
	OCRTime time.Duration
	// Err is a page-level failure (time limit, broken page object); the page
	// is kept with no text rather than failing the packet.
	Err error
}

// Word is one OCR'd word placed on the page.
type Word struct {
	Text               string
	LLX, LLY, URX, URY float64
	// Dir is the direction the text runs in user space, counter-clockwise.
	Dir int
}

// Stats count what a Read did.
type Stats struct {
	Pages     int
	TextLayer int
	OCRPages  int // pages whose text came from OCR
	// OCRCalls is how many times Tesseract ran: equal to the number of
	// distinct page images, never more.
	OCRCalls int
	// UniqueImages is the number of distinct rendered images among the
	// OCR'd pages.
	UniqueImages int
	Failed       int
	// OCRTime is Tesseract's time summed over pages.
	OCRTime time.Duration
}

// Read reads every page of the PDF at path and calls fn once per page in
// page order. A bad file returns a *pdf.InputError before fn is called; a
// page that fails is passed to fn with Source none and Err set. fn's error
// stops the read and is returned.
func (r *Reader) Read(ctx context.Context, path string, fn func(Page) error) (Stats, error) {
	first, err := r.pdf.Open(ctx, path)
	if err != nil {
		return Stats{}, err
	}
	n := first.NumPages()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	workers := min(r.opts.Workers, n)
	// The window keeps workers from running far ahead of fn: results wait
	// in order, so at most window pages of text (never images) are held.
	window := 4 * workers
	slots := make(chan struct{}, window)
	jobs := make(chan int)
	results := make(chan Page, window)
	cache := &imageCache{m: map[string]*cached{}}
	var calls atomic.Int64

	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		doc := first
		if w > 0 {
			// A Doc is one PDFium instance and not safe for concurrent use:
			// each worker opens the file itself.
			// When no more instances can be had (concurrent reads hold
			// them), the workers started so far do the job.
			d, err := r.openAnother(ctx, path)
			if err != nil {
				break
			}
			doc = d
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { doc.Close() }()
			read := 0
			for num := range jobs {
				if read++; read > reopenEvery {
					doc, read = r.reopen(ctx, path, doc), 1
				}
				pg, later := r.page(ctx, doc, num, cache, &calls)
				if later != nil {
					// The page's image is being read for an earlier page
					// (an exact duplicate); wait for it aside and take the
					// next page meanwhile, or one core idles for a reading.
					wg.Add(1)
					go func() {
						defer wg.Done()
						select {
						case results <- later():
						case <-ctx.Done():
						}
					}()
					continue
				}
				select {
				case results <- pg:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for num := 1; num <= n; num++ {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- num:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var st Stats
	images := map[string]bool{}
	pending := map[int]Page{}
	next := 1
	var fnErr error
	for pg := range results {
		pending[pg.Number] = pg
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			st.add(p)
			if p.ImageHash != "" && !images[p.ImageHash] {
				images[p.ImageHash] = true
				st.UniqueImages++
			}
			if fnErr == nil {
				if fnErr = fn(p); fnErr != nil {
					cancel()
				}
			}
		}
	}
	st.OCRCalls = int(calls.Load())
	if fnErr != nil {
		return st, fnErr
	}
	if next <= n {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		return st, fmt.Errorf("read %s: stopped at page %d of %d", first.Name(), next, n)
	}
	return st, nil
}

// reopenEvery bounds the pages one open document serves. PDFium keeps every
// object it has parsed until the document closes, and WebAssembly memory
// never shrinks: measured on a 5,000-page born-digital packet, one instance
// grew by 68 MB reading it through, by 35 MB when reopening every 500 pages.
const reopenEvery = 500

// openAnother opens path for a caller that already holds a Doc of it. It
// waits only a little for a PDFium instance: concurrent reads may hold them
// all, and waiting without limit could deadlock reads that each hold one
// instance and want another.
func (r *Reader) openAnother(ctx context.Context, path string) (*pdf.Doc, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return r.pdf.Open(ctx, path)
}

// reopen opens path afresh and closes old, freeing what PDFium had parsed.
// The new document comes first so that a failure (all instances busy with
// concurrent reads) leaves the worker with the one it had.
func (r *Reader) reopen(ctx context.Context, path string, old *pdf.Doc) *pdf.Doc {
	d, err := r.openAnother(ctx, path)
	if err != nil {
		return old
	}
	old.Close()
	return d
}

func (s *Stats) add(p Page) {
	s.Pages++
	switch p.Source {
	case index.SourceTextLayer:
		s.TextLayer++
	case index.SourceOCR:
		s.OCRPages++
	default:
		s.Failed++
	}
	s.OCRTime += p.OCRTime
}

// page reads one page: the text layer when usable, else render and OCR.
// page reads one page. When its image is already being recognised for
// another page, it returns later instead, which waits for that reading and
// then returns the page.
func (r *Reader) page(ctx context.Context, doc *pdf.Doc, num int, cache *imageCache, calls *atomic.Int64) (pg Page, later func() Page) {
	pg = Page{Number: num, Source: index.SourceNone}
	info, err := doc.Info(ctx, num)
	if err != nil {
		pg.Err = err
		return pg, nil
	}
	pg.WidthPt, pg.HeightPt = info.WidthPt, info.HeightPt
	pg.Layer = LayerMissing
	if !r.opts.ForceOCR {
		text, err := doc.Text(ctx, num)
		if err == nil {
			pg.Layer = JudgeLayer(text)
			if pg.Layer == LayerUsable {
				pg.Text, pg.Source = text, index.SourceTextLayer
				return pg, nil
			}
		}
	}
	img, err := doc.Render(ctx, num, r.opts.DPI)
	if err != nil {
		pg.Err = err
		return pg, nil
	}
	pg.DPI = int(math.Round(img.DPI))
	pg.ImageHash = hashImage(img)
	e, owner := cache.claim(pg.ImageHash)
	if !owner {
		// Only the pixel-to-page mapping is needed to place the words.
		placing := *img
		placing.Image = nil
		wait := func() Page {
			select {
			case <-e.done:
				return recognized(pg, &placing, e.res, 0, e.err)
			case <-ctx.Done():
				return recognized(pg, &placing, ocr.Result{}, 0, ctx.Err())
			}
		}
		select {
		case <-e.done:
			return wait(), nil
		default:
			return pg, wait
		}
	}
	if r.trace != nil {
		r.trace("ocr start", num)
	}
	start := time.Now()
	var res ocr.Result
	pool, err := r.ocrPool(ctx)
	if err == nil {
		calls.Add(1)
		res, err = pool.Recognize(ctx, img.Image, pg.DPI)
	}
	took := time.Since(start)
	cache.finish(pg.ImageHash, e, res, err)
	if r.trace != nil {
		r.trace("ocr done", num)
	}
	return recognized(pg, img, res, took, err), nil
}

// recognized fills in pg from its image's reading.
func recognized(pg Page, img *pdf.Rendered, res ocr.Result, took time.Duration, err error) Page {
	if err != nil {
		pg.Err = &pdf.PageError{Page: pg.Number, Op: "ocr", Err: err}
		return pg
	}
	pg.Text, pg.Source, pg.OCRTime = res.Text, index.SourceOCR, took
	pg.Rotation, pg.OCRConfidence = res.Rotation, res.Confidence
	pg.Words = placeWords(img, res.Words)
	return pg
}

// hashImage identifies a rendering by its size and pixels.
func hashImage(img *pdf.Rendered) string {
	h := sha256.New()
	b := img.Image.Bounds()
	var dim [16]byte
	binary.LittleEndian.PutUint64(dim[:8], uint64(b.Dx()))
	binary.LittleEndian.PutUint64(dim[8:], uint64(b.Dy()))
	h.Write(dim[:])
	for y := b.Min.Y; y < b.Max.Y; y++ {
		off := img.Image.PixOffset(b.Min.X, y)
		h.Write(img.Image.Pix[off : off+b.Dx()])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// imageCache makes identical page images cost one OCR: later askers wait
// for the first's result instead of running Tesseract again.
type imageCache struct {
	mu sync.Mutex
	m  map[string]*cached
}

type cached struct {
	done chan struct{}
	res  ocr.Result
	err  error
}

// claim returns key's entry; owner is set when the caller is the first to
// ask and must recognise the image and finish the entry.
func (c *imageCache) claim(key string) (e *cached, owner bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		return e, false
	}
	e = &cached{done: make(chan struct{})}
	c.m[key] = e
	return e, true
}

// finish records the owner's reading and wakes those waiting for it.
func (c *imageCache) finish(key string, e *cached, res ocr.Result, err error) {
	e.res, e.err = res, err
	if err != nil {
		// A failure (a time limit) is not cached: a later copy of the
		// image gets its own chance.
		c.mu.Lock()
		delete(c.m, key)
		c.mu.Unlock()
	}
	close(e.done)
}

// placeWords maps word boxes from image pixels to the page's user space.
func placeWords(img *pdf.Rendered, ws []ocr.Word) []Word {
	if len(ws) == 0 {
		return nil
	}
	out := make([]Word, 0, len(ws))
	for _, w := range ws {
		if w.Text == "" {
			continue
		}
		ax, ay := img.ToPage(float64(w.Box.Min.X), float64(w.Box.Min.Y))
		bx, by := img.ToPage(float64(w.Box.Max.X), float64(w.Box.Max.Y))
		out = append(out, Word{
			Text: w.Text,
			LLX:  math.Min(ax, bx), LLY: math.Min(ay, by),
			URX: math.Max(ax, bx), URY: math.Max(ay, by),
			Dir: userDir(img, w.Dir),
		})
	}
	return out
}

// userDir turns a direction on the image (degrees clockwise, y down) into
// one in user space (degrees counter-clockwise, y up).
func userDir(img *pdf.Rendered, cw int) int {
	rad := float64(cw) * math.Pi / 180
	dx, dy := math.Cos(rad), math.Sin(rad) // image space, y down
	x0, y0 := img.ToPage(0, 0)
	x1, y1 := img.ToPage(dx*100, dy*100)
	deg := math.Atan2(y1-y0, x1-x0) * 180 / math.Pi
	d := int(math.Round(deg/90)) * 90
	return ((d % 360) + 360) % 360
}
