package pdf

import (
	"context"
	"math"
	"strings"
	"testing"

	"imrpacket/pdf/pdftest"
)

func TestWords(t *testing.T) {
	lines := []string{"Date of Service: 03/14/2024, Fax 555-0181.", "Lumbar MRI  approved x1", "end"}
	d := open(t, pdftest.TextPDF(pdftest.TextPage{Lines: lines}, pdftest.TextPage{}))
	ctx := context.Background()
	ws, err := d.Words(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range ws {
		got = append(got, w.Text)
	}
	want := strings.Fields(strings.Join(lines, " "))
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("words %q, want %q", got, want)
	}
	// TextPDF sets line k's baseline at 720-14k in 11-point type from x=72.
	for i, w := range ws {
		line := 0
		for n := range lines {
			if i >= len(strings.Fields(strings.Join(lines[:n], " "))) {
				line = n
			}
		}
		base := 720 - 14*float64(line)
		if w.Box.Y0 < base-4 || w.Box.Y1 > base+11 || w.Box.Y1-w.Box.Y0 < 4 {
			t.Errorf("word %q box %+v is not on line %d (baseline %g)", w.Text, w.Box, line, base)
		}
		if w.Box.X1-w.Box.X0 < 3*float64(len(w.Text)) || w.Box.X1-w.Box.X0 > 9*float64(len(w.Text)) {
			t.Errorf("word %q is %g points wide", w.Text, w.Box.X1-w.Box.X0)
		}
	}
	if x := ws[0].Box.X0; math.Abs(x-72) > 2 {
		t.Errorf("first word starts at x=%g, want 72", x)
	}
	if ws, err := d.Words(ctx, 2); err != nil || len(ws) != 0 {
		t.Errorf("empty page: %d words, %v", len(ws), err)
	}
	if _, err := d.Words(ctx, 3); err == nil {
		t.Error("page 3 of 2: no error")
	}
}
