package packet

import (
	"fmt"
	"strings"

	"imrpacket/index"
)

// Contents pages are US Letter, like nearly every page of a California records packet.
const (
	pageW, pageH = 612.0, 792.0
	marginL      = 54.0
	marginR      = pageW - 54.0
	marginTop    = pageH - 50.0
	marginBottom = 50.0 // the stamp sits below this
	bodySize     = 9.0
	lineH        = 11.5
)

// placed is a document with its kept pages, ready for the contents.
type placed struct {
	Document
	kept []int // kept source pages, in packet order
}

// front holds what the contents pages show; packet pages follow from the number of
// contents pages, so layout runs once per guess of that number.
type front struct {
	docs       []placed
	pos        map[int]int // kept source page -> 0-based position among document pages
	duplicates []index.Duplicate
	deadlines  []index.Deadline
	source     string
	srcPages   int
	grouped    bool
}

// layout draws the contents pages assuming they number nFront.
func (f *front) layout(nFront int) []*canvas {
	l := &layouter{}
	l.newPage()
	packetPage := func(src int) int {
		if p, ok := f.pos[src]; ok {
			return nFront + p + 1
		}
		return 0
	}
	total := nFront + len(f.pos)
	f.header(l, nFront, total)
	f.decisions(l, packetPage)
	f.contents(l, packetPage)
	f.dups(l, packetPage)
	return l.pages
}

type layouter struct {
	pages []*canvas
	c     *canvas
	y     float64
	// cont redraws a table's column heads at the top of a continuation page.
	cont func()
}

func (l *layouter) newPage() {
	l.c = &canvas{}
	l.pages = append(l.pages, l.c)
	l.y = marginTop
	if len(l.pages) > 1 {
		// Say where a continuation page belongs when it is printed or seen alone.
		l.y -= 8
		l.c.text(marginL, l.y, fontBold, 8.5, gray, winAnsi(fmt.Sprintf("Records index, continued (page %d)", len(l.pages))))
		l.y -= 8
	}
}

// need starts a new page unless h points fit above the bottom margin.
func (l *layouter) need(h float64) {
	if l.y-h >= marginBottom {
		return
	}
	l.newPage()
	if l.cont != nil {
		l.cont()
	}
}

