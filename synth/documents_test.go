package synth

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"imrpacket/index"
	"imrpacket/mtsamples"
)

var (
	corpusOnce sync.Once
	corpus     []mtsamples.Sample
	corpusErr  error
)

// loadCorpus returns the MTSamples corpus, or nil when it is absent (the
// generator then uses its built-in fallback bodies).
func loadCorpus(t testing.TB) []mtsamples.Sample {
	t.Helper()
	corpusOnce.Do(func() { corpus, corpusErr = mtsamples.LoadDefault() })
	if corpusErr != nil && !errors.Is(corpusErr, mtsamples.ErrNotFound) {
		t.Fatal(corpusErr)
	}
	return corpus
}

func TestDocumentsDeterministic(t *testing.T) {
	s := loadCorpus(t)
	a := Documents(7, s, mtsamples.Train, 40)
	b := Documents(7, s, mtsamples.Train, 40)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different documents")
	}
	c := Documents(8, s, mtsamples.Train, 40)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same documents")
	}
}

var validTypes = map[string]bool{index.TypeURLetter: true, index.TypeProgressNote: true, index.TypeImaging: true, index.TypeOther: true}

func TestDocumentsTruth(t *testing.T) {
	s := loadCorpus(t)
	kinds := map[string]bool{}
	for _, k := range index.DateKinds {
		kinds[k] = true
	}
	decisions := map[string]bool{index.DecisionApproved: true, index.DecisionModified: true, index.DecisionDenied: true, index.DecisionDelayed: true, index.DecisionRequested: true}
	seenType := map[string]int{}
	seenSub := map[string]int{}
	seenDec := map[string]int{}
	seenFmt := map[string]bool{}
	for seed := int64(1); seed <= 20; seed++ {
		docs := Documents(seed, s, mtsamples.Test, 30)
		if len(docs) != 30 {
			t.Fatalf("seed %d: %d documents", seed, len(docs))
		}
		ids := map[string]bool{}
		for _, d := range docs {
			if ids[d.ID] {
				t.Fatalf("duplicate id %s", d.ID)
			}
			ids[d.ID] = true
			if !validTypes[d.Type] || d.Subtype == "" || d.Title == "" || len(d.Pages) == 0 {
				t.Fatalf("doc %s: type %q subtype %q title %q pages %d", d.ID, d.Type, d.Subtype, d.Title, len(d.Pages))
			}
			seenType[d.Type]++
			seenSub[d.Subtype]++
			for _, dt := range d.Dates {
				if !kinds[dt.Kind] {
					t.Fatalf("doc %s: kind %q", d.ID, dt.Kind)
				}
				if _, err := time.Parse("2006-01-02", dt.Date); err != nil {
					t.Fatalf("doc %s: date %q", d.ID, dt.Date)
				}
				if dt.Page < 1 || dt.Page > len(d.Pages) {
					t.Fatalf("doc %s: date on page %d of %d", d.ID, dt.Page, len(d.Pages))
				}
				if !strings.Contains(d.Pages[dt.Page-1], dt.Text) {
					t.Fatalf("doc %s: date text %q not on its page %d:\n%s", d.ID, dt.Text, dt.Page, d.Pages[dt.Page-1])
				}
				seenFmt[dateShape(dt.Text)] = true
			}
			for _, tr := range d.Treatments {
				if !decisions[tr.Decision] {
					t.Fatalf("doc %s: decision %q", d.ID, tr.Decision)
				}
				seenDec[tr.Decision]++
				if tr.Page < 1 || tr.Page > len(d.Pages) {
					t.Fatalf("doc %s: treatment on page %d", d.ID, tr.Page)
				}
				first := strings.Fields(tr.Text)[0]
				if !strings.Contains(d.Pages[tr.Page-1], first) {
					t.Fatalf("doc %s: treatment %q not on page %d", d.ID, tr.Text, tr.Page)
				}
			}
			want := map[string]string{index.TypeURLetter: index.DateDecision, index.TypeProgressNote: index.DateService, index.TypeImaging: index.DateExam}[d.Type]
			if want != "" && !hasDate(d, want, d.Primary) {
				t.Fatalf("doc %s (%s): primary %s not a %s date", d.ID, d.Type, d.Primary, want)
			}
			if d.Type == index.TypeURLetter && (len(d.Treatments) == 0 || !hasKind(d, index.DateRequestReceived) || !hasKind(d, index.DateInjury)) {
				t.Fatalf("doc %s: UR letter without treatments, received or injury date", d.ID)
			}
			for _, p := range d.Pages {
				for _, r := range p {
					if r != '\n' && !winAnsi(r) {
						t.Fatalf("doc %s: rune %q not in WinAnsi", d.ID, r)
					}
				}
			}
		}
	}
	t.Logf("types %v", seenType)
	t.Logf("subtypes %v", seenSub)
	t.Logf("decisions %v", seenDec)
	for _, ty := range index.Types {
		if seenType[ty] == 0 {
			t.Errorf("no %s documents in 600", ty)
		}
	}
	for _, sub := range []string{"ur_decision", "pr2", "soap", "office_note", "rfa", "imr_application", "imr_determination", "fax_cover", "billing", "proof_of_service"} {
		if seenSub[sub] == 0 {
			t.Errorf("no %s documents", sub)
		}
	}
	for _, dec := range []string{index.DecisionApproved, index.DecisionModified, index.DecisionDenied, index.DecisionDelayed, index.DecisionRequested} {
		if seenDec[dec] == 0 {
			t.Errorf("no %s treatments", dec)
		}
	}
	for _, f := range []string{"01/14/2025", "1/14/25", "January 14, 2025", "Jan 14, 2025", "2025-01-14", "14 January 2025"} {
		if !seenFmt[dateShape(f)] {
			t.Errorf("date format like %s never printed", f)
		}
	}
}

