package ocr

import (
	"context"
	"errors"
	"image"
	"maps"
	"slices"
	"strings"
	"unicode"
)

// Tesseract's layout analysis sometimes takes a paragraph of a skewed,
// speckled scan for a picture and reads nothing there: measured on generated
// noisy scans, whole paragraphs of clean, legible text were missing from an
// otherwise good reading (16 of 24 lines read). Nothing in the result says so.
// The page's ink does: a band of rows dense with ink that no word box covers
// is text that was never read. Such bands are read again as one uniform
// block of text (page segmentation mode 6), which skips the layout step
// that dropped them.

// inkLevel is the gray level under which a pixel is ink. Scans put paper
// above 200 and print below 100; fax pages are bilevel.
const inkLevel = 128

// missedBands returns the bands of img, each a rectangle spanning the
// uncovered ink of a run of text rows, that hold text-like ink outside every
// box in read. Specks (rows with a few dark pixels) and thin rules (too few
// rows) are not text.
func missedBands(img *image.Gray, read []image.Rectangle, dpi int) []image.Rectangle {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 50 || h < 50 || dpi <= 0 {
		return nil
	}
	// covered[y] lists the x-ranges of word boxes crossing row y, padded so
	// that the strokes just outside a box (a descender, a comma) do not
	// count as unread ink.
	pad := max(dpi/60, 2)
	covered := make([][][2]int, h)
	for _, r := range read {
		r = r.Inset(-pad).Intersect(b)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			covered[y-b.Min.Y] = append(covered[y-b.Min.Y], [2]int{r.Min.X - b.Min.X, r.Max.X - b.Min.X})
		}
	}
	// A row of a text line at 10 points crosses dozens of strokes; a row
	// of speckle crosses a handful of dots. Count ink runs, not pixels, so
	// a heavy rule is not text either.
	minRuns := 12
	text := make([]bool, h)
	lo, hi := make([]int, h), make([]int, h)
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		cov := covered[y]
		slices.SortFunc(cov, func(a, b [2]int) int { return a[0] - b[0] })
		end := 0 // the covered ranges starting at or before x end by here
		k := 0
		runs, inRun := 0, false
		lo[y], hi[y] = w, -1
		for x := 0; x < w; x++ {
			for k < len(cov) && cov[k][0] <= x {
				end = max(end, cov[k][1])
				k++
			}
			dark := row[x] < inkLevel && x >= end
			if dark {
				if !inRun {
					runs++
				}
				lo[y], hi[y] = min(lo[y], x), x
			}
			inRun = dark
		}
		text[y] = runs >= minRuns
	}
	// Rows of text gathered into lines; lines a line gap apart into one
	// band. A line shorter than about 4 points is a rule or noise.
	minLine := max(dpi*4/72, 4)
	gap := dpi * 10 / 72
	var bands []image.Rectangle
	for y := 0; y < h; {
		if !text[y] {
			y++
			continue
		}
		start := y
		x0, x1 := lo[y], hi[y]
		for y < h && text[y] {
			x0, x1 = min(x0, lo[y]), max(x1, hi[y])
			y++
		}
		if y-start < minLine {
			continue
		}
		r := image.Rect(x0, start, x1+1, y)
		if n := len(bands); n > 0 && r.Min.Y-bands[n-1].Max.Y <= gap {
			bands[n-1] = bands[n-1].Union(r)
		} else {
			bands = append(bands, r)
		}
	}
	// Give each band room for ascenders and descenders, inside the page.
	out := bands[:0]
	margin := dpi / 20
	for _, r := range bands {
		r = r.Inset(-margin).Add(b.Min).Intersect(b)
		if !r.Empty() {
			out = append(out, r)
		}
	}
	return out
}

// Tesseract page segmentation modes used here.
const (
	psmAuto  = 3 // full layout analysis: columns, blocks, pictures
	psmBlock = 6 // one uniform block of text: no layout analysis
)

// missed is one band read again.
type missed struct {
	top   int
	words []rawWord
}

