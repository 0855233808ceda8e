package synth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"imrpacket/index"
	"imrpacket/mtsamples"
)

// Mix is the mix of page renderings in a packet.
type Mix string

// Rendering mixes.
const (
	MixBornDigital Mix = "born_digital" // every page has a text layer
	MixScanned     Mix = "scanned"      // clean 300 dpi and noisy skewed JPEG scans
	MixFax         Mix = "fax"          // mostly noisy G4 fax, some noisy scans
	MixMixed       Mix = "mixed"        // all four renderings, document by document
)

// ErrOptions means Generate was given options it cannot honour.
var ErrOptions = errors.New("synth: bad options")

// Options controls Generate. The zero value of each field has a stated meaning.
type Options struct {
	Seed int64 `json:"seed"`
	// Documents is the number of distinct documents. When 0 it follows from
	// Pages, or is 12 when Pages is 0 too.
	Documents int `json:"documents,omitempty"`
	// Pages is a target page count, duplicates included (approximate: whole
	// documents are added). Used when Documents is 0.
	Pages int `json:"pages,omitempty"`
	Mix   Mix `json:"mix"` // "" means MixMixed
	// DuplicateRate is the share of the packet's pages that repeat an
	// earlier page: exact page repeats and re-scanned whole documents.
	DuplicateRate float64 `json:"duplicate_rate"`
	// RotateRate is the share of scanned pages turned 90, 180 or 270 degrees.
	RotateRate float64 `json:"rotate_rate"`
	// Split picks the MTSamples texts bodies come from; "" means both.
	Split mtsamples.Split `json:"split"`
	// Samples is the MTSamples corpus (mtsamples.Load). Without it the
	// generator falls back to a few built-in bodies.
	Samples []mtsamples.Sample `json:"-"`
}

// srcPage is one page of the packet as it will be written.
type srcPage struct {
	id        int // unique, stable across reordering
	doc       int // index into Packet.docs
	page      int // 0-based page within the document
	rendering Rendering
	params    imageParams
	dupOf     int    // id of the page this repeats, or -1
	dupKind   string // index.DuplicateExact or index.DuplicateNear
}

// Packet is a generated records packet with its truth.
type Packet struct {
	Options Options
	Case    *Case
	docs    []*Document // in packet order, IDs doc-001...
	pages   []srcPage
	// reviewer is the UR reviewer named in the packet's first UR letter.
	reviewer string
}

// Generate builds a packet deterministically from opts.Seed.
func Generate(opts Options) (*Packet, error) {
	if opts.DuplicateRate < 0 || opts.DuplicateRate > 0.8 || opts.RotateRate < 0 || opts.RotateRate > 1 || opts.Documents < 0 || opts.Pages < 0 {
		return nil, fmt.Errorf("%w: duplicate rate %.2f, rotate rate %.2f, documents %d, pages %d", ErrOptions, opts.DuplicateRate, opts.RotateRate, opts.Documents, opts.Pages)
	}
	switch opts.Mix {
	case "":
		opts.Mix = MixMixed
	case MixBornDigital, MixScanned, MixFax, MixMixed:
	default:
		return nil, fmt.Errorf("%w: mix %q", ErrOptions, opts.Mix)
	}
	r := newRand(opts.Seed)
	g := newGen(r, opts.Samples, opts.Split)
	var docs []*Document
	switch {
	case opts.Documents > 0:
		docs = g.documents(opts.Documents)
	default:
		target := opts.Pages
		if target == 0 {
			docs = g.documents(12)
			break
		}
		want := int(float64(target) * (1 - opts.DuplicateRate))
		n := 0
		for n < want {
			more := g.documents(min(8, max(1, (want-n)/2)))
			for _, d := range more {
				n += len(d.Pages)
			}
			docs = append(docs, more...)
		}
	}

	// Units keep a fax cover with the record it covers and, half the time,
	// a copy-forward chain together; packets arrive in shuffled unit order.
	var units [][]*Document
	for i := 0; i < len(docs); i++ {
		u := []*Document{docs[i]}
		for docs[i].Subtype == "fax_cover" && i+1 < len(docs) {
			i++
			u = append(u, docs[i])
		}
		if i+1 < len(docs) && docs[i+1].CopyForwardOf == docs[i].ID && g.chance(0.5) {
			for i+1 < len(docs) && docs[i+1].CopyForwardOf == docs[i].ID {
				i++
				u = append(u, docs[i])
			}
		}
		units = append(units, u)
	}
	r.Shuffle(len(units), func(i, j int) { units[i], units[j] = units[j], units[i] })
	p := &Packet{Options: opts, Case: g.c}
	for _, u := range units {
		p.docs = append(p.docs, u...)
	}

	nextID := 0
	for di, d := range p.docs {
		rend := pickRendering(g, opts.Mix)
		for pi := range d.Pages {
			p.pages = append(p.pages, srcPage{id: nextID, doc: di, page: pi, rendering: rend, params: g.imageParams(rend, opts.RotateRate, pi), dupOf: -1})
			nextID++
		}
	}
	p.addDuplicates(g, &nextID)

	// Name documents in packet order and remap copy-forward references.
	rename := map[string]string{}
	for i, d := range p.docs {
		rename[d.ID] = fmt.Sprintf("doc-%03d", i+1)
	}
	for _, d := range p.docs {
		d.ID = rename[d.ID]
		if d.CopyForwardOf != "" {
			d.CopyForwardOf = rename[d.CopyForwardOf]
		}
	}
	for _, sp := range p.pages {
		d := p.docs[sp.doc]
		if d.Type == index.TypeURLetter && sp.dupOf < 0 && p.reviewer == "" {
			p.reviewer = reviewerOf(d)
		}
	}
	return p, nil
}

