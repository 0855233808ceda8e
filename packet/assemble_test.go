package packet

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"imrpacket/index"
)

var updatePicture = flag.Bool("update", false, "rewrite ../docs/index-page.png from the sample packet")

// sample is a seven-page source in scrambled order, with a scanned page, a rotated page,
// a duplicate and names that WinAnsi only just covers.
func sample(t testing.TB) (string, Plan) {
	dir := t.TempDir()
	src := filepath.Join(dir, "source.pdf")
	writeSourcePDF(t, src, []srcPage{
		{text: "Fax cover sheet"},                      // 1 other
		{text: "PR-2 progress report March"},           // 2 progress note 2024-03-05
		{scan: true},                                   // 3 progress note 2024-01-10, OCR'd
		{text: "MRI lumbar spine report", rotate: 90},  // 4 imaging 2024-02-01
		{text: "Utilization review decision page one"}, // 5 UR letter
		{text: "Utilization review decision page two"}, // 6 UR letter
		{text: "PR-2 progress report March"},           // 7 duplicate of 2
		{text: "Request for authorization"},            // 8 RFA
	})
	plan := Plan{
		SourceName: "claim-packet.pdf",
		Documents: []Document{
			{ID: "doc-001", Type: index.TypeOther, Subtype: "fax_cover", Title: "Fax cover", SourcePages: []int{1}},
			{ID: "doc-002", Type: index.TypeProgressNote, Subtype: "pr2", Title: "PR-2 progress report", Date: "2024-03-05",
				Provider: "José Peña, MD", SourcePages: []int{2}},
			{ID: "doc-003", Type: index.TypeProgressNote, Title: "Initial orthopedic evaluation", Date: "2024-01-10",
				Provider: "Dr. O’Brien", SourcePages: []int{3}, NeedsReview: true},
			{ID: "doc-004", Type: index.TypeImaging, Subtype: "mri", Title: "MRI lumbar spine without contrast", Date: "2024-02-01",
				Provider: "Valley Imaging Center", SourcePages: []int{4}},
			{ID: "doc-005", Type: index.TypeURLetter, Subtype: "ur_decision", Title: "UR decision: “quoted” request", Date: "2024-03-20",
				Provider: "Golden State UR Services", SourcePages: []int{5, 6},
				Treatments: []index.Treatment{
					{Text: "Physical therapy 2x6 lumbar spine", Quantity: "12 visits", Decision: index.DecisionDenied, SourcePage: 6},
					{Text: "MRI of the cervical spine without contrast", Decision: index.DecisionModified, SourcePage: 5},
					{Text: "Ibuprofen 800 mg #90", Decision: index.DecisionApproved, SourcePage: 6},
				}},
			{ID: "doc-006", Type: index.TypeOther, Subtype: "rfa", Title: "Request for authorization (DWC Form RFA)", Date: "2024-03-12",
				Provider: "José Peña, MD", SourcePages: []int{8},
				Treatments: []index.Treatment{{Text: "Physical therapy 2x6 lumbar spine", Decision: index.DecisionRequested, SourcePage: 8}}},
		},
		Duplicates: []index.Duplicate{{SourcePage: 7, DuplicateOf: 2, Kind: index.DuplicateExact, Similarity: 1}},
		Deadlines:  []index.Deadline{{Document: "doc-005", DecisionDate: "2024-03-20", Deadline: "2024-04-19", Basis: "30 days from the UR decision (Lab. Code 4610.5(h))"}},
		Words: map[int][]Word{3: {
			{Text: "Lumbosacral", LLX: 72, LLY: 700, URX: 160, URY: 712},
			{Text: "radiculopathy", LLX: 166, LLY: 700, URX: 260, URY: 712},
			{Text: "Peña’s", LLX: 72, LLY: 680, URX: 120, URY: 692},
		}},
	}
	return src, plan
}