// readMissed reads again, as one block of text each, the bands of up that
// hold ink no word of the first reading covers, and splices what reads as
// words into the text and the words in reading order. A band that reads as
// noise (a logo, a signature, a stamp) is left out.
func readMissed(ctx context.Context, h *handle, up *image.Gray, dpi int, text string, raw []rawWord) (string, []rawWord, error) {
	boxes := make([]image.Rectangle, 0, len(raw))
	lastLine := 0
	for _, w := range raw {
		boxes = append(boxes, image.Rect(w.l, w.t, w.r, w.b))
		lastLine = max(lastLine, w.line)
	}
	bands := missedBands(up, boxes, dpi)
	if len(bands) == 0 {
		return text, raw, nil
	}
	h.setPSM(psmBlock)
	defer h.setPSM(psmAuto)
	var found []missed
	for _, r := range bands {
		h.setRectangle(r)
		_, ws, err := h.recognizeCtx(ctx)
		if errors.Is(err, ErrTimeout) {
			return "", nil, err
		}
		if err != nil {
			continue // the first reading stands
		}
		ws = slices.DeleteFunc(ws, func(w rawWord) bool {
			return speck(w) || overlapsAny(image.Rect(w.l, w.t, w.r, w.b), boxes)
		})
		if !readsAsText(ws) {
			continue
		}
		first := ws[0].line
		for i := range ws {
			ws[i].line += lastLine - first + 1
		}
		lastLine = ws[len(ws)-1].line
		found = append(found, missed{top: r.Min.Y, words: ws})
	}
	if len(found) == 0 {
		return text, raw, nil
	}
	text = splice(text, raw, found)
	for _, m := range found {
		raw = append(raw, m.words...)
	}
	return text, raw, nil
}

// speck reports whether a word read in a band is a speck of the scan read
// as punctuation: no letter or digit, or one or two characters read with
// little confidence. A block read without layout analysis reads every
// speck at the ends of its lines.
func speck(w rawWord) bool {
	t := strings.TrimSpace(w.text)
	if !strings.ContainsFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return true
	}
	return len([]rune(t)) <= 2 && w.conf < 0.6
}

// overlapsAny reports whether r shares more than a third of its area with
// a box of the first reading: the band's margin reached a word already read.
func overlapsAny(r image.Rectangle, boxes []image.Rectangle) bool {
	area := r.Dx() * r.Dy()
	for _, b := range boxes {
		in := r.Intersect(b)
		if !in.Empty() && 3*in.Dx()*in.Dy() > area {
			return true
		}
	}
	return false
}

// readsAsText reports whether words read again are text rather than a
// picture's noise: at least three words of two or more letters, read with
// a mean confidence of at least 0.6.
func readsAsText(ws []rawWord) bool {
	wordy := 0
	var conf, n float64
	for _, w := range ws {
		letters := 0
		for _, r := range w.text {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters >= 2 {
			wordy++
		}
		k := float64(len([]rune(w.text)))
		conf += w.conf * k
		n += k
	}
	return wordy >= 3 && n > 0 && conf/n >= 0.6
}

// splice inserts the bands' lines into text before the first line of the
// first reading that starts below the band. Tesseract writes one text line
// per line of its iterator, so the k-th non-blank line of text is line k;
// should that not hold, the bands go at the end rather than anywhere wrong.
func splice(text string, raw []rawWord, found []missed) string {
	top := map[int]int{}
	for _, w := range raw {
		if strings.TrimSpace(w.text) == "" {
			continue
		}
		if t, ok := top[w.line]; !ok || w.t < t {
			top[w.line] = w.t
		}
	}
	lines := strings.Split(text, "\n")
	var textLine []int // index in lines of each non-blank line
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			textLine = append(textLine, i)
		}
	}
	order := slices.Sorted(maps.Keys(top))
	aligned := len(order) == len(textLine)
	insertAt := func(m missed) int {
		if !aligned {
			return len(lines)
		}
		for k, ln := range order {
			if top[ln] > m.top {
				return textLine[k]
			}
		}
		return len(lines)
	}
	slices.SortFunc(found, func(a, b missed) int { return b.top - a.top }) // last band first keeps indexes valid
	for _, m := range found {
		at := insertAt(m)
		block := append(bandLines(m.words), "")
		lines = slices.Insert(lines, at, block...)
	}
	return strings.Join(lines, "\n")
}

// bandLines renders words as text lines.
func bandLines(ws []rawWord) []string {
	var out []string
	var cur []string
	line := ws[0].line
	for _, w := range ws {
		if w.line != line && len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
		line = w.line
		cur = append(cur, w.text)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}
