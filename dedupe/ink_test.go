package dedupe

import (
	"context"
	"errors"
	"image"
	"strings"
	"testing"

	"imrpacket/ink"
	"imrpacket/ink/inktest"
)

// drawn is a packet's page images held in memory.
type drawn map[int]*ink.Page

func (d drawn) Page(_ context.Context, n int) (*image.Gray, [6]float64, error) {
	p, ok := d[n]
	if !ok {
		return nil, [6]float64{}, errors.New("no such page")
	}
	return p.Image, p.PixelToPage, nil
}

func TestInkCheck(t *testing.T) {
	note := inktest.Note
	dose := inktest.Edited(note, 2, "550 mg", "500 mg")
	right := inktest.Edited(note, 5, "left", "right")
	cases := []struct {
		name string
		// What each copy shows, and what OCR read of it.
		showA, readA, showB, readB []string
		sb                         inktest.Scan
		want                       bool
	}{
		{name: "OCR lost a line of the fax", showA: note, readA: note, showB: note, readB: inktest.Without(note, 4), sb: inktest.Fax, want: true},
		{name: "OCR lost two lines of the noisy scan", showA: note, readA: note, showB: note, readB: inktest.Without(inktest.Without(note, 7), 3), sb: inktest.Noisy, want: true},
		{name: "an addendum line", showA: inktest.Without(note, 8), readA: inktest.Without(note, 8), showB: note, readB: note, sb: inktest.Fax},
		{name: "another dose, a line lost", showA: note, readA: note, showB: dose, readB: inktest.Without(dose, 4), sb: inktest.Fax},
		{name: "OCR lost a line and a dose of the noisy scan", showA: note, readA: note, showB: note, readB: inktest.Edited(inktest.Without(note, 3), 2, "550 ", ""), sb: inktest.Noisy, want: true},
		{name: "left became right, a line lost", showA: note, readA: note, showB: right, readB: inktest.Without(right, 4), sb: inktest.Fax},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			imgs := drawn{
				1: inktest.Render(t, tc.showA, "", inktest.Clean),
				2: inktest.Render(t, tc.showB, "", tc.sb),
			}
			pages := []Page{
				{Number: 1, Text: strings.Join(tc.readA, "\n"), TextSource: SourceOCR, DPI: 300, Words: imgs[1].Words},
				{Number: 2, Text: strings.Join(tc.readB, "\n"), TextSource: SourceOCR, DPI: 200, Words: imgs[2].Words},
			}
			if got := len(Find(pages, Policy{}).Duplicates); got != 0 {
				t.Fatalf("the text alone already finds %d duplicates: the case does not test the ink check", got)
			}
			res := FindWithImages(context.Background(), pages, Policy{}, imgs)
			if got := len(res.Duplicates) == 1; got != tc.want {
				t.Fatalf("duplicate found %v, want %v (%+v)", got, tc.want, res.Duplicates)
			}
			if tc.want && res.Duplicates[0].SourcePage != 2 {
				t.Errorf("kept the fax: %+v", res.Duplicates[0])
			}
		})
	}
}

func TestInkable(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"take 550 mg twice daily on 03/14/2024", "take 550 mg twice daily on 3/14/2024", true},
		{"take 550 mg twice daily", "take 550 mg 1 twice daily", true}, // a speck read as 1
		{"take 550 mg twice daily", "take 500 mg twice daily", false},
		{"take 550 mg twice daily", "take 560 mg twice daily", true}, // 5 and 6 look alike: the ink decides
		{"take 550 mg twice daily", "take 50 mg twice daily", true},  // a digit lost
		{"take 550 mg twice daily", "take 5500 mg twice daily", true},
		{"take 550 mg twice daily", "take 5000 mg twice daily", false},
		{"take 550 mg for 6 weeks", "take 560 mg for 8 weeks", false}, // over the budget of one
		{"take 550 mg twice daily", "take mg twice daily", true},      // lost: the ink check looks
		{"not approved", "approved", true},
		{"approved", "denied", false},
		{"left knee", "right knee", false},
		{"L4-L5 disc", "L5-S1 disc", false},
		{"pain 6/10", "pain 8/10", true},
		{"pain 6/10", "pain 4/10", false},
	}
	for _, tc := range cases {
		a, b := tokenize(tc.a), tokenize(tc.b)
		got := numbersMisread(numberSeq(a), numberSeq(b), 1) && noneReplaced(protectedSeq(a), protectedSeq(b))
		if got != tc.want {
			t.Errorf("%q and %q: %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// Two text layers are the program's own text: a word spelt otherwise is
// another text (an edited letter), while the same difference between a text
// layer and an OCR'd copy is a misread.
func TestTextLayersDifferOnlyByEditing(t *testing.T) {
	clean := strings.Join(inktest.Note, "\n")
	typo := strings.Replace(clean, "tenderness", "tendernass", 1)
	for _, tc := range []struct {
		second string
		want   int
	}{
		{SourceTextLayer, 0},
		{SourceOCR, 1},
	} {
		pages := []Page{
			{Number: 1, Text: clean, TextSource: SourceTextLayer},
			{Number: 2, Text: typo, TextSource: tc.second},
		}
		if got := len(Find(pages, Policy{}).Duplicates); got != tc.want {
			t.Errorf("text layer and %s copy with one word spelt otherwise: %d duplicates, want %d", tc.second, got, tc.want)
		}
	}
}
