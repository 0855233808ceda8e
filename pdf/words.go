package pdf

import (
	"context"
	"strings"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// Word is one word of a page's text layer and its box in default user space
// (points, origin bottom-left), the space OCR word boxes are placed in.
type Word struct {
	Text string
	Box  Rect
}

// Words returns the words of a page's text layer with their boxes, in the
// order they are drawn. A word ends at white space or where the next
// character does not sit beside the last one on its line: text layers often
// draw lines with no space character between them. Characters with no box
// (generated spaces, control characters) end a word.
func (d *Doc) Words(ctx context.Context, page int) ([]Word, error) {
	var words []Word
	err := d.do(ctx, page, "words", func(inst pdfium.Pdfium) error {
		res, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
			Page: pageRef(d, page),
			Mode: requests.GetPageTextStructuredModeChars,
		})
		if err != nil {
			return err
		}
		var cur strings.Builder
		var box Rect
		flush := func() {
			if cur.Len() > 0 {
				words = append(words, Word{Text: cur.String(), Box: box})
				cur.Reset()
			}
		}
		for _, c := range res.Chars {
			r := []rune(c.Text)
			p := c.PointPosition
			b := Rect{X0: p.Left, Y0: p.Bottom, X1: p.Right, Y1: p.Top}
			if len(r) != 1 || unicode.IsSpace(r[0]) || !unicode.IsGraphic(r[0]) || b.X1 <= b.X0 || b.Y1 <= b.Y0 {
				flush()
				continue
			}
			if cur.Len() > 0 && !beside(box, b) {
				flush()
			}
			if cur.Len() == 0 {
				box = b
			} else {
				box = Rect{min(box.X0, b.X0), min(box.Y0, b.Y0), max(box.X1, b.X1), max(box.Y1, b.Y1)}
			}
			cur.WriteRune(r[0])
		}
		flush()
		return nil
	})
	return words, err
}

// beside reports whether character box b continues the word in box w on
// the same line: it overlaps w's height and starts near w's right edge.
// Boxes hug the glyphs, so a "1" leaves a gap most of a space wide.
func beside(w, b Rect) bool {
	h := max(w.Y1-w.Y0, b.Y1-b.Y0)
	// Against the smaller height: a comma or a hyphen is a sliver of a line.
	overlap := min(w.Y1, b.Y1) - max(w.Y0, b.Y0)
	gap := b.X0 - w.X1
	return overlap > 0.3*min(w.Y1-w.Y0, b.Y1-b.Y0) && gap > -0.5*h && gap < 0.6*h
}
