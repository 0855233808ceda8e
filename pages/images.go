package pages

import (
	"context"
	"image"
	"sync"

	"imrpacket/pdf"
)

// InkDPI is the resolution pages are rendered at for the ink check: the
// resolution of a fax or an office scan, where look-alike glyphs already
// differ by fewer pixels than the noise.
const InkDPI = 200

// Images renders pages of one PDF again after reading, for checks that need
// a page's pixels (dedupe's ink check): page images are not kept while
// reading. Safe for concurrent use: it opens the PDF once per caller at a
// time, up to the reader's Workers (a Doc is one PDFium instance, used by one
// goroutine), on first use; Close releases them.
type Images struct {
	r    *Reader
	path string

	mu     sync.Mutex
	idle   []*pdf.Doc
	opened int
	limit  int           // how many may be open: Workers, fewer if no more would open
	freed  chan struct{} // a Doc was put back
	err    error
	closed bool
}

// Images returns renderings of the pages of path at InkDPI.
func (r *Reader) Images(path string) *Images {
	return &Images{r: r, path: path, limit: max(1, r.opts.Workers), freed: make(chan struct{}, 1)}
}

// take returns an idle Doc, opens another while fewer than limit are open,
// or waits for one to be put back.
func (im *Images) take(ctx context.Context) (*pdf.Doc, error) {
	for {
		im.mu.Lock()
		switch {
		case im.err != nil:
			im.mu.Unlock()
			return nil, im.err
		case len(im.idle) > 0:
			d := im.idle[len(im.idle)-1]
			im.idle = im.idle[:len(im.idle)-1]
			im.mu.Unlock()
			return d, nil
		case im.opened < im.limit:
			first := im.opened == 0
			im.opened++
			im.mu.Unlock()
			var d *pdf.Doc
			var err error
			if first {
				d, err = im.r.pdf.Open(ctx, im.path)
			} else {
				d, err = im.r.openAnother(ctx, im.path)
			}
			if err == nil {
				return d, nil
			}
			im.mu.Lock()
			im.opened--
			if first {
				// The file will not open the next time either.
				im.err = err
				im.mu.Unlock()
				return nil, err
			}
			im.limit = im.opened
			im.mu.Unlock()
			continue
		}
		im.mu.Unlock()
		select {
		case <-im.freed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// put gives d back for the next caller, or closes it after Close.
func (im *Images) put(d *pdf.Doc) {
	im.mu.Lock()
	if im.closed {
		im.mu.Unlock()
		d.Close()
		return
	}
	im.idle = append(im.idle, d)
	im.mu.Unlock()
	select {
	case im.freed <- struct{}{}:
	default:
	}
}

// Page renders source page n (1-based) to grayscale and returns the map from
// its pixels to the page's user space.
func (im *Images) Page(ctx context.Context, n int) (*image.Gray, [6]float64, error) {
	doc, err := im.take(ctx)
	if err != nil {
		return nil, [6]float64{}, err
	}
	defer im.put(doc)
	res, err := doc.Render(ctx, n, InkDPI)
	if err != nil {
		return nil, [6]float64{}, err
	}
	return res.Image, res.PixelToPage(), nil
}

// Words returns the words of source page n's text layer with their boxes in
// the page's user space, the space OCR word boxes are placed in.
func (im *Images) Words(ctx context.Context, n int) ([]Word, error) {
	doc, err := im.take(ctx)
	if err != nil {
		return nil, err
	}
	defer im.put(doc)
	ws, err := doc.Words(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]Word, len(ws))
	for i, w := range ws {
		out[i] = Word{Text: w.Text, LLX: w.Box.X0, LLY: w.Box.Y0, URX: w.Box.X1, URY: w.Box.Y1}
	}
	return out, nil
}

// ReadDigits reads a crop of a page rendered at InkDPI, scaled to twice
// that, as digits only (ocr.Engine.ReadDigits), on the reader's OCR engines.
func (im *Images) ReadDigits(ctx context.Context, img *image.Gray) (string, error) {
	pool, err := im.r.ocrPool(ctx)
	if err != nil {
		return "", err
	}
	return pool.ReadDigits(ctx, img, 2*InkDPI)
}

// ReadLine reads a crop of a page rendered at InkDPI, scaled to twice that,
// as one line of text (ocr.Engine.ReadLine), on the reader's OCR engines.
func (im *Images) ReadLine(ctx context.Context, img *image.Gray) (string, error) {
	pool, err := im.r.ocrPool(ctx)
	if err != nil {
		return "", err
	}
	return pool.ReadLine(ctx, img, 2*InkDPI)
}

// Close closes the PDFs it opened; one in use is closed when given back.
func (im *Images) Close() error {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.closed = true
	var first error
	for _, d := range im.idle {
		if err := d.Close(); err != nil && first == nil {
			first = err
		}
	}
	im.idle = nil
	return first
}
