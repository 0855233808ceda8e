package synth

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/pdfcpu/pdfcpu/pkg/font"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Page geometry in points (US Letter).
const (
	pageW      = 612.0
	pageH      = 792.0
	topMargin  = 54.0
	footMargin = 42.0
)

// placed is one line positioned on the page, in PDF coordinates.
type placed struct {
	text string
	font string // standard font name
	size float64
	x, y float64 // baseline start, points from bottom left
	rule bool    // draw a rule instead of (or above) text
}

func boldOf(f string) string {
	switch f {
	case "Times-Roman":
		return "Times-Bold"
	case "Courier":
		return "Courier-Bold"
	}
	return "Helvetica-Bold"
}

// textWidth is the width in points of s in a standard font.
func textWidth(s, fontName string, size float64) float64 {
	w := 0
	for _, r := range s {
		c, ok := winAnsiByte(r)
		if !ok {
			c = '?'
		}
		cw, err := font.CharWidth(fontName, rune(c))
		if err != nil {
			cw = 500
		}
		w += cw
	}
	return float64(w) * size / 1000
}

// printEdge is the right edge of the printable area: a quarter inch in from
// the paper's edge, where a printer stops.
const printEdge = pageW - 18

// place lays out a page's lines: the same geometry serves the text layer
// and the raster, so a scan and its born-digital twin look alike.
func place(lines []Line, st docStyle) []placed {
	margin := st.Margin
	if margin == 0 {
		margin = 72
	}
	avail := pageW - 2*margin
	lead := st.Size * 1.25
	total := 0.0
	for _, l := range lines {
		total += lineLead(l, st, lead)
	}
	if room := pageH - topMargin - footMargin; total > room {
		lead *= room / total
	}
	y := pageH - topMargin
	var out []placed
	for _, l := range lines {
		adv := lineLead(l, st, lead)
		y -= adv
		f := st.Font
		size := st.Size
		switch l.Style {
		case Bold:
			f = boldOf(f)
		case Title:
			f = boldOf(f)
			size *= 1.3
		case Small:
			size *= 0.85
		}
		if l.Style == RuleTop {
			out = append(out, placed{rule: true, x: margin, y: y + adv*0.5, size: avail})
		}
		if strings.TrimSpace(l.Text) == "" {
			continue
		}
		w := textWidth(l.Text, f, size)
		if w > avail {
			size *= avail / w
			w = avail
		}
		x := margin
		switch l.Style {
		case Title, Center:
			x = margin + (avail-w)/2
		case Right:
			x = margin + avail - w
		default:
			// Columns padded with spaces (tables, two-field lines) start at
			// their character position, so they line up in any font.
			if segs := columns(l.Text); len(segs) > 1 {
				cw, sz := avail/float64(st.Width), size
				// A row running past the printable edge is set smaller as a
				// whole here, not clipped by the PDF and shrunk by the
				// rasterizer: both renderings must print the same page.
				last := segs[len(segs)-1]
				if end := margin + float64(last.col)*cw + textWidth(last.text, f, sz); end > printEdge {
					k := (printEdge - margin) / (end - margin)
					cw, sz = cw*k, sz*k
				}
				for _, sg := range segs {
					out = append(out, placed{text: sg.text, font: f, size: sz, x: margin + float64(sg.col)*cw, y: y})
				}
				continue
			}
		}
		out = append(out, placed{text: l.Text, font: f, size: size, x: x, y: y})
	}
	return out
}

type segment struct {
	col  int
	text string
}

// columns splits a line at runs of two or more spaces.
func columns(s string) []segment {
	if !strings.Contains(s, "  ") {
		return nil
	}
	var out []segment
	rs := []rune(s)
	start := -1
	for i := 0; i <= len(rs); i++ {
		gap := i == len(rs) || (rs[i] == ' ' && i+1 < len(rs) && rs[i+1] == ' ')
		if gap && start >= 0 {
			out = append(out, segment{start, strings.TrimSpace(string(rs[start:i]))})
			start = -1
		}
		if !gap && start < 0 && rs[i] != ' ' {
			start = i
		}
	}
	return out
}

func lineLead(l Line, st docStyle, lead float64) float64 {
	switch l.Style {
	case Title:
		return lead * 1.3
	case Small:
		return lead * 0.9
	}
	return lead
}

// textContent is the content stream of a born-digital page.
func textContent(ps []placed) []byte {
	var b bytes.Buffer
	b.WriteString("0 g\n")
	for _, p := range ps {
		if p.rule {
			fmt.Fprintf(&b, "0.5 w %s %s m %s %s l S\n", num(p.x), num(p.y), num(p.x+p.size), num(p.y))
			continue
		}
		fi := 1
		for i, f := range pdfFonts {
			if f == p.font {
				fi = i + 1
			}
		}
		fmt.Fprintf(&b, "BT /F%d %s Tf %s %s Td %s Tj ET\n", fi, num(p.size), num(p.x), num(p.y), pdfString(p.text))
	}
	return b.Bytes()
}

// rasterizer draws placed lines onto gray images. It is not safe for
// concurrent use: opentype faces keep scratch buffers.
type rasterizer struct {
	fonts map[string]*opentype.Font
	faces map[faceKey]xfont.Face
}

