package dedupe

import (
	"regexp"
	"strings"
)

// faxCounterNumber is a transmission's page counter after its P, as OCR
// reads it at fax resolution: "003", "@@2", "003/012".
const faxCounterNumber = `[0-9@OoQeGgaDlI|]{2,3}(?:\s*/\s*[0-9@OoQlI]{1,3})?`

// A fax machine prints a transmission line at the top or bottom of every
// page it sends: sender, recipient, a phone number, a clock time, the page
// counter ("JAN-29-2025 10:42 FROM: CVO FAX 5595550111 P.003/012",
// "FROM: (478) 555-5203 TO: IMR RECORDS P.001"). Its time, number and page
// counter change with every transmission, so it is not the record's text:
// a faxed copy of a page must compare equal to the clean copy without it.
//
// The features are written for OCR at fax resolution: 0 read as @, O, o, e
// or G; S as 5 or $; FROM as EROM or PROM; TO as JO; colons as ; or !;
// a parenthesis as a brace or bracket; the counter's point as ",.".
var (
	faxClock   = regexp.MustCompile(`\b[0-9OolI]{1,2}\s?:\s?[0-9OolI]{2}(\s?[AaPp]\.?[Mm]\.?)?\b`)
	faxFromTo  = regexp.MustCompile(`(?:^|[^A-Za-z])(?:[FEP][Rr][Oo0@][Mm]|[TJ][Oo0@])\s*[:;!*]|\b(?:FROM|TO)\b`)
	faxCounter = regexp.MustCompile(`\bP\s*[.:,]{0,2}\s*` + faxCounterNumber + `(?:[^A-Za-z0-9]|$)|(?i:\b(?:page|pg)\.?\s*[0-9@OolI]{1,3}\s*(?:of|/)\s*[0-9@OolI]{1,3}\b)`)
	faxPhone   = regexp.MustCompile(`[({\[]?[0-9OoSl@$]{3}[)}\]]?[\s.:~‘'-]*[0-9OoSl@$]{3}[\s.~-]{1,2}[0-9OoSl@$]{4}\b|\b\d{10}\b`)
	faxWord    = regexp.MustCompile(`(?i)\b(?:fax|faxed|tx|rx|transmission|transmitted|received|sent|job)\b`)
	// faxLoneCounter is a transmission's page counter alone on a line
	// ("P.002", "P,.002").
	faxLoneCounter = regexp.MustCompile(`^\W*P\s*[.:,]{0,2}\s*` + faxCounterNumber + `\W*$`)
)

// TransmissionLine reports whether line is a fax transmission line: the
// ink check (package ink) leaves such lines out too.
func TransmissionLine(line string) bool { return faxLine(line) }

// faxLine reports whether line is a transmission line: at least two
// features, one of them a page counter or FROM/TO, which a record's own
// lines rarely carry. A letterhead's "Phone (916) 555-0142 Fax (916)
// 555-0143" and a "Date of Service: 01/14/2025 10:30" line stay.
func faxLine(line string) bool {
	if len(line) > maxFaxLine || !strings.ContainsAny(line, "0123456789") {
		return false // a paragraph, or no number, time or counter at all
	}
	n, strong := faxFeatures(line)
	return n >= 2 && strong
}

func faxFeatures(line string) (n int, strong bool) {
	for k, re := range []*regexp.Regexp{faxClock, faxCounter, faxFromTo, faxPhone, faxWord} {
		if re.MatchString(line) {
			n++
			strong = strong || k == 1 || k == 2
		}
	}
	return n, strong
}

// maxFaxLine is the longest transmission line in bytes: a fax machine
// prints one short line; a longer one is the record's text.
const maxFaxLine = 200

// faxEdge is how many non-empty lines at the top and at the bottom of a page
// may be transmission lines: OCR may split one header over two lines, and a
// page faxed twice carries two headers.
const faxEdge = 3

// stripFaxHeaders removes fax transmission lines among the first and last
// faxEdge non-empty lines of a page, with the short fragments of a header
// OCR split off next to them ("FROM:" alone on a line).
func stripFaxHeaders(text string) string {
	lines := strings.Split(text, "\n")
	var idx []int
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			idx = append(idx, i)
		}
	}
	edge := func(n int) bool { return n < faxEdge || n >= len(idx)-faxEdge }
	drop := map[int]bool{}
	for n, i := range idx {
		if edge(n) && faxLine(lines[i]) {
			drop[i] = true
		}
	}
	if len(drop) == 0 {
		return text
	}
	for n, i := range idx {
		if drop[i] || !edge(n) || len(strings.Fields(lines[i])) > 3 {
			continue
		}
		near := (n > 0 && drop[idx[n-1]]) || (n+1 < len(idx) && drop[idx[n+1]])
		if f, _ := faxFeatures(lines[i]); near && f > 0 {
			drop[i] = true
		}
		// The header's page counter, printed at the line's far end, OCR
		// may read as a line of its own after everything else on a page
		// that has little text: it is the transmission's wherever it lands
		// among the edge lines.
		if faxLoneCounter.MatchString(lines[i]) {
			drop[i] = true
		}
	}
	var b strings.Builder
	for i, l := range lines {
		if !drop[i] {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
