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
		if !(Checker{}).Compare(a, f).Same {
			b.Fatal("not the same")
		}
	}
}
