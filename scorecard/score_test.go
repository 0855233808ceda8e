package scorecard

import (
	"math"
	"strings"
	"testing"

	"imrpacket/index"
)

func intp(v int) *int { return &v }

// A four-page packet: a two-page UR letter, a note, and a rescan of the note.
func truthFixture() *Truth {
	return &Truth{
		Pages: []TruthPage{
			{SourcePage: 1, Type: "ur_letter", Document: "d1", Rendering: "born_digital"},
			{SourcePage: 2, Type: "ur_letter", Document: "d1", Rendering: "born_digital"},
			{SourcePage: 3, Type: "progress_note", Document: "d2", Rendering: "fax"},
			{SourcePage: 4, Type: "progress_note", Document: "d3", DuplicateOf: intp(3), Rendering: "noisy_scan"},
		},
		Documents: []TruthDocument{
			{ID: "d1", Type: "ur_letter", SourcePages: []int{1, 2},
				Dates:      []TruthDate{{Kind: "decision", Date: "2025-01-14"}, {Kind: "injury", Date: "2020-03-02"}},
				Treatments: []TruthTreatment{{Text: "Physical therapy 12 visits lumbar", Code: "97110", Decision: "denied"}, {Text: "MRI lumbar spine", Decision: "approved"}}},
			{ID: "d2", Type: "progress_note", SourcePages: []int{3}, Dates: []TruthDate{{Kind: "service", Date: "2024-12-01"}}},
			{ID: "d3", Type: "progress_note", SourcePages: []int{4}, Dates: []TruthDate{{Kind: "service", Date: "2024-12-01"}}},
		},
	}
}

func page(n int, typ, doc string, dup *int) index.Page {
	return index.Page{SourcePage: n, Type: typ, Document: doc, DuplicateOf: dup}
}

func TestCardPerfect(t *testing.T) {
	idx := &index.Index{
		Pages: []index.Page{page(1, "ur_letter", "doc-001", nil), page(2, "ur_letter", "doc-001", nil),
			page(3, "progress_note", "doc-002", nil), page(4, "progress_note", "doc-002", intp(3))},
		Documents: []index.Document{
			{ID: "doc-001", SourcePages: []int{1, 2}, Dates: []index.Date{{Kind: "decision", Date: "2025-01-14", SourcePage: 1}, {Kind: "injury", Date: "2020-03-02", SourcePage: 1}},
				Treatments: []index.Treatment{{Text: "MRI of the lumbar spine", Decision: "approved"}, {Text: "PT", Code: "97110", Decision: "denied"}}},
			{ID: "doc-002", SourcePages: []int{3}, Dates: []index.Date{{Kind: "service", Date: "2024-12-01", SourcePage: 3}}},
		},
		Duplicates: []index.Duplicate{{SourcePage: 4, DuplicateOf: 3, Kind: "near", Similarity: 0.93}},
	}
	c := NewCard()
	c.Add(idx, truthFixture(), 2)
	if fails := c.Check(Targets); len(fails) != 0 {
		t.Fatalf("perfect prediction under floors: %v", fails)
	}
	if c.SecondsPerPage() != 0.5 {
		t.Fatalf("seconds per page %v", c.SecondsPerPage())
	}
}

func TestCardCountsErrors(t *testing.T) {
	idx := &index.Index{
		Pages: []index.Page{page(1, "ur_letter", "doc-001", nil), page(2, "other", "doc-002", nil),
			page(3, "progress_note", "doc-003", nil), page(4, "progress_note", "doc-003", nil)},
		Documents: []index.Document{
			{ID: "doc-001", SourcePages: []int{1}, Dates: []index.Date{{Kind: "decision", Date: "2025-01-15", SourcePage: 1}},
				Treatments: []index.Treatment{{Text: "Physical therapy", Code: "97110", Decision: "approved"}}},
			{ID: "doc-002", SourcePages: []int{2}},
			{ID: "doc-003", SourcePages: []int{3, 4}, Dates: []index.Date{{Kind: "service", Date: "2024-12-01", SourcePage: 3}}},
		},
		Duplicates: []index.Duplicate{{SourcePage: 2, DuplicateOf: 1, Kind: "near", Similarity: 0.9}},
	}
	// The duplicate list is inconsistent with pages on purpose: the scorer
	// judges each list on its own.
	c := NewCard()
	c.Add(idx, truthFixture(), 1)
	if got := c.PageAccuracy(); got != 0.75 {
		t.Errorf("page accuracy %v, want 0.75", got)
	}
	if c.FalseMerges != 1 || c.Duplicates.FN != 1 {
		t.Errorf("duplicates %+v false merges %d", c.Duplicates, c.FalseMerges)
	}
	if d := c.Dates["decision"]; d.TP != 0 || d.FP != 1 || d.FN != 1 {
		t.Errorf("decision dates %+v", *d)
	}
	if c.DocExact != 0 {
		t.Errorf("segmentation exact %d, want 0", c.DocExact)
	}
	if c.Treatments.TP != 1 || c.Treatments.FN != 1 || c.DecisionCorrect != 0 {
		t.Errorf("treatments %+v decisions %d/%d", c.Treatments, c.DecisionCorrect, c.DecisionTotal)
	}
	fails := strings.Join(c.Check(Targets), "\n")
	for _, want := range []string{"page accuracy", "false merges", "decision accuracy"} {
		if !strings.Contains(fails, want) {
			t.Errorf("Check does not report %q:\n%s", want, fails)
		}
	}
	var b strings.Builder
	c.Report(&b)
	if !strings.Contains(b.String(), "| progress_note |") {
		t.Errorf("report lacks the per-class table:\n%s", b.String())
	}
}