func TestCopyForwardChains(t *testing.T) {
	s := loadCorpus(t)
	n := 0
	for seed := int64(1); seed <= 10; seed++ {
		docs := Documents(seed, s, mtsamples.Train, 40)
		byID := map[string]Document{}
		for _, d := range docs {
			byID[d.ID] = d
			if d.CopyForwardOf == "" {
				continue
			}
			prev, ok := byID[d.CopyForwardOf]
			if !ok {
				t.Fatalf("doc %s copies forward %s which is not before it", d.ID, d.CopyForwardOf)
			}
			if prev.Primary == d.Primary {
				t.Fatalf("copy-forward %s has the same date of service as %s", d.ID, prev.ID)
			}
			j := jaccard(strings.Join(prev.Pages, " "), strings.Join(d.Pages, " "))
			if j < 0.3 || j > 0.97 {
				t.Errorf("copy-forward %s: word overlap %.2f with %s, want largely the same but distinct", d.ID, j, prev.ID)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no copy-forward notes generated")
	}
}

func hasDate(d Document, kind, date string) bool {
	for _, x := range d.Dates {
		if x.Kind == kind && x.Date == date {
			return true
		}
	}
	return false
}

func hasKind(d Document, kind string) bool {
	for _, x := range d.Dates {
		if x.Kind == kind {
			return true
		}
	}
	return false
}

var (
	reDigits = regexp.MustCompile(`\d`)
	reMonth  = regexp.MustCompile(`(January|February|March|April|May|June|July|August|September|October|November|December)`)
	reMon    = regexp.MustCompile(`\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b`)
)

// dateShape reduces a printed date to its format: digits to 9, month names to M.
func dateShape(s string) string {
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	s = reMonth.ReplaceAllString(s, "MONTH")
	s = reMon.ReplaceAllString(s, "MON")
	s = reDigits.ReplaceAllString(s, "9")
	s = strings.ReplaceAll(s, "99", "9")
	return s
}

func jaccard(a, b string) float64 {
	wa, wb := map[string]bool{}, map[string]bool{}
	for _, w := range strings.Fields(a) {
		wa[w] = true
	}
	for _, w := range strings.Fields(b) {
		wb[w] = true
	}
	inter := 0
	for w := range wa {
		if wb[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(wa)+len(wb)-inter)
}

// Every line ends inside the printable area, so a born-digital page (the PDF
// clips at its edge) and its scan (drawn from the same placement) print the
// same words at the same size.
func TestPlacedTextFitsThePage(t *testing.T) {
	s := loadCorpus(t)
	for seed := int64(1); seed <= 6; seed++ {
		for _, d := range Documents(seed, s, mtsamples.Train, 40) {
			for pi, lines := range d.layout {
				for _, p := range place(lines, d.style) {
					if p.rule {
						continue
					}
					if end := p.x + textWidth(p.text, p.font, p.size); end > printEdge+0.5 {
						t.Fatalf("seed %d %s page %d: %q ends at %.1f, past the printable edge at %.1f", seed, d.Title, pi+1, p.text, end, float64(printEdge))
					}
				}
			}
		}
	}
}