type faceKey struct {
	font      string
	size, dpi float64
}

func newRasterizer() *rasterizer {
	parse := func(b []byte) *opentype.Font {
		f, err := opentype.Parse(b)
		if err != nil {
			panic("synth: embedded Liberation font: " + err.Error())
		}
		return f
	}
	// A scan is a picture of the printed page, so it shows the page's own
	// typeface: Liberation Sans, Serif and Mono have the glyph widths of
	// Helvetica, Times and Courier, the fonts born-digital pages name. (The
	// Go fonts drawn here before have a slashed zero no records font has,
	// which Tesseract reads as 8, 9 or @, and a scan of a Times page came
	// out sans serif.)
	return &rasterizer{
		fonts: map[string]*opentype.Font{
			"Helvetica": parse(liberationsansregular.TTF), "Helvetica-Bold": parse(liberationsansbold.TTF),
			"Times-Roman": parse(liberationserifregular.TTF), "Times-Bold": parse(liberationserifbold.TTF),
			"Courier": parse(liberationmonoregular.TTF), "Courier-Bold": parse(liberationmonobold.TTF),
		},
		faces: map[faceKey]xfont.Face{},
	}
}

func (r *rasterizer) face(name string, size, dpi float64) xfont.Face {
	size = math.Round(size*4) / 4
	k := faceKey{name, size, dpi}
	if f, ok := r.faces[k]; ok {
		return f
	}
	f, err := opentype.NewFace(r.fonts[name], &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: xfont.HintingNone})
	if err != nil {
		panic("synth: font face: " + err.Error())
	}
	r.faces[k] = f
	return f
}

// draw renders a page at dpi as white paper with black text.
func (r *rasterizer) draw(ps []placed, dpi float64) *image.Gray {
	scale := dpi / 72
	w, h := int(pageW*scale+0.5), int(pageH*scale+0.5)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for _, p := range ps {
		if p.rule {
			y := int((pageH - p.y) * scale)
			for x := int(p.x * scale); x < int((p.x+p.size)*scale) && x < w; x++ {
				for t := 0; t < max(1, int(scale/2)); t++ {
					if y+t < h {
						img.Pix[(y+t)*w+x] = 0
					}
				}
			}
			continue
		}
		face := r.face(p.font, p.size, dpi)
		avail := (pageW - p.x) * scale
		d := &xfont.Drawer{Dst: img, Src: image.Black, Face: face}
		if adv := float64(d.MeasureString(p.text)) / 64; adv > avail {
			face = r.face(p.font, p.size*avail/adv, dpi)
			d.Face = face
		}
		d.Dot = fixed.P(int(p.x*scale), int((pageH-p.y)*scale))
		d.DrawString(p.text)
	}
	return img
}

// Rendering names how a page was produced.
type Rendering string

// Renderings.
const (
	BornDigital Rendering = "born_digital" // text layer, standard fonts
	ScanClean   Rendering = "scan_clean"   // 300 dpi gray scan, lossless
	ScanNoisy   Rendering = "scan_noisy"   // 200 dpi gray JPEG, skewed, speckled
	Fax         Rendering = "fax"          // 200 dpi bilevel CCITT G4, noisy
)

// imageParams are the random choices of one scanned page; a page rendered
// twice with the same params gives the same bytes (exact duplicates).
type imageParams struct {
	seed     uint64
	rotation int // 0, 90, 180 or 270, clockwise
	faxHead  string
}

// renderImage produces the scanned form of a page.
func (r *rasterizer) renderImage(ps []placed, kind Rendering, p imageParams) pageImage {
	rng := rand.New(rand.NewPCG(p.seed, p.seed^0x5bd1e995))
	switch kind {
	case ScanClean:
		img := r.draw(ps, 300)
		img = rotateQuarter(img, p.rotation)
		return grayFlate(img, 300)
	case ScanNoisy:
		dpi := 200.0
		img := r.draw(ps, dpi)
		paper := uint8(228 + rng.IntN(22))
		ink := uint8(10 + rng.IntN(60))
		tone(img, paper, ink)
		angle := (0.5 + 1.5*rng.Float64()) * float64(1-2*rng.IntN(2))
		img = skew(img, angle, paper)
		speckle(img, rng, 400+rng.IntN(2500), 0)
		grain(img, rng, 2+rng.IntN(5))
		img = rotateQuarter(img, p.rotation)
		var buf bytes.Buffer
		jpeg.Encode(&buf, img, &jpeg.Options{Quality: 50 + rng.IntN(26)})
		return pageImage{data: buf.Bytes(), filter: "DCTDecode", w: img.Bounds().Dx(), h: img.Bounds().Dy(), bpc: 8, ptW: float64(img.Bounds().Dx()) * 72 / dpi, ptH: float64(img.Bounds().Dy()) * 72 / dpi}
	case Fax:
		dpi := 200.0
		if p.faxHead != "" {
			ps = append([]placed{{text: p.faxHead, font: "Courier", size: 7, x: 36, y: pageH - 20}}, ps...)
		}
		img := r.draw(ps, dpi)
		angle := (0.2 + 0.8*rng.Float64()) * float64(1-2*rng.IntN(2))
		img = skew(img, angle, 255)
		grain(img, rng, 40)
		speckle(img, rng, 200+rng.IntN(1500), 0)
		dropouts(img, rng)
		img = rotateQuarter(img, p.rotation)
		thr := uint8(110 + rng.IntN(50))
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		pix := make([]byte, w*h)
		for i, v := range img.Pix {
			if v < thr {
				pix[i] = 1
			}
		}
		return pageImage{data: encodeG4(pix, w, h), filter: "CCITTFaxDecode", w: w, h: h, bpc: 1,
			decodeParams: fmt.Sprintf("<< /K -1 /Columns %d /Rows %d >>", w, h),
			ptW:          float64(w) * 72 / dpi, ptH: float64(h) * 72 / dpi}
	}
	panic("synth: not an image rendering: " + string(kind))
}