func assembleSample(t testing.TB, opts Options) (string, *Result) {
	src, plan := sample(t)
	out := filepath.Join(t.TempDir(), "packet.pdf")
	res, err := Assemble(context.Background(), src, plan, opts, out)
	if err != nil {
		t.Fatalf("Assemble: %v", err)
	}
	return out, res
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func pageText(t testing.TB, pdf string, page int) string {
	n := strconv.Itoa(page)
	return run(t, "pdftotext", "-layout", "-f", n, "-l", n, pdf, "-")
}

func TestAssembleOutputIsValid(t *testing.T) {
	out, res := assembleSample(t, Options{})
	run(t, "qpdf", "--check", out)
	// Relaxed: the source's own pages use standard fonts without widths, which strict
	// PDF 1.7 validation rejects; TestAssembleStrict covers everything this package adds.
	validate(t, out, model.ValidationRelaxed)
	info := run(t, "pdfinfo", out)
	if !regexp.MustCompile(`(?m)^Pages:\s+` + strconv.Itoa(res.Pages) + `$`).MatchString(info) {
		t.Fatalf("pdfinfo page count, want %d:\n%s", res.Pages, info)
	}
	dir := t.TempDir()
	run(t, "pdftoppm", "-r", "20", "-png", out, filepath.Join(dir, "p"))
	pngs, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	if len(pngs) != res.Pages {
		t.Fatalf("pdftoppm rendered %d pages, want %d", len(pngs), res.Pages)
	}
}

func validate(t *testing.T, path string, mode int) {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = mode
	if err := api.ValidateFile(path, conf); err != nil {
		t.Fatalf("pdfcpu validation (mode %d): %v", mode, err)
	}
}

// TestAssembleStrict builds a packet from scans only, so every font, page and annotation
// in it is this package's, and holds it to strict validation.
func TestAssembleStrict(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "scans.pdf")
	writeSourcePDF(t, src, []srcPage{{scan: true}, {scan: true, rotate: 270}, {scan: true}})
	plan := Plan{
		Documents: []Document{
			{ID: "a", Type: index.TypeURLetter, Title: "UR decision", Date: "2025-01-14", SourcePages: []int{1, 2},
				Treatments: []index.Treatment{{Text: "Acupuncture x6", Decision: index.DecisionDenied, SourcePage: 1}}},
		},
		Duplicates: []index.Duplicate{{SourcePage: 3, DuplicateOf: 1, Kind: index.DuplicateNear, Similarity: 0.97}},
		Scans:      map[int]Scan{2: {Width: 1100, Height: 850, Words: []ScanWord{{Text: "Acupuncture", X0: 100, Y0: 100, X1: 300, Y1: 130}}}},
	}
	out := filepath.Join(dir, "packet.pdf")
	if _, err := Assemble(context.Background(), src, plan, Options{}, out); err != nil {
		t.Fatal(err)
	}
	run(t, "qpdf", "--check", out)
	validate(t, out, model.ValidationStrict)
	if got := pageText(t, out, 3); !strings.Contains(got, "Acupuncture") {
		t.Errorf("scan word missing on the rotated page:\n%s", got)
	}
}

func TestAssembleResult(t *testing.T) {
	_, res := assembleSample(t, Options{})
	if res.FrontPages != 1 {
		t.Fatalf("FrontPages = %d, want 1", res.FrontPages)
	}
	// Grouped: UR letter, RFA, then notes and imaging oldest first, then other.
	wantOrder := []string{"doc-005", "doc-006", "doc-003", "doc-004", "doc-002", "doc-001"}
	if strings.Join(res.Order, " ") != strings.Join(wantOrder, " ") {
		t.Fatalf("Order = %v, want %v", res.Order, wantOrder)
	}
	want := map[int]int{5: 2, 6: 3, 8: 4, 3: 5, 4: 6, 2: 7, 1: 8}
	if len(res.PacketPage) != len(want) {
		t.Fatalf("PacketPage = %v, want %v", res.PacketPage, want)
	}
	for s, p := range want {
		if res.PacketPage[s] != p {
			t.Errorf("source page %d -> packet page %d, want %d", s, res.PacketPage[s], p)
		}
	}
	if _, ok := res.PacketPage[7]; ok {
		t.Errorf("duplicate page 7 is in the packet")
	}
	if res.Pages != 8 {
		t.Errorf("Pages = %d, want 8", res.Pages)
	}
	if got := res.DocumentPages["doc-005"]; len(got) != 2 || got[0] != 2 || got[1] != 3 {
		t.Errorf("DocumentPages[doc-005] = %v, want [2 3]", got)
	}
}

