package pages

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"imrpacket/index"
	"imrpacket/pdf/pdftest"
)

// bombPDF is one page of w x h points showing a w x h pixel image of the
// given bit depth, all zeros, Flate-compressed: a few MB on disk that
// decode to (w*h*bpc/8) bytes.
func bombPDF(pageW, pageH float64, w, h, bpc int) []byte {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, (w*bpc+7)/8)
	for y := 0; y < h; y++ {
		zw.Write(row)
	}
	zw.Close()
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>", pageW, pageH),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	stream := func(n int, dict string, data []byte) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n<< %s /Length %d >>\nstream\n", n, dict, len(data))
		b.Write(data)
		b.WriteString("\nendstream\nendobj\n")
	}
	stream(4, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent %d /Filter /FlateDecode", w, h, bpc), z.Bytes())
	stream(5, "", []byte(fmt.Sprintf("q %g 0 0 %g 0 0 cm /Im0 Do Q", pageW, pageH)))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

// peakRSS resets the kernel's high-water mark of this process (clear_refs
// 5) and returns a function reading it: the peak since the reset, in MiB.
// ok is false where the kernel does not allow the reset.
func peakRSS() (read func() int, ok bool) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return nil, false
	}
	return func() int {
		f, err := os.Open("/proc/self/status")
		if err != nil {
			return -1
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
				return kb / 1024
			}
		}
		return -1
	}, true
}

// TestBombs reads pages whose images or media boxes would take gigabytes if
// taken at face value. Each must come back, within the page time limit, as
// a page read from a downscaled rendering or as a page with no text and an
// error (never a failed packet, a crash or a hang), and the process's peak
// memory must stay under the configured bound: each PDFium instance's
// WebAssembly memory is capped at pdf.Options.MemoryLimitMiB (2 GiB) and
// renderings at pdf.Limits.MaxPixels; 1 GiB more covers the Go heap, the
// renderings and Tesseract. Instances keep their memory once grown (they
// are reused), so the peak is the process's, not one page's.
func TestBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes multi-gigabyte images")
	}
	maxMiB := (reader.Options().Workers+1)*2048 + 1024
	tests := []struct {
		name string
		data func() []byte
	}{
		// 100,000 x 100,000 1-bit pixels: 1.25 GB decoded, 8-bit after
		// expansion 10 GB.
		{"1-bit 100k x 100k image on a letter page", func() []byte { return bombPDF(612, 792, 100000, 100000, 1) }},
		// 50,000 x 50,000 8-bit: 2.5 GB decoded, over the instance's memory.
		{"8-bit 50k x 50k image on a letter page", func() []byte { return bombPDF(612, 792, 50000, 50000, 8) }},
		// The image is small; the page is 1,389 inches square.
		{"100,000-point media box with an image", func() []byte { return bombPDF(100000, 100000, 2000, 2000, 8) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data()
			path := pdftest.Write(t, t.TempDir(), "bomb.pdf", data)
			peak, measured := peakRSS()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			var got []Page
			_, err := reader.Read(ctx, path, func(p Page) error { got = append(got, p); return nil })
			if err != nil {
				// A refusal must be a classified input error.
				if !isInput(err) {
					t.Fatalf("%d-byte file: unclassified error %v", len(data), err)
				}
				t.Logf("%d-byte file refused: %v", len(data), err)
			} else {
				if len(got) != 1 {
					t.Fatalf("%d pages, want 1", len(got))
				}
				p := got[0]
				switch {
				case p.Source == index.SourceOCR || p.Source == index.SourceTextLayer:
					t.Logf("%d-byte file read by %s at %d dpi (%.0fx%.0f pt)", len(data), p.Source, p.DPI, p.WidthPt, p.HeightPt)
				case p.Err != nil:
					t.Logf("%d-byte file: page kept without text: %v", len(data), p.Err)
				default:
					t.Errorf("page neither read nor failed: %+v", p)
				}
			}
			if measured {
				mib := peak()
				t.Logf("peak RSS while reading: %d MiB", mib)
				if mib > maxMiB {
					t.Errorf("peak RSS %d MiB, over %d MiB", mib, maxMiB)
				}
			}
		})
	}
}
