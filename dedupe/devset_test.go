//go:build devset

package dedupe

// The dev-set harness: runs Find on the page texts `imrpacket eval DIR`
// saved (DIR/out/packet-NNN/text) against DIR's truth files, in seconds and
// without OCR, and names every missed or false pair with the verdict that
// kept it apart. It prints no page text.
//
//	go test -tags devset -run TestDevSet -v ./dedupe -args -dev /work/dev/set

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"imrpacket/classify"
	"imrpacket/extract"
	"imrpacket/ink"
	"imrpacket/ocr"
	"imrpacket/pages"
	"imrpacket/pdf"
	"imrpacket/scorecard"
)

var (
	devSetDir = flag.String("dev", "", "a directory `imrpacket eval` ran over")
	devWords  = flag.String("words", "", "a directory of page texts and word boxes ink's dev harness saved (NAME-packet-NNN.json): with it, Find runs with the ink check on the packets' PDFs")
	devDigits = flag.Bool("show-digits", false, "print the digit runs of the places the ink check left unsettled (digits only, never words: for generated packets)")
)

// devImages renders a dev packet's pages for the ink check.
type devImages struct {
	doc *pdf.Doc
	mu  *sync.Mutex // a Doc serves one goroutine at a time
	ocr *ocr.Pool
}

func (d devImages) ReadDigits(ctx context.Context, crop *image.Gray) (string, error) {
	return d.ocr.ReadDigits(ctx, crop, 2*pages.InkDPI)
}

func (d devImages) ReadLine(ctx context.Context, crop *image.Gray) (string, error) {
	return d.ocr.ReadLine(ctx, crop, 2*pages.InkDPI)
}

func (d devImages) Page(ctx context.Context, n int) (*image.Gray, [6]float64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, err := d.doc.Render(ctx, n, pages.InkDPI)
	if err != nil {
		return nil, [6]float64{}, err
	}
	return r.Image, r.PixelToPage(), nil
}

func (d devImages) TextWords(ctx context.Context, n int) ([]ink.Word, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ws, err := d.doc.Words(ctx, n)
	out := make([]ink.Word, len(ws))
	for i, w := range ws {
		out[i] = ink.Word{Text: w.Text, LLX: w.Box.X0, LLY: w.Box.Y0, URX: w.Box.X1, URY: w.Box.Y1}
	}
	return out, err
}