func (f *front) header(l *layouter, nFront, total int) {
	c := l.c
	l.y -= 16
	c.text(marginL, l.y, fontBold, 17, navy, winAnsi("Independent Medical Review \u2014 Records Index"))
	l.y -= 15
	var parts []string
	if f.source != "" {
		parts = append(parts, "Source: "+f.source)
	}
	parts = append(parts,
		plural(f.srcPages, "source page"),
		fmt.Sprintf("packet of %s (%s)", plural(total, "page"), plural(nFront, "index page")),
		plural(len(f.docs), "document"),
		plural(len(f.duplicates), "duplicate page")+" left out")
	c.text(marginL, l.y, fontRegular, 8.5, gray, fit(winAnsi(strings.Join(parts, "  \u00b7  ")), fontRegular, 8.5, marginR-marginL))
	l.y -= 8
	c.hline(marginL, marginR, l.y, 0.75, navy)
	l.y -= 8
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func (l *layouter) section(title string) {
	l.cont = nil
	l.need(16 + 3*lineH)
	l.y -= 10
	l.c.rect(marginL, l.y-16, marginR-marginL, 16, band)
	l.c.text(marginL+6, l.y-11.5, fontBold, 11, navy, winAnsi(title))
	l.y -= 16 + 6
}

// Columns of the decisions table.
const (
	decX, decW   = marginL, 64.0
	trtX, trtW   = marginL + 72, 300.0
	urX, urW     = trtX + trtW + 8, 70.0
	pageColRight = marginR
)

type treatmentRow struct {
	t     index.Treatment
	date  string
	title string
	first int // first source page of its document
}

func (f *front) treatments() []treatmentRow {
	var rows []treatmentRow
	collect := func(want int) {
		for _, d := range f.docs {
			if group(d.Document) != want {
				continue
			}
			for _, t := range d.Treatments {
				first := 0
				if len(d.kept) > 0 {
					first = d.kept[0]
				}
				rows = append(rows, treatmentRow{t: t, date: d.Date, title: d.Title, first: first})
			}
		}
	}
	// The decisions under review are the UR letters'; an RFA's requests stand in only when
	// no UR letter was found.
	collect(groupUR)
	if len(rows) == 0 {
		collect(groupRFA)
	}
	return rows
}

func (f *front) decisions(l *layouter, packetPage func(int) int) {
	l.section("UR decisions under review")
	rows := f.treatments()
	heads := func() {
		l.y -= 9
		l.c.text(decX, l.y, fontBold, 7.5, gray, winAnsi("DECISION"))
		l.c.text(trtX, l.y, fontBold, 7.5, gray, winAnsi("REQUESTED TREATMENT"))
		l.c.text(urX, l.y, fontBold, 7.5, gray, winAnsi("UR DATE"))
		l.c.textRight(pageColRight, l.y, fontBold, 7.5, gray, winAnsi("PAGE"))
		l.y -= 5
		l.c.hline(marginL, marginR, l.y, 0.5, rule)
		l.y -= 3
	}
	if len(rows) == 0 {
		l.y -= lineH
		l.c.text(marginL, l.y, fontRegular, bodySize, gray, winAnsi("No UR decision or requested treatment was found in this packet."))
		l.y -= 4
	} else {
		heads()
		l.cont = heads
	}
	for _, r := range rows {
		text := r.t.Text
		var extra []string
		for _, s := range []string{r.t.Quantity, r.t.Frequency, r.t.BodyPart} {
			if s != "" && !strings.Contains(strings.ToLower(text), strings.ToLower(s)) {
				extra = append(extra, s)
			}
		}
		if len(extra) > 0 {
			text += " (" + strings.Join(extra, ", ") + ")"
		}
		lines := wrap(winAnsi(text), fontRegular, bodySize, trtW, 3)
		h := float64(len(lines))*lineH + 5
		l.need(h)
		top := l.y
		dec := r.t.Decision
		if dec == "" {
			dec = index.DecisionUnknown
		}
		// A filled badge: the decision is what the reviewer looks for first.
		l.c.rect(decX, top-lineH-1.5, decW, lineH+1, decisionColor(dec))
		label := winAnsi(strings.ToUpper(dec))
		lw := width(label, fontBold, 7.5)
		l.c.text(decX+(decW-lw)/2, top-lineH+1.2, fontBold, 7.5, white, label)
		for i, ln := range lines {
			l.c.text(trtX, top-float64(i+1)*lineH+2, fontRegular, bodySize, ink, ln)
		}
		date := r.date
		if !validDate(date) {
			date = "undated"
		}
		l.c.text(urX, top-lineH+2, fontRegular, bodySize, ink, winAnsi(date))
		target := packetPage(r.t.SourcePage)
		if target == 0 {
			target = packetPage(r.first)
		}
		if target > 0 {
			l.c.textRight(pageColRight, top-lineH+2, fontRegular, bodySize, navy, winAnsi(fmt.Sprintf("p. %d", target)))
			l.c.link(marginL, top-h+2, marginR-marginL, h-2, target)
		}
		l.y = top - h
	}
	l.cont = nil

	l.y -= 6
	if len(f.deadlines) == 0 {
		l.need(lineH + 4)
		l.y -= lineH
		l.c.text(marginL, l.y, fontBold, 10, navy, winAnsi("IMR filing deadline:"))
		l.c.text(marginL+112, l.y, fontRegular, bodySize, gray, winAnsi("not computed \u2014 check the UR decision date on the UR letter."))
		l.y -= 4
		return
	}
	for _, dl := range f.deadlines {
		l.need(lineH + 6)
		l.y -= lineH + 2
		l.c.text(marginL, l.y, fontBold, 10, navy, winAnsi("IMR filing deadline:"))
		d := winAnsi(dl.Deadline)
		l.c.text(marginL+112, l.y, fontBold, 11, urgent, d)
		x := marginL + 112 + width(d, fontBold, 11) + 10
		var note []string
		if dl.DecisionDate != "" {
			note = append(note, "UR decision of "+dl.DecisionDate)
		}
		if dl.Basis != "" {
			note = append(note, dl.Basis)
		}
		target := 0
		for _, doc := range f.docs {
			if doc.ID == dl.Document && len(doc.kept) > 0 {
				target = packetPage(doc.kept[0])
			}
		}
		if target > 0 {
			note = append(note, fmt.Sprintf("letter at p. %d", target))
			l.c.link(marginL, l.y-3, marginR-marginL, lineH+3, target)
		}
		// The basis can be long: it continues on the next lines rather than being cut.
		lines := wrap(winAnsi(strings.Join(note, "  \u00b7  ")), fontRegular, 8.5, marginR-x, 3)
		for i, ln := range lines {
			if i > 0 {
				l.y -= 10
			}
			l.c.text(x, l.y, fontRegular, 8.5, gray, ln)
		}
		l.y -= 4
	}
}

// Columns of the contents table.
const (
	pgX, pgW     = marginL, 46.0
	typX, typW   = marginL + 50, 70.0
	dateX, dateW = typX + typW + 4, 54.0
	docX, docW   = dateX + dateW + 4, 196.0
	provX        = docX + docW + 6
	provW        = marginR - provX
)

// typeLabel names a document's kind for the reviewer.
func typeLabel(d Document) string {
	switch {
	case strings.EqualFold(d.Subtype, SubtypeRFA):
		return "RFA"
	case d.Type == index.TypeURLetter:
		return "UR letter"
	case d.Type == index.TypeProgressNote:
		return "Progress note"
	case d.Type == index.TypeImaging:
		return "Imaging"
	default:
		return "Other"
	}
}

// groupTitle heads each group in grouped order.
var groupTitle = map[int]string{
	groupUR:       "UR letters",
	groupRFA:      "Requests for authorization (RFA)",
	groupClinical: "Progress notes and imaging, oldest first",
	groupOther:    "Other documents",
}

func pageRange(pages []int) string {
	if len(pages) == 0 {
		return ""
	}
	a, b := pages[0], pages[len(pages)-1]
	if a == b {
		return fmt.Sprintf("%d", a)
	}
	return fmt.Sprintf("%d\u2013%d", a, b)
}

func (f *front) contents(l *layouter, packetPage func(int) int) {
	l.section("Contents")
	heads := func() {
		l.y -= 9
		l.c.text(pgX, l.y, fontBold, 7.5, gray, winAnsi("PAGES"))
		l.c.text(typX, l.y, fontBold, 7.5, gray, winAnsi("TYPE"))
		l.c.text(dateX, l.y, fontBold, 7.5, gray, winAnsi("DATE"))
		l.c.text(docX, l.y, fontBold, 7.5, gray, winAnsi("DOCUMENT"))
		l.c.text(provX, l.y, fontBold, 7.5, gray, winAnsi("PROVIDER / FACILITY"))
		l.y -= 5
		l.c.hline(marginL, marginR, l.y, 0.5, rule)
		l.y -= 2
	}
	heads()
	l.cont = heads
	if len(f.docs) == 0 {
		l.y -= lineH
		l.c.text(marginL, l.y, fontRegular, bodySize, gray, winAnsi("No documents."))
	}
	lastGroup := -1
	row := 0
	for _, d := range f.docs {
		if f.grouped {
			if g := group(d.Document); g != lastGroup {
				lastGroup = g
				n := 0
				for _, o := range f.docs {
					if group(o.Document) == g {
						n++
					}
				}
				l.need(lineH*2 + 6)
				l.y -= lineH + 3
				l.c.text(marginL, l.y, fontBold, 9.5, navy, winAnsi(fmt.Sprintf("%s (%d)", groupTitle[g], n)))
				l.y -= 3
				row = 0
			}
		}
		title := d.Title
		if title == "" {
			title = "(untitled)"
		}
		lines := wrap(winAnsi(title), fontRegular, bodySize, docW, 2)
		prov := wrap(winAnsi(d.Provider), fontRegular, bodySize, provW, 2)
		n := max(len(lines), len(prov))
		if d.NeedsReview {
			n = max(n, 2)
		}
		h := float64(n)*lineH + 3
		l.need(h)
		top := l.y
		if row%2 == 1 {
			l.c.rect(marginL-2, top-h, marginR-marginL+4, h, zebra)
		}
		row++
		var pp []int
		for _, s := range d.kept {
			pp = append(pp, packetPage(s))
		}
		base := top - lineH + 2
		l.c.text(pgX, base, fontBold, bodySize, navy, winAnsi(pageRange(pp)))
		l.c.text(typX, base, fontRegular, bodySize, ink, fit(winAnsi(typeLabel(d.Document)), fontRegular, bodySize, typW))
		if d.NeedsReview {
			l.c.text(typX, base-lineH, fontBold, 7, decisionColor("modified"), winAnsi("NEEDS REVIEW"))
		}
		date := d.Date
		if !validDate(date) {
			date = "undated"
			l.c.text(dateX, base, fontRegular, bodySize, gray, winAnsi(date))
		} else {
			l.c.text(dateX, base, fontRegular, bodySize, ink, winAnsi(date))
		}
		for i, ln := range lines {
			l.c.text(docX, base-float64(i)*lineH, fontRegular, bodySize, ink, ln)
		}
		for i, ln := range prov {
			l.c.text(provX, base-float64(i)*lineH, fontRegular, bodySize, gray, ln)
		}
		if len(pp) > 0 {
			l.c.link(marginL-2, top-h, marginR-marginL+4, h, pp[0])
		}
		l.y = top - h
	}
	l.cont = nil
}

func (f *front) dups(l *layouter, packetPage func(int) int) {
	if len(f.duplicates) == 0 {
		return
	}
	l.section(fmt.Sprintf("Duplicate pages left out (%d)", len(f.duplicates)))
	l.need(lineH * 2)
	l.y -= lineH
	l.c.text(marginL, l.y, fontRegular, 8.5, gray, winAnsi("Each source page below repeats an earlier page and is not in this packet; the kept copy is at the packet page shown."))
	l.y -= 4
	const cols = 3
	colW := (marginR - marginL) / cols
	for i := 0; i < len(f.duplicates); i += cols {
		l.need(lineH + 2)
		l.y -= lineH
		for j := 0; j < cols && i+j < len(f.duplicates); j++ {
			d := f.duplicates[i+j]
			x := marginL + float64(j)*colW
			s := fmt.Sprintf("src p. %d  =  src p. %d", d.SourcePage, d.DuplicateOf)
			target := packetPage(d.DuplicateOf)
			if target > 0 {
				s += fmt.Sprintf("  (p. %d)", target)
				l.c.link(x, l.y-3, colW-6, lineH, target)
			}
			if d.Kind == index.DuplicateNear {
				s += "  near"
			}
			l.c.text(x, l.y, fontRegular, bodySize, ink, fit(winAnsi(s), fontRegular, bodySize, colW-6))
		}
	}
}
