package dedupe

import (
	"context"
	"errors"
	"image"
	"imrpacket/ocr"
	"slices"
	"strings"
	"sync"
	"testing"

	"imrpacket/index"
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

var (
	digitsOnce   sync.Once
	digitsEngine *ocr.Engine
)

// tess returns the one real Tesseract the drawn pages' numbers are read
// with, locked for the caller: the re-read is what decides.
func tess(ctx context.Context) (*ocr.Engine, func()) {
	digitsOnce.Do(func() {
		ocr.EnsureThreadLimit()
		var err error
		if digitsEngine, err = ocr.NewEngine(ctx, ocr.Options{NoOrientation: true}); err != nil {
			panic(err)
		}
	})
	digitsMu.Lock()
	return digitsEngine, digitsMu.Unlock
}

func (d drawn) ReadDigits(ctx context.Context, crop *image.Gray) (string, error) {
	e, unlock := tess(ctx)
	defer unlock()
	return e.ReadDigits(ctx, crop, 400)
}

func (d drawn) ReadLine(ctx context.Context, crop *image.Gray) (string, error) {
	e, unlock := tess(ctx)
	defer unlock()
	return e.ReadLine(ctx, crop, 400)
}

var digitsMu sync.Mutex

// TextWords gives the drawn words: a page drawn clean stands for a text
// layer rendered.
func (d drawn) TextWords(_ context.Context, n int) ([]ink.Word, error) {
	p, ok := d[n]
	if !ok {
		return nil, errors.New("no such page")
	}
	return p.Words, nil
}

func TestInkCheck(t *testing.T) {
	note := inktest.Note
	dose := inktest.Edited(note, 2, "550 mg", "500 mg")
	right := inktest.Edited(note, 5, "left", "right")
	hip := inktest.Edited(note, 1, "left leg", "left hip")
	cases := []struct {
		name string
		// What each copy shows, and what OCR read of it.
		showA, readA, showB, readB []string
		sb                         inktest.Scan
		textLayerA                 bool // page A is read from its text layer
		// OCR's word boxes for B read word misreadB[0] as misreadB[1] ("" lost)
		misreadB [2]string
		want     bool
		// the text rules let the pair through to the ink, which tells them apart
		inkDecides bool
	}{
		{name: "text layer, and OCR lost a line of its fax", showA: note, readA: note, showB: note, readB: inktest.Without(note, 4), sb: inktest.Fax, textLayerA: true, want: true},
		{name: "text layer, and the fax of another dose with a line lost", showA: note, readA: note, showB: dose, readB: inktest.Without(dose, 4), sb: inktest.Fax, textLayerA: true},
		{name: "text layer, and the fax of the note with an addendum", showA: inktest.Without(note, 8), readA: inktest.Without(note, 8), showB: note, readB: inktest.Without(note, 2), sb: inktest.Fax, textLayerA: true},
		{name: "OCR lost a line of the fax", showA: note, readA: note, showB: note, readB: inktest.Without(note, 4), sb: inktest.Fax, want: true},
		{name: "OCR lost two lines of the noisy scan", showA: note, readA: note, showB: note, readB: inktest.Without(inktest.Without(note, 7), 3), sb: inktest.Noisy, want: true},
		{name: "an addendum line", showA: inktest.Without(note, 8), readA: inktest.Without(note, 8), showB: note, readB: note, sb: inktest.Fax},
		{name: "another dose, a line lost", showA: note, readA: note, showB: dose, readB: inktest.Without(dose, 4), sb: inktest.Fax},
		{name: "OCR lost a line and a dose of the noisy scan", showA: note, readA: note, showB: note, readB: inktest.Edited(inktest.Without(note, 3), 2, "550 ", ""), sb: inktest.Noisy, misreadB: [2]string{"550", ""}, want: true},
		{name: "OCR read the noisy scan's dose as letters", showA: note, readA: note, showB: note, readB: inktest.Edited(note, 2, "550 mg", "ns mg"), sb: inktest.Noisy, misreadB: [2]string{"550", "ns"}, want: true},
		{name: "another dose, OCR read it as letters", showA: note, readA: note, showB: dose, readB: inktest.Edited(dose, 2, "500 mg", "ns mg"), sb: inktest.Noisy, misreadB: [2]string{"500", "ns"}},
		// "leg" and "hip" share most of their strokes: the ink alone took
		// these notes for one.
		{name: "the left leg became the left hip", showA: note, readA: note, showB: hip, readB: hip, sb: inktest.Fax, inkDecides: true},
		{name: "the left leg became the left hip, a line lost", showA: note, readA: note, showB: hip, readB: inktest.Without(hip, 4), sb: inktest.Fax, inkDecides: true},
		{name: "the left leg became the left hip on a noisy scan, a line lost", showA: note, readA: note, showB: hip, readB: inktest.Without(hip, 4), sb: inktest.Noisy, inkDecides: true},
		{name: "left became right, a line lost", showA: note, readA: note, showB: right, readB: inktest.Without(right, 4), sb: inktest.Fax, inkDecides: true},
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
			if w := tc.misreadB; w[0] != "" {
				ws := slices.Clone(pages[1].Words)
				k := slices.IndexFunc(ws, func(x ink.Word) bool { return x.Text == w[0] })
				if w[1] == "" {
					ws = slices.Delete(ws, k, k+1)
				} else {
					ws[k].Text = w[1]
				}
				pages[1].Words = ws
			}
			if tc.textLayerA {
				pages[0].TextSource, pages[0].Words, pages[0].DPI = SourceTextLayer, nil, 0
			}
			if got := len(Find(pages, Policy{}).Duplicates); got != 0 {
				t.Fatalf("the text alone already finds %d duplicates: the case does not test the ink check", got)
			}
			res := FindWithImages(context.Background(), pages, Policy{}, imgs)
			if got := len(res.Duplicates) == 1; got != tc.want {
				t.Fatalf("duplicate found %v, want %v (%+v)", got, tc.want, res.Duplicates)
			}
			if (tc.want || tc.inkDecides) && res.InkChecked != 1 {
				t.Errorf("ink checked %d pairs, want 1", res.InkChecked)
			}
			if tc.want && tc.misreadB[0] != "" && res.Reread == 0 {
				t.Error("a number the copy's words lack or misread was not read again")
			}
			if tc.want && res.Duplicates[0].SourcePage != 2 {
				t.Errorf("kept the fax: %+v", res.Duplicates[0])
			}
		})
	}
}

