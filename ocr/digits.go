package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"
)

// psmLine reads the image as one line of text, with no layout analysis:
// measured on dev packets, single-word mode (8) and raw-line mode (13)
// found fewer copies.
const psmLine = 7

// digitChars are what ReadDigits may read: digits and the separators of
// dates, amounts and codes. Anything else in the crop is read as one of
// these or left out.
const digitChars = "0123456789/-.,:"

// ReadDigits reads a small crop holding one number (a word's box cut from a
// page) as digits only. A full-page reading weighs a smudged number against
// every word Tesseract knows, and reads "30" as "ns"; told that only digits
// can be there, it reads the digits. dedupe asks this of both copies of a
// page where their full readings of a number disagree.
func (e *Engine) ReadDigits(ctx context.Context, img *image.Gray, dpi int) (string, error) {
	return e.readCrop(ctx, img, dpi, psmLine, digitChars)
}

// readCrop reads img in page segmentation mode psm (one line or one
// block, no layout analysis), in the characters of whitelist ("" for all),
// and leaves the engine reading whole pages in every character afterwards.
func (e *Engine) readCrop(ctx context.Context, img *image.Gray, dpi, psm int, whitelist string) (string, error) {
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
	h.setPSM(psm)
	if whitelist != "" {
		setVariable(h.api, "tessedit_char_whitelist", whitelist)
	}
	defer func() {
		if whitelist != "" {
			setVariable(h.api, "tessedit_char_whitelist", "")
		}
		h.setPSM(psmAuto)
	}()
	text, _, err := h.recognizeCtx(ctx)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(text), nil
}

// ReadDigits runs Engine.ReadDigits on a free engine.
func (p *Pool) ReadDigits(ctx context.Context, img *image.Gray, dpi int) (string, error) {
	return p.readCrop(ctx, img, dpi, psmLine, digitChars)
}

// readCrop runs Engine.readCrop on a free engine.
func (p *Pool) readCrop(ctx context.Context, img *image.Gray, dpi, psm int, whitelist string) (string, error) {
	e, err := p.Get(ctx)
	if err != nil {
		return "", err
	}
	defer p.Put(e)
	return e.readCrop(ctx, img, dpi, psm, whitelist)
}