func TestAssemblePagesLandWhereResultSays(t *testing.T) {
	out, res := assembleSample(t, Options{})
	for src, text := range map[int]string{1: "Fax cover sheet", 2: "PR-2 progress report March", 5: "Utilization review decision page one", 8: "Request for authorization"} {
		got := pageText(t, out, res.PacketPage[src])
		if !strings.Contains(got, text) {
			t.Errorf("packet page %d (source %d) lacks %q:\n%s", res.PacketPage[src], src, text, got)
		}
	}
}

func TestAssembleInvisibleOCRText(t *testing.T) {
	out, res := assembleSample(t, Options{})
	p := res.PacketPage[3]
	got := pageText(t, out, p)
	for _, w := range []string{"Lumbosacral", "radiculopathy", "Peña’s"} {
		if !strings.Contains(got, w) {
			t.Errorf("packet page %d lacks OCR word %q:\n%s", p, w, got)
		}
	}
	// The word sits where its box says: pdftotext -bbox reports it there.
	bbox := run(t, "pdftotext", "-bbox", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), out, "-")
	m := regexp.MustCompile(`xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Lumbosacral<`).FindStringSubmatch(bbox)
	if m == nil {
		t.Fatalf("no bbox for Lumbosacral:\n%s", bbox)
	}
	xMin, _ := strconv.ParseFloat(m[1], 64)
	xMax, _ := strconv.ParseFloat(m[3], 64)
	yMax, _ := strconv.ParseFloat(m[4], 64)
	// pdftotext's y runs down from the top of a 792pt page; the box bottom is 700.
	if abs(xMin-72) > 1 || abs(xMax-160) > 1 || abs(yMax-(792-700)) > 4 {
		t.Errorf("Lumbosacral at x %.1f..%.1f yMax %.1f, want 72..160, %.0f", xMin, xMax, yMax, 792.0-700)
	}
	// Nothing of it on other pages.
	if other := pageText(t, out, p+1); strings.Contains(other, "Lumbosacral") {
		t.Errorf("OCR word leaked onto packet page %d", p+1)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestAssembleStamps(t *testing.T) {
	out, res := assembleSample(t, Options{StampPrefix: "CLM"})
	for src, p := range res.PacketPage {
		got := pageText(t, out, p)
		want := "CLM-" + leftPad(p)
		if !strings.Contains(got, want) || !strings.Contains(got, "src p. "+strconv.Itoa(src)) {
			t.Errorf("packet page %d lacks stamp %q / src p. %d:\n%s", p, want, src, got)
		}
	}
	if got := pageText(t, out, 1); !strings.Contains(got, "CLM-000001") {
		t.Errorf("contents page lacks its stamp:\n%s", got)
	}
}

func leftPad(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", 6-len(s)) + s
}

// TestAssembleRotatedStamp checks the stamp on a /Rotate 90 page reads upright, along the
// bottom edge of the page as displayed.
func TestAssembleRotatedStamp(t *testing.T) {
	out, res := assembleSample(t, Options{})
	p := res.PacketPage[4]
	bbox := run(t, "pdftotext", "-bbox", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), out, "-")
	// pdftotext reports word boxes as displayed: 792 wide, 612 high.
	w := regexp.MustCompile(`xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">IMR-000006<`).FindStringSubmatch(bbox)
	if w == nil {
		t.Fatalf("no stamp word:\n%s", bbox)
	}
	x0, _ := strconv.ParseFloat(w[1], 64)
	y0, _ := strconv.ParseFloat(w[2], 64)
	x1, _ := strconv.ParseFloat(w[3], 64)
	y1, _ := strconv.ParseFloat(w[4], 64)
	// Horizontal (wider than tall), near the bottom right of the 792x612 display.
	if x1-x0 < y1-y0 || y1 < 612-20 || x1 < 792-40 {
		t.Errorf("stamp box %.0f,%.0f-%.0f,%.0f is not upright in the bottom-right margin", x0, y0, x1, y1)
	}
}

