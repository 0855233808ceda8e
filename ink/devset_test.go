//go:build devset

package ink_test

// The dev-set harness: compares every pair of OCR'd pages of the packets in
// -dev DIR that read alike, and prints the verdict beside the truth. It
// prints no page text.
//
//	go test -tags devset -run TestDevSet -v ./ink -args -dev /work/dev/set2 -packets 8

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"imrpacket/dedupe"
	. "imrpacket/ink"
	"imrpacket/pages"
	"imrpacket/pdf"
	"imrpacket/scorecard"
)

var (
	devDir     = flag.String("dev", "", "a directory of generated packets with truth")
	devPackets = flag.Int("packets", 5, "how many packets")
	devDPI     = flag.Int("ink-dpi", 200, "rendering resolution for the comparison")
)

type devPage struct {
	Number int
	Source string
	Text   string
	Words  []Word
}

func TestDevSet(t *testing.T) {
	if *devDir == "" {
		t.Skip("no -dev")
	}
	ctx := context.Background()
	pdfs, _ := filepath.Glob(filepath.Join(*devDir, "packet-*.pdf"))
	slices.Sort(pdfs)
	if len(pdfs) > *devPackets {
		pdfs = pdfs[:*devPackets]
	}
	eng, err := pdf.NewEngine(ctx, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	chk := Checker{Transmission: dedupe.TransmissionLine}
	var rd *pages.Reader
	for _, f := range pdfs {
		name := strings.TrimSuffix(filepath.Base(f), ".pdf")
		cache := filepath.Join(os.TempDir(), "inkdev", filepath.Base(*devDir)+"-"+name+".json")
		var pgs []devPage
		if b, err := os.ReadFile(cache); err == nil {
			json.Unmarshal(b, &pgs)
		} else {
			if rd == nil {
				rd, err = pages.NewReader(ctx, pages.Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer rd.Close()
			}
			_, err := rd.Read(ctx, f, func(p pages.Page) error {
				dp := devPage{Number: p.Number, Source: p.Source, Text: p.Text}
				for _, w := range p.Words {
					dp.Words = append(dp.Words, Word{Text: w.Text, LLX: w.LLX, LLY: w.LLY, URX: w.URX, URY: w.URY})
				}
				pgs = append(pgs, dp)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Dir(cache), 0o755)
			b, _ := json.Marshal(pgs)
			os.WriteFile(cache, b, 0o644)
		}
		truth, err := scorecard.ReadTruth(strings.TrimSuffix(f, ".pdf") + ".truth.json")
		if err != nil {
			t.Fatal(err)
		}
		root, rend := truth.Groups(), map[int]string{}
		for _, p := range truth.Pages {
			rend[p.SourcePage] = p.Rendering
		}
		doc, err := eng.Open(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		imgs := map[int]*Page{}
		page := func(p devPage) *Page {
			if ip, ok := imgs[p.Number]; ok {
				return ip
			}
			r, err := doc.Render(ctx, p.Number, *devDPI)
			if err != nil {
				t.Fatal(err)
			}
			ip := &Page{Image: r.Image, PixelToPage: r.PixelToPage(), Words: p.Words}
			imgs[p.Number] = ip
			return ip
		}
		for x := range pgs {
			for y := x + 1; y < len(pgs); y++ {
				p, q := pgs[x], pgs[y]
				if p.Source != "ocr" || q.Source != "ocr" || overlap(p.Text, q.Text) < 0.3 {
					continue
				}
				v := chk.Compare(page(p), page(q))
				same := root[p.Number] == root[q.Number]
				t.Logf("%s %d~%d truth %-5v %-11s %-11s same %-5v anchors %3d res %.2f compared %3d worst %.3f%s", name, p.Number, q.Number, same,
					rend[p.Number], rend[q.Number], v.Same, v.Anchors, v.Residual, v.Compared, v.Worst, mark(same, v.Same))
				if v.WorstWord >= 0 && (same != v.Same) {
					w := p.Words
					if v.WorstOnB {
						w = q.Words
					}
					ww := w[v.WorstWord]
					t.Logf("   worst word at %.0f,%.0f-%.0f,%.0f on page %v", ww.LLX, ww.LLY, ww.URX, ww.URY, map[bool]int{false: p.Number, true: q.Number}[v.WorstOnB])
				}
			}
		}
		doc.Close()
	}
}

func mark(truth, got bool) string {
	switch {
	case truth && !got:
		return "  MISS"
	case !truth && got:
		return "  FALSE"
	}
	return ""
}

func overlap(a, b string) float64 {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, f := range strings.Fields(strings.ToLower(s)) {
			m[f] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	inter := 0
	for k := range sa {
		if sb[k] {
			inter++
		}
	}
	u := len(sa) + len(sb) - inter
	if u == 0 {
		return 0
	}
	return float64(inter) / float64(u)
}

var _ = fmt.Sprint
