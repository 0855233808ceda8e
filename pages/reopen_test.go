package pages

import (
	"fmt"
	"strings"
	"testing"

	"imrpacket/index"
	"imrpacket/pdf/pdftest"
)

// A packet longer than reopenEvery is read across document reopens: every
// page once, in order, with its own text.
func TestReadAcrossReopens(t *testing.T) {
	n := 2*reopenEvery + 37
	tp := make([]pdftest.TextPage, n)
	for i := range tp {
		tp[i] = pdftest.TextPage{Lines: []string{
			fmt.Sprintf("Progress note page marker %d of the treating physician", i+1),
			"Patient reports persistent lower back pain radiating to the left leg.",
		}}
	}
	got, st := readAll(t, pdftest.TextPDF(tp...))
	if len(got) != n || st.Pages != n || st.TextLayer != n {
		t.Fatalf("read %d pages (stats %+v), want %d from the text layer", len(got), st, n)
	}
	for i, p := range got {
		if p.Number != i+1 || p.Source != index.SourceTextLayer {
			t.Fatalf("position %d: page %d source %s (%v)", i, p.Number, p.Source, p.Err)
		}
		if want := fmt.Sprintf("marker %d of", i+1); !strings.Contains(p.Text, want) {
			t.Fatalf("page %d lacks %q", p.Number, want)
		}
	}
}