func TestAssembleOutline(t *testing.T) {
	out, res := assembleSample(t, Options{})
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bms, err := api.Bookmarks(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	var leaves []string
	var tops []string
	for _, g := range bms {
		tops = append(tops, g.Title)
		for _, k := range g.Kids {
			leaves = append(leaves, k.Title)
			if len(k.Kids) != 0 {
				t.Errorf("document item %q has children", k.Title)
			}
		}
	}
	if len(leaves) != len(res.Order) {
		t.Fatalf("outline has %d document entries, want %d: %v", len(leaves), len(res.Order), leaves)
	}
	wantTops := "UR letters (1)|RFAs (1)|Progress notes (2)|Imaging (1)|Other documents (1)"
	if strings.Join(tops, "|") != wantTops {
		t.Errorf("outline groups = %q, want %q", strings.Join(tops, "|"), wantTops)
	}
	if leaves[0] != "2024-03-20 · UR decision: “quoted” request" {
		t.Errorf("first entry = %q", leaves[0])
	}
	// Each entry opens its document's first page.
	for _, g := range bms {
		for _, k := range g.Kids {
			found := false
			for id, pp := range res.DocumentPages {
				_ = id
				if len(pp) > 0 && pp[0] == k.PageFrom {
					found = true
				}
			}
			if !found {
				t.Errorf("entry %q opens page %d, no document starts there", k.Title, k.PageFrom)
			}
		}
	}
}

// qpdfJSON is the part of `qpdf --json` the link test reads.
type qpdfJSON struct {
	Pages []struct {
		Object string `json:"object"`
	} `json:"pages"`
	Objects map[string]json.RawMessage `json:"objects"`
}

func TestAssembleIndexLinks(t *testing.T) {
	out, res := assembleSample(t, Options{})
	raw := run(t, "qpdf", "--json=1", "--json-key=pages", "--json-key=objects", out)
	var q qpdfJSON
	if err := json.Unmarshal([]byte(raw), &q); err != nil {
		t.Fatal(err)
	}
	pageOf := map[string]int{}
	for i, p := range q.Pages {
		pageOf[p.Object] = i + 1
	}
	var page1 struct {
		Annots []string `json:"/Annots"`
	}
	if err := json.Unmarshal(q.Objects[q.Pages[0].Object], &page1); err != nil {
		t.Fatal(err)
	}
	targets := map[int]bool{}
	for _, a := range page1.Annots {
		var annot struct {
			Subtype string `json:"/Subtype"`
			Dest    []any  `json:"/Dest"`
		}
		if err := json.Unmarshal(q.Objects[a], &annot); err != nil {
			t.Fatal(err)
		}
		if annot.Subtype != "/Link" || len(annot.Dest) == 0 {
			t.Fatalf("annotation %s is not a GoTo link: %s", a, q.Objects[a])
		}
		targets[pageOf[annot.Dest[0].(string)]] = true
	}
	for _, id := range res.Order {
		first := res.DocumentPages[id][0]
		if !targets[first] {
			t.Errorf("no index link to page %d, the first page of %s", first, id)
		}
	}
}

func TestAssembleIndexText(t *testing.T) {
	out, res := assembleSample(t, Options{})
	got := pageText(t, out, 1)
	got = regexp.MustCompile(` +`).ReplaceAllString(got, " ")
	for _, want := range []string{
		"José Peña", "O’Brien", "“quoted”", // WinAnsi names and quotes survive
		"DENIED", "MODIFIED", "APPROVED", "Physical therapy 2x6 lumbar spine",
		"2024-04-19", // the IMR deadline
		"src p. 7 = src p. 2 (p. " + strconv.Itoa(res.PacketPage[2]) + ")", // the duplicate, with its kept page
		"MRI lumbar spine without contrast",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("index page lacks %q", want)
		}
	}
	// Duplicates come last.
	if strings.Index(got, "Duplicate pages left out") < strings.Index(got, "Fax cover") {
		t.Errorf("duplicates are not listed at the end of the index:\n%s", got)
	}
	if t.Failed() {
		t.Log(got)
	}
}