func TestInkable(t *testing.T) {
	// Numbers and decision words are the ink check's business now (numbers
	// read again, decision words compared strictly); the gate asks only
	// whether the pages can be aligned and whether OCR read one of them.
	many := make([]ink.Word, ink.MinAnchors)
	text := "the patient returns for follow up of low back pain, approved"
	cases := []struct {
		name string
		a, b Page
		want bool
	}{
		{"two OCR'd pages", Page{Text: text, TextSource: SourceOCR, Words: many}, Page{Text: "denied", TextSource: SourceOCR, Words: many}, true},
		{"a text layer and a scan", Page{Text: text, TextSource: SourceTextLayer}, Page{Text: text, TextSource: SourceOCR, Words: many}, true},
		{"two text layers", Page{Text: text, TextSource: SourceTextLayer}, Page{Text: text, TextSource: SourceTextLayer}, false},
		{"too few words to align", Page{Text: text, TextSource: SourceOCR, Words: many[:3]}, Page{Text: text, TextSource: SourceOCR, Words: many}, false},
		{"a text layer too short to align", Page{Text: "page 2", TextSource: SourceTextLayer}, Page{Text: text, TextSource: SourceOCR, Words: many}, false},
	}
	for _, tc := range cases {
		a, b := prepare(tc.a, 0, DefaultPolicy()), prepare(tc.b, 1, DefaultPolicy())
		if got := inkable(a, b); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
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

// garbled marks page side's words at u as read partly as letters.
func garbled(u ink.Unsettled, side int) ink.Unsettled {
	u.Garbled[side] = true
	return u
}

// dateMisread marks u as ink marks a date no calendar has.
func dateMisread(u ink.Unsettled) ink.Unsettled {
	u.DateMisread = true
	return u
}

func TestUnsettledMisread(t *testing.T) {
	u := func(wa, wb, ra, rb string) ink.Unsettled {
		return ink.Unsettled{Words: [2]string{wa, wb}, Reread: [2]string{ra, rb}}
	}
	cases := []struct {
		name string
		us   []ink.Unsettled
		want bool
	}{
		{"look-alike digits in the words", []ink.Unsettled{u("1266", "1206", "200", "1200")}, true},
		{"look-alike digits in the readings", []ink.Unsettled{u("30", "28", "30", "38")}, true},
		{"another number both ways", []ink.Unsettled{u("30", "28", "30", "24")}, false},
		{"each number read alike once", []ink.Unsettled{u("178 41", "75 41", "75 42", "75 43")}, true},
		{"one number never read alike", []ink.Unsettled{u("178 41", "75 41", "76 42", "75 43")}, false},
		{"numbers lost on one reading", []ink.Unsettled{u("178 41", "75 41", "75", "75 43")}, false},
		{"a speck read as a digit", []ink.Unsettled{u("", "1", "", "7 4")}, true},
		{"lost from one page's words", []ink.Unsettled{u("5021", "", "5021", "")}, true},
		{"lost from each page's words", []ink.Unsettled{u("5021", "", "5021", ""), u("", "97110", "", "97116")}, false},
		{"over the budget", []ink.Unsettled{u("1266", "1206", "", ""), u("30", "38", "", "")}, false},
		{"read steadily on one page, not again on the other", []ink.Unsettled{u("2", "5", "2", "")}, true},
		{"the other way round", []ink.Unsettled{u("5", "2", "", "2")}, true},
		{"blank again, but not of the shape", []ink.Unsettled{u("2", "5450", "2", "")}, false},
		{"blank again, neither steady", []ink.Unsettled{u("2", "5", "7", "")}, false},
		{"1 and 4, the commonest misread on a fax", []ink.Unsettled{u("77 11", "7744", "77 11", "77 41")}, true},
		{"another number, read again otherwise", []ink.Unsettled{u("12", "11", "43", "11")}, false},
		{"a number lost in part", []ink.Unsettled{u("12", "54 12", "", "54 12")}, true},
		{"lost in part, read again as another", []ink.Unsettled{u("12", "54 12", "13", "54 12")}, false},
		{"in part, and the other way round", []ink.Unsettled{u("77 11", "11", "77 11", "")}, true},
		{"lost in part on one page, whole on the other", []ink.Unsettled{u("77 11", "11", "77 11", ""), u("", "22", "", "")}, false},
		{"a date no calendar has", []ink.Unsettled{dateMisread(u("10 32 22", "10 22 22", "10 32 22", "10 22 22"))}, true},
		{"read as letters on one page, blank again", []ink.Unsettled{garbled(u("2", "128 62", "", "128 62"), 0)}, true},
		{"the other way round, spaced otherwise", []ink.Unsettled{garbled(u("9577 94959", "7 4", "957794959", ""), 1)}, true},
		{"the same, not read as letters", []ink.Unsettled{u("2", "128 62", "", "128 62")}, false},
		{"read as letters, a digit the other number lacks", []ink.Unsettled{garbled(u("3", "128 62", "", "128 62"), 0)}, false},
		{"read as letters, the other unsteady", []ink.Unsettled{garbled(u("2", "128 62", "", "128 63"), 0)}, false},
		{"read as letters, read again as a number", []ink.Unsettled{garbled(u("2", "128 62", "66", "128 62"), 0)}, false},
		{"the same place, not marked", []ink.Unsettled{u("10 32 22", "10 22 22", "10 32 22", "10 22 22")}, false},
		{"a date no calendar has, over the budget", []ink.Unsettled{dateMisread(u("10 32 22", "10 22 22", "10 32 22", "10 22 22")), u("1266", "1206", "", "")}, false},
	}
	for _, tc := range cases {
		if got := unsettledMisread(tc.us, 1); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// Numbers lost from each page's words are read as misreads: within a
	// page's budget, not beyond it.
	both := []ink.Unsettled{u("77 11", "11", "77 11", ""), u("", "22", "", "")}
	if !unsettledMisread(both, 2) || unsettledMisread(both, 1) {
		t.Errorf("lost from each page: budget 2 %v, budget 1 %v; want true, false", unsettledMisread(both, 2), unsettledMisread(both, 1))
	}
}

// Record dates that conflict as read keep two pages apart, unless they are
// one digit apart and the ink check reads them again as one date: a fax's
// 4 read as 8 is then the same visit, another date of service drawn on the
// page is read again as itself.
func TestInkReadsRecordDatesAgain(t *testing.T) {
	note := inktest.Note
	cases := []struct {
		name       string
		showB      []string // what the fax shows
		readB      string   // the fax's date of service as OCR read it
		want       bool
		inkChecked int
	}{
		{"the fax's date of service misread by a digit", note, "03/18/2024", true, 1},
		{"another date of service, a digit apart", inktest.Edited(note, 0, "03/14/2024", "03/18/2024"), "03/18/2024", false, 1},
		{"another date of service, two digits apart", inktest.Edited(note, 0, "03/14/2024", "04/18/2024"), "04/18/2024", false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			imgs := drawn{
				1: inktest.Render(t, note, "", inktest.Clean),
				2: inktest.Render(t, tc.showB, "", inktest.Fax),
			}
			wordsB := slices.Clone(imgs[2].Words)
			for k, w := range wordsB {
				if strings.Count(w.Text, "/") == 2 && strings.HasSuffix(w.Text, "2024") && k < 8 {
					wordsB[k].Text = tc.readB
				}
			}
			iso := func(us string) string { return us[6:] + "-" + us[:2] + "-" + us[3:5] }
			pages := []Page{
				{Number: 1, Text: strings.Join(note, "\n"), TextSource: SourceOCR, DPI: 300, Words: imgs[1].Words,
					Dates: []Date{{Kind: index.DateService, Date: "2024-03-14"}}},
				{Number: 2, Text: strings.Replace(strings.Join(tc.showB, "\n"), "03/14/2024", tc.readB, 1), TextSource: SourceOCR, DPI: 200, Words: wordsB,
					Dates: []Date{{Kind: index.DateService, Date: iso(tc.readB)}}},
			}
			if got := len(Find(pages, Policy{}).Duplicates); got != 0 {
				t.Fatalf("the text alone finds %d duplicates: the dates do not conflict", got)
			}
			res := FindWithImages(context.Background(), pages, Policy{}, imgs)
			if got := len(res.Duplicates) == 1; got != tc.want {
				t.Errorf("duplicate found %v, want %v (%+v)", got, tc.want, res.Duplicates)
			}
			if res.InkChecked != tc.inkChecked {
				t.Errorf("ink checked %d pairs, want %d", res.InkChecked, tc.inkChecked)
			}
		})
	}
}

func TestDatesOneDigitApart(t *testing.T) {
	for _, tc := range []struct {
		a, b []string
		want bool
	}{
		{[]string{"2020-06-13", "2023-06-19"}, []string{"2023-06-13", "2023-06-19"}, true},
		{[]string{"2024-03-14"}, []string{"2024-03-18"}, true},
		{[]string{"2024-03-14"}, []string{"2024-04-18"}, false},
		{[]string{"2024-03-14", "2024-05-01"}, []string{"2024-03-18"}, false},
		{[]string{"2024-03-14", "2024-05-01"}, []string{"2024-03-18", "2024-05-07"}, true},
		{[]string{"2024-03-14"}, []string{"2024-03-14"}, false}, // no conflict to settle
	} {
		if got := datesOneDigitApart(tc.a, tc.b); got != tc.want {
			t.Errorf("datesOneDigitApart(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// Where the record dates as read conflict, the ink check must have read
// the dates' places again as one: a place it left unsettled that may hold
// one of them keeps the pages apart; other numbers are weighed as ever.
func TestInkSameRecordDates(t *testing.T) {
	a := &prepared{keys: []string{"2020-06-13", "2023-06-19"}, nDigits: 24}
	b := &prepared{keys: []string{"2023-06-13", "2023-06-19"}, nDigits: 24}
	un := func(wa, wb string) ink.Unsettled {
		return ink.Unsettled{Words: [2]string{wa, wb}, Reread: [2]string{wa, wb}}
	}
	for _, tc := range []struct {
		name string
		v    ink.Verdict
		want bool
	}{
		{"every number read again as one", ink.Verdict{Same: true, Reread: 2}, true},
		{"nothing read again", ink.Verdict{Same: true}, false},
		{"the date's place unsettled", ink.Verdict{Same: true, Reread: 2, Unsettled: []ink.Unsettled{un("13 2028", "13 2023")}}, false},
		{"another number misread, within the budget", ink.Verdict{Same: true, Reread: 2, Unsettled: []ink.Unsettled{un("7 40", "7 10")}}, true},
		{"the ink differs", ink.Verdict{Same: false, Reread: 2}, false},
	} {
		if got := inkSame(tc.v, a, b); got != tc.want {
			t.Errorf("%s: inkSame %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The ink check compares an OCR'd page with its list numbers mended
// (ink.MendOrdinals), and a text layer with its own words as they are.
func TestInkPageMendsOrdinals(t *testing.T) {
	lines := append(slices.Clone(inktest.Note[:4]), "11. Aspirin 325 mg once a day.", "12. Lipitor 10 mg per day.", "13. Pepcid 20 mg twice a day.")
	imgs := drawn{1: inktest.Render(t, lines, "", inktest.Clean)}
	misread := slices.Clone(imgs[1].Words)
	for k, w := range misread {
		if w.Text == "12." {
			misread[k].Text = "42."
		}
	}
	has := func(p *ink.Page, text string) bool {
		return slices.ContainsFunc(p.Words, func(w ink.Word) bool { return w.Text == text })
	}
	ocrd := inkPage(context.Background(), imgs, &prepared{Page: Page{Number: 1, TextSource: SourceOCR, Words: misread}})
	if ocrd == nil || !has(ocrd, "12.") || has(ocrd, "42.") {
		t.Errorf("an OCR'd page's list number was not mended")
	}
	if !slices.ContainsFunc(misread, func(w ink.Word) bool { return w.Text == "42." }) {
		t.Errorf("the page's own words were changed")
	}
	imgs[1].Words = misread // a text layer's words are the page's own
	layer := inkPage(context.Background(), imgs, &prepared{Page: Page{Number: 1, TextSource: SourceTextLayer}})
	if layer == nil || !has(layer, "42.") {
		t.Errorf("a text layer's words were mended")
	}
}
