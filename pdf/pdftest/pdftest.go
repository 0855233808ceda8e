// Package pdftest builds small, deterministic PDF and page-image fixtures for
// tests: born-digital Helvetica pages, and scanned pages rendered with Go fonts.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/draw"
	_ "image/png" // ReadGray
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	_ "golang.org/x/image/tiff" // ReadGray
)

// Letter page size in points.
const (
	LetterW = 612.0
	LetterH = 792.0
)

// writer assembles a PDF from numbered objects, computing the xref offsets.
type writer struct {
	buf  bytes.Buffer
	offs []int
}

func (w *writer) obj(body string) int {
	w.offs = append(w.offs, w.buf.Len())
	n := len(w.offs)
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
	return n
}

func (w *writer) stream(dict string, data []byte) int {
	w.offs = append(w.offs, w.buf.Len())
	n := len(w.offs)
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< %s /Length %d >>\nstream\n", n, dict, len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
	return n
}

// reserve allocates an object number to be written later with fill.
func (w *writer) reserve() int {
	w.offs = append(w.offs, -1)
	return len(w.offs)
}

func (w *writer) fill(n int, body string) {
	w.offs[n-1] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

func (w *writer) finish(root int) []byte {
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offs)+1)
	for _, o := range w.offs {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(w.offs)+1, root, xref)
	return w.buf.Bytes()
}

func newWriter() *writer {
	w := &writer{}
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	return w
}

func escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(s)
}

// TextPage is one born-digital page: lines of text and an optional /Rotate.
type TextPage struct {
	Lines  []string
	Rotate int
	// W and H override the letter-size media box, in points.
	W, H float64
}

// TextPDF returns a born-digital PDF, one letter-size page per entry, each
// line set in 11-point Helvetica from the top-left margin.
func TextPDF(pages ...TextPage) []byte {
	w := newWriter()
	catalog := w.reserve()
	pagesObj := w.reserve()
	font := w.obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	var kids []string
	for _, p := range pages {
		var cs strings.Builder
		cs.WriteString("BT /F1 11 Tf 14 TL 72 720 Td\n")
		for _, l := range p.Lines {
			fmt.Fprintf(&cs, "(%s) Tj T*\n", escape(l))
		}
		cs.WriteString("ET")
		content := w.stream("", []byte(cs.String()))
		pw, ph := LetterW, LetterH
		if p.W > 0 && p.H > 0 {
			pw, ph = p.W, p.H
		}
		rot := ""
		if p.Rotate != 0 {
			rot = fmt.Sprintf(" /Rotate %d", p.Rotate)
		}
		kids = append(kids, fmt.Sprintf("%d 0 R", w.obj(fmt.Sprintf(
			"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g]%s /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>",
			pagesObj, pw, ph, rot, font, content))))
	}
	w.fill(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	w.fill(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj))
	return w.finish(catalog)
}

// ImagePDF returns a scanned-looking PDF: each image fills one page sized
// from its pixels at dpi, with no text layer.
func ImagePDF(dpi int, imgs ...*image.Gray) []byte {
	w := newWriter()
	catalog := w.reserve()
	pagesObj := w.reserve()
	var kids []string
	for _, img := range imgs {
		b := img.Bounds()
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			off := img.PixOffset(b.Min.X, y)
			zw.Write(img.Pix[off : off+b.Dx()])
		}
		zw.Close()
		im := w.stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
			b.Dx(), b.Dy()), z.Bytes())
		pw := float64(b.Dx()) * 72 / float64(dpi)
		ph := float64(b.Dy()) * 72 / float64(dpi)
		content := w.stream("", []byte(fmt.Sprintf("q %g 0 0 %g 0 0 cm /Im0 Do Q", pw, ph)))
		kids = append(kids, fmt.Sprintf("%d 0 R", w.obj(fmt.Sprintf(
			"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>",
			pagesObj, pw, ph, im, content))))
	}
	w.fill(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	w.fill(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj))
	return w.finish(catalog)
}

// ScanPage renders lines of text as a letter-size page scanned at dpi:
// black 12-point Go Regular on white, one-inch margins.
func ScanPage(dpi int, lines []string) *image.Gray {
	wpx := int(8.5 * float64(dpi))
	hpx := 11 * dpi
	img := image.NewGray(image.Rect(0, 0, wpx, hpx))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: float64(dpi), Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	defer face.Close()
	d := &font.Drawer{Dst: img, Src: image.Black, Face: face}
	lineH := face.Metrics().Height.Ceil() * 3 / 2
	y := dpi + face.Metrics().Ascent.Ceil()
	for _, l := range lines {
		d.Dot = fixed.P(dpi, y)
		d.DrawString(l)
		y += lineH
	}
	return img
}

// Rotate returns img turned clockwise by deg (0, 90, 180 or 270), as a page
// fed sideways or upside down into a scanner comes out.
func Rotate(img *image.Gray, deg int) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	var out *image.Gray
	switch ((deg % 360) + 360) % 360 {
	case 90:
		out = image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out.Pix[x*out.Stride+(h-1-y)] = img.Pix[y*img.Stride+x]
			}
		}
	case 180:
		out = image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out.Pix[(h-1-y)*out.Stride+(w-1-x)] = img.Pix[y*img.Stride+x]
			}
		}
	case 270:
		out = image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out.Pix[(w-1-x)*out.Stride+y] = img.Pix[y*img.Stride+x]
			}
		}
	default:
		out = image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			copy(out.Pix[y*out.Stride:y*out.Stride+w], img.Pix[y*img.Stride:y*img.Stride+w])
		}
	}
	return out
}

// ReadGray decodes the image file at path (PNG or TIFF) to grayscale,
// failing the test on error.
func ReadGray(tb testing.TB, path string) *image.Gray {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		tb.Fatal(err)
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	return g
}

// Write writes data to dir/name and returns the path, failing the test on error.
func Write(tb testing.TB, dir, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// Shared returns the path of ../shared/corpus/<rel> seen from the module
// root, skipping the test when the shared corpus is absent.
func Shared(tb testing.TB, rel string) string {
	tb.Helper()
	for _, base := range []string{"../../shared/corpus", "../../../shared/corpus", "../shared/corpus"} {
		p := filepath.Join(base, rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	tb.Skipf("shared corpus file %s absent (needs ../shared next to the repo)", rel)
	return ""
}

// Sample is a few lines of clinical-looking text with no real person in it.
var Sample = []string{
	"PRIMARY TREATING PHYSICIAN PROGRESS REPORT",
	"The patient returns for follow up of low back pain radiating",
	"to the left leg. Pain is rated six out of ten and is worse with",
	"prolonged sitting. Examination shows tenderness over the lumbar",
	"paraspinal muscles with reduced range of motion in flexion.",
	"Straight leg raise is positive on the left at forty degrees.",
	"Plan: request physical therapy twice a week for six weeks and",
	"continue home exercise program. Return to clinic in four weeks.",
}
