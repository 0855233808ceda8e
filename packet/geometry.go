package packet

import (
	"fmt"
	"math"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// geometry is a page's visible box in user space and its /Rotate.
type geometry struct {
	x0, y0, x1, y1 float64
	rot            int // 0, 90, 180, 270: clockwise turn applied for display
}

func normAngle(a int) int {
	a = ((a % 360) + 360) % 360
	return (a + 45) / 90 * 90 % 360
}

func boxOf(x *model.Context, o types.Object) ([4]float64, bool) {
	a, err := x.DereferenceArray(o)
	if err != nil || len(a) != 4 {
		return [4]float64{}, false
	}
	var v [4]float64
	for i, e := range a {
		n, err := x.DereferenceNumber(e)
		if err != nil {
			return [4]float64{}, false
		}
		v[i] = n
	}
	return [4]float64{math.Min(v[0], v[2]), math.Min(v[1], v[3]), math.Max(v[0], v[2]), math.Max(v[1], v[3])}, true
}

func pageGeometry(x *model.Context, d types.Dict) (geometry, error) {
	mb, ok := boxOf(x, d["MediaBox"])
	if !ok {
		return geometry{}, fmt.Errorf("page without a usable MediaBox")
	}
	if cb, ok := boxOf(x, d["CropBox"]); ok {
		// The visible area is the CropBox clipped to the MediaBox.
		c := [4]float64{math.Max(mb[0], cb[0]), math.Max(mb[1], cb[1]), math.Min(mb[2], cb[2]), math.Min(mb[3], cb[3])}
		if c[2] > c[0] && c[3] > c[1] {
			mb = c
		}
	}
	rot := 0
	if o, ok := d["Rotate"]; ok && o != nil {
		if n, err := x.DereferenceInteger(o); err == nil && n != nil {
			rot = normAngle(n.Value())
		}
	}
	return geometry{mb[0], mb[1], mb[2], mb[3], rot}, nil
}

// display is the size of the page as a viewer shows it.
func (g geometry) display() (w, h float64) {
	w, h = g.x1-g.x0, g.y1-g.y0
	if g.rot == 90 || g.rot == 270 {
		return h, w
	}
	return w, h
}

// matrix maps display coordinates (origin bottom-left of the page as shown) to user space.
func (g geometry) matrix() [6]float64 {
	w, h := g.x1-g.x0, g.y1-g.y0
	switch g.rot {
	case 90:
		return [6]float64{0, 1, -1, 0, g.x0 + w, g.y0}
	case 180:
		return [6]float64{-1, 0, 0, -1, g.x0 + w, g.y0 + h}
	case 270:
		return [6]float64{0, -1, 1, 0, g.x0, g.y0 + h}
	}
	return [6]float64{1, 0, 0, 1, g.x0, g.y0}
}

func (g geometry) toUser(X, Y float64) (float64, float64) {
	m := g.matrix()
	return m[0]*X + m[2]*Y + m[4], m[1]*X + m[3]*Y + m[5]
}

// scanWords maps OCR boxes on the rendered image onto the page's user space.
func (g geometry) scanWords(sc Scan) []Word {
	if sc.Width <= 0 || sc.Height <= 0 {
		return nil
	}
	dw, dh := g.display()
	sx, sy := dw/float64(sc.Width), dh/float64(sc.Height)
	out := make([]Word, 0, len(sc.Words))
	for _, w := range sc.Words {
		ax, ay := g.toUser(w.X0*sx, dh-w.Y1*sy)
		bx, by := g.toUser(w.X1*sx, dh-w.Y0*sy)
		out = append(out, Word{
			Text: w.Text,
			LLX:  math.Min(ax, bx), LLY: math.Min(ay, by),
			URX: math.Max(ax, bx), URY: math.Max(ay, by),
			Dir: normAngle(g.rot + w.Dir),
		})
	}
	return out
}

// Stamps sit in the bottom margin of the page as displayed, right-aligned, small enough to
// stay clear of the text block of a normally laid out page.
const (
	stampRight    = 18.0
	stampBaseline = 10.0
)

// stamp draws text in the page's bottom margin, turned with /Rotate so it reads upright.
func stamp(sb *strings.Builder, fontName string, g geometry, text []byte) {
	m := g.matrix()
	dw, _ := g.display()
	x := dw - stampRight - width(text, fontRegular, stampSize)
	sb.WriteString("q ")
	for _, v := range m {
		sb.WriteString(fmtNum(v) + " ")
	}
	fmt.Fprintf(sb, "cm BT /%s %s Tf 0.25 g %s %s Td ", fontName, fmtNum(stampSize), fmtNum(x), fmtNum(stampBaseline))
	pdfString(sb, text)
	sb.WriteString(" Tj ET Q\n")
}

// invisibleText lays each word on its box as OCRmyPDF does: text render mode 3 (neither
// fill nor stroke), font size the box's height, horizontal scaling (Tz) stretching the
// word to the box's width, rotated with the word's direction. Search, select and copy then
// find the words where the scan shows them.
func invisibleText(sb *strings.Builder, fontName string, words []Word) {
	started := false
	for _, w := range words {
		enc := []byte(strings.TrimSpace(string(winAnsi(strings.TrimSpace(w.Text)))))
		if len(enc) == 0 {
			continue
		}
		dir := normAngle(w.Dir)
		along, across := w.URX-w.LLX, w.URY-w.LLY
		if dir == 90 || dir == 270 {
			along, across = across, along
		}
		if along <= 0 || across <= 0 || math.IsInf(along+across, 0) || math.IsNaN(along+across) {
			continue
		}
		size := across
		tw := width(enc, fontRegular, size)
		if tw <= 0 {
			continue
		}
		var m [6]float64
		switch dir {
		case 90:
			m = [6]float64{0, 1, -1, 0, w.URX, w.LLY}
		case 180:
			m = [6]float64{-1, 0, 0, -1, w.URX, w.URY}
		case 270:
			m = [6]float64{0, -1, 1, 0, w.LLX, w.URY}
		default:
			m = [6]float64{1, 0, 0, 1, w.LLX, w.LLY}
		}
		if !started {
			sb.WriteString("BT 3 Tr\n")
			started = true
		}
		fmt.Fprintf(sb, "/%s %s Tf %s Tz ", fontName, fmtNum(size), fmtNum(100*along/tw))
		for _, v := range m {
			sb.WriteString(fmtNum(v) + " ")
		}
		sb.WriteString("Tm ")
		pdfString(sb, enc)
		sb.WriteString(" Tj\n")
	}
	if started {
		sb.WriteString("ET\n")
	}
}
