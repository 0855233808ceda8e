package dedupe

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Context rules around runs: what the neighbours of a match say.
func TestRunContext(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	noisy := func(s string) string { return ocrNoise(s, r, 0.03, 1) }
	p2 := "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (continued) Page 2 of 2\n" +
		"DISCUSSION: The patient has had persistent radicular symptoms despite a course of physical therapy and\n" +
		"anti-inflammatory medication. Imaging shows a disc protrusion contacting the traversing nerve root.\n" +
		"She would like to avoid surgery if possible. We discussed the risks and benefits of an epidural injection.\n" +
		"Alan Brooks, MD, Central Valley Orthopedics, 1200 Medical Center Dr, Fresno CA 93721\n"
	rights := "Pacific Coast Utilization Review, Inc.\n" +
		"Your rights: If you disagree with this utilization review decision you may request an Independent Medical Review " +
		"by the Division of Workers' Compensation. The Application for Independent Medical Review, DWC Form IMR, " +
		"must be filed within thirty days of service of this decision. A copy of the form is enclosed. Questions may be directed " +
		"to the utilization review department."
	tests := []struct {
		name  string
		pages []Page
		want  []dup
	}{
		{
			name: "page fed twice in a row, the note faxed again",
			pages: []Page{
				ocrPage(1, baseNote()), textPage(2, p2), textPage(3, p2), filler(4),
				ocrPage(5, noisy(baseNote())), ocrPage(6, noisy(p2)),
			},
			want: []dup{{2, 3}, {5, 1}, {6, 3}}, // the text layer outside the run is kept
		},
		{
			name: "a vendor's rights page before a copied note is no run",
			pages: []Page{
				textPage(1, urLetter("NON-CERTIFIED", "Not supported by guidelines.")), textPage(2, rights), ocrPage(3, baseNote()),
				filler(4),
				textPage(5, urLetter("CERTIFIED", "Supported by guidelines.")), textPage(6, rights), ocrPage(7, noisy(baseNote())),
			},
			want: []dup{{7, 3}},
		},
		{
			// Page 2's copy misreads one digit of a dose (0 as 6), more
			// than the noise budget allows on a page whose words all read
			// alike; its first page matched as the same visit.
			name: "a continuation page read worse, after matched first pages",
			pages: []Page{
				ocrPage(1, baseNote()), textPage(2, p2+dose("10/325")), filler(3),
				ocrPage(4, noisy(baseNote())), ocrPage(5, p2+dose("16/325")),
			},
			want: []dup{{4, 1}, {5, 2}},
		},
		{
			name: "the same page 2 after another visit's first page stays",
			pages: []Page{
				ocrPage(1, baseNote()), textPage(2, p2+dose("10/325")), filler(3),
				ocrPage(4, note("02/11/2025", "600", "6", "some improvement in her leg pain", "Consider lumbar epidural steroid injection if no improvement.")),
				ocrPage(5, p2+dose("16/325")),
			},
		},
		{
			// A two-page letter sent twice, each copy followed by a
			// different visit's undated form page: the forms read alike
			// and differ, yet the letters end on "Page 2 of 2", so what
			// follows them is another document, no evidence against them.
			name: "a copied document that ends on its last page, then other forms",
			pages: []Page{
				ocrPage(1, letterP1), ocrPage(2, letterP2), ocrPage(3, formPage("6/10", formPlanA)),
				filler(4),
				ocrPage(5, noisy(letterP1)), ocrPage(6, noisy(letterP2)), ocrPage(7, formPage("4/10", formPlanB)),
			},
			want: []dup{{5, 1}, {6, 2}},
		},
		{
			// The same, where the letters do not say they end: the
			// differing pages after them may be their own page 3.
			name: "the same copied pages with no last-page mark",
			pages: []Page{
				ocrPage(1, letterP1), ocrPage(2, strings.Replace(letterP2, "Page 2 of 2", "Page 2", 1)), ocrPage(3, formPage("6/10", formPlanA)),
				filler(4),
				ocrPage(5, noisy(letterP1)), ocrPage(6, noisy(strings.Replace(letterP2, "Page 2 of 2", "Page 2", 1))), ocrPage(7, formPage("4/10", formPlanB)),
			},
		},
		{
			// Two visits' undated form pages in a row, the second fed
			// twice: the first visit's form is no second record's context
			// for the copy.
			name: "the second of two visits' forms fed twice",
			pages: []Page{
				ocrPage(1, formPage("6/10", formPlanA)), ocrPage(2, formPage("4/10", formPlanB)), ocrPage(3, noisy(formPage("4/10", formPlanB))),
				filler(4),
			},
			want: []dup{{3, 2}},
		},
		{
			// A two-page letter whose first page carries no date, sent
			// twice, each copy after a different visit's form page: the
			// forms read alike and differ, yet the letters start on "Page 1
			// of 2", so what precedes them is another document.
			name: "a copied document that starts on its first page, after other forms",
			pages: []Page{
				ocrPage(1, formPage("6/10", formPlanA)), ocrPage(2, undatedP1), ocrPage(3, letterP2),
				filler(4),
				ocrPage(5, formPage("4/10", formPlanB)), ocrPage(6, noisy(undatedP1)), ocrPage(7, noisy(letterP2)),
			},
			want: []dup{{6, 2}, {7, 3}},
		},
		{
			// The same, where the first pages do not say they start: they
			// may be the forms' own continuation.
			name: "the same copied pages with no first-page mark",
			pages: []Page{
				ocrPage(1, formPage("6/10", formPlanA)), ocrPage(2, strings.Replace(undatedP1, "Page 1 of 2", "Page 1", 1)), ocrPage(3, letterP2),
				filler(4),
				ocrPage(5, formPage("4/10", formPlanB)), ocrPage(6, noisy(strings.Replace(undatedP1, "Page 1 of 2", "Page 1", 1))), ocrPage(7, noisy(letterP2)),
			},
		},
		{
			// The same pages, where the segmenter is sure the form pages
			// after the letters begin other documents (Page.Starts): how
			// alike they read says nothing of the letters.
			name: "the same copied pages with no last-page mark, other documents after them",
			pages: []Page{
				ocrPage(1, letterP1), ocrPage(2, strings.Replace(letterP2, "Page 2 of 2", "Page 2", 1)), starting(ocrPage(3, formPage("6/10", formPlanA)), 0.99),
				filler(4),
				ocrPage(5, noisy(letterP1)), ocrPage(6, noisy(strings.Replace(letterP2, "Page 2 of 2", "Page 2", 1))), starting(ocrPage(7, formPage("4/10", formPlanB)), 0.99),
			},
			want: []dup{{5, 1}, {6, 2}},
		},
		{
			// Sure on one side only: the other form may still be the
			// letter's own page 3.
			name: "the segmenter sure of one copy's next page only",
			pages: []Page{
				ocrPage(1, letterP1), ocrPage(2, strings.Replace(letterP2, "Page 2 of 2", "Page 2", 1)), starting(ocrPage(3, formPage("6/10", formPlanA)), 0.99),
				filler(4),
				ocrPage(5, noisy(letterP1)), ocrPage(6, noisy(strings.Replace(letterP2, "Page 2 of 2", "Page 2", 1))), starting(ocrPage(7, formPage("4/10", formPlanB)), 0.6),
			},
		},
		{
			// The segmenter sure the copied letters begin documents: the
			// forms before them are other documents.
			name: "the same copied pages with no first-page mark, other documents before them",
			pages: []Page{
				ocrPage(1, formPage("6/10", formPlanA)), starting(ocrPage(2, strings.Replace(undatedP1, "Page 1 of 2", "Page 1", 1)), 0.99), ocrPage(3, letterP2),
				filler(4),
				ocrPage(5, formPage("4/10", formPlanB)), starting(ocrPage(6, noisy(strings.Replace(undatedP1, "Page 1 of 2", "Page 1", 1))), 0.99), ocrPage(7, noisy(letterP2)),
			},
			want: []dup{{6, 2}, {7, 3}},
		},
		{
			// An amended three-page note faxed: its page 3 has a line the
			// original lacks, and OCR lost that page's counter, so it reads
			// like a dated first page. The better copy (the original's page
			// 3) says it continues the note: pages 1 and 2 are no copies.
			name: "a lost page counter on the worse copy does not end the run",
			pages: []Page{
				ocrPage(1, amendedP(1, "")), ocrPage(2, amendedP(2, "")), ocrPage(3, amendedP(3, "")),
				filler(4),
				faxPage(5, noisy(amendedP(1, ""))), faxPage(6, noisy(amendedP(2, ""))),
				faxPage(7, strings.Replace(amendedP(3, "Add gabapentin 300 mg at bedtime for neuropathic pain.\n"), "Page 3 of 3\n", "", 1)),
			},
		},
		{
			// An amended note: a line added on page 2 makes it another
			// version, and its page 1 is not taken for a copy either.
			name: "a changed line on page 2 is no misreading, whatever page 1 says",
			pages: []Page{
				ocrPage(1, baseNote()), textPage(2, p2+dose("10/325")), filler(3),
				ocrPage(4, noisy(baseNote())), ocrPage(5, p2+dose("10/325")+"Add gabapentin 300 mg at bedtime for neuropathic pain.\n"),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Find(tc.pages, Policy{})
			if got := dups(res); !slices.Equal(got, tc.want) {
				t.Fatalf("duplicates = %v, want %v (%+v)", got, tc.want, res.Duplicates)
			}
		})
	}
}

