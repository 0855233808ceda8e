package packet

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

var disableConfigDir sync.Once

// config is pdfcpu's configuration for reading and writing packets. pdfcpu's config
// directory is switched off so output does not depend on a user's ~/.config/pdfcpu (nor
// writes there); this package needs only the core fonts.
func config() *model.Configuration {
	disableConfigDir.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Optimize = false
	conf.OptimizeBeforeWriting = false
	conf.Cmd = model.COLLECT
	return conf
}

// Assemble writes packet.pdf to outPath from the source PDF at srcPath: contents pages,
// then the documents of plan in reviewer order, each page stamped and, where OCR'd,
// carrying invisible text. The file appears at outPath only when complete.
//
// Errors are *PermanentError wrapping ErrSource, ErrPlan or ErrOptions when the input is at
// fault, and plain wrapped I/O errors otherwise.
func Assemble(ctx context.Context, srcPath string, plan Plan, opts Options, outPath string) (res *Result, err error) {
	defer func() {
		// pdfcpu panics on some malformed objects instead of returning an error.
		if r := recover(); r != nil {
			res, err = nil, permanent(ErrSource, "%s: pdfcpu panic: %v", filepath.Base(srcPath), r)
		}
	}()
	if opts.Order == "" {
		opts.Order = OrderGrouped
	}
	if opts.Order != OrderGrouped && opts.Order != OrderChronological {
		return nil, permanent(ErrOptions, "order %q", opts.Order)
	}
	if opts.StampPrefix == "" {
		opts.StampPrefix = "IMR"
	}
	if opts.StampDigits <= 0 {
		opts.StampDigits = 6
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	conf := config()
	docs, kept, dest, err := copyPages(srcPath, plan, opts.Order, conf, false)
	if errors.Is(err, ErrSource) {
		// pdfcpu is stricter than pdfium, which already read this file upstream: let qpdf
		// rebuild the file's structure, patch what pdfcpu trips on, and try again.
		for _, how := range repairs {
			fixed, ferr := repair(ctx, srcPath, filepath.Dir(outPath), how)
			if ferr != nil {
				continue
			}
			var err2 error
			docs, kept, dest, err2 = copyPages(fixed, plan, opts.Order, conf, true)
			os.Remove(fixed) // copyPages holds everything it needs in memory
			if err2 == nil {
				err = nil
				break
			}
			err = fmt.Errorf("%w (after repair: %v)", err, err2)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	pos := make(map[int]int, len(kept))
	for i, s := range kept {
		pos[s] = i
	}
	fr := &front{
		docs: docs, pos: pos, duplicates: plan.Duplicates, deadlines: plan.Deadlines,
		source: plan.SourceName, srcPages: len(kept) + len(plan.Duplicates),
		grouped: opts.Order == OrderGrouped,
	}
	fr.srcPages = max(fr.srcPages, len(kept))
	var pages []*canvas
	nFront := 1
	for range 5 {
		pages = fr.layout(nFront)
		if len(pages) == nFront {
			break
		}
		nFront = len(pages)
	}
	if len(pages) != nFront {
		return nil, fmt.Errorf("packet: contents layout did not settle at %d pages", nFront)
	}

	b := &builder{ctx: dest, opts: opts}
	if err := b.build(ctx, pages, kept, plan); err != nil {
		return nil, err
	}
	if err := b.outline(docs, nFront, pos, opts.Order); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := writeAtomically(dest, outPath); err != nil {
		return nil, err
	}

	res = &Result{
		PacketPage:    make(map[int]int, len(kept)),
		FrontPages:    nFront,
		Pages:         nFront + len(kept),
		DocumentPages: make(map[string][]int, len(docs)),
	}
	for s, i := range pos {
		res.PacketPage[s] = nFront + i + 1
	}
	for _, d := range docs {
		res.Order = append(res.Order, d.ID)
		pp := []int{}
		for _, s := range d.kept {
			pp = append(pp, res.PacketPage[s])
		}
		res.DocumentPages[d.ID] = pp
	}
	return res, nil
}

func readSource(path string, conf *model.Configuration) (*model.Context, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, permanent(ErrSource, "%s: %v", filepath.Base(path), err)
		}
		return nil, fmt.Errorf("packet: open source: %w", err)
	}
	defer f.Close()
	src, err := api.ReadContext(f, conf)
	if err != nil {
		return nil, permanent(ErrSource, "%s: read: %v", filepath.Base(path), err)
	}
	// Validation also resolves and repairs what later steps walk over; a file pdfium
	// already accepted but pdfcpu calls invalid is still worth trying to copy, so its
	// verdict only matters if copying fails.
	_ = api.ValidateContext(src)
	if err := src.EnsurePageCount(); err != nil {
		return nil, permanent(ErrSource, "%s: page count: %v", filepath.Base(path), err)
	}
	if src.PageCount == 0 {
		return nil, permanent(ErrSource, "%s: no pages", filepath.Base(path))
	}
	return src, nil
}

// copyPages reads the source and copies its kept pages, in reviewer order, into a new
// pdfcpu context.
//
// With patch set it first gives pages without a MediaBox the US Letter one viewers assume,
// as pdfcpu's page copy cannot do without one.
func copyPages(srcPath string, plan Plan, order string, conf *model.Configuration, patch bool) (docs []placed, kept []int, dest *model.Context, err error) {
	defer func() {
		// pdfcpu panics on some malformed objects instead of returning an error.
		if r := recover(); r != nil {
			err = permanent(ErrSource, "%s: pdfcpu panic: %v", filepath.Base(srcPath), r)
		}
	}()
	src, err := readSource(srcPath, conf)
	if err != nil {
		return nil, nil, nil, err
	}
	if docs, kept, err = placeDocuments(plan, order, src.PageCount); err != nil {
		return nil, nil, nil, err
	}
	if err := balancePageTree(src); err != nil {
		return nil, nil, nil, permanent(ErrSource, "%s: page tree: %v", filepath.Base(srcPath), err)
	}
	if patch {
		for _, p := range kept {
			d, _, inh, err := src.PageDict(p, false)
			if err != nil || d == nil {
				return nil, nil, nil, permanent(ErrSource, "%s: source page %d: %v", filepath.Base(srcPath), p, err)
			}
			if inh == nil || inh.MediaBox == nil {
				d["MediaBox"] = types.RectForDim(pageW, pageH).Array()
			}
		}
	}
	if len(kept) == 0 {
		dest, err = pdfcpu.CreateContextWithXRefTable(conf, types.PaperSize["Letter"])
	} else {
		dest, err = pdfcpu.ExtractPages(src, kept, false)
	}
	if err != nil {
		return nil, nil, nil, permanent(ErrSource, "%s: copy pages: %v", filepath.Base(srcPath), err)
	}
	// A page tree with loops or odd references can make pdfcpu copy a page tree node
	// where a page belongs.
	pages, err := dest.Pages()
	if err != nil || pages == nil {
		return nil, nil, nil, permanent(ErrSource, "%s: copied page tree: %v", filepath.Base(srcPath), err)
	}
	pd, err := dest.DereferenceDict(*pages)
	if err != nil {
		return nil, nil, nil, permanent(ErrSource, "%s: copied page tree: %v", filepath.Base(srcPath), err)
	}
	kids := pd.ArrayEntry("Kids")
	if len(kids) != len(kept) {
		return nil, nil, nil, permanent(ErrSource, "%s: copied %d pages, want %d", filepath.Base(srcPath), len(kids), len(kept))
	}
	for i, k := range kids {
		d, err := dest.DereferenceDict(k)
		if err != nil || d == nil || d.Type() != nil && *d.Type() != "Page" || d["Kids"] != nil {
			return nil, nil, nil, permanent(ErrSource, "%s: source page %d is not a page object", filepath.Base(srcPath), kept[i])
		}
	}
	return docs, kept, dest, nil
}

// fanout is the most kids balancePageTree leaves in a page tree node.
const fanout = 32

// balancePageTree splits page tree nodes with many kids into levels of at most fanout, in
// memory. pdfcpu finds a page by walking the tree and skips subtrees by their Count, so in
// the flat tree most scanners write each lookup visits every earlier page, and copying n
// pages costs n² steps; balanced, it costs n log n.
func balancePageTree(x *model.Context) error {
	root, err := x.Pages()
	if err != nil || root == nil {
		return fmt.Errorf("no page tree: %v", err)
	}
	return balanceNode(x, *root, 0)
}

func balanceNode(x *model.Context, ref types.IndirectRef, depth int) error {
	if depth > 64 {
		return fmt.Errorf("page tree deeper than 64")
	}
	d, err := x.DereferenceDict(ref)
	if err != nil || d == nil {
		return fmt.Errorf("page tree node: %v", err)
	}
	kids := d.ArrayEntry("Kids")
	for _, k := range kids {
		kr, ok := k.(types.IndirectRef)
		if !ok {
			return nil // direct kids: leave the node as it is
		}
		kd, err := x.DereferenceDict(kr)
		if err != nil || kd == nil {
			return nil
		}
		if kd.Type() != nil && *kd.Type() == "Pages" {
			if err := balanceNode(x, kr, depth+1); err != nil {
				return err
			}
		}
	}
	for len(kids) > fanout {
		var level types.Array
		for i := 0; i < len(kids); i += fanout {
			chunk := kids[i:min(i+fanout, len(kids))]
			count := 0
			for _, k := range chunk {
				kd, _ := x.DereferenceDict(k)
				if c := kd.IntEntry("Count"); kd.Type() != nil && *kd.Type() == "Pages" && c != nil {
					count += *c
				} else {
					count++
				}
			}
			node := types.Dict{
				"Type":   types.Name("Pages"),
				"Kids":   append(types.Array{}, chunk...),
				"Count":  types.Integer(count),
				"Parent": ref,
			}
			nr, err := x.IndRefForNewObject(node)
			if err != nil {
				return err
			}
			for _, k := range chunk {
				if kd, _ := x.DereferenceDict(k); kd != nil {
					kd["Parent"] = *nr
				}
			}
			level = append(level, *nr)
		}
		kids = level
	}
	d["Kids"] = kids
	return nil
}

// repairs are the qpdf rewrites tried, in order, on a file pdfcpu cannot copy pages from:
// a plain rewrite (which rebuilds a broken xref and removes encryption with an empty user
// password), then a copy of the pages alone into a new file (which also turns direct page
// objects into indirect ones and drops whatever else is broken).
var repairs = [][]string{
	{"--decrypt", "{in}", "{out}"},
	{"--empty", "--pages", "{in}", "--", "{out}"},
}

// repair has qpdf rewrite srcPath into dir as how says and returns the new file's path.
func repair(ctx context.Context, srcPath, dir string, how []string) (string, error) {
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, ".repaired-*.pdf")
	if err != nil {
		return "", err
	}
	f.Close()
	args := make([]string, len(how))
	for i, a := range how {
		args[i] = strings.NewReplacer("{in}", srcPath, "{out}", f.Name()).Replace(a)
	}
	out, err := exec.CommandContext(ctx, qpdf, args...).CombinedOutput()
	// Exit status 3 means qpdf wrote the file but warned about what it fixed.
	if ee := (*exec.ExitError)(nil); err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 3) {
		os.Remove(f.Name())
		return "", fmt.Errorf("qpdf repair: %w (%d bytes of output)", err, len(out))
	}
	if st, err := os.Stat(f.Name()); err != nil || st.Size() == 0 {
		os.Remove(f.Name())
		return "", fmt.Errorf("qpdf repair: no output")
	}
	return f.Name(), nil
}