// reviewerOf reads the reviewer's name from a UR letter: the line after the
// closing, which the letter generator always prints.
func reviewerOf(d *Document) string {
	for _, ls := range d.layout {
		for i, l := range ls {
			if strings.HasPrefix(l.Text, "Board Certified, ") && i > 0 {
				return ls[i-1].Text
			}
		}
	}
	return ""
}

func pickRendering(g *gen, mix Mix) Rendering {
	switch mix {
	case MixBornDigital:
		return BornDigital
	case MixScanned:
		return pick(g.r, []Rendering{ScanClean, ScanNoisy})
	case MixFax:
		return pick(g.r, []Rendering{Fax, Fax, Fax, ScanNoisy})
	}
	return pick(g.r, []Rendering{BornDigital, BornDigital, ScanClean, ScanNoisy, Fax})
}

func (g *gen) imageParams(rend Rendering, rotate float64, page int) imageParams {
	ip := imageParams{seed: g.r.Uint64()}
	if rend != BornDigital && g.chance(rotate) {
		ip.rotation = pick(g.r, []int{90, 180, 180, 270})
	}
	if rend == Fax {
		ip.faxHead = fmt.Sprintf("FROM: (%d) 555-%04d   TO: IMR RECORDS   P.%03d", 200+g.r.IntN(700), g.r.IntN(10000), page+1)
	}
	return ip
}

// addDuplicates inserts exact page repeats and re-scanned whole documents
// until about DuplicateRate of all pages are duplicates. Copies always come
// after their originals, at a document boundary or (for a page fed twice)
// right after the original page.
func (p *Packet) addDuplicates(g *gen, nextID *int) {
	rate := p.Options.DuplicateRate
	if rate == 0 || len(p.pages) == 0 {
		return
	}
	want := int(float64(len(p.pages))*rate/(1-rate) + 0.5)
	added := 0
	for tries := 0; added < want && tries < 10*want+10; tries++ {
		if g.chance(0.5) {
			// A whole document faxed or scanned again.
			di := g.r.IntN(len(p.docs))
			n := len(p.docs[di].Pages)
			if n > 5 || added+n > want+2 {
				continue
			}
			var origs []int // indexes of the document's kept pages, in order
			for i, sp := range p.pages {
				if sp.doc == di && sp.dupOf < 0 {
					origs = append(origs, i)
				}
			}
			if len(origs) != n {
				continue
			}
			orig := p.pages[origs[0]]
			rend := pick(g.r, []Rendering{Fax, ScanNoisy, ScanClean})
			if rend == orig.rendering {
				rend = Fax
				if orig.rendering == Fax {
					rend = ScanNoisy
				}
			}
			var block []srcPage
			for k, oi := range origs {
				o := p.pages[oi]
				block = append(block, srcPage{id: *nextID, doc: di, page: k, rendering: rend, params: g.imageParams(rend, p.Options.RotateRate, k), dupOf: o.id, dupKind: index.DuplicateNear})
				*nextID++
			}
			at := p.boundaryAfter(g, origs[n-1])
			p.pages = append(p.pages[:at], append(block, p.pages[at:]...)...)
			added += n
			continue
		}
		// One page repeated exactly: fed twice, or sent again later.
		i := g.r.IntN(len(p.pages))
		o := p.pages[i]
		if o.dupOf >= 0 {
			continue
		}
		cp := o
		cp.id = *nextID
		*nextID++
		cp.dupOf = o.id
		cp.dupKind = index.DuplicateExact
		at := i + 1
		if g.chance(0.5) {
			at = p.boundaryAfter(g, i)
		}
		p.pages = append(p.pages[:at], append([]srcPage{cp}, p.pages[at:]...)...)
		added++
	}
}