// starting returns p as the segmenter's sure (or unsure) start of a
// document.
func starting(p Page, starts float64) Page {
	p.Starts = starts
	return p
}

// A two-page letter, and an undated form page that two visits fill in
// alike.
const (
	letterP1 = "Pacific Coast Utilization Review\nUTILIZATION REVIEW DETERMINATION\nDate of Decision: 03/14/2025\nPage 1 of 2\n" +
		"Request: Physical therapy 2x6 lumbar spine. Determination: NON-CERTIFIED.\n" +
		"Rationale: The records do not document functional improvement from the prior course of therapy, and the\n" +
		"guidelines support a home exercise program at this stage. The request is therefore not medically necessary.\n"
	letterP2 = "Pacific Coast Utilization Review\nPage 2 of 2\n" +
		"Your rights: If you disagree with this utilization review decision you may request an Independent Medical Review\n" +
		"from the Division of Workers' Compensation. The Application for Independent Medical Review must be filed within\n" +
		"thirty days of service of this decision. Questions may be directed to the utilization review department.\n"
)

// undatedP1 is letterP1 without its date: no record's first page by its
// dates alone.
var undatedP1 = strings.Replace(letterP1, "Date of Decision: 03/14/2025\n", "", 1)

// Two visits' plans on the form: another record's page, however alike.
const (
	formPlanA = "She continues physical therapy twice a week and reports better sitting tolerance since the last visit.\n" +
		"Continue naproxen. Return in four weeks.\n"
	formPlanB = "Therapy has ended; she keeps up a home exercise program and walks thirty minutes a day without a cane.\n" +
		"Stop naproxen. Return in six weeks.\n"
)