func TestDevSet(t *testing.T) {
	if *devSetDir == "" {
		t.Skip("no -dev directory")
	}
	truths, _ := filepath.Glob(filepath.Join(*devSetDir, "packet-*.truth.json"))
	slices.Sort(truths)
	now := time.Now()
	pol := DefaultPolicy()
	ctx := context.Background()
	var engine *pdf.Engine
	var digits *ocr.Pool
	if *devWords != "" {
		var err error
		if engine, err = pdf.NewEngine(ctx, pdf.Options{}); err != nil {
			t.Fatal(err)
		}
		defer engine.Close()
		if digits, err = ocr.NewPool(ctx, 0, ocr.Options{NoOrientation: true}); err != nil {
			t.Fatal(err)
		}
		defer digits.Close()
	}
	var tp, fp, fn int
	for _, tf := range truths {
		name := strings.TrimSuffix(filepath.Base(tf), ".truth.json")
		// With -words the word cache holds the texts: no eval run needed.
		var saved []scorecard.PageText
		if *devWords == "" {
			var err error
			if saved, err = scorecard.ReadPageTexts(filepath.Join(*devSetDir, "out", name)); err != nil {
				t.Fatal(err)
			}
			if len(saved) == 0 {
				continue
			}
		}
		truth, err := scorecard.ReadTruth(tf)
		if err != nil {
			t.Fatal(err)
		}
		var pgs []Page
		var imgs Images
		closeDoc := func() {}
		if *devWords != "" {
			b, err := os.ReadFile(filepath.Join(*devWords, filepath.Base(*devSetDir)+"-"+name+".json"))
			if err != nil {
				continue
			}
			var withWords []struct {
				Number int
				Source string
				Text   string
				Words  []ink.Word
			}
			if err := json.Unmarshal(b, &withWords); err != nil {
				t.Fatal(err)
			}
			for _, sp := range withWords {
				pgs = append(pgs, devPage(sp.Number, sp.Source, sp.Text, sp.Words, now))
			}
			doc, err := engine.Open(ctx, filepath.Join(*devSetDir, name+".pdf"))
			if err != nil {
				t.Fatal(err)
			}
			// Closed after Find: the engine has an instance per core.
			closeDoc = func() { doc.Close() }
			imgs = devImages{doc, &sync.Mutex{}, digits}
		} else {
			for _, sp := range saved {
				pgs = append(pgs, devPage(sp.Page, sp.Source, sp.Text, nil, now))
			}
		}
		devSeams(t, pgs, now)
		res := FindWithImages(ctx, pgs, pol, imgs)
		// Closed after the misses are logged: the engine has an instance per core.
		group, rend := truth.Groups(), map[int]string{}
		members := map[int][]int{}
		for _, p := range truth.Pages {
			rend[p.SourcePage] = p.Rendering
			members[group[p.SourcePage]] = append(members[group[p.SourcePage]], p.SourcePage)
		}
		got := res.DuplicateOf()
		for s, d := range got {
			if group[s] == group[d] {
				tp++
			} else {
				fp++
				t.Logf("%s FALSE MERGE %d -> %d (%s, %s)", name, s, d, rend[s], rend[d])
			}
		}
		byNum := map[int]Page{}
		for _, p := range pgs {
			byNum[p.Number] = p
		}
		for _, ms := range members {
			kept := map[int]bool{}
			for _, m := range ms {
				if d, ok := got[m]; ok && group[d] == group[m] {
					kept[d] = true
				} else {
					kept[m] = true
				}
			}
			fn += len(kept) - 1
			if len(kept) < 2 {
				continue
			}
			slices.Sort(ms)
			for x := range ms {
				for y := x + 1; y < len(ms); y++ {
					a, b := prepare(byNum[ms[x]], 0, pol), prepare(byNum[ms[y]], 1, pol)
					c, v := compare(a, b, pol)
					// The miss first, then (with -words) why the ink check
					// did not match it.
					t.Logf("%s MISS %d~%d (%s, %s) verdict %d sim %.3f gram overlap %.2f letters %d digits %d specks %d smudges %d lost %d",
						name, a.Number, b.Number, rend[a.Number], rend[b.Number], v, c.sim, estJaccard(a.sig, b.sig),
						c.letterErrs, c.digitErrs, c.junk, c.garbled, c.lost)
					if imgs != nil {
						inkOK := inkVerdict(v) && inkable(a, b)
						msg := fmt.Sprintf("   ink: verdict eligible %v, inkable %v", inkVerdict(v), inkOK)
						if inkOK {
							pa, pb := inkPage(ctx, imgs, a), inkPage(ctx, imgs, b)
							if pa == nil || pb == nil {
								t.Fatalf("%s: pages %d and %d will not render", name, a.Number, b.Number)
							}
							iv := inkChecker(ctx, imgs).Compare(pa, pb)
							strict := false
							if iv.WorstWord >= 0 {
								if iv.WorstOnB {
									strict = strictWord(pb.Words[iv.WorstWord].Text)
								} else {
									strict = strictWord(pa.Words[iv.WorstWord].Text)
								}
							}
							msg += fmt.Sprintf(" anchors %d residual %.2f compared %d worst %.3f (strict word %v) ink same %v;", iv.Anchors, iv.Residual, iv.Compared, iv.Worst, strict, iv.Same)
							msg += fmt.Sprintf(" lines read %d, numbers read again %d, differ %v, unsettled %d; match %v", iv.LinesRead, iv.Reread, iv.NumbersDiffer, len(iv.Unsettled), inkSame(iv, a, b))
							if *devDigits && iv.WorstWord >= 0 {
								ww := pa.Words
								if iv.WorstOnB {
									ww = pb.Words
								}
								msg += fmt.Sprintf("\n     worst word %q (on b %v)", ww[iv.WorstWord].Text, iv.WorstOnB)
							}
							if *devDigits {
								for _, u := range iv.Unsettled {
									msg += fmt.Sprintf("\n     unsettled: words %q / %q, read again %q / %q", u.Words[0], u.Words[1], u.Reread[0], u.Reread[1])
								}
								msg += fmt.Sprintf("\n     digits %d / %d, budget %d", a.nDigits, b.nDigits, 1+min(a.nDigits, b.nDigits)/12)
							}
						}
						t.Log(msg)
					}
				}
			}
		}
		closeDoc()
	}
	t.Logf("duplicates: %d found, %d false, %d missed: recall %.3f precision %.3f",
		tp, fp, fn, float64(tp)/float64(max(tp+fn, 1)), float64(tp)/float64(max(tp+fp, 1)))
}

// devPage is a saved page as the pipeline hands it to Find: its dates read
// by the extractor and, as eval keeps no image hash, its OCR text standing
// for its image (the pipeline OCRs an image once).
func devPage(n int, source, text string, words []ink.Word, now time.Time) Page {
	var dates []Date
	for _, d := range extract.PageDates(text, now) {
		dates = append(dates, Date{Kind: d.Kind, Date: d.Date})
	}
	img := ""
	if source == SourceOCR {
		img = fmt.Sprintf("%x", sha256.Sum256([]byte(text)))
	}
	return Page{Number: n, Text: text, TextSource: source, DPI: 300, Dates: dates, ImageHash: img, Words: words}
}

// devSeams sets each page's Starts and Kind as the worker does.
func devSeams(t *testing.T, pgs []Page, now time.Time) {
	cls, err := classify.New(classify.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := make([]classify.PageInput, len(pgs))
	for i, p := range pgs {
		in[i] = classify.PageInput{Text: p.Text, KeyDate: extract.KeyDateOf(extract.PageDates(p.Text, now))}
	}
	for i, s := range cls.Seams(in) {
		pgs[i].Kind = s.Page.Type
		if i > 0 && pgs[i-1].Number == pgs[i].Number-1 {
			pgs[i].Starts = s.Starts
		}
	}
}
