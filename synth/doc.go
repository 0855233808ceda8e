// Package synth generates realistic IMR records packets (UR letters, progress
// notes, imaging, forms) as text and PDF, each with a ground-truth file.
package synth

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Document is one generated record with its truth.
type Document struct {
	ID      string
	Type    string // index.Type*
	Subtype string
	Title   string
	// Pages holds the text of each printed page, line by line.
	Pages      []string
	Dates      []Date
	Primary    string // primary date, YYYY-MM-DD ("" when the document has none)
	Treatments []Treatment
	Provider   string
	// CopyForwardOf names the earlier note this one was copied forward from.
	CopyForwardOf string

	style  docStyle
	layout [][]Line
}

// Date is one printed date of a document. Kind is an index.Date* constant:
// the document's own key dates carry their kind; a date that refers to
// another record or event (in rationale prose, histories, signatures) is
// index.DateOther.
type Date struct {
	Kind string
	Date string // YYYY-MM-DD
	Text string // as printed, with its label when it has one
	Page int    // 1-based page within the document
}

// Treatment is one requested treatment and its decision (index.Decision*).
type Treatment struct {
	Text      string // the treatment as printed, without code or decision
	Code      string
	Quantity  string
	Frequency string
	BodyPart  string
	Decision  string
	Page      int
}

// Style is how a printed line looks.
type Style uint8

// Line styles.
const (
	Plain   Style = iota
	Bold          // bold, left aligned
	Title         // larger bold, centred
	Center        // centred
	Right         // right aligned
	Small         // smaller type (footers, notices)
	RuleTop       // a horizontal rule drawn above the text
)

// Line is one printed line.
type Line struct {
	Text  string
	Style Style
}

// docStyle is the look of a document: font family and size, lines per page.
type docStyle struct {
	Font     string // "Helvetica", "Times-Roman" or "Courier"
	Size     float64
	Width    int // characters per line for wrapping
	PerPage  int // body lines per page
	Margin   float64
	PageFoot bool // "Page X of N" footer on every page
}

// ann is a truth item waiting for its page: it attaches to a builder line.
type ann struct {
	line  int
	date  *Date
	treat *Treatment
}

// builder lays out a document as lines, records where each truth item is
// printed, then paginates.
type builder struct {
	st    docStyle
	lines []Line
	anns  []ann
	// breaks are line indexes that must start a new page.
	breaks map[int]bool
	// cont returns the lines printed at the top of continuation pages.
	cont func(page, total int) []Line
	foot func(page, total int) []Line
}

func newBuilder(st docStyle) *builder {
	return &builder{st: st, breaks: map[int]bool{}}
}

// nbsp marks spaces that wrapping must not break (inside dates and
// treatment names), so every truth item is printed on one line.
const nbsp = '\ue000'

func protect(s string) string { return strings.ReplaceAll(s, " ", string(nbsp)) }

func unprotect(s string) string { return strings.ReplaceAll(s, string(nbsp), " ") }

// line adds one line; truth items in anns attach to it.
func (b *builder) line(text string, st Style, anns ...any) {
	b.lines = append(b.lines, Line{Text: unprotect(text), Style: st})
	for _, a := range anns {
		b.attach(len(b.lines)-1, a)
	}
}

func (b *builder) attach(i int, a any) {
	switch v := a.(type) {
	case *Date:
		b.anns = append(b.anns, ann{line: i, date: v})
	case *Treatment:
		b.anns = append(b.anns, ann{line: i, treat: v})
	case nil:
	default:
		panic(fmt.Sprintf("synth: bad annotation %T", a))
	}
}

func (b *builder) blank() {
	if n := len(b.lines); n > 0 && b.lines[n-1].Text == "" {
		return
	}
	b.lines = append(b.lines, Line{})
}

// para wraps text to the document width. Each annotation must name its
// printed text in key; it attaches to the line that prints it.
func (b *builder) para(text string, st Style, items ...keyed) {
	for _, it := range items {
		text = strings.Replace(text, it.key, protect(it.key), 1)
	}
	width := b.st.Width
	if st == Small {
		width = width * 12 / 10
	}
	start := len(b.lines)
	for _, l := range wrap(text, width) {
		b.lines = append(b.lines, Line{Text: l, Style: st})
	}
	for _, it := range items {
		at := start
		for i := start; i < len(b.lines); i++ {
			if strings.Contains(b.lines[i].Text, protect(it.key)) {
				at = i
				break
			}
		}
		b.attach(at, it.item)
	}
	for i := start; i < len(b.lines); i++ {
		b.lines[i].Text = unprotect(b.lines[i].Text)
	}
}

// keyed pairs a truth item with the text that prints it.
type keyed struct {
	key  string
	item any
}

// pageBreak starts a new page at the next line.
func (b *builder) pageBreak() { b.breaks[len(b.lines)] = true }

// wrap breaks text into lines of at most width characters on spaces,
// keeping the source's own line breaks.
func wrap(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		cur := ""
		for _, w := range words {
			switch {
			case cur == "":
				cur = w
			case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= width:
				cur += " " + w
			default:
				out = append(out, cur)
				cur = w
			}
		}
		out = append(out, cur)
	}
	return out
}

// finish paginates the lines into d, setting the page of every truth item.
func (b *builder) finish(d *Document) {
	type pg struct{ from, to int } // line range
	var pages []pg
	per := b.st.PerPage
	contLines := 0
	if b.cont != nil {
		contLines = len(b.cont(2, 2))
	}
	from := 0
	for from < len(b.lines) {
		// Skip blank lines at the top of a page.
		for from < len(b.lines) && b.lines[from].Text == "" && len(pages) > 0 {
			from++
		}
		if from >= len(b.lines) {
			break
		}
		room := per
		if len(pages) > 0 {
			room -= contLines
		}
		to := from
		for to < len(b.lines) && to-from < room {
			if to > from && b.breaks[to] {
				break
			}
			to++
		}
		pages = append(pages, pg{from, to})
		from = to
	}
	total := len(pages)
	pageOf := make([]int, len(b.lines))
	d.layout = nil
	for i, p := range pages {
		var ls []Line
		if i > 0 && b.cont != nil {
			ls = append(ls, b.cont(i+1, total)...)
		}
		ls = append(ls, b.lines[p.from:p.to]...)
		for j := p.from; j < p.to; j++ {
			pageOf[j] = i + 1
		}
		if b.foot != nil {
			ls = append(ls, b.foot(i+1, total)...)
		}
		d.layout = append(d.layout, ls)
	}
	// Lines skipped at page tops belong to the page after them.
	for j := range pageOf {
		if pageOf[j] == 0 {
			pageOf[j] = total
			for k := j + 1; k < len(pageOf); k++ {
				if pageOf[k] != 0 {
					pageOf[j] = pageOf[k]
					break
				}
			}
		}
	}
	d.Dates, d.Treatments = nil, nil
	for _, a := range b.anns {
		if a.date != nil {
			a.date.Page = pageOf[a.line]
			d.Dates = append(d.Dates, *a.date)
		}
		if a.treat != nil {
			a.treat.Page = pageOf[a.line]
			d.Treatments = append(d.Treatments, *a.treat)
		}
	}
	d.Pages = make([]string, len(d.layout))
	for i, ls := range d.layout {
		var sb strings.Builder
		for _, l := range ls {
			sb.WriteString(l.Text)
			sb.WriteByte('\n')
		}
		d.Pages[i] = sb.String()
	}
	d.style = b.st
}