func formPage(pain, plan string) string {
	return "STATE OF CALIFORNIA\nDIVISION OF WORKERS' COMPENSATION\nPRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\n" +
		"Check the box(es) which indicate why you are submitting a report at this time. If the patient is\n" +
		"permanent and stationary, complete the appropriate report instead of this form.\n" +
		"Patient: Daniel Tran   Claim No.: 53-633517\n" +
		"The patient rates pain at " + pain + " today.\n" + plan
}

// amendedP is page k of a three-page office note, each page headed by
// the visit's date and its counter, with extra lines at the end of page 3.
func amendedP(k int, extra string) string {
	bodies := []string{
		"HISTORY: She reports low back pain radiating to the left leg since a lifting injury at work. Sitting more than\n" +
			"thirty minutes worsens it. She has completed six sessions of physical therapy with partial relief.\n",
		"EXAMINATION: Tenderness over the lumbar paraspinal muscles with spasm. Straight leg raise is positive on the left\n" +
			"at 45 degrees. Strength is five of five in both lower extremities. Reflexes are symmetric.\n",
		"ASSESSMENT: Lumbar radiculopathy. PLAN: Continue the home exercise program and naproxen twice daily.\n" +
			"Work status: modified duty with no lifting over 15 pounds. Return to clinic in four weeks.\n",
	}
	return fmt.Sprintf("OFFICE NOTE\nPatient: Maria Delgado   Claim #: 56-6649347\nDate of Service: 07/27/2024\nPage %d of 3\n", k) + bodies[k-1] + extra
}

// faxPage is an OCR'd page of a fax: worse than a 300-dpi scan.
func faxPage(n int, text string) Page {
	return Page{Number: n, Text: text, TextSource: SourceOCR, DPI: 200, OCRConfidence: 0.8}
}

// dose is a medication line of a note's plan.
func dose(strength string) string {
	return "MEDICATIONS: Hydrocodone/APAP " + strength + " mg, #90, one tablet every six hours as needed.\n"
}

