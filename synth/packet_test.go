package synth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"imrpacket/index"
	"imrpacket/mtsamples"
)

var update = flag.Bool("update", false, "rewrite the committed packets in ../testdata/packets")

// committed is the small generated set under testdata/packets, used by make
// demo and fast tests elsewhere. Changing an entry changes those files.
var committed = []struct {
	name string
	opts Options
}{
	{"scanned", Options{Seed: 101, Pages: 12, Mix: MixScanned, DuplicateRate: 0.2, RotateRate: 0.1, Split: mtsamples.Test}},
	{"born_digital", Options{Seed: 102, Pages: 20, Mix: MixBornDigital, DuplicateRate: 0.2, Split: mtsamples.Test}},
	{"mixed", Options{Seed: 103, Pages: 16, Mix: MixMixed, DuplicateRate: 0.25, RotateRate: 0.1, Split: mtsamples.Test}},
	{"fax", Options{Seed: 104, Pages: 8, Mix: MixFax, DuplicateRate: 0.2, RotateRate: 0.1, Split: mtsamples.Test}},
}

const packetsDir = "../testdata/packets"

func needCorpus(t testing.TB) []mtsamples.Sample {
	t.Helper()
	s := loadCorpus(t)
	if s == nil {
		t.Skip("MTSamples corpus absent (../shared/corpus/mtsamples.csv or $IMRPACKET_MTSAMPLES); committed packets need it")
	}
	return s
}

// TestCommittedPackets regenerates testdata/packets and checks the truth
// (and, unless -short, the PDF bytes) match what is committed.
func TestCommittedPackets(t *testing.T) {
	s := needCorpus(t)
	for _, c := range committed {
		t.Run(c.name, func(t *testing.T) {
			o := c.opts
			o.Samples = s
			p, err := Generate(o)
			if err != nil {
				t.Fatal(err)
			}
			var truth bytes.Buffer
			if err := p.Truth().Write(&truth); err != nil {
				t.Fatal(err)
			}
			base := filepath.Join(packetsDir, c.name)
			if *update {
				if err := os.MkdirAll(packetsDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := WritePacket(context.Background(), base, o); err != nil {
					t.Fatal(err)
				}
				os.Chmod(base+".pdf", 0o644)
				os.Chmod(base+".truth.json", 0o644)
				return
			}
			want, err := os.ReadFile(base + ".truth.json")
			if err != nil {
				t.Fatalf("%v (run go test ./synth -run TestCommittedPackets -update)", err)
			}
			if !bytes.Equal(truth.Bytes(), want) {
				t.Fatalf("%s.truth.json differs from the generator's output; run go test ./synth -run TestCommittedPackets -update if the change is intended", c.name)
			}
			var tr Truth
			if err := json.Unmarshal(want, &tr); err != nil {
				t.Fatal(err)
			}
			checkTruth(t, &tr)
			if testing.Short() {
				return
			}
			var pdf bytes.Buffer
			if err := p.WritePDF(&pdf); err != nil {
				t.Fatal(err)
			}
			wantPDF, err := os.ReadFile(base + ".pdf")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(pdf.Bytes(), wantPDF) {
				t.Fatalf("%s.pdf differs from the generator's output (truth is the same); run with -update if intended", c.name)
			}
		})
	}
}

func TestGenerateDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("renders scanned pages")
	}
	s := loadCorpus(t)
	o := Options{Seed: 5, Documents: 4, Mix: MixMixed, DuplicateRate: 0.3, RotateRate: 0.2, Split: mtsamples.Train, Samples: s}
	p1, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := Generate(o)
	if !reflect.DeepEqual(p1.Truth(), p2.Truth()) {
		t.Fatal("same seed, different truth")
	}
	var b1, b2 bytes.Buffer
	if err := p1.WritePDF(&b1); err != nil {
		t.Fatal(err)
	}
	if err := p2.WritePDF(&b2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Fatal("same seed, different PDF bytes")
	}
	o.Seed = 6
	p3, _ := Generate(o)
	if reflect.DeepEqual(p1.Truth(), p3.Truth()) {
		t.Fatal("different seeds, same truth")
	}
}

