// Package pdf opens, reads and renders PDF pages with PDFium compiled to WebAssembly
// (go-pdfium on wazero, no cgo), classifying bad input and bounding time and memory per page.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Limits bound what one document may cost. Zero fields take the defaults.
type Limits struct {
	// MaxPages rejects documents with more pages (default 5000: real IMR
	// packets run to a few thousand pages).
	MaxPages int
	// MaxBytes rejects larger files before parsing (default 1 GiB).
	MaxBytes int64
	// MaxPixels caps one rendered page; pages whose media box would exceed it
	// at the requested DPI are rendered at a lower DPI instead (default 40 Mpx,
	// about 17x22 inches at 300 dpi).
	MaxPixels int
}

// Options configure an Engine. Zero fields take the defaults.
type Options struct {
	// Instances is how many PDFium instances may be open at once; each open
	// Doc holds one (default runtime.NumCPU()+1, one per worker plus one).
	Instances int
	Limits    Limits
	// PageTimeout bounds each page operation (default 60s).
	PageTimeout time.Duration
	// MemoryLimitMiB caps the WebAssembly memory of one instance (default 2048).
	MemoryLimitMiB int
	// PDFiumOnly renders every page with PDFium, never drawing a scanned
	// page's image directly (for comparisons and as an escape hatch).
	PDFiumOnly bool
	// CacheDir holds wazero's compiled-module cache so later processes start
	// in well under a second. "" uses the user cache dir; "-" disables it.
	CacheDir string
}

func (o *Options) fill() {
	if o.Instances <= 0 {
		o.Instances = runtime.NumCPU() + 1
	}
	if o.Limits.MaxPages <= 0 {
		o.Limits.MaxPages = 5000
	}
	if o.Limits.MaxBytes <= 0 {
		o.Limits.MaxBytes = 1 << 30
	}
	if o.Limits.MaxPixels <= 0 {
		o.Limits.MaxPixels = 40_000_000
	}
	if o.PageTimeout <= 0 {
		o.PageTimeout = 60 * time.Second
	}
	if o.MemoryLimitMiB <= 0 {
		o.MemoryLimitMiB = 2048
	}
}

// Engine is a pool of PDFium WebAssembly instances. Start one per process:
// compiling the module takes seconds, instantiating it milliseconds.
// It is safe for concurrent use.
type Engine struct {
	opts Options
	pool pdfium.Pool
}

// NewEngine compiles PDFium and prepares the pool.
func NewEngine(ctx context.Context, opts Options) (*Engine, error) {
	opts.fill()
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		// Needed so that killing an instance interrupts a render in progress.
		WithCloseOnContextDone(true).
		WithMemoryLimitPages(uint32(opts.MemoryLimitMiB) * 16)
	if dir := cacheDir(opts.CacheDir); dir != "" {
		if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
			rc = rc.WithCompilationCache(cache)
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		Context:       context.WithoutCancel(ctx),
		MinIdle:       1,
		MaxIdle:       opts.Instances,
		MaxTotal:      opts.Instances,
		RuntimeConfig: rc,
		Stdout:        io.Discard,
		// Reusing instances keeps Open cheap; WebAssembly memory never shrinks,
		// so each instance stays at its peak, bounded by MemoryLimitMiB.
		ReuseWorkers: true,
	})
	if err != nil {
		return nil, fmt.Errorf("start pdfium: %w", err)
	}
	return &Engine{opts: opts, pool: pool}, nil
}

func cacheDir(dir string) string {
	switch dir {
	case "-":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(base, "imrpacket", "wazero")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ""
	}
	return dir
}

// Options returns the engine's options with defaults filled in.
func (e *Engine) Options() Options { return e.opts }

// Close stops every instance.
func (e *Engine) Close() error { return e.pool.Close() }

// Doc is one open document in one PDFium instance. A Doc is not safe for
// concurrent use: for parallel work, each worker opens the file itself.
type Doc struct {
	e     *Engine
	path  string // absolute, as PDFium inside WebAssembly sees it
	name  string // base name, for messages
	pages int

	inst pdfium.Pdfium
	doc  references.FPDF_DOCUMENT
	// dead is set when the instance was killed after a page ran past its time
	// limit; the next call reopens the file in a fresh instance.
	dead    bool
	timeout time.Duration
}

// SetPageTimeout overrides the engine's PageTimeout for this document.
func (d *Doc) SetPageTimeout(t time.Duration) { d.timeout = t }

// Open opens the PDF at path, classifying bad input into an *InputError.
// It holds one instance until Close; it waits for one while all are busy.
func (e *Engine) Open(ctx context.Context, path string) (*Doc, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", filepath.Base(path), err)
	}
	d := &Doc{e: e, path: abs, name: filepath.Base(path), timeout: e.opts.PageTimeout}
	if err := d.precheck(); err != nil {
		return nil, err
	}
	if err := d.open(ctx); err != nil {
		return nil, err
	}
	if d.pages > e.opts.Limits.MaxPages {
		d.Close()
		return nil, &InputError{Class: ErrTooLarge, File: d.name,
			Detail: fmt.Sprintf("%d pages, limit %d", d.pages, e.opts.Limits.MaxPages)}
	}
	return d, nil
}

