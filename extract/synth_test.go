package extract_test

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"imrpacket/extract"
	"imrpacket/index"
	"imrpacket/mtsamples"
	"imrpacket/synth"
)

var verbose = flag.Bool("extract.misses", false, "log every missed or extra date and treatment")

var (
	corpusOnce sync.Once
	corpus     []mtsamples.Sample
	corpusErr  error
)

func loadCorpus(t testing.TB) []mtsamples.Sample {
	t.Helper()
	corpusOnce.Do(func() { corpus, corpusErr = mtsamples.LoadDefault() })
	if corpusErr != nil && !errors.Is(corpusErr, mtsamples.ErrNotFound) {
		t.Fatal(corpusErr)
	}
	return corpus
}

// counts is a true-positive / false-positive / false-negative tally.
type counts struct{ tp, fp, fn int }

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scores are the extractor's figures on generated documents, judged as
// scorecard judges them: dates as (kind, date) sets per document, treatments
// matched by code or by word overlap.
type scores struct {
	dates                     map[string]*counts
	treat                     counts
	decisionOK, decisionTotal int
	primaryOK, primaryTotal   int
	docs                      int
}

var scoredKinds = []string{index.DateDecision, index.DateRequestReceived, index.DateService, index.DateExam, index.DateInjury}

// now is after every generated date (the generator stops mid-2026).
var now = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// ocrNoise damages text the way Tesseract does on a fair scan: column gaps
// collapse to one space, and now and then a digit reads as a letter (0 as O,
// 1 as l), a space appears after a slash, or a letter is misread.
func ocrNoise(s string, r *rand.Rand) string {
	var b strings.Builder
	prevSpace := false
	for _, c := range s {
		if c == ' ' {
			if prevSpace {
				continue
			}
			prevSpace = true
			b.WriteRune(c)
			continue
		}
		prevSpace = false
		switch {
		case c == '0' && r.IntN(25) == 0:
			c = 'O'
		case c == '1' && r.IntN(25) == 0:
			c = 'l'
		case c == '/' && r.IntN(30) == 0:
			b.WriteRune(c)
			c = ' '
		case c == 'i' && r.IntN(200) == 0:
			c = 'l'
		case c == 'e' && r.IntN(300) == 0:
			c = 'c'
		}
		b.WriteRune(c)
	}
	return b.String()
}

func runSynth(t *testing.T, seeds, perSeed int, noise bool) scores {
	s := loadCorpus(t)
	sc := scores{dates: map[string]*counts{}}
	for _, k := range scoredKinds {
		sc.dates[k] = &counts{}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for seed := int64(1); seed <= int64(seeds); seed++ {
		for _, d := range synth.Documents(1000+seed, s, mtsamples.Test, perSeed) {
			sc.docs++
			var pages []extract.PageText
			for i, p := range d.Pages {
				if noise {
					p = ocrNoise(p, rng)
				}
				pages = append(pages, extract.PageText{SourcePage: i + 1, Text: p})
			}
			f := extract.Document(d.Type, d.Subtype, pages, now)
			for _, k := range scoredKinds {
				want, got := map[string]string{}, map[string]string{}
				for _, dt := range d.Dates {
					if dt.Kind == k {
						want[dt.Date] = dt.Text
					}
				}
				for _, dt := range f.Dates {
					if dt.Kind == k {
						got[dt.Date] = dt.Text
					}
				}
				c := sc.dates[k]
				for dt, txt := range want {
					if _, ok := got[dt]; ok {
						c.tp++
					} else {
						c.fn++
						if *verbose {
							t.Logf("miss %s %s/%s %q: %v", k, d.Type, d.Subtype, txt, f.Dates)
							for _, p := range pages {
								for _, l := range strings.Split(p.Text, "\n") {
									if strings.Contains(l, txt[len(txt)-4:]) {
										t.Logf("   line %q", l)
									}
								}
							}
						}
					}
				}
				for dt, txt := range got {
					if _, ok := want[dt]; !ok {
						c.fp++
						if *verbose {
							t.Logf("extra %s %s/%s %q", k, d.Type, d.Subtype, txt)
						}
					}
				}
			}
			if d.Primary != "" {
				sc.primaryTotal++
				if f.Primary == d.Primary {
					sc.primaryOK++
				} else if *verbose {
					t.Logf("primary %s/%s: got %q want %q", d.Type, d.Subtype, f.Primary, d.Primary)
				}
			}
			used := make([]bool, len(f.Treatments))
			for _, want := range d.Treatments {
				best, bestS := -1, 0.0
				for j, got := range f.Treatments {
					if used[j] {
						continue
					}
					if s := similarity(want, got); s > bestS {
						best, bestS = j, s
					}
				}
				if best < 0 || bestS < 0.5 {
					sc.treat.fn++
					if *verbose {
						t.Logf("miss treatment %s/%s %q %s: got %v", d.Type, d.Subtype, want.Text, want.Decision, texts(f.Treatments))
					}
					continue
				}
				used[best] = true
				sc.treat.tp++
				sc.decisionTotal++
				if f.Treatments[best].Decision == want.Decision {
					sc.decisionOK++
				} else if *verbose {
					t.Logf("decision %s/%s %q: got %s want %s", d.Type, d.Subtype, want.Text, f.Treatments[best].Decision, want.Decision)
				}
			}
			for j, u := range used {
				if !u {
					sc.treat.fp++
					if *verbose {
						t.Logf("extra treatment %s/%s %q", d.Type, d.Subtype, f.Treatments[j].Text)
					}
				}
			}
		}
	}
	return sc
}

func texts(ts []index.Treatment) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Text+" ["+t.Code+"] "+t.Decision)
	}
	return out
}