// TestIndexPicture renders the first contents page; with -update it refreshes the picture
// in docs/ that shows reviewers what to expect.
func TestIndexPicture(t *testing.T) {
	out, _ := assembleSample(t, Options{})
	dir := t.TempDir()
	run(t, "pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", out, filepath.Join(dir, "index"))
	png := filepath.Join(dir, "index.png")
	if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Fatalf("no picture rendered: %v", err)
	}
	if *updatePicture {
		b, err := os.ReadFile(png)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "docs", "index-page.png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAssembleChronological(t *testing.T) {
	_, res := assembleSample(t, Options{Order: OrderChronological})
	want := "doc-003 doc-004 doc-002 doc-006 doc-005 doc-001"
	if got := strings.Join(res.Order, " "); got != want {
		t.Errorf("Order = %s, want %s", got, want)
	}
}

func TestAssembleErrors(t *testing.T) {
	src, plan := sample(t)
	out := filepath.Join(t.TempDir(), "packet.pdf")
	notPDF := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(notPDF, []byte("hello, not a pdf"), 0o644)
	missing := plan
	missing.Documents = plan.Documents[1:] // page 1 in no document
	outOfRange := plan
	outOfRange.Duplicates = []index.Duplicate{{SourcePage: 99, DuplicateOf: 1}}
	twice := plan
	twice.Documents = append([]Document{{ID: "doc-x", Type: index.TypeOther, SourcePages: []int{1}}}, plan.Documents...)
	for _, tc := range []struct {
		name string
		src  string
		plan Plan
		opts Options
		want error
	}{
		{"not a PDF", notPDF, plan, Options{}, ErrSource},
		{"missing file", filepath.Join(t.TempDir(), "nope.pdf"), plan, Options{}, ErrSource},
		{"page in no document", src, missing, Options{}, ErrPlan},
		{"page out of range", src, outOfRange, Options{}, ErrPlan},
		{"page twice", src, twice, Options{}, ErrPlan},
		{"unknown order", src, plan, Options{Order: "random"}, ErrOptions},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Assemble(context.Background(), tc.src, tc.plan, tc.opts, out)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var p interface{ Permanent() bool }
			if !errors.As(err, &p) || !p.Permanent() {
				t.Fatalf("err %v is not permanent", err)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("a failed run left %s behind", out)
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Assemble(ctx, src, plan, Options{}, out); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
}

// TestAssembleTurn: a page OCR found upside down or sideways is shown
// upright, and its stamp still sits upright along the displayed bottom edge.
func TestAssembleTurn(t *testing.T) {
	for _, tc := range []struct {
		src, turn, want int // want: resulting /Rotate (page 4 already has /Rotate 90)
	}{
		{3, 180, 180},
		{3, 90, 90},
		{4, 270, 0},
	} {
		src, plan := sample(t)
		plan.Turn = map[int]int{tc.src: tc.turn}
		out := filepath.Join(t.TempDir(), "packet.pdf")
		res, err := Assemble(context.Background(), src, plan, Options{}, out)
		if err != nil {
			t.Fatal(err)
		}
		p := strconv.Itoa(res.PacketPage[tc.src])
		info := run(t, "pdfinfo", "-f", p, "-l", p, out)
		m := regexp.MustCompile(`Page\s+` + p + ` rot:\s+(\d+)`).FindStringSubmatch(info)
		if m == nil || m[1] != strconv.Itoa(tc.want) {
			t.Errorf("source %d turned %d: pdfinfo %q, want rot %d", tc.src, tc.turn, m, tc.want)
		}
		if tc.src == 3 {
			// The invisible words are still found on the turned page.
			if txt := pageText(t, out, res.PacketPage[3]); !strings.Contains(txt, "radiculopathy") {
				t.Errorf("turned %d: OCR text lost:\n%s", tc.turn, txt)
			}
		}
	}
}
