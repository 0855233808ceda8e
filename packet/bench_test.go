package packet

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"imrpacket/index"
)

// bigSource writes an n-page source, every fourth page a scan, and a plan of three-page
// documents of every kind with a duplicate every 25 pages and OCR words on the scans.
func bigSource(t testing.TB, dir string, n int) (string, Plan) {
	pages := make([]srcPage, n)
	for i := range pages {
		if i%4 == 3 {
			pages[i] = srcPage{scan: true}
		} else {
			pages[i] = srcPage{text: fmt.Sprintf("Record page %d", i+1)}
		}
	}
	src := filepath.Join(dir, "big.pdf")
	writeSourcePDF(t, src, pages)
	plan := Plan{SourceName: "big.pdf", Words: map[int][]Word{}}
	types := []string{index.TypeProgressNote, index.TypeImaging, index.TypeURLetter, index.TypeOther, index.TypeProgressNote}
	var doc *Document
	for p := 1; p <= n; p++ {
		if p%25 == 0 {
			plan.Duplicates = append(plan.Duplicates, index.Duplicate{SourcePage: p, DuplicateOf: p - 1, Kind: index.DuplicateExact, Similarity: 1})
			continue
		}
		if doc == nil || len(doc.SourcePages) == 3 {
			k := len(plan.Documents)
			plan.Documents = append(plan.Documents, Document{
				ID:       fmt.Sprintf("doc-%04d", k+1),
				Type:     types[k%len(types)],
				Title:    fmt.Sprintf("Record %d of José Peña’s claim, a title long enough to need wrapping in the contents", k+1),
				Date:     fmt.Sprintf("20%02d-%02d-%02d", 20+k%5, 1+k%12, 1+k%28),
				Provider: "Valley Orthopedic Medical Group",
			})
			doc = &plan.Documents[len(plan.Documents)-1]
			if doc.Type == index.TypeURLetter {
				doc.Treatments = []index.Treatment{{Text: "Physical therapy 2x6 lumbar spine", Decision: index.DecisionDenied, SourcePage: p}}
			}
		}
		doc.SourcePages = append(doc.SourcePages, p)
		if p%4 == 0 {
			plan.Words[p] = []Word{{Text: "scanned" + strconv.Itoa(p), LLX: 72, LLY: 700, URX: 170, URY: 712}}
		}
	}
	return src, plan
}

// TestAssembleLongContents checks a contents that runs over several pages: page numbers
// in it account for every contents page and links still land on each document.
func TestAssembleLongContents(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 120
	}
	dir := t.TempDir()
	src, plan := bigSource(t, dir, n)
	out := filepath.Join(dir, "packet.pdf")
	res, err := Assemble(context.Background(), src, plan, Options{}, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.FrontPages < 2 {
		t.Fatalf("FrontPages = %d, want several", res.FrontPages)
	}
	run(t, "qpdf", "--check", out)
	if res.Pages != res.FrontPages+n-len(plan.Duplicates) {
		t.Fatalf("Pages = %d", res.Pages)
	}
	for _, s := range []int{4, 8, n - 4} {
		p := res.PacketPage[s]
		if got := pageText(t, out, p); !strings.Contains(got, "scanned"+strconv.Itoa(s)) {
			t.Errorf("OCR word of source page %d not on packet page %d", s, p)
		}
	}
	// Pages come from a flat source tree that Assemble rebalances: each still lands right.
	for _, s := range []int{1, 33, 97, n - 1} {
		p := res.PacketPage[s]
		if got := pageText(t, out, p); !strings.Contains(got, fmt.Sprintf("Record page %d\n", s)) {
			t.Errorf("source page %d not on packet page %d:\n%s", s, p, got)
		}
	}
	// The last contents page carries the duplicates, listed with packet pages of the kept copies.
	last := pageText(t, out, res.FrontPages)
	want := fmt.Sprintf("src p. %d", plan.Duplicates[len(plan.Duplicates)-1].SourcePage)
	if !strings.Contains(last, want) {
		t.Errorf("last contents page lacks %q:\n%s", want, last)
	}
}

// BenchmarkAssemble assembles a 1,000-page packet from a flat page tree (250 scanned pages with OCR words, 40
// duplicates, 320 documents).
func BenchmarkAssemble(b *testing.B) {
	dir := b.TempDir()
	src, plan := bigSource(b, dir, 1000)
	out := filepath.Join(dir, "packet.pdf")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Assemble(context.Background(), src, plan, Options{}, out); err != nil {
			b.Fatal(err)
		}
	}
}
