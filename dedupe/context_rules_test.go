package dedupe

import (
	"slices"
	"strings"
	"testing"
)

// TestRecordBoundaries: identical later pages of distinct records stay
// apart even when the next pages are a duplicated document whose copy
// reads its first page badly.
func TestRecordBoundaries(t *testing.T) {
	rights := "Pacific Coast Utilization Review, Inc.\nYour rights: If you disagree with this utilization review decision you may request an Independent Medical Review " +
		"from the Division of Workers' Compensation. The Application for Independent Medical Review, DWC Form IMR, " +
		"must be filed within thirty days of service of this decision. A copy of the form is enclosed with this letter."
	letterB := strings.NewReplacer("02/03/2025", "05/19/2025", "01/28/2025", "05/12/2025").Replace(urLetter("CERTIFIED", "Meets guidelines."))
	garbled := strings.NewReplacer("Date of Service: 01/14/2025", "Dnte of Servlce: O1/l4/2O25").Replace(baseNote())
	pageTwo := "Work restrictions: no lifting over twenty pounds, no repetitive bending or stooping, alternate sitting and standing as needed. " +
		"The patient was instructed in a home exercise program and understands the plan. Follow up in four weeks."
	noisyFirst := strings.NewReplacer("over 20 pounds", "over 28 pounds", "to 60 degrees", "to 68 degrees", "to 15 degrees", "to 16 degrees",
		"at 45 degrees", "at 46 degrees", "Omeprazole 20", "Omeprazole 26", "in 4 weeks", "in 9 weeks", "returns", "retums").Replace(baseNote())
	dated := func(p Page, d ...string) Page { p.KeyDates = d; return p }
	lowRes := func(p Page) Page { p.DPI = 200; return p }
	kind := func(p Page, k string) Page { p.Kind = k; return p }
	// A note under the claim's header, as the letter carries it.
	claimNote := "Claimant: Maria Delgado             Claim #: 05-4471823\nRequesting Physician: Alan Brooks, MD    Employer: Valley Fresh Packing\n" + baseNote()
	tests := []struct {
		name  string
		pages []Page
		want  []dup
	}{
		{
			name: "vendor rights pages of two letters, then a note faxed again",
			pages: []Page{
				dated(textPage(1, urLetter("DENIED", "Not supported.")), "2025-02-03"), textPage(2, rights),
				dated(ocrPage(3, baseNote()), "2025-01-14"), filler(4),
				dated(textPage(5, letterB), "2025-05-19"), textPage(6, rights),
				lowRes(ocrPage(7, garbled)),
			},
			want: []dup{{7, 3}},
		},
		{
			name: "vendor rights pages of two letters, nothing after",
			pages: []Page{
				dated(textPage(1, urLetter("DENIED", "Not supported.")), "2025-02-03"), textPage(2, rights), filler(3),
				dated(textPage(4, letterB), "2025-05-19"), textPage(5, rights),
			},
			want: nil,
		},
		{
			// The first page's copies differ in more digits than the noise
			// budget allows: no evidence either way, and three copies of
			// page 2 are no boilerplate.
			name: "a two-page note rescanned twice: its undated page 2 three times",
			pages: []Page{
				ocrPage(1, baseNote()), ocrPage(2, pageTwo), filler(3),
				ocrPage(4, noisyFirst), ocrPage(5, pageTwo+" ."), filler(6),
				ocrPage(7, noisyFirst), ocrPage(8, pageTwo+" -"),
			},
			want: []dup{{5, 2}, {7, 4}, {8, 2}},
		},
		{
			// Page 1 matches inside a run (the rescan) and alone (sent
			// again by itself); the same record date on both says the lone
			// copy is the same record, not another note's page.
			name: "a dated first page sent alone after its whole note was rescanned",
			pages: []Page{
				dated(textPage(1, baseNote()), "2025-01-14"), textPage(2, pageTwo), filler(3),
				dated(ocrPage(4, garbled), "2025-01-14"), ocrPage(5, pageTwo+" ."), filler(6),
				dated(textPage(7, baseNote()), "2025-01-14"), filler(8),
			},
			want: []dup{{4, 1}, {5, 2}, {7, 1}},
		},
		{
			// The same shape, but the lone page is undated: it may be
			// another note's later page, so the run keeps it apart.
			name: "an undated page matching inside a run and alone",
			pages: []Page{
				dated(textPage(1, baseNote()), "2025-01-14"), textPage(2, pageTwo), filler(3),
				dated(ocrPage(4, garbled), "2025-01-14"), ocrPage(5, pageTwo+" ."), filler(6),
				textPage(7, pageTwo), filler(8),
			},
			want: []dup{{4, 1}, {5, 2}},
		},
		{
			// A letter's rights page copied alone between a note and
			// another page: the letter and the note before the two copies
			// share the claim's header (gram overlap over "one kind"), but
			// the classifier reads one as a UR letter, the other as a note.
			name: "a rights page copied alone after a note, not after another letter",
			pages: []Page{
				kind(dated(textPage(1, urLetter("DENIED", "Not supported.")), "2025-02-03"), "ur_letter"), kind(textPage(2, rights), "ur_letter"),
				kind(filler(3), "other"),
				kind(dated(textPage(4, claimNote), "2025-01-14"), "progress_note"), kind(textPage(5, rights), "ur_letter"),
				kind(filler(6), "other"),
			},
			want: []dup{{5, 2}},
		},
		{
			// The same after another letter of the vendor's: two letters'
			// rights pages.
			name: "a rights page after each of two letters",
			pages: []Page{
				kind(dated(textPage(1, urLetter("DENIED", "Not supported.")), "2025-02-03"), "ur_letter"), kind(textPage(2, rights), "ur_letter"),
				kind(filler(3), "other"),
				kind(dated(textPage(4, letterB), "2025-05-19"), "ur_letter"), kind(textPage(5, rights), "ur_letter"),
				kind(filler(6), "other"),
			},
		},
		{
			// A noisy scan loses its "Date of Service" line; two faxes of
			// the same note read it. The undated copy matches two pages
			// alone, but both are the first page of one record, copies of
			// each other: no boilerplate, which no copy dates.
			name: "a note sent three times, its date unread on one copy",
			pages: []Page{
				ocrPage(1, garbled), filler(2),
				dated(lowRes(ocrPage(3, baseNote())), "2025-01-14"), filler(4),
				dated(lowRes(ocrPage(5, baseNote())), "2025-01-14"), filler(6),
			},
			want: []dup{{3, 1}, {5, 1}},
		},
		{
			// The same undated page matching two first pages of two
			// records (another date on each) stays boilerplate.
			name: "an undated page matching two records' first pages",
			pages: []Page{
				ocrPage(1, garbled), filler(2),
				dated(lowRes(ocrPage(3, baseNote())), "2025-01-14"), filler(4),
				dated(lowRes(ocrPage(5, baseNote())), "2025-02-11"), filler(6),
			},
		},
		{
			name: "a whole letter sent again keeps its rights page",
			pages: []Page{
				dated(textPage(1, urLetter("DENIED", "Not supported.")), "2025-02-03"), textPage(2, rights), filler(3),
				dated(ocrPage(4, urLetter("DENIED", "Not supported.")), "2025-02-03"), ocrPage(5, rights),
			},
			want: []dup{{4, 1}, {5, 2}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := dups(Find(tc.pages, Policy{}))
			if !slices.Equal(got, tc.want) {
				t.Errorf("duplicates = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestContinuationMarks: a page continues a document when its header or
// footer says so, not when its prose uses the word.
func TestContinuationMarks(t *testing.T) {
	prose := strings.Repeat("The patient tolerated treatment well and reports less pain at night. ", 8)
	tests := []struct {
		name string
		text string
		want bool
	}{
		{"page counter", "PROGRESS NOTE\nDate of Service: 01/14/2025\nPage 2 of 3\n" + prose, true},
		{"first page counter", "PROGRESS NOTE\nDate of Service: 01/14/2025\nPage 1 of 3\n" + prose, false},
		// OCR glues a footer's counter onto the date before it.
		{"page counter glued to a date", "PROGRESS NOTE\nDate of Service: 01/14/2025Page 2 of 3\n" + prose, true},
		{"a word ending in page", "PROGRESS NOTE\nDate of Service: 01/14/2025\nSee the homepage 2 times a week.\n" + prose, false},
		{"continued in the header", "PROGRESS NOTE (continued)\n" + prose, true},
		{"continued in the footer", prose + "\ncontinued on next page", true},
		{"continued in the prose", "PROGRESS NOTE\nDate of Service: 01/14/2025\n" + prose + "She continued physical therapy with benefit. " + prose, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := prepare(ocrPage(1, tc.text), 0, DefaultPolicy()).cont; got != tc.want {
				t.Errorf("continuation = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestPairStart: the better copy says whether two copies are a record's
// first page; copies of like quality must agree, or one suffices when asked.
func TestPairStart(t *testing.T) {
	first := "PROGRESS NOTE\nDate of Service: 01/14/2025\nPage 1 of 2\nSUBJECTIVE: The patient returns for follow-up of low back pain."
	later := "PROGRESS NOTE\nDate of Service: 01/14/2025\nPage 2 of 2\nPLAN: Return to clinic in four weeks for follow-up."
	badLabel := "PROGRESS NOTE\nDnte of Servlce: O1/l4/2O25\nPage 1 of 2\nSUBJECTIVE: The patient returns for follow-up of low back pain."
	page := func(text string, dpi int) *prepared {
		return prepare(Page{Number: 1, Text: text, TextSource: SourceOCR, DPI: dpi}, 0, DefaultPolicy())
	}
	tests := []struct {
		name   string
		a, b   *prepared
		either bool
		want   bool
	}{
		{"better copy is a first page", page(first, 300), page(badLabel, 200), false, true},
		{"better copy is a later page", page(later, 300), page(first, 200), true, false},
		{"like copies disagree", page(first, 300), page(badLabel, 300), false, false},
		{"like copies disagree, either", page(first, 300), page(badLabel, 300), true, true},
		{"like copies agree", page(first, 300), page(first, 300), false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := pairStart(tc.a, tc.b, tc.either); got != tc.want {
				t.Errorf("pairStart = %v, want %v", got, tc.want)
			}
			if got := pairStart(tc.b, tc.a, tc.either); got != tc.want {
				t.Errorf("pairStart swapped = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestLastPageMark: "Page N of N" marks a document's last page.
func TestLastPageMark(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"LETTER\nPage 2 of 2.", 2},
		{"NOTE\nPage 1 of 1", 1},
		{"NOTE\nPage 1 of 2", 0},
		{"NOTE\nPage 3 3", 0}, // "of" lost: no mark
		{"NOTE\npage 10 of 10\nfooter", 10},
		{"no counter at all", 0},
	}
	for _, tc := range tests {
		if _, got := pageMarks(tc.text, asciiLower(tc.text)); got != tc.want {
			t.Errorf("pageMarks(%q) last = %d, want %d", tc.text, got, tc.want)
		}
	}
}