// similarity is scorecard's treatment match: the same code, or word Jaccard.
func similarity(t synth.Treatment, p index.Treatment) float64 {
	if t.Code != "" && p.Code != "" && strings.EqualFold(t.Code, p.Code) {
		return 1
	}
	a, b := words(t.Text), words(p.Text)
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		out[w] = true
	}
	return out
}

// TestSynthQuality runs the extractor over generated documents (MTSamples
// test split) and holds it to the floors.
func TestSynthQuality(t *testing.T) {
	seeds := 10
	if testing.Short() {
		seeds = 4
	}
	sc := runSynth(t, seeds, 30, false)
	var report []string
	for _, k := range scoredKinds {
		c := sc.dates[k]
		report = append(report, fmt.Sprintf("%s R=%.3f P=%.3f (tp %d fp %d fn %d)", k, c.recall(), c.precision(), c.tp, c.fp, c.fn))
		if c.recall() < 0.95 || c.precision() < 0.97 {
			t.Errorf("dates %s: recall %.3f precision %.3f, want >= 0.95 and >= 0.97", k, c.recall(), c.precision())
		}
	}
	report = append(report, fmt.Sprintf("treatments R=%.3f P=%.3f (tp %d fp %d fn %d) decision accuracy %.3f of %d",
		sc.treat.recall(), sc.treat.precision(), sc.treat.tp, sc.treat.fp, sc.treat.fn, ratio(sc.decisionOK, sc.decisionTotal), sc.decisionTotal))
	report = append(report, fmt.Sprintf("primary date %.3f of %d; %d documents", ratio(sc.primaryOK, sc.primaryTotal), sc.primaryTotal, sc.docs))
	sort.Strings(report[:len(scoredKinds)])
	t.Log("\n" + strings.Join(report, "\n"))
	if sc.treat.recall() < 0.92 || sc.treat.precision() < 0.92 {
		t.Errorf("treatments: recall %.3f precision %.3f, want >= 0.92", sc.treat.recall(), sc.treat.precision())
	}
	if a := ratio(sc.decisionOK, sc.decisionTotal); a < 0.97 {
		t.Errorf("decision accuracy %.3f, want >= 0.97", a)
	}
}

// TestSynthNoisyReport measures the same on text damaged as OCR damages it.
// The floors are for the whole pipeline on held-out packets; this
// reports how far OCR-like damage moves the extractor's own figures.
func TestSynthNoisyReport(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	sc := runSynth(t, 10, 30, true)
	var report []string
	for _, k := range scoredKinds {
		c := sc.dates[k]
		report = append(report, fmt.Sprintf("%s R=%.3f P=%.3f (tp %d fp %d fn %d)", k, c.recall(), c.precision(), c.tp, c.fp, c.fn))
	}
	report = append(report, fmt.Sprintf("treatments R=%.3f P=%.3f (tp %d fp %d fn %d) decision accuracy %.3f of %d",
		sc.treat.recall(), sc.treat.precision(), sc.treat.tp, sc.treat.fp, sc.treat.fn, ratio(sc.decisionOK, sc.decisionTotal), sc.decisionTotal))
	t.Log("noisy:\n" + strings.Join(report, "\n"))
}

// TestSynthClaim checks packet-level claim facts against what the generated
// documents print: the injury date is the truth's, and the claim number,
// claimant and employer are printed in the UR letters and RFAs.
func TestSynthClaim(t *testing.T) {
	s := loadCorpus(t)
	seeds := 8
	if testing.Short() {
		seeds = 3
	}
	for seed := int64(1); seed <= int64(seeds); seed++ {
		var docs []extract.ClaimDoc
		injury := ""
		var urText []string
		for i, d := range synth.Documents(2000+seed, s, mtsamples.Test, 30) {
			var pages []extract.PageText
			for j, p := range d.Pages {
				pages = append(pages, extract.PageText{SourcePage: i*10 + j + 1, Text: p})
			}
			docs = append(docs, extract.ClaimDoc{DocType: d.Type, Subtype: d.Subtype, Pages: pages})
			for _, dt := range d.Dates {
				if dt.Kind == index.DateInjury {
					injury = dt.Date
				}
			}
			if d.Type == index.TypeURLetter || d.Subtype == "rfa" {
				urText = append(urText, strings.Join(d.Pages, "\n"))
			}
		}
		c := extract.Claim(docs, now)
		if c == nil || c.ClaimNumber == nil || c.InjuryDate == nil || c.Claimant == nil || c.Employer == nil || c.ClaimsAdministrator == nil {
			t.Fatalf("seed %d: missing facts: %+v", seed, c)
		}
		if c.InjuryDate.Value != injury {
			t.Errorf("seed %d: injury %s, want %s", seed, c.InjuryDate.Value, injury)
		}
		for _, f := range []*index.Fact{c.ClaimNumber, c.Claimant, c.Employer, c.ClaimsAdministrator} {
			if len(f.SourcePages) == 0 {
				t.Errorf("seed %d: fact without pages", seed)
			}
			n := 0
			for _, u := range urText {
				if strings.Contains(u, f.Value) {
					n++
				}
			}
			if len(urText) > 0 && n == 0 {
				t.Errorf("seed %d: %q printed in %d of %d UR letters and RFAs", seed, f.Value, n, len(urText))
			}
		}
	}
}
