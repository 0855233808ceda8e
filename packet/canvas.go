package packet

import (
	"strconv"
	"strings"
)

// canvas collects one page's content stream and link areas.
type canvas struct {
	sb    strings.Builder
	links []link
}

// link is a clickable area that jumps to a packet page.
type link struct {
	llx, lly, urx, ury float64
	page               int // 1-based packet page
}

type rgb [3]float64

var (
	ink    = rgb{0.12, 0.12, 0.14}
	gray   = rgb{0.42, 0.42, 0.45}
	navy   = rgb{0.09, 0.20, 0.40}
	band   = rgb{0.89, 0.92, 0.96}
	zebra  = rgb{0.955, 0.96, 0.97}
	rule   = rgb{0.70, 0.72, 0.76}
	white  = rgb{1, 1, 1}
	urgent = rgb{0.72, 0.10, 0.10}
)

// decisionColor makes each UR decision recognisable at a glance.
func decisionColor(decision string) rgb {
	switch decision {
	case "denied":
		return rgb{0.75, 0.11, 0.11}
	case "modified":
		return rgb{0.84, 0.44, 0.0}
	case "approved":
		return rgb{0.12, 0.50, 0.20}
	case "delayed":
		return rgb{0.45, 0.32, 0.65}
	case "requested":
		return rgb{0.18, 0.38, 0.68}
	default:
		return rgb{0.45, 0.45, 0.48}
	}
}

func fmtNum(f float64) string {
	// Two decimals keep content streams small; finer than a printer dot.
	return strconv.FormatFloat(float64(int64(f*100+sign(f)*0.5))/100, 'f', -1, 64)
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func (c *canvas) nums(fs ...float64) {
	for _, f := range fs {
		c.sb.WriteString(fmtNum(f))
		c.sb.WriteByte(' ')
	}
}

func (c *canvas) fillColor(col rgb) {
	c.nums(col[0], col[1], col[2])
	c.sb.WriteString("rg\n")
}

// fontKey is the resource name of fontName on contents pages.
func fontKey(fontName string) string {
	if fontName == fontBold {
		return "B"
	}
	return "R"
}

// text draws b (WinAnsi) with its baseline starting at x, y.
func (c *canvas) text(x, y float64, fontName string, size float64, col rgb, b []byte) {
	if len(b) == 0 {
		return
	}
	c.fillColor(col)
	c.sb.WriteString("BT /" + fontKey(fontName) + " ")
	c.nums(size)
	c.sb.WriteString("Tf ")
	c.nums(x, y)
	c.sb.WriteString("Td ")
	pdfString(&c.sb, b)
	c.sb.WriteString(" Tj ET\n")
}

// textRight draws b ending at x.
func (c *canvas) textRight(x, y float64, fontName string, size float64, col rgb, b []byte) {
	c.text(x-width(b, fontName, size), y, fontName, size, col, b)
}

func (c *canvas) rect(x, y, w, h float64, col rgb) {
	c.fillColor(col)
	c.nums(x, y, w, h)
	c.sb.WriteString("re f\n")
}

func (c *canvas) hline(x0, x1, y, lw float64, col rgb) {
	c.nums(col[0], col[1], col[2])
	c.sb.WriteString("RG ")
	c.nums(lw)
	c.sb.WriteString("w ")
	c.nums(x0, y)
	c.sb.WriteString("m ")
	c.nums(x1, y)
	c.sb.WriteString("l S\n")
}

func (c *canvas) link(x, y, w, h float64, page int) {
	if page <= 0 {
		return
	}
	c.links = append(c.links, link{x, y, x + w, y + h, page})
}
