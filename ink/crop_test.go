package ink_test

import (
	"testing"

	. "imrpacket/ink"
	. "imrpacket/ink/inktest"
)

// A line crop keeps none of its neighbouring lines: the strokes that reach
// into its band go with their gray edges, which Tesseract would otherwise
// read as the neighbour's words drawn in outline. Nothing on the band's top
// and bottom rows is darker than a fifth of the way from paper to ink.
func TestLineCropLeavesNoOutline(t *testing.T) {
	for _, tc := range []struct {
		name string
		scan Scan
	}{{"clean", Clean}, {"noisy", Noisy}, {"fax", Fax}} {
		t.Run(tc.name, func(t *testing.T) {
			p := Render(t, Note, "", tc.scan)
			left, crops := 0, 0
			for k := range p.Words {
				c := LineCrop(p, k)
				// The band is the middle third: the crop's border is as
				// wide as the band is high.
				h := c.Bounds().Dy() / 3
				paper, ink := c.Pix[0], uint8(255)
				for _, v := range c.Pix {
					ink = min(ink, v)
				}
				n := 0
				for _, y := range []int{h, 2*h - 1} {
					for x := range c.Bounds().Dx() {
						if v := c.Pix[y*c.Stride+x]; v < paper-(paper-ink)/5 {
							n++
						}
					}
				}
				if left += n; n > 0 {
					crops++
				}
			}
			if left > 0 {
				t.Errorf("%d pixels of other lines on the band's edges of %d crops (of %d)", left, crops, len(p.Words))
			}
		})
	}
}