// boundaryAfter picks an index after page i where a document starts (or the end).
func (p *Packet) boundaryAfter(g *gen, i int) int {
	var cands []int
	for k := i + 1; k <= len(p.pages); k++ {
		if k == len(p.pages) || (p.pages[k].page == 0 && p.pages[k].dupOf < 0 && p.pages[k-1].doc != p.pages[k].doc) {
			cands = append(cands, k)
		}
	}
	// Prefer nearby boundaries: re-sent records tend to follow soon.
	if len(cands) > 4 {
		cands = cands[:4]
	}
	return cands[g.r.IntN(len(cands))]
}

// PageCount is the number of pages the packet's PDF has.
func (p *Packet) PageCount() int { return len(p.pages) }

// Documents returns the packet's distinct documents in packet order.
func (p *Packet) Documents() []Document {
	out := make([]Document, len(p.docs))
	for i, d := range p.docs {
		out[i] = *d
	}
	return out
}

// PageText returns the printed text of source page n (1-based).
func (p *Packet) PageText(n int) string {
	sp := p.pages[n-1]
	return p.docs[sp.doc].Pages[sp.page]
}

// Truth is the ground truth of a packet, written as packet-NNN.truth.json.
//
// Pages: every source page once. A duplicate page names the page it repeats
// (duplicate_of, with duplicate_kind exact for an identical page, near for a
// re-scan) and the document of that page. Documents list their kept pages
// in source_pages and their duplicates in duplicate_pages; dates and
// treatments point at kept pages.
type Truth struct {
	Generator string          `json:"generator"`
	Seed      int64           `json:"seed"`
	Options   Options         `json:"options"`
	Claim     *index.Claim    `json:"claim"`
	Pages     []TruthPage     `json:"pages"`
	Documents []TruthDocument `json:"documents"`
}

// TruthPage is the truth of one source page.
type TruthPage struct {
	SourcePage    int       `json:"source_page"`
	Type          string    `json:"type"`
	Subtype       string    `json:"subtype"`
	Document      string    `json:"document"`
	DocumentPage  int       `json:"document_page"`
	DuplicateOf   *int      `json:"duplicate_of"`
	DuplicateKind string    `json:"duplicate_kind,omitempty"`
	Rendering     Rendering `json:"rendering"`
	Rotation      int       `json:"rotation,omitempty"`
}

// TruthDocument is the truth of one document.
type TruthDocument struct {
	ID             string            `json:"id"`
	Type           string            `json:"type"`
	Subtype        string            `json:"subtype"`
	Title          string            `json:"title"`
	SourcePages    []int             `json:"source_pages"`
	DuplicatePages []int             `json:"duplicate_pages,omitempty"`
	Date           string            `json:"date,omitempty"`
	Dates          []index.Date      `json:"dates"`
	Treatments     []index.Treatment `json:"treatments"`
	Provider       string            `json:"provider,omitempty"`
	CopyForwardOf  string            `json:"copy_forward_of,omitempty"`
}

// Generator names this generator in truth files.
const Generator = "imrpacket/synth v1"

// Truth returns the packet's ground truth.
func (p *Packet) Truth() *Truth {
	t := &Truth{Generator: Generator, Seed: p.Options.Seed, Options: p.Options}
	srcOf := map[int]int{} // page id -> source page
	kept := make([][]int, len(p.docs))
	dups := make([][]int, len(p.docs))
	for i, sp := range p.pages {
		srcOf[sp.id] = i + 1
	}
	for i, sp := range p.pages {
		d := p.docs[sp.doc]
		tp := TruthPage{SourcePage: i + 1, Type: d.Type, Subtype: d.Subtype, Document: d.ID, DocumentPage: sp.page + 1,
			Rendering: sp.rendering, Rotation: sp.params.rotation}
		if sp.dupOf >= 0 {
			n := srcOf[sp.dupOf]
			tp.DuplicateOf = &n
			tp.DuplicateKind = sp.dupKind
			dups[sp.doc] = append(dups[sp.doc], i+1)
		} else {
			kept[sp.doc] = append(kept[sp.doc], i+1)
		}
		t.Pages = append(t.Pages, tp)
	}
	for di, d := range p.docs {
		td := TruthDocument{ID: d.ID, Type: d.Type, Subtype: d.Subtype, Title: d.Title, SourcePages: kept[di], DuplicatePages: dups[di],
			Date: d.Primary, Provider: d.Provider, CopyForwardOf: d.CopyForwardOf, Dates: []index.Date{}, Treatments: []index.Treatment{}}
		for _, x := range d.Dates {
			td.Dates = append(td.Dates, index.Date{Kind: x.Kind, Date: x.Date, Text: x.Text, SourcePage: kept[di][x.Page-1]})
		}
		for _, x := range d.Treatments {
			td.Treatments = append(td.Treatments, index.Treatment{Text: x.Text, Code: x.Code, Quantity: x.Quantity, Frequency: x.Frequency,
				BodyPart: x.BodyPart, Decision: x.Decision, SourcePage: kept[di][x.Page-1]})
		}
		t.Documents = append(t.Documents, td)
	}
	t.Claim = p.claim(kept)
	return t
}

