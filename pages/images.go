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

// Page renders source page n (1-based) to grayscale and returns the map from
// its pixels to the page's user space.
func (im *Images) Page(ctx context.Context, n int) (*image.Gray, [6]float64, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.doc == nil && im.err == nil {
		im.doc, im.err = im.r.pdf.Open(ctx, im.path)
	}
	if im.err != nil {
		return nil, [6]float64{}, im.err
	}
	res, err := im.doc.Render(ctx, n, InkDPI)
	if err != nil {
		return nil, [6]float64{}, err
	}
	return res.Image, res.PixelToPage(), nil
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
