package synth

import (
	"bytes"
	"image"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/ccitt"
)

// decodeG4 decodes with golang.org/x/image/ccitt into one byte per pixel, 1 black.
func decodeG4(t testing.TB, data []byte, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	if err := ccitt.DecodeIntoGray(img, bytes.NewReader(data), ccitt.MSB, ccitt.Group4, nil); err != nil {
		t.Fatalf("decode: %v", err)
	}
	out := make([]byte, w*h)
	for i, v := range img.Pix {
		if v < 128 {
			out[i] = 1
		}
	}
	return out
}

func TestG4RoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name string
		w, h int
		fill func(x, y int) byte
	}{
		{"white", 64, 8, func(x, y int) byte { return 0 }},
		{"black", 64, 8, func(x, y int) byte { return 1 }},
		{"first pixel black", 17, 3, func(x, y int) byte { return byte(x % 2) }},
		{"stripes", 100, 20, func(x, y int) byte { return byte((x / 7) % 2) }},
		{"checker", 33, 33, func(x, y int) byte { return byte((x + y) % 2) }},
		{"diagonal", 200, 200, func(x, y int) byte {
			if x >= y && x < y+5 {
				return 1
			}
			return 0
		}},
		{"long runs", 5000, 4, func(x, y int) byte {
			if x > 2700 && x < 2710 {
				return 1
			}
			return byte(y%2) * b2i(x > 4990)
		}},
		{"random", 257, 64, func(x, y int) byte { return byte(r.IntN(2)) }},
		{"sparse random", 1700, 40, func(x, y int) byte { return b2i(r.IntN(50) == 0) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pix := make([]byte, tt.w*tt.h)
			for y := 0; y < tt.h; y++ {
				for x := 0; x < tt.w; x++ {
					pix[y*tt.w+x] = tt.fill(x, y)
				}
			}
			enc := encodeG4(pix, tt.w, tt.h)
			got := decodeG4(t, enc, tt.w, tt.h)
			if !bytes.Equal(got, pix) {
				for i := range pix {
					if got[i] != pix[i] {
						t.Fatalf("pixel %d,%d: got %d want %d", i%tt.w, i/tt.w, got[i], pix[i])
					}
				}
			}
		})
	}
}

func b2i(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func FuzzG4RoundTrip(f *testing.F) {
	f.Add([]byte{0, 1, 1, 0, 1}, uint8(5))
	f.Add(bytes.Repeat([]byte{1}, 64), uint8(8))
	f.Fuzz(func(t *testing.T, data []byte, width uint8) {
		w := int(width%64) + 1
		h := len(data) / w
		if h == 0 {
			return
		}
		pix := make([]byte, w*h)
		for i := range pix {
			pix[i] = data[i] & 1
		}
		got := decodeG4(t, encodeG4(pix, w, h), w, h)
		if !bytes.Equal(got, pix) {
			t.Fatalf("round trip differs (w=%d h=%d)", w, h)
		}
	})
}