func TestGenerateTruthConsistent(t *testing.T) {
	s := loadCorpus(t)
	renders := map[Rendering]int{}
	kinds := map[string]int{}
	for seed := int64(1); seed <= 15; seed++ {
		for _, mix := range []Mix{MixMixed, MixBornDigital, MixFax} {
			p, err := Generate(Options{Seed: seed, Pages: 40, Mix: mix, DuplicateRate: 0.3, RotateRate: 0.1, Samples: s})
			if err != nil {
				t.Fatal(err)
			}
			tr := p.Truth()
			checkTruth(t, tr)
			for _, pg := range tr.Pages {
				renders[pg.Rendering]++
				kinds[pg.DuplicateKind]++
			}
			if n := len(tr.Pages); n < 35 || n > 60 {
				t.Errorf("seed %d: %d pages for a target of 40", seed, n)
			}
		}
	}
	t.Logf("renderings %v, duplicate kinds %v", renders, kinds)
	if kinds[index.DuplicateExact] == 0 || kinds[index.DuplicateNear] == 0 {
		t.Error("want both exact and near duplicates")
	}
}

func TestGenerateBadOptions(t *testing.T) {
	for _, o := range []Options{{DuplicateRate: 0.9}, {RotateRate: -1}, {Mix: "sepia"}, {Pages: -1}} {
		if _, err := Generate(o); !errors.Is(err, ErrOptions) {
			t.Errorf("%+v: err %v, want ErrOptions", o, err)
		}
	}
}

// checkTruth checks a truth file against the contract's rules.
func checkTruth(t *testing.T, tr *Truth) {
	t.Helper()
	docs := map[string]TruthDocument{}
	for _, d := range tr.Documents {
		if _, dup := docs[d.ID]; dup {
			t.Fatalf("document %s listed twice", d.ID)
		}
		docs[d.ID] = d
	}
	owner := map[int]string{}
	for i, pg := range tr.Pages {
		if pg.SourcePage != i+1 {
			t.Fatalf("page %d numbered %d", i+1, pg.SourcePage)
		}
		d, ok := docs[pg.Document]
		if !ok || d.Type != pg.Type || d.Subtype != pg.Subtype || !validTypes[pg.Type] {
			t.Fatalf("page %d: document %q type %q/%q", pg.SourcePage, pg.Document, pg.Type, pg.Subtype)
		}
		if pg.DuplicateOf != nil {
			o := *pg.DuplicateOf
			if o >= pg.SourcePage || o < 1 {
				t.Fatalf("page %d duplicates page %d, not an earlier one", pg.SourcePage, o)
			}
			op := tr.Pages[o-1]
			if op.DuplicateOf != nil || op.Document != pg.Document || op.DocumentPage != pg.DocumentPage {
				t.Fatalf("page %d duplicates page %d which is not its kept original", pg.SourcePage, o)
			}
			if pg.DuplicateKind != index.DuplicateExact && pg.DuplicateKind != index.DuplicateNear {
				t.Fatalf("page %d: duplicate kind %q", pg.SourcePage, pg.DuplicateKind)
			}
		}
	}
	for _, d := range tr.Documents {
		if len(d.SourcePages) == 0 {
			t.Fatalf("document %s has no kept pages", d.ID)
		}
		// Kept pages are consecutive once duplicates are left out.
		for k, sp := range d.SourcePages {
			if prev, ok := owner[sp]; ok {
				t.Fatalf("page %d in documents %s and %s", sp, prev, d.ID)
			}
			owner[sp] = d.ID
			if tr.Pages[sp-1].DuplicateOf != nil || tr.Pages[sp-1].Document != d.ID {
				t.Fatalf("document %s lists page %d which is not its kept page", d.ID, sp)
			}
			if k > 0 {
				for q := d.SourcePages[k-1] + 1; q < sp; q++ {
					if tr.Pages[q-1].DuplicateOf == nil {
						t.Fatalf("document %s: kept page %d of another document inside it", d.ID, q)
					}
				}
			}
		}
		in := map[int]bool{}
		for _, sp := range d.SourcePages {
			in[sp] = true
		}
		for _, x := range d.Dates {
			if _, err := time.Parse("2006-01-02", x.Date); err != nil || !in[x.SourcePage] || x.Text == "" {
				t.Fatalf("document %s: bad date %+v", d.ID, x)
			}
		}
		for _, x := range d.Treatments {
			if !in[x.SourcePage] || x.Text == "" || x.Decision == "" {
				t.Fatalf("document %s: bad treatment %+v", d.ID, x)
			}
		}
	}
	for _, pg := range tr.Pages {
		if pg.DuplicateOf == nil && owner[pg.SourcePage] == "" {
			t.Fatalf("kept page %d in no document", pg.SourcePage)
		}
	}
	if tr.Claim == nil || tr.Claim.ClaimNumber == nil || tr.Claim.Claimant == nil || tr.Claim.InjuryDate == nil {
		t.Fatal("claim facts missing")
	}
}

