package ink_test

import (
	"testing"

	. "imrpacket/ink"
	. "imrpacket/ink/inktest"
)

// BenchmarkCompare is one ink check of a ten-line page against its fax.
func BenchmarkCompare(b *testing.B) {
	a, f := Render(b, Note, "", Clean), Render(b, Note, "", Fax)
	for b.Loop() {
		// Fresh pages: a page keeps its binarized image once compared.
		x := &Page{Image: a.Image, PixelToPage: a.PixelToPage, Words: a.Words}
		y := &Page{Image: f.Image, PixelToPage: f.PixelToPage, Words: f.Words}
		if !(Checker{}).Compare(x, y).Same {
			b.Fatal("not the same")
		}
	}
}