// A neighbouring pair whose ink matched but whose numbers reading again
// left unsettled is one page read worse: no evidence that the matched
// pages beside it are two records.
func TestReadWorseNeighbours(t *testing.T) {
	p2 := "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (continued) Page 2 of 2\n" +
		"DISCUSSION: The patient has had persistent radicular symptoms despite a course of physical therapy and\n" +
		"anti-inflammatory medication. Imaging shows a disc protrusion contacting the traversing nerve root.\n" +
		"She would like to avoid surgery if possible. We discussed the risks and benefits of an epidural injection.\n"
	pages := []Page{
		ocrPage(1, baseNote()), ocrPage(2, p2+dose("10/325")),
		ocrPage(3, baseNote()), ocrPage(4, p2+dose("7.5/325")),
	}
	pol := Policy{}.withDefaults()
	ps := make([]*prepared, len(pages))
	for i, p := range pages {
		ps[i] = prepare(p, i, pol)
	}
	if _, v := verify(ps[1], ps[3], pol); v == vOK || v == vNoisy {
		t.Fatalf("page 2's copies verify (%d): the case does not test the context", v)
	}
	neighbour := func(i, d int) int {
		if j := i + d; j >= 0 && j < len(ps) {
			return j
		}
		return -1
	}
	for _, tc := range []struct {
		name      string
		readWorse map[pair]bool
		want      int
	}{
		{"page 2 differs: two records", nil, 0},
		{"page 2 read worse: one record", map[pair]bool{{1, 3}: true}, 1},
	} {
		edges := map[pair]*edge{{0, 2}: {i: 0, j: 2, sim: 1}}
		if got := len(acceptInContext(ps, edges, nil, tc.readWorse, neighbour, pol)); got != tc.want {
			t.Errorf("%s: %d matches accepted, want %d", tc.name, got, tc.want)
		}
	}
}

// Two pages compared directly and found two records never end in one
// group, however many copies verify against both: an original, its amended
// version, and a noisy copy of the original that verifies against each.
func TestApartNeverJoined(t *testing.T) {
	ps := []*prepared{{}, {}, {}, {}}
	for i, p := range ps {
		p.idx = i
	}
	tests := []struct {
		name   string
		edges  [][2]int
		joined [][2]int
		apart  [][2]int
	}{
		{"copy verified against both versions", [][2]int{{0, 1}, {1, 2}}, [][2]int{{0, 1}}, [][2]int{{0, 2}, {1, 2}}},
		{"the closer pair first: the copy joins the amended version", [][2]int{{1, 2}, {0, 1}}, [][2]int{{1, 2}}, [][2]int{{0, 2}, {0, 1}}},
		{"a chain of three copies with none apart", [][2]int{{1, 3}, {3, 0}}, [][2]int{{0, 1}, {1, 3}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			uf := newUnionFind(ps)
			uf.apart = map[int][]int{0: {2}, 2: {0}}
			for _, e := range tc.edges {
				uf.union(e[0], e[1])
			}
			for _, p := range tc.joined {
				if uf.find(p[0]) != uf.find(p[1]) {
					t.Errorf("%d and %d not joined", p[0], p[1])
				}
			}
			for _, p := range tc.apart {
				if uf.find(p[0]) == uf.find(p[1]) {
					t.Errorf("%d and %d joined", p[0], p[1])
				}
			}
		})
	}
}

// An original two-page note (pages 0, 1), its amended version (2, 3: page
// 1 changed, page 2 the same) and a noisy copy of the original (4, 5) whose
// first page verified against both versions. The versions' first pages are
// apart, so the copy joins the original; the amended version's page 2 is
// the original's word for word, yet it came along only with the refused
// first page, and stays out.
func TestRunRefusedAsAWhole(t *testing.T) {
	ps := make([]*prepared, 6)
	for i := range ps {
		ps[i] = &prepared{Page: Page{Number: i + 1}, idx: i}
	}
	neighbour := func(i, d int) int {
		if j := i + d; j >= 0 && j < len(ps) {
			return j
		}
		return -1
	}
	accepted := []*edge{
		{i: 0, j: 4, sim: 0.99}, {i: 1, j: 5, sim: 1, context: true},
		{i: 2, j: 4, sim: 0.95}, {i: 3, j: 5, sim: 1, context: true},
	}
	uf, kept := joinGroups(ps, accepted, map[int][]int{0: {2}, 2: {0}}, nil, neighbour)
	if uf.find(0) != uf.find(4) || uf.find(1) != uf.find(5) {
		t.Errorf("the copy did not join the original")
	}
	if uf.find(2) == uf.find(0) || uf.find(3) == uf.find(1) {
		t.Errorf("the amended version joined the original: groups %v", []int{uf.find(0), uf.find(1), uf.find(2), uf.find(3), uf.find(4), uf.find(5)})
	}
	if len(kept) != 3 {
		t.Errorf("%d matches kept, want 3 (the refused run's page 2 dropped)", len(kept))
	}
}