func TestWritePDFQPDFCheck(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed")
	}
	if testing.Short() {
		t.Skip("renders scanned pages")
	}
	s := loadCorpus(t)
	dir := t.TempDir()
	if err := WriteSet(context.Background(), dir, 2, 900, Options{Documents: 3, Mix: MixMixed, DuplicateRate: 0.3, RotateRate: 0.3, Samples: s}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"packet-001", "packet-002"} {
		out, err := exec.Command("qpdf", "--check", filepath.Join(dir, name+".pdf")).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
			t.Fatalf("qpdf --check %s: %v\n%s", name, err, out)
		}
		b, err := os.ReadFile(filepath.Join(dir, name+".truth.json"))
		if err != nil {
			t.Fatal(err)
		}
		var tr Truth
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatal(err)
		}
		checkTruth(t, &tr)
		info, err := exec.Command("qpdf", "--show-npages", filepath.Join(dir, name+".pdf")).Output()
		if err != nil || strings.TrimSpace(string(info)) != itoa(len(tr.Pages)) {
			t.Fatalf("%s: qpdf says %q pages, truth has %d", name, info, len(tr.Pages))
		}
	}
}

// TestBornDigitalTextLayer checks that the text layer of a born-digital
// page reads back (pdftotext) with the truth's dates on their pages.
func TestBornDigitalTextLayer(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	s := loadCorpus(t)
	p, err := Generate(Options{Seed: 77, Documents: 6, Mix: MixBornDigital, Samples: s})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "p.pdf")
	if err := writeFile(path, p.WritePDF); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	tr := p.Truth()
	n := 0
	for _, d := range tr.Documents {
		for _, x := range d.Dates {
			// The date itself (after any label) is printed as one run of text.
			want := x.Text
			if i := strings.LastIndex(want, ": "); i >= 0 {
				want = want[i+2:]
			}
			if !strings.Contains(pages[x.SourcePage-1], want) {
				t.Errorf("page %d: %q not in the text layer", x.SourcePage, want)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no dates checked")
	}
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func BenchmarkGenerate1000BornDigital(b *testing.B) {
	s := loadCorpus(b)
	for i := 0; i < b.N; i++ {
		p, err := Generate(Options{Seed: int64(i), Pages: 1000, Mix: MixBornDigital, DuplicateRate: 0.3, Samples: s})
		if err != nil {
			b.Fatal(err)
		}
		if err := p.WritePDF(discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWritePDF100Scanned(b *testing.B) {
	s := loadCorpus(b)
	p, err := Generate(Options{Seed: 1, Pages: 100, Mix: MixMixed, DuplicateRate: 0.3, RotateRate: 0.05, Samples: s})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := p.WritePDF(discard{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(p.PageCount()), "pages")
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
