package packet

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// srcPage describes one page of a test source PDF.
type srcPage struct {
	text   string // drawn with Helvetica near the top; "" for none
	scan   bool   // a full-page image with no text, as a scanner makes
	rotate int
	w, h   float64 // 612x792 when zero
}

// writeSourcePDF writes a small, valid PDF: text pages, scanned-like image pages, rotated
// pages, all sharing one font through an inherited Resources dict the way real producers do.
func writeSourcePDF(t testing.TB, path string, pages []srcPage) {
	t.Helper()
	var buf bytes.Buffer
	var offsets []int
	obj := func(body string) int {
		offsets = append(offsets, buf.Len())
		n := len(offsets)
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", n, body)
		return n
	}
	stream := func(dict string, data []byte) int {
		offsets = append(offsets, buf.Len())
		n := len(offsets)
		fmt.Fprintf(&buf, "%d 0 obj\n<< %s /Length %d >>\nstream\n", n, dict, len(data))
		buf.Write(data)
		fmt.Fprintf(&buf, "\nendstream\nendobj\n")
		return n
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	catalog := obj("<< /Type /Catalog /Pages 2 0 R >>")
	_ = catalog
	// Object 2 is the page tree, written last once the kids are known; reserve it.
	offsets = append(offsets, 0)
	font := obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	// A 16x16 gray "scan" with a darker band, uncompressed.
	img := make([]byte, 16*16)
	for i := range img {
		img[i] = 0xF0
		if i/16 == 4 {
			img[i] = 0x40
		}
	}
	image := stream("/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8", img)
	var kids []string
	for _, p := range pages {
		w, h := p.w, p.h
		if w == 0 {
			w, h = 612, 792
		}
		var content strings.Builder
		if p.scan {
			fmt.Fprintf(&content, "q %g 0 0 %g 0 0 cm /Im1 Do Q\n", w, h)
		}
		if p.text != "" {
			y := h - 72
			for _, line := range strings.Split(p.text, "\n") {
				fmt.Fprintf(&content, "BT /F1 12 Tf 72 %g Td (%s) Tj ET\n", y, line)
				y -= 16
			}
		}
		c := stream("", []byte(content.String()))
		extra := ""
		if p.rotate != 0 {
			extra = fmt.Sprintf(" /Rotate %d", p.rotate)
		}
		res := ""
		if p.scan {
			res = fmt.Sprintf(" /Resources << /XObject << /Im1 %d 0 R >> >>", image)
		}
		pg := obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R%s%s >>", w, h, c, extra, res))
		kids = append(kids, fmt.Sprintf("%d 0 R", pg))
	}
	offsets[1] = buf.Len()
	fmt.Fprintf(&buf, "2 0 obj\n<< /Type /Pages /Kids [%s] /Count %d /Resources << /Font << /F1 %d 0 R >> >> >>\nendobj\n",
		strings.Join(kids, " "), len(kids), font)
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
