// Package ocr recognises text on page images with Tesseract through its C API:
// words with pixel boxes and confidences, pages turned upright by orientation detection.
package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"runtime"
	"strings"
	"time"

	"imrpacket/orient"
)

// ErrTimeout marks a recognition stopped by its context or time limit; the
// caller records the page with no text.
var ErrTimeout = errors.New("ocr: time limit exceeded")

// Options configure an Engine. Zero fields take the defaults.
type Options struct {
	Lang     string // Tesseract language (default "eng")
	DataPath string // tessdata directory ("" = Tesseract's default)
	// Timeout bounds one Recognize call on top of its context (default 120s).
	Timeout time.Duration
	// NoOrientation skips orientation detection.
	NoOrientation bool
	// GoodConfidence is the mean word confidence (0..1) above which a page
	// read as it stands is accepted without orientation detection (default 0.75).
	GoodConfidence float64
}

func (o *Options) fill() {
	if o.Lang == "" {
		o.Lang = "eng"
	}
	if o.Timeout <= 0 {
		o.Timeout = 120 * time.Second
	}
	if o.GoodConfidence <= 0 {
		o.GoodConfidence = 0.75
	}
}

// Word is one recognised word.
type Word struct {
	Text string
	// Box is the word's box in the pixels of the image given to Recognize
	// (origin top-left), whatever turn was needed to read it.
	Box image.Rectangle
	// Confidence is Tesseract's word confidence, 0..1.
	Confidence float64
	// Dir is the direction the text runs in the given image, in degrees
	// clockwise from left-to-right: 0, 90 (top to bottom), 180 or 270.
	Dir int
	// Line numbers text lines from 1 in reading order.
	Line int
}

// Result is what Recognize read from one image.
type Result struct {
	Text  string
	Words []Word
	// Confidence is the mean word confidence weighted by word length, 0..1.
	Confidence float64
	// Rotation is how many degrees clockwise the image was turned to read it
	// upright: 0, 90, 180 or 270.
	Rotation int
	// OrientationConfidence is Tesseract's margin for Rotation (0 when
	// orientation detection did not run).
	OrientationConfidence float64
}

// Engine is one Tesseract instance. It is not safe for concurrent use:
// give each worker goroutine its own, or take them from a Pool.
type Engine struct {
	opts Options
	main *handle
	osd  *handle // nil when orientation detection is off
}

// NewEngine loads the language model (and the orientation model). It takes
// ctx for symmetry with other I/O; loading itself cannot be interrupted.
func NewEngine(ctx context.Context, opts Options) (*Engine, error) {
	opts.fill()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	main, err := newHandle(opts.DataPath, opts.Lang, psmAuto)
	if err != nil {
		return nil, err
	}
	// A line Tesseract reads poorly it reads a second time inverted, in case
	// it is white on black. On a fax nearly every poor line is noise (specks,
	// the transmission header, a smudged stamp): the second reading costs
	// about 4% of the recognition time and only changes what specks read as;
	// records packets have no reversed body text worth that
	// (docs/PERFORMANCE.md, session 15).
	setVariable(main.api, "tessedit_do_invert", "0")
	e := &Engine{opts: opts, main: main}
	if !opts.NoOrientation {
		e.osd, err = newHandle(opts.DataPath, "osd", 0 /* PSM_OSD_ONLY */)
		if err != nil {
			main.close()
			return nil, err
		}
	}
	// Engines left unclosed still free their C memory.
	runtime.SetFinalizer(e, (*Engine).Close)
	return e, nil
}

// Close frees the Tesseract handles.
func (e *Engine) Close() {
	runtime.SetFinalizer(e, nil)
	e.main.close()
	if e.osd != nil {
		e.osd.close()
	}
}

// Recognize reads img scanned at dpi. A page whose ink says plainly that
// it is turned (package orient) is read turned upright first; a page that
// reads poorly as it was read goes through Tesseract's orientation
// detection and, when that finds another turn, is read again that way; the
// better reading wins. Word boxes are in img's pixels.
func (e *Engine) Recognize(ctx context.Context, img *image.Gray, dpi int) (Result, error) {
	if img == nil || img.Bounds().Empty() {
		return Result{}, errors.New("ocr: empty image")
	}
	if dpi <= 0 {
		dpi = 300
	}
	ctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	first := 0
	if e.osd != nil {
		// A turned page read as it stands costs a whole reading and an
		// orientation detection before it is read again upright.
		if g := orient.Upright(img, dpi); g.Sure {
			first = g.Turn
		}
	}
	res, err := e.read(ctx, turn(img, first), dpi, first)
	if err != nil || e.osd == nil || (res.Confidence >= e.opts.GoodConfidence && len(res.Words) > 0 && !sideways(res.Words, first)) {
		return res, err
	}
	if img.Bounds().Dx() < 100 || img.Bounds().Dy() < 100 {
		return res, nil
	}
	rot, conf, ok := e.detectRotation(img, dpi)
	if !ok || rot == first {
		res.OrientationConfidence = conf
		return res, nil
	}
	other, err := e.read(ctx, turn(img, rot), dpi, rot)
	if err != nil {
		return Result{}, err
	}
	other.OrientationConfidence = conf
	if other.Confidence*float64(len(other.Text)) >= res.Confidence*float64(len(res.Text)) {
		return other, nil
	}
	res.OrientationConfidence = conf
	return res, nil
}