func TestTextAccuracyFloor(t *testing.T) {
	c := NewCard()
	for i := 0; i < 8; i++ {
		c.AddText("imaging", "imaging")
	}
	c.AddText("progress_note", "other")
	c.AddText("other", "other")
	if got := c.TextAccuracy(); got != 0.9 {
		t.Fatalf("TextAccuracy = %v, want 0.9", got)
	}
	f := Floors{TextAccuracy: 0.95, MaxFalseMerges: 1 << 30}
	found := false
	for _, line := range c.Check(f) {
		if strings.Contains(line, "MTSamples") {
			found = true
		}
	}
	if !found {
		t.Error("accuracy 0.90 under a 0.95 floor not reported")
	}
	var b strings.Builder
	c.Report(&b)
	if !strings.Contains(b.String(), "Accuracy 0.900 over 10 texts") {
		t.Errorf("report lacks the MTSamples section:\n%s", b.String())
	}
}

func TestCalibration(t *testing.T) {
	conf := func(n int, typ string, c float64, review bool) index.Page {
		return index.Page{SourcePage: n, Type: typ, Confidence: c, NeedsReview: review}
	}
	tests := []struct {
		name                           string
		pages                          []index.Page
		ece, mean                      float64
		review, reviewWrong, unflagged int
	}{
		{
			name:  "sure and right",
			pages: []index.Page{conf(1, "ur_letter", 1, false), conf(2, "ur_letter", 1, false), conf(3, "progress_note", 1, false), conf(4, "progress_note", 1, false)},
			ece:   0, mean: 1,
		},
		{
			// Bin 0.9: 0.95 and 0.95 sure, one of two right: gap 0.45 over 2
			// of 4 pages; bin 0.6: 0.6 and 0.6, both right: gap 0.8 over 2.
			name:  "overconfident where wrong, underconfident where right",
			pages: []index.Page{conf(1, "ur_letter", 0.95, false), conf(2, "other", 0.95, false), conf(3, "progress_note", 0.6, true), conf(4, "progress_note", 0.6, true)},
			ece:   (0.9 + 0.8) / 4, mean: 0.775, review: 2, unflagged: 1,
		},
		{
			name:  "the wrong page flagged",
			pages: []index.Page{conf(1, "ur_letter", 1, false), conf(2, "imaging", 0.4, true), conf(3, "progress_note", 1, false), conf(4, "progress_note", 1, false)},
			ece:   0.1, mean: 0.85, review: 1, reviewWrong: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCard()
			c.Add(&index.Index{Pages: tc.pages}, truthFixture(), 1)
			if got := c.ECE(); math.Abs(got-tc.ece) > 1e-9 {
				t.Errorf("ECE %v, want %v", got, tc.ece)
			}
			if got := c.MeanConfidence(); math.Abs(got-tc.mean) > 1e-9 {
				t.Errorf("mean confidence %v, want %v", got, tc.mean)
			}
			if c.Review != tc.review || c.ReviewWrong != tc.reviewWrong || c.UnflaggedWrong != tc.unflagged {
				t.Errorf("review %d (%d wrong), unflagged wrong %d; want %d (%d), %d", c.Review, c.ReviewWrong, c.UnflaggedWrong, tc.review, tc.reviewWrong, tc.unflagged)
			}
			var b strings.Builder
			c.Report(&b)
			if !strings.Contains(b.String(), "expected calibration error") {
				t.Errorf("report lacks calibration:\n%s", b.String())
			}
		})
	}
}

// Each missed date is put down to the stage that lost it.
func TestDateMissCauses(t *testing.T) {
	truth := truthFixture()
	truth.Documents[0].Dates = []TruthDate{{Kind: "decision", Date: "2025-01-14", SourcePage: 2}}
	truth.Documents[1].Dates = nil
	truth.Documents[2].Dates = nil
	letterPages := []index.Page{page(1, "ur_letter", "doc-001", nil), page(2, "ur_letter", "doc-001", nil)}
	tests := []struct {
		name  string
		pages []index.Page
		docs  []index.Document
		want  string
	}{
		{"not read", letterPages, []index.Document{{ID: "doc-001", SourcePages: []int{1, 2}}}, "not read"},
		{"read as another kind", letterPages,
			[]index.Document{{ID: "doc-001", SourcePages: []int{1, 2}, Dates: []index.Date{{Kind: "letter", Date: "2025-01-14", SourcePage: 2}}}},
			"read as letter"},
		{"split", letterPages,
			[]index.Document{{ID: "doc-001", SourcePages: []int{1}}, {ID: "doc-002", SourcePages: []int{2}, Dates: []index.Date{{Kind: "decision", Date: "2025-01-14", SourcePage: 2}}}},
			"segmentation"},
		{"dropped", []index.Page{page(1, "ur_letter", "doc-001", nil), page(2, "ur_letter", "", intp(3))},
			[]index.Document{{ID: "doc-001", SourcePages: []int{1}}}, "duplicate"},
		{"no document", letterPages, nil, "no document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCard()
			c.Add(&index.Index{Pages: tt.pages, Documents: tt.docs}, truth, 1)
			if len(c.DateMisses) != 1 {
				t.Fatalf("misses %+v, want one", c.DateMisses)
			}
			m := c.DateMisses[0]
			if m.Cause != tt.want || m.Kind != "decision" || m.Page != 2 || m.Rendering != "born_digital" {
				t.Errorf("miss %+v, want cause %q on decision page 2", m, tt.want)
			}
		})
	}
}
