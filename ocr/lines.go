package ocr

import (
	"context"
	"image"
)

// ReadLine reads a crop holding one line of a page as that line, in every
// character Tesseract knows, with no layout analysis. dedupe asks it of both
// copies of a page where reading a number alone (ReadDigits) did not settle
// it: among the line's words Tesseract reads a fax's digits more steadily
// than cut out on their own. The crop is read as a block (psmBlock), not as
// one line: told it is one line, Tesseract takes a scan's specks above and
// below the words into the line's baseline and misreads whole words (on
// the dev packets' line crops, two copies' readings of a number's line
// agreed 17 times in 34 that way, 34 in 38 as a block).
func (e *Engine) ReadLine(ctx context.Context, img *image.Gray, dpi int) (string, error) {
	return e.readCrop(ctx, img, dpi, psmBlock, "")
}

// ReadLine runs Engine.ReadLine on a free engine.
func (p *Pool) ReadLine(ctx context.Context, img *image.Gray, dpi int) (string, error) {
	return p.readCrop(ctx, img, dpi, psmBlock, "")
}