// turn returns img turned clockwise by deg; img itself when deg is 0.
func turn(img *image.Gray, deg int) *image.Gray {
	if deg == 0 {
		return img
	}
	return rotate(img, deg)
}

// sideways reports whether most words, as read with the image turned
// clockwise by rot, are taller than wide: Tesseract reads 90-degree text
// lines well enough to pass the confidence test, but reports them as
// upright, so the page still needs turning.
func sideways(ws []Word, rot int) bool {
	across := rot == 90 || rot == 270 // boxes are in the unturned image
	tall, n := 0, 0
	for _, w := range ws {
		if len([]rune(w.Text)) < 3 {
			continue
		}
		n++
		if (w.Box.Dy() > w.Box.Dx()) != across {
			tall++
		}
	}
	return n > 0 && tall*2 > n
}

// detectRotation returns the clockwise turn that makes img upright.
func (e *Engine) detectRotation(img *image.Gray, dpi int) (int, float64, bool) {
	if e.osd.setImage(img, dpi) != nil {
		return 0, 0, false
	}
	defer e.osd.clear()
	deg, conf, ok := e.osd.orientation()
	if !ok {
		return 0, 0, false
	}
	// Tesseract's orient_deg is how far the text was turned clockwise;
	// turning the image the rest of the way round makes it upright.
	// (Measured: an upright page turned 90 degrees clockwise reports 90.)
	return (360 - ((deg%360)+360)%360) % 360, conf, true
}

// read recognises img turned clockwise by rot (already applied to up) and
// maps the boxes back to the original image.
func (e *Engine) read(ctx context.Context, up *image.Gray, dpi, rot int) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	h := e.main
	if err := h.setImage(up, dpi); err != nil {
		return Result{}, err
	}
	defer h.clear()
	text, raw, err := h.recognizeCtx(ctx)
	if err != nil {
		return Result{}, err
	}
	text, raw, err = readMissed(ctx, h, up, dpi, text, raw)
	if err != nil {
		return Result{}, err
	}
	uw, uh := up.Bounds().Dx(), up.Bounds().Dy()
	res := Result{Text: text, Words: make([]Word, 0, len(raw))}
	var confSum, weight float64
	var dirWeight [4]float64
	for _, w := range raw {
		if strings.TrimSpace(w.text) == "" {
			continue
		}
		// Direction in the given image: the block's own turn plus the turn
		// we undid.
		dir := (w.orient*90 + 360 - rot) % 360
		res.Words = append(res.Words, Word{
			Text:       w.text,
			Box:        unrotateRect(image.Rect(w.l, w.t, w.r, w.b), rot, uw, uh),
			Confidence: w.conf,
			Dir:        dir,
			Line:       w.line,
		})
		n := float64(len([]rune(w.text)))
		confSum += w.conf * n
		weight += n
		dirWeight[dir/90] += n
	}
	// The page's rotation is the one that makes most of its text upright.
	best := 0
	for i := range dirWeight {
		if dirWeight[i] > dirWeight[best] {
			best = i
		}
	}
	res.Rotation = (360 - best*90) % 360
	if weight > 0 {
		res.Confidence = confSum / weight
	}
	return res, nil
}

// unrotateRect maps a box in an image that was turned clockwise by rot
// (size uw x uh after turning) back to the image before turning.
func unrotateRect(r image.Rectangle, rot, uw, uh int) image.Rectangle {
	pt := func(a, b int) image.Point {
		switch rot {
		case 90: // turned (x, y) -> (H-y, x), H = original height = uw
			return image.Pt(b, uw-a)
		case 180:
			return image.Pt(uw-a, uh-b)
		case 270: // turned (x, y) -> (y, W-x), W = original width = uh
			return image.Pt(uh-b, a)
		}
		return image.Pt(a, b)
	}
	return image.Rectangle{Min: pt(r.Min.X, r.Min.Y), Max: pt(r.Max.X, r.Max.Y)}.Canon()
}

// rotate returns img turned clockwise by deg (90, 180 or 270).
func rotate(img *image.Gray, deg int) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	var out *image.Gray
	if deg == 180 {
		out = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		out = image.NewGray(image.Rect(0, 0, h, w))
	}
	for y := 0; y < h; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y):]
		for x := 0; x < w; x++ {
			v := row[x]
			switch deg {
			case 90:
				out.Pix[x*out.Stride+(h-1-y)] = v
			case 180:
				out.Pix[(h-1-y)*out.Stride+(w-1-x)] = v
			case 270:
				out.Pix[(w-1-x)*out.Stride+y] = v
			}
		}
	}
	return out
}
