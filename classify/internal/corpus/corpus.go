package corpus

import (
	"strings"
	"time"

	"imrpacket/extract"
	"imrpacket/mtsamples"
)

// now is the fixed "today" key dates are read against (future dates are not
// key dates), so training is reproducible; it lies after every generated date.
var now = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// KeyDates reads each page's key date as the pipeline does (extract.KeyDate), so
// the boundary model learns from the same, imperfect, signal it will get.
func KeyDates(pages []string) []string {
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = KeyDate(p)
	}
	return out
}

// KeyDate is one page's key date.
func KeyDate(text string) string { return extract.KeyDate(text, now) }

// Doc is one labelled document as a run of page texts.
type Doc struct {
	ID      string
	Type    string
	Subtype string // "" when the source cannot tell (MTSamples)
	Title   string
	Pages   []string
	// KeyDates holds, per page, the primary date printed on it ("" if none), as
	// the extractor would give it to the classifier.
	KeyDates []string
	// Source is "synth" or "mtsamples".
	Source string
}

// Page geometry of a letter-size page in 11-point type, used to paginate
// MTSamples text the way a printed record breaks.
const (
	lineWidth    = 95
	linesPerPage = 50
)

// Paginate wraps text at a printed line width and breaks it into pages.
func Paginate(text string) []string {
	var lines []string
	for para := range strings.SplitSeq(strings.ReplaceAll(text, "\r", ""), "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		cur := ""
		for _, w := range words {
			if cur != "" && len(cur)+1+len(w) > lineWidth {
				lines = append(lines, cur)
				cur = w
				continue
			}
			if cur != "" {
				cur += " "
			}
			cur += w
		}
		lines = append(lines, cur)
	}
	var pages []string
	for i := 0; i < len(lines); i += linesPerPage {
		p := strings.TrimSpace(strings.Join(lines[i:min(i+linesPerPage, len(lines))], "\n"))
		if p != "" {
			pages = append(pages, p)
		}
	}
	return pages
}

// MTSamplesDocs turns corpus texts of one side of the split into documents
// labelled with their coarse class.
func MTSamplesDocs(samples []mtsamples.Sample, split mtsamples.Split) []Doc {
	var docs []Doc
	for _, s := range mtsamples.Filter(samples, split, "") {
		pages := Paginate(s.Text)
		if len(pages) == 0 {
			continue
		}
		docs = append(docs, Doc{ID: "mts-" + s.ID, Type: s.Class, Pages: pages, KeyDates: KeyDates(pages), Source: "mtsamples"})
	}
	return docs
}