// claim lists the packet-level facts with the kept pages that print them.
func (p *Packet) claim(kept [][]int) *index.Claim {
	c := p.Case
	fact := func(value string) *index.Fact {
		if value == "" {
			return nil
		}
		f := &index.Fact{Value: value, SourcePages: []int{}}
		up := strings.ToUpper(value)
		for di, d := range p.docs {
			for pi, text := range d.Pages {
				if strings.Contains(strings.ToUpper(text), up) {
					f.SourcePages = append(f.SourcePages, kept[di][pi])
				}
			}
		}
		sortInts(f.SourcePages)
		return f
	}
	inj := &index.Fact{Value: isoDate(c.Injury), SourcePages: []int{}}
	for di, d := range p.docs {
		seen := map[int]bool{}
		for _, x := range d.Dates {
			if x.Kind == index.DateInjury && !seen[x.Page] {
				seen[x.Page] = true
				inj.SourcePages = append(inj.SourcePages, kept[di][x.Page-1])
			}
		}
	}
	sortInts(inj.SourcePages)
	return &index.Claim{
		ClaimNumber:         fact(c.ClaimNumber),
		InjuryDate:          inj,
		Claimant:            fact(c.Claimant),
		Employer:            fact(c.Employer),
		ClaimsAdministrator: fact(c.ClaimsAdministrator),
		RequestingPhysician: fact(c.PTP.Name),
		URReviewer:          fact(p.reviewer),
	}
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// WriteTruth writes the truth as indented JSON.
func (t *Truth) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(t)
}

// WritePDF writes the packet as one PDF.
func (p *Packet) WritePDF(w io.Writer) error {
	return p.WritePDFContext(context.Background(), w)
}

// WritePDFContext writes the packet as one PDF, rendering scanned pages in
// parallel (one worker per core) with a bounded number of pages in flight.
func (p *Packet) WritePDFContext(ctx context.Context, w io.Writer) error {
	pw := newPDFWriter(w)
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		i   int
		out chan pageImage
	}
	jobs := make(chan job)
	queue := make(chan chan pageImage, 2*workers)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(jobs)
		defer close(queue)
		for i, sp := range p.pages {
			if sp.rendering == BornDigital {
				continue
			}
			ch := make(chan pageImage, 1)
			select {
			case queue <- ch:
			case <-done:
				return
			}
			select {
			case jobs <- job{i, ch}:
			case <-done:
				return
			}
		}
	}()
	for k := 0; k < workers; k++ {
		go func() {
			r := newRasterizer()
			for j := range jobs {
				sp := p.pages[j.i]
				d := p.docs[sp.doc]
				j.out <- r.renderImage(place(d.layout[sp.page], d.style), sp.rendering, sp.params)
			}
		}()
	}
	for _, sp := range p.pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		if sp.rendering == BornDigital {
			d := p.docs[sp.doc]
			pw.textPage(textContent(place(d.layout[sp.page], d.style)), pageW, pageH)
			continue
		}
		ch, ok := <-queue
		if !ok {
			return errors.New("synth: render queue closed early")
		}
		var im pageImage
		select {
		case im = <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		pw.imagePage(im)
		if pw.err != nil {
			return fmt.Errorf("synth: write pdf: %w", pw.err)
		}
	}
	if err := pw.close(); err != nil {
		return fmt.Errorf("synth: write pdf: %w", err)
	}
	return nil
}

// WriteSet writes n packets to dir as packet-NNN.pdf and packet-NNN.truth.json,
// packet i generated with seed+i-1 and the other options as given.
func WriteSet(ctx context.Context, dir string, n int, seed int64, opts Options) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synth: write set: %w", err)
	}
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		o := opts
		o.Seed = seed + int64(i-1)
		name := fmt.Sprintf("packet-%03d", i)
		if err := WritePacket(ctx, filepath.Join(dir, name), o); err != nil {
			return err
		}
	}
	return nil
}

// WritePacket generates one packet and writes base+".pdf" and base+".truth.json".
func WritePacket(ctx context.Context, base string, opts Options) error {
	p, err := Generate(opts)
	if err != nil {
		return err
	}
	if err := writeFile(base+".pdf", func(w io.Writer) error { return p.WritePDFContext(ctx, w) }); err != nil {
		return err
	}
	return writeFile(base+".truth.json", p.Truth().Write)
}

// writeFile writes via a temporary file and a rename so readers never see
// half a packet.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".synth-*")
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("synth: write %s: %w", filepath.Base(path), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("synth: write %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	return nil
}