// precheck rejects what needs no parser: too big, or no PDF header where
// PDFium looks for one (the first 1024 bytes).
func (d *Doc) precheck() error {
	f, err := os.Open(d.path)
	if err != nil {
		return fmt.Errorf("open %s: %w", d.name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open %s: %w", d.name, err)
	}
	if st.Size() > d.e.opts.Limits.MaxBytes {
		return &InputError{Class: ErrTooLarge, File: d.name,
			Detail: fmt.Sprintf("%d bytes, limit %d", st.Size(), d.e.opts.Limits.MaxBytes)}
	}
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	if !bytes.Contains(head[:n], []byte("%PDF-")) {
		return &InputError{Class: ErrNotPDF, File: d.name}
	}
	return nil
}

// open gets an instance and opens the document in it.
func (d *Doc) open(ctx context.Context) error {
	inst, err := d.e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		return fmt.Errorf("open %s: no pdfium instance: %w", d.name, err)
	}
	path := d.path
	var res *responses.OpenDocument
	timedOut, err := killAfter(ctx, d.timeout, inst, func() error {
		var err error
		res, err = inst.OpenDocument(&requests.OpenDocument{FilePath: &path})
		return err
	})
	if timedOut {
		// PDFium gave up on nothing: a parser stuck in a loop is damage.
		return &InputError{Class: ErrDamaged, File: d.name, Detail: "open timed out", Err: err}
	}
	if err != nil {
		inst.Close()
		return d.classify(err)
	}
	cnt, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: res.Document})
	if err != nil {
		inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: res.Document})
		inst.Close()
		return &InputError{Class: ErrDamaged, File: d.name, Err: err}
	}
	if cnt.PageCount <= 0 {
		inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: res.Document})
		inst.Close()
		return &InputError{Class: ErrNoPages, File: d.name}
	}
	if d.pages != 0 && cnt.PageCount != d.pages {
		// A reopen must see the same document; anything else is a bug or a
		// file replaced under us.
		inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: res.Document})
		inst.Close()
		return fmt.Errorf("reopen %s: page count changed", d.name)
	}
	d.inst, d.doc, d.pages, d.dead = inst, res.Document, cnt.PageCount, false
	return nil
}

// classify maps PDFium's load error to an input class. PDFium says only
// "format" for both damage and truncation, so truncation is told by the
// missing end-of-file marker.
func (d *Doc) classify(err error) error {
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
		return &InputError{Class: ErrEncrypted, File: d.name, Err: err}
	case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile),
		errors.Is(err, pdfiumerrors.ErrUnknown), errors.Is(err, pdfiumerrors.ErrPage):
		if !hasEOFMarker(d.path) {
			return &InputError{Class: ErrTruncated, File: d.name, Err: err}
		}
		return &InputError{Class: ErrDamaged, File: d.name, Err: err}
	}
	return &InputError{Class: ErrDamaged, File: d.name, Err: err}
}

// hasEOFMarker reports whether %%EOF appears in the last KiB, where every
// complete PDF (and most incrementally updated ones) has it.
func hasEOFMarker(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false
	}
	off := st.Size() - 1024
	if off < 0 {
		off = 0
	}
	tail := make([]byte, 1024)
	n, _ := f.ReadAt(tail, off)
	return bytes.Contains(tail[:n], []byte("%%EOF"))
}

// NumPages is the number of pages.
func (d *Doc) NumPages() int { return d.pages }

// Name is the file's base name.
func (d *Doc) Name() string { return d.name }

// Close releases the document and its instance.
func (d *Doc) Close() error {
	if d.inst == nil || d.dead {
		d.inst, d.dead = nil, false
		return nil
	}
	d.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.doc})
	err := d.inst.Close()
	d.inst = nil
	return err
}

// do runs f against the live instance under the page time limit. When the
// limit passes, the instance is killed (wazero aborts the call in progress)
// and the Doc reopens the file in a fresh instance on its next call.
func (d *Doc) do(ctx context.Context, page int, op string, f func(inst pdfium.Pdfium) error) error {
	if page < 1 || page > d.pages {
		return &PageError{Page: page, Op: op, Err: fmt.Errorf("out of range 1..%d", d.pages)}
	}
	if d.inst == nil && !d.dead {
		return &PageError{Page: page, Op: op, Err: errors.New("document closed")}
	}
	if err := ctx.Err(); err != nil {
		return &PageError{Page: page, Op: op, Err: err}
	}
	if d.dead {
		if err := d.open(ctx); err != nil {
			return &PageError{Page: page, Op: op, Err: err}
		}
	}
	inst := d.inst
	timedOut, err := killAfter(ctx, d.timeout, inst, func() error { return f(inst) })
	if timedOut {
		d.dead = true
		d.inst = nil
		if ctx.Err() != nil {
			return &PageError{Page: page, Op: op, Err: ctx.Err()}
		}
		return &PageError{Page: page, Op: op, Err: ErrPageTimeout}
	}
	if err != nil {
		return &PageError{Page: page, Op: op, Err: err}
	}
	return nil
}

// killAfter runs f, killing inst if ctx ends or timeout passes first; wazero
// then aborts the WebAssembly call in progress. A killed instance is gone:
// it reports timedOut and the caller must not use inst again.
func killAfter(ctx context.Context, timeout time.Duration, inst pdfium.Pdfium, f func() error) (timedOut bool, err error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	killed := make(chan struct{})
	stop := context.AfterFunc(tctx, func() {
		inst.Kill()
		close(killed)
	})
	err = f()
	if stop() {
		return false, err
	}
	<-killed
	return true, err
}
