package synth

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strings"
)

// pdfWriter writes a PDF page by page, so a packet of thousands of pages is
// written with only the cross-reference offsets in memory.
type pdfWriter struct {
	w       *bufio.Writer
	cw      *countWriter
	offsets []int64 // by object number - 1
	pages   []int   // page object numbers
	err     error
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Object numbers fixed up front: the catalog, the page tree (written last,
// when all kids are known) and the six standard fonts.
const (
	objCatalog = 1
	objPages   = 2
	objFont0   = 3 // fonts occupy 3..8 in pdfFonts order
)

// pdfFonts are the standard fonts used, as resource names F1..F6.
var pdfFonts = []string{"Helvetica", "Helvetica-Bold", "Times-Roman", "Times-Bold", "Courier", "Courier-Bold"}

func newPDFWriter(w io.Writer) *pdfWriter {
	cw := &countWriter{w: w}
	p := &pdfWriter{cw: cw, w: bufio.NewWriterSize(cw, 1<<16)}
	p.printf("%%PDF-1.5\n%%\xe2\xe3\xcf\xd3\n")
	p.offsets = make([]int64, objFont0+len(pdfFonts)-1)
	for i, f := range pdfFonts {
		p.obj(objFont0+i, fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>", f))
	}
	return p
}

func (p *pdfWriter) printf(format string, a ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, a...)
}

func (p *pdfWriter) pos() int64 {
	p.w.Flush()
	return p.cw.n
}

func (p *pdfWriter) alloc() int {
	p.offsets = append(p.offsets, 0)
	return len(p.offsets)
}

func (p *pdfWriter) obj(num int, body string) {
	p.offsets[num-1] = p.pos()
	p.printf("%d 0 obj\n%s\nendobj\n", num, body)
}

func (p *pdfWriter) stream(num int, dict string, data []byte) {
	p.offsets[num-1] = p.pos()
	p.printf("%d 0 obj\n<< %s /Length %d >>\nstream\n", num, dict, len(data))
	if p.err == nil {
		_, p.err = p.w.Write(data)
	}
	p.printf("\nendstream\nendobj\n")
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// textPage adds a page whose content stream draws text with the standard fonts.
func (p *pdfWriter) textPage(content []byte, w, h float64) {
	c := p.alloc()
	p.stream(c, "/Filter /FlateDecode", deflate(content))
	var fonts strings.Builder
	for i := range pdfFonts {
		fmt.Fprintf(&fonts, "/F%d %d 0 R ", i+1, objFont0+i)
	}
	pg := p.alloc()
	p.obj(pg, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources << /Font << %s>> >> /Contents %d 0 R >>",
		objPages, num(w), num(h), fonts.String(), c))
	p.pages = append(p.pages, pg)
}

// pageImage is an encoded page image and how PDF decodes it.
type pageImage struct {
	data         []byte
	filter       string // DCTDecode, CCITTFaxDecode or FlateDecode
	w, h         int
	bpc          int
	decodeParams string
	// size of the page in points
	ptW, ptH float64
}

// imagePage adds a page showing one image over the whole page.
func (p *pdfWriter) imagePage(im pageImage) {
	xo := p.alloc()
	dict := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent %d /Filter /%s",
		im.w, im.h, im.bpc, im.filter)
	if im.decodeParams != "" {
		dict += " /DecodeParms " + im.decodeParams
	}
	p.stream(xo, dict, im.data)
	c := p.alloc()
	p.stream(c, "", []byte(fmt.Sprintf("q %s 0 0 %s 0 0 cm /Im0 Do Q", num(im.ptW), num(im.ptH))))
	pg := p.alloc()
	p.obj(pg, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>",
		objPages, num(im.ptW), num(im.ptH), xo, c))
	p.pages = append(p.pages, pg)
}

func num(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// close writes the page tree, catalog, cross-reference table and trailer.
func (p *pdfWriter) close() error {
	var kids strings.Builder
	for _, k := range p.pages {
		fmt.Fprintf(&kids, "%d 0 R ", k)
	}
	p.obj(objPages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), len(p.pages)))
	p.obj(objCatalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", objPages))
	xref := p.pos()
	p.printf("xref\n0 %d\n0000000000 65535 f \n", len(p.offsets)+1)
	for _, off := range p.offsets {
		p.printf("%010d 00000 n \n", off)
	}
	p.printf("trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(p.offsets)+1, objCatalog, xref)
	if p.err != nil {
		return p.err
	}
	return p.w.Flush()
}

// pdfString encodes s in WinAnsi as a PDF literal string.
func pdfString(s string) string {
	var b strings.Builder
	b.WriteByte('(')
	for _, r := range s {
		c, ok := winAnsiByte(r)
		if !ok {
			c = '?'
		}
		switch c {
		case '(', ')', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&b, "\\%03o", c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte(')')
	return b.String()
}
