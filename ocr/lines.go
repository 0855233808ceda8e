package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"
)

// ReadLine reads a crop holding one line of a page as that line, in every
// character Tesseract knows, with no layout analysis. dedupe asks it of both
// copies of a page where reading a number alone (ReadDigits) did not settle
// it: among the line's words Tesseract reads a fax's digits more steadily
// than cut out on their own.
func (e *Engine) ReadLine(ctx context.Context, img *image.Gray, dpi int) (string, error) {
	if img == nil || img.Bounds().Empty() {
		return "", errors.New("ocr: empty image")
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	ctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	h := e.main
	if err := h.setImage(img, dpi); err != nil {
		return "", err
	}
	defer h.clear()
	h.setPSM(psmLine)
	defer h.setPSM(psmAuto)
	text, _, err := h.recognizeCtx(ctx)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(text), nil
}

// ReadLine runs Engine.ReadLine on a free engine.
func (p *Pool) ReadLine(ctx context.Context, img *image.Gray, dpi int) (string, error) {
	e, err := p.Get(ctx)
	if err != nil {
		return "", err
	}
	defer p.Put(e)
	return e.ReadLine(ctx, img, dpi)
}