// placeDocuments orders the plan's documents and lists the kept source pages in packet
// order, checking that every source page is placed exactly once.
func placeDocuments(plan Plan, order string, nSrc int) ([]placed, []int, error) {
	dup := make(map[int]bool, len(plan.Duplicates))
	for _, d := range plan.Duplicates {
		if d.SourcePage < 1 || d.SourcePage > nSrc {
			return nil, nil, permanent(ErrPlan, "duplicate page %d outside 1..%d", d.SourcePage, nSrc)
		}
		dup[d.SourcePage] = true
	}
	owner := make(map[int]string, nSrc)
	var docs []placed
	var kept []int
	for _, d := range Order(plan.Documents, order) {
		p := placed{Document: d}
		for _, s := range d.SourcePages {
			if s < 1 || s > nSrc {
				return nil, nil, permanent(ErrPlan, "document %s: page %d outside 1..%d", d.ID, s, nSrc)
			}
			if dup[s] {
				continue
			}
			if o, ok := owner[s]; ok {
				return nil, nil, permanent(ErrPlan, "page %d in documents %s and %s", s, o, d.ID)
			}
			owner[s] = d.ID
			p.kept = append(p.kept, s)
		}
		if len(p.kept) == 0 {
			// Wholly duplicate: its pages are listed with the duplicates.
			continue
		}
		kept = append(kept, p.kept...)
		docs = append(docs, p)
	}
	for s := 1; s <= nSrc; s++ {
		if !dup[s] && owner[s] == "" {
			return nil, nil, permanent(ErrPlan, "page %d is in no document and not a duplicate", s)
		}
	}
	return docs, kept, nil
}

