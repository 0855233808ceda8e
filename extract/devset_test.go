//go:build devset

package extract

// The dev-set harness: runs date extraction on the page texts `imrpacket
// eval DIR` saved (DIR/out/packet-NNN/text) over the truth's documents, in
// seconds and without OCR, and names every missed or false date by packet,
// page, kind and the page's rendering. Segmentation and duplicates come from
// the truth, so its figures isolate extraction from classification. It
// prints no page text and no date: records are PHI in production.
//
//	go test -tags devset -run TestDevSet -v ./extract -args -dev /work/dev/set3

import (
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"imrpacket/index"
	"imrpacket/scorecard"
)

var devSetDir = flag.String("dev", "", "a directory `imrpacket eval` ran over")

// devScored are the kinds issue 5 sets targets for, as scorecard scores them.
var devScored = []string{index.DateDecision, index.DateRequestReceived, index.DateService, index.DateExam, index.DateInjury}

func TestDevSet(t *testing.T) {
	if *devSetDir == "" {
		t.Skip("no -dev directory")
	}
	truths, _ := filepath.Glob(filepath.Join(*devSetDir, "packet-*.truth.json"))
	slices.Sort(truths)
	now := time.Now()
	type counts struct{ tp, fp, fn int }
	score := map[string]*counts{}
	for _, k := range devScored {
		score[k] = &counts{}
	}
	var tr devTreatments
	for _, tf := range truths {
		name := strings.TrimSuffix(filepath.Base(tf), ".truth.json")
		saved, err := scorecard.ReadPageTexts(filepath.Join(*devSetDir, "out", name))
		if err != nil {
			t.Fatal(err)
		}
		if len(saved) == 0 {
			continue
		}
		truth, err := scorecard.ReadTruth(tf)
		if err != nil {
			t.Fatal(err)
		}
		text := map[int]string{}
		for _, sp := range saved {
			text[sp.Page] = sp.Text
		}
		rend := map[int]string{}
		for _, p := range truth.Pages {
			rend[p.SourcePage] = p.Rendering
		}
		// As the pipeline: each page's dates once, then each document's,
		// then the claim's injury date corrects the documents' misread ones.
		var docs []index.Document
		var claimDocs []ClaimDoc
		for _, td := range truth.Documents {
			var pts []PageText
			for _, p := range td.SourcePages {
				if txt, ok := text[p]; ok {
					ds := PageDates(txt, now)
					if ds == nil {
						ds = []Date{}
					}
					pts = append(pts, PageText{SourcePage: p, Text: txt, Dates: ds})
				}
			}
			facts := Document(td.Type, td.Subtype, pts, now)
			docs = append(docs, index.Document{Dates: facts.Dates})
			if len(pts) > 0 {
				tr.score(t, name, td, facts.Treatments)
			}
			claimDocs = append(claimDocs, ClaimDoc{DocType: td.Type, Subtype: td.Subtype, Pages: pts})
		}
		ReconcileInjury(docs, Claim(claimDocs, now))
		for i, td := range truth.Documents {
			if len(claimDocs[i].Pages) == 0 {
				continue
			}
			facts := docs[i]
			for _, k := range devScored {
				var printed []index.Date
				for _, d := range td.Dates {
					printed = append(printed, index.Date{Kind: d.Kind, Date: d.Date, SourcePage: d.SourcePage})
				}
				want, got := firstPages(printed, k), firstPages(facts.Dates, k)
				for d, p := range want {
					if _, ok := got[d]; ok {
						score[k].tp++
						continue
					}
					score[k].fn++
					t.Logf("%s MISS %s page %d (%s) %s/%s%s", name, k, p, rend[p], td.Type, td.Subtype, elsewhere(facts.Dates, d, k))
				}
				for d, p := range got {
					if _, ok := want[d]; !ok {
						score[k].fp++
						t.Logf("%s FALSE %s page %d (%s) %s/%s", name, k, p, rend[p], td.Type, td.Subtype)
					}
				}
			}
		}
	}
	t.Logf("treatments tp %d fp %d fn %d: recall %.3f precision %.3f; decisions %d of %d right (%.3f)",
		tr.tp, tr.fp, tr.fn, float64(tr.tp)/float64(max(tr.tp+tr.fn, 1)), float64(tr.tp)/float64(max(tr.tp+tr.fp, 1)),
		tr.right, tr.tp, float64(tr.right)/float64(max(tr.tp, 1)))
	for _, k := range devScored {
		c := score[k]
		t.Logf("dates %-16s tp %3d fp %2d fn %2d  recall %.3f precision %.3f", k, c.tp, c.fp, c.fn,
			float64(c.tp)/float64(max(c.tp+c.fn, 1)), float64(c.tp)/float64(max(c.tp+c.fp, 1)))
	}
}

// firstPages maps each date of kind in ds to the first page it is on.
func firstPages(ds []index.Date, kind string) map[string]int {
	out := map[string]int{}
	for _, d := range ds {
		if _, ok := out[d.Date]; d.Kind == kind && !ok {
			out[d.Date] = d.SourcePage
		}
	}
	return out
}

// elsewhere says what kind a missed date was read as, if it was read at all,
// without printing the date.
func elsewhere(ds []index.Date, date, kind string) string {
	var kinds []string
	for _, d := range ds {
		if d.Date == date && d.Kind != kind {
			kinds = append(kinds, d.Kind)
		}
	}
	if len(kinds) == 0 {
		return ": not read"
	}
	return ": read as " + strings.Join(kinds, ",")
}

// devTreatments scores requested treatments as scorecard does: the same code
// when both have one, otherwise half the words in common.
type devTreatments struct{ tp, fp, fn, right int }

func (c *devTreatments) score(t *testing.T, name string, td scorecard.TruthDocument, got []index.Treatment) {
	used := make([]bool, len(got))
	for i, want := range td.Treatments {
		best, bestScore := -1, 0.0
		for j, g := range got {
			if used[j] {
				continue
			}
			if s := devTreatmentSimilarity(want, g); s > bestScore {
				best, bestScore = j, s
			}
		}
		if best < 0 || bestScore < 0.5 {
			c.fn++
			t.Logf("%s MISS treatment %d of %s (pages %v, %s)", name, i+1, td.ID, td.SourcePages, td.Subtype)
			continue
		}
		used[best] = true
		c.tp++
		if got[best].Decision == want.Decision {
			c.right++
		} else {
			t.Logf("%s DECISION treatment %d of %s (pages %v): %s read as %s", name, i+1, td.ID, td.SourcePages, want.Decision, got[best].Decision)
		}
	}
	for j, u := range used {
		if !u {
			c.fp++
			t.Logf("%s FALSE treatment on page %d of %s (%s)", name, got[j].SourcePage, td.ID, td.Subtype)
		}
	}
}

func devTreatmentSimilarity(t scorecard.TruthTreatment, p index.Treatment) float64 {
	if t.Code != "" && p.Code != "" && strings.EqualFold(t.Code, p.Code) {
		return 1
	}
	words := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}) {
			out[w] = true
		}
		return out
	}
	a, b := words(t.Text), words(p.Text)
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