// grayFlate encodes a clean scan as 4-bit gray, Flate-compressed: 16 levels
// are plenty for black text on white and halve the data.
func grayFlate(img *image.Gray, dpi float64) pageImage {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	stride := (w + 1) / 2
	packed := make([]byte, stride*h)
	for y := 0; y < h; y++ {
		row := img.Pix[y*w : (y+1)*w]
		out := packed[y*stride : (y+1)*stride]
		for x, v := range row {
			q := v >> 4
			if x%2 == 0 {
				out[x/2] = q << 4
			} else {
				out[x/2] |= q
			}
		}
	}
	return pageImage{data: deflate(packed), filter: "FlateDecode", w: w, h: h, bpc: 4, ptW: float64(w) * 72 / dpi, ptH: float64(h) * 72 / dpi}
}

// tone maps white/black to paper and ink shades.
func tone(img *image.Gray, paper, ink uint8) {
	var lut [256]uint8
	for v := range lut {
		lut[v] = uint8(int(ink) + (int(paper)-int(ink))*v/255)
	}
	for i, v := range img.Pix {
		img.Pix[i] = lut[v]
	}
}

// skew rotates img by deg degrees about its centre (nearest neighbour),
// filling uncovered corners with bg.
func skew(img *image.Gray, deg float64, bg uint8) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	s, c := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	for y := 0; y < h; y++ {
		dy := float64(y) - cy
		// Source coordinates advance linearly along a row.
		sx := c*(-cx) + s*dy + cx
		sy := -s*(-cx) + c*dy + cy
		row := out.Pix[y*w : (y+1)*w]
		for x := 0; x < w; x++ {
			ix, iy := int(sx), int(sy)
			if ix >= 0 && ix < w && iy >= 0 && iy < h {
				row[x] = img.Pix[iy*w+ix]
			} else {
				row[x] = bg
			}
			sx += c
			sy -= s
		}
	}
	return out
}

// speckle adds n dark specks of 1-3 pixels.
func speckle(img *image.Gray, rng *rand.Rand, n int, shade uint8) {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	for i := 0; i < n; i++ {
		x, y := rng.IntN(w), rng.IntN(h)
		sz := 1 + rng.IntN(3)
		for dy := 0; dy < sz && y+dy < h; dy++ {
			for dx := 0; dx < sz && x+dx < w; dx++ {
				img.Pix[(y+dy)*w+x+dx] = shade + uint8(rng.IntN(60))
			}
		}
	}
}

// grain adds uniform noise of +-amp to every pixel.
func grain(img *image.Gray, rng *rand.Rand, amp int) {
	var buf [8]byte
	for i := 0; i < len(img.Pix); i += 8 {
		v := rng.Uint64()
		for k := 0; k < 8; k++ {
			buf[k] = byte(v >> (8 * k))
		}
		for k := 0; k < 8 && i+k < len(img.Pix); k++ {
			n := int(img.Pix[i+k]) + int(buf[k])%(2*amp+1) - amp
			img.Pix[i+k] = uint8(max(0, min(255, n)))
		}
	}
}

// dropouts blanks a few thin horizontal bands, as a fax line loses data.
func dropouts(img *image.Gray, rng *rand.Rand) {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	for i := rng.IntN(4); i > 0; i-- {
		y := rng.IntN(h)
		for t := 0; t < 1+rng.IntN(2) && y+t < h; t++ {
			row := img.Pix[(y+t)*w : (y+t+1)*w]
			for x := range row {
				row[x] = 255
			}
		}
	}
}

// rotateQuarter turns img clockwise by deg (0, 90, 180, 270).
func rotateQuarter(img *image.Gray, deg int) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	switch deg {
	case 90, 270:
		out := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				if deg == 90 {
					out.Pix[x*h+(h-1-y)] = img.Pix[y*w+x]
				} else {
					out.Pix[(w-1-x)*h+y] = img.Pix[y*w+x]
				}
			}
		}
		return out
	case 180:
		out := image.NewGray(image.Rect(0, 0, w, h))
		n := len(img.Pix)
		for i, v := range img.Pix {
			out.Pix[n-1-i] = v
		}
		return out
	}
	return img
}