func writeAtomically(dest *model.Context, outPath string) error {
	f, err := os.CreateTemp(filepath.Dir(outPath), ".packet-*.pdf")
	if err != nil {
		return fmt.Errorf("packet: write: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after the rename
	if err := api.WriteContext(dest, f); err != nil {
		f.Close()
		return fmt.Errorf("packet: write %s: %w", filepath.Base(outPath), err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("packet: write: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("packet: write: %w", err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("packet: write: %w", err)
	}
	if err := os.Rename(tmp, outPath); err != nil {
		return fmt.Errorf("packet: write: %w", err)
	}
	return nil
}

// builder edits the destination context: contents pages, stamps, text, outline.
type builder struct {
	ctx      *model.Context
	opts     Options
	pagesRef types.IndirectRef
	pageRefs []types.IndirectRef // all packet pages, in order
	regular  types.IndirectRef
	bold     types.IndirectRef
	openQ    types.IndirectRef
}

// fontDict adds a standard Type 1 font with WinAnsiEncoding. Its widths are spelled out:
// optional for the standard 14 fonts before PDF 2.0, but strict validators ask for them.
func (b *builder) fontDict(base string) (types.IndirectRef, error) {
	widths := make(types.Array, 0, 224)
	for c := 32; c <= 255; c++ {
		w, err := font.CharWidth(base, rune(c))
		if err != nil {
			return types.IndirectRef{}, err
		}
		widths = append(widths, types.Integer(w))
	}
	// A descriptor without a font file: viewers use their own Helvetica, as for any
	// standard font, and strict PDF 1.7 validators are satisfied.
	bbox, stemV := types.NewIntegerArray(-166, -225, 1000, 931), 88
	if base == fontBold {
		bbox, stemV = types.NewIntegerArray(-170, -228, 1003, 962), 140
	}
	fd, err := b.ctx.IndRefForNewObject(types.Dict{
		"Type":        types.Name("FontDescriptor"),
		"FontName":    types.Name(base),
		"Flags":       types.Integer(32),
		"FontBBox":    bbox,
		"ItalicAngle": types.Integer(0),
		"Ascent":      types.Integer(718),
		"Descent":     types.Integer(-207),
		"CapHeight":   types.Integer(718),
		"StemV":       types.Integer(stemV),
	})
	if err != nil {
		return types.IndirectRef{}, err
	}
	ir, err := b.ctx.IndRefForNewObject(types.Dict{
		"FontDescriptor": *fd,
		"Type":           types.Name("Font"),
		"Subtype":        types.Name("Type1"),
		"BaseFont":       types.Name(base),
		"Encoding":       types.Name("WinAnsiEncoding"),
		"FirstChar":      types.Integer(32),
		"LastChar":       types.Integer(255),
		"Widths":         widths,
	})
	if err != nil {
		return types.IndirectRef{}, err
	}
	return *ir, nil
}

// stream adds a content stream. Short ones (stamps) stay uncompressed: a Flate writer per
// page costs more time than the few bytes it would save.
func (b *builder) stream(content string) (types.IndirectRef, error) {
	sd := &types.StreamDict{Dict: types.NewDict(), Content: []byte(content)}
	if len(content) > 1024 {
		var err error
		if sd, err = b.ctx.NewStreamDictForBuf([]byte(content)); err != nil {
			return types.IndirectRef{}, err
		}
	}
	if err := sd.Encode(); err != nil {
		return types.IndirectRef{}, err
	}
	ir, err := b.ctx.IndRefForNewObject(*sd)
	if err != nil {
		return types.IndirectRef{}, err
	}
	return *ir, nil
}

func (b *builder) build(ctx context.Context, front []*canvas, kept []int, plan Plan) error {
	x := b.ctx
	pagesRef, err := x.Pages()
	if err != nil || pagesRef == nil {
		return fmt.Errorf("packet: destination page tree: %v", err)
	}
	b.pagesRef = *pagesRef
	pagesDict, err := x.DereferenceDict(*pagesRef)
	if err != nil {
		return fmt.Errorf("packet: destination page tree: %w", err)
	}
	kids := pagesDict.ArrayEntry("Kids") // checked by copyPages
	if b.regular, err = b.fontDict(fontRegular); err != nil {
		return err
	}
	if b.bold, err = b.fontDict(fontBold); err != nil {
		return err
	}
	if b.openQ, err = b.stream("q\n"); err != nil {
		return err
	}

	// Page objects first, so links and the outline can point at any page.
	nFront := len(front)
	frontDicts := make([]types.Dict, nFront)
	b.pageRefs = make([]types.IndirectRef, 0, nFront+len(kids))
	for i := range front {
		d := types.Dict{
			"Type":     types.Name("Page"),
			"Parent":   *pagesRef,
			"MediaBox": types.RectForDim(pageW, pageH).Array(),
			"Resources": types.Dict{
				"Font": types.Dict{"R": b.regular, "B": b.bold},
			},
		}
		ir, err := x.IndRefForNewObject(d)
		if err != nil {
			return err
		}
		frontDicts[i] = d
		b.pageRefs = append(b.pageRefs, *ir)
	}
	for _, k := range kids {
		ir, ok := k.(types.IndirectRef)
		if !ok {
			return fmt.Errorf("packet: page tree entry is %T", k)
		}
		b.pageRefs = append(b.pageRefs, ir)
	}
	all := make(types.Array, len(b.pageRefs))
	for i, r := range b.pageRefs {
		all[i] = r
	}
	pagesDict["Kids"] = all
	pagesDict["Count"] = types.Integer(len(all))
	x.PageCount = len(all)

	for i, c := range front {
		stampFront(c, b.stampText(i+1, 0))
		content, err := b.stream(c.sb.String())
		if err != nil {
			return err
		}
		frontDicts[i]["Contents"] = content
		if len(c.links) > 0 {
			annots := types.Array{}
			for _, l := range c.links {
				ir, err := x.IndRefForNewObject(b.linkAnnot(l))
				if err != nil {
					return err
				}
				annots = append(annots, *ir)
			}
			frontDicts[i]["Annots"] = annots
		}
	}

	for i, s := range kept {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := b.decoratePage(b.pageRefs[nFront+i], nFront+i+1, s, plan); err != nil {
			return fmt.Errorf("packet: packet page %d: %w", nFront+i+1, err)
		}
	}
	x.RootDict["PageMode"] = types.Name("UseOutlines")
	return nil
}

func (b *builder) linkAnnot(l link) types.Dict {
	return types.Dict{
		"Type":    types.Name("Annot"),
		"Subtype": types.Name("Link"),
		"Rect":    types.NewNumberArray(l.llx, l.lly, l.urx, l.ury),
		"Border":  types.NewIntegerArray(0, 0, 0),
		"Dest":    types.Array{b.pageRefs[l.page-1], types.Name("Fit")},
	}
}

// stampText is what the margin of packet page p shows; src is 0 on contents pages.
func (b *builder) stampText(p, src int) []byte {
	s := fmt.Sprintf("%s-%0*d", b.opts.StampPrefix, b.opts.StampDigits, p)
	if src > 0 {
		s = fmt.Sprintf("src p. %d   %s", src, s)
	}
	return winAnsi(s)
}

const stampSize = 7.0

func stampFront(c *canvas, text []byte) {
	c.textRight(pageW-stampRight, stampBaseline, fontRegular, stampSize, gray, text)
}

// decoratePage adds the stamp and any invisible text to a copied source page.
func (b *builder) decoratePage(ref types.IndirectRef, packetPage, src int, plan Plan) error {
	x := b.ctx
	d, err := x.DereferenceDict(ref)
	if err != nil {
		return err
	}
	if turn := normAngle(plan.Turn[src]); turn != 0 {
		rot := 0
		if o, ok := d["Rotate"]; ok && o != nil {
			if n, err := x.DereferenceInteger(o); err == nil && n != nil {
				rot = n.Value()
			}
		}
		d["Rotate"] = types.Integer(normAngle(rot + turn))
	}
	geo, err := pageGeometry(x, d)
	if err != nil {
		return err
	}
	fontName, err := b.addFont(d)
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString("Q\n")
	words := plan.Words[src]
	if len(words) == 0 {
		if sc, ok := plan.Scans[src]; ok {
			words = geo.scanWords(sc)
		}
	}
	invisibleText(&sb, fontName, words)
	stamp(&sb, fontName, geo, b.stampText(packetPage, src))
	tail, err := b.stream(sb.String())
	if err != nil {
		return err
	}
	contents := types.Array{b.openQ}
	if c, ok := d["Contents"]; ok && c != nil {
		o, err := x.Dereference(c)
		if err != nil {
			return err
		}
		switch o := o.(type) {
		case types.Array:
			contents = append(contents, o...)
		case types.StreamDict:
			contents = append(contents, c)
		}
	}
	d["Contents"] = append(contents, tail)
	return nil
}

// addFont gives the page its own copy of the font resources with Helvetica added under a
// name the page does not use, leaving any resource dict shared with other pages unchanged.
func (b *builder) addFont(d types.Dict) (string, error) {
	x := b.ctx
	res := types.Dict{}
	if o, ok := d["Resources"]; ok && o != nil {
		r, err := x.DereferenceDict(o)
		if err != nil {
			return "", err
		}
		for k, v := range r {
			res[k] = v
		}
	}
	fonts := types.Dict{}
	if o, ok := res["Font"]; ok && o != nil {
		f, err := x.DereferenceDict(o)
		if err != nil {
			return "", err
		}
		for k, v := range f {
			fonts[k] = v
		}
	}
	name := "FImrHelv"
	for i := 1; ; i++ {
		if _, taken := fonts[name]; !taken {
			break
		}
		name = fmt.Sprintf("FImrHelv%d", i)
	}
	fonts[name] = b.regular
	res["Font"] = fonts
	d["Resources"] = res
	return name, nil
}

// outline builds the bookmark tree: one item per document type, in packet order, each
// holding its documents as "date · title".
func (b *builder) outline(docs []placed, nFront int, pos map[int]int, order string) error {
	if len(docs) == 0 {
		return nil
	}
	x := b.ctx
	type grp struct {
		label string
		docs  []placed
	}
	var groups []*grp
	byLabel := map[string]*grp{}
	for _, d := range docs {
		label := outlineLabel(d.Document)
		g := byLabel[label]
		if g == nil {
			g = &grp{label: label}
			byLabel[label] = g
			groups = append(groups, g)
		}
		g.docs = append(g.docs, d)
	}
	dest := func(d placed) types.Array {
		return types.Array{b.pageRefs[nFront+pos[d.kept[0]]], types.Name("Fit")}
	}
	root := types.Dict{"Type": types.Name("Outlines")}
	rootRef, err := x.IndRefForNewObject(root)
	if err != nil {
		return err
	}
	var groupRefs []types.IndirectRef
	total := 0
	for _, g := range groups {
		gd := types.Dict{
			"Title":  title(fmt.Sprintf("%s (%d)", g.label, len(g.docs))),
			"Parent": *rootRef,
			"Dest":   dest(g.docs[0]),
			"Count":  types.Integer(len(g.docs)),
		}
		gRef, err := x.IndRefForNewObject(gd)
		if err != nil {
			return err
		}
		groupRefs = append(groupRefs, *gRef)
		var items []types.IndirectRef
		for _, d := range g.docs {
			date := d.Date
			if !validDate(date) {
				date = "undated"
			}
			t := d.Title
			if t == "" {
				t = typeLabel(d.Document)
			}
			it := types.Dict{
				"Title":  title(date + " \u00b7 " + t),
				"Parent": *gRef,
				"Dest":   dest(d),
			}
			ir, err := x.IndRefForNewObject(it)
			if err != nil {
				return err
			}
			items = append(items, *ir)
		}
		if err := b.chain(items); err != nil {
			return err
		}
		gd["First"], gd["Last"] = items[0], items[len(items)-1]
		total += 1 + len(items)
	}
	if err := b.chain(groupRefs); err != nil {
		return err
	}
	root["First"], root["Last"] = groupRefs[0], groupRefs[len(groupRefs)-1]
	root["Count"] = types.Integer(total)
	x.RootDict["Outlines"] = *rootRef
	return nil
}

// chain links sibling outline items with Prev and Next.
func (b *builder) chain(refs []types.IndirectRef) error {
	for i, r := range refs {
		d, err := b.ctx.DereferenceDict(r)
		if err != nil {
			return err
		}
		if i > 0 {
			d["Prev"] = refs[i-1]
		}
		if i < len(refs)-1 {
			d["Next"] = refs[i+1]
		}
	}
	return nil
}

// outlineLabel names a document's type in the outline.
func outlineLabel(d Document) string {
	switch typeLabel(d) {
	case "RFA":
		return "RFAs"
	case "UR letter":
		return "UR letters"
	case "Progress note":
		return "Progress notes"
	case "Imaging":
		return "Imaging"
	}
	return "Other documents"
}

// title encodes s as a PDF text string (UTF-16BE), so any name survives in the outline.
func title(s string) types.HexLiteral {
	s = strings.ToValidUTF8(s, "?")
	return types.NewHexLiteral([]byte(types.EncodeUTF16String(s)))
}
