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
// reading. It opens the PDF on first use; Close releases it.
type Images struct {
	r    *Reader
	path string

	mu  sync.Mutex
	doc *pdf.Doc
	err error
}

// Images returns renderings of the pages of path at InkDPI.
func (r *Reader) Images(path string) *Images { return &Images{r: r, path: path} }

// open opens the PDF on first use; a failure to open is kept, as the file
// will not open the next time either. im.mu must be held.
func (im *Images) open(ctx context.Context) (*pdf.Doc, error) {
	if im.doc == nil && im.err == nil {
		im.doc, im.err = im.r.pdf.Open(ctx, im.path)
	}
	return im.doc, im.err
}

// Page renders source page n (1-based) to grayscale and returns the map from
// its pixels to the page's user space.
func (im *Images) Page(ctx context.Context, n int) (*image.Gray, [6]float64, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	doc, err := im.open(ctx)
	if err != nil {
		return nil, [6]float64{}, err
	}
	res, err := doc.Render(ctx, n, InkDPI)
	if err != nil {
		return nil, [6]float64{}, err
	}
	return res.Image, res.PixelToPage(), nil
}

// Words returns the words of source page n's text layer with their boxes in
// the page's user space, the space OCR word boxes are placed in.
func (im *Images) Words(ctx context.Context, n int) ([]Word, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	doc, err := im.open(ctx)
	if err != nil {
		return nil, err
	}
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

// Close closes the PDF if it was opened.
func (im *Images) Close() error {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.doc == nil {
		return nil
	}
	err := im.doc.Close()
	im.doc = nil
	return err
}
