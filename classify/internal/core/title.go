package core

import (
	"strings"
	"unicode"
)

// titleWords are words that make a short line at the head of a page read as a
// document heading rather than a letterhead, an address or a label.
var titleWords = []string{
	"report", "review", "determination", "decision", "authorization", "request",
	"note", "notes", "progress", "consultation", "evaluation", "mri", "ct", "x-ray",
	"xray", "radiograph", "radiographs", "ultrasound", "sonogram", "imaging", "scan",
	"statement", "invoice", "billing", "proof", "fax", "facsimile", "transmittal",
	"application", "letter", "notice", "summary", "examination", "soap", "pr-2",
	"certification", "itemization", "cover",
}

// orgWords mark letterhead lines that name an organisation ("Harbor Imaging
// Center", "Pacific Review Services, Inc.").
var orgWords = []string{
	"center", "centre", "inc", "llc", "group", "associates", "clinic", "institute",
	"services", "hospital", "corporation", "corp", "company", "network", "partners",
	"llp", "pc", "ltd", "solutions", "organization", "maximus",
}

// headLines is how far down a page a heading may sit (below letterhead lines).
const headLines = 12

// Title returns the document heading printed at the head of a page, or "".
func Title(text string) string {
	best, bestScore := "", 0.0
	n := 0
	for raw := range strings.SplitSeq(text, "\n") {
		line := strings.Join(strings.Fields(raw), " ")
		if line == "" {
			continue
		}
		if n++; n > headLines {
			break
		}
		s := titleScore(line)
		// Earlier lines win ties: headings come before the body.
		s -= 0.02 * float64(n)
		if s > bestScore {
			best, bestScore = line, s
		}
	}
	if bestScore < 1 {
		return ""
	}
	return strings.TrimRight(best, " :-")
}

func titleScore(line string) float64 {
	if len(line) < 4 || len(line) > 90 {
		return 0
	}
	low := strings.ToLower(line)
	if strings.HasPrefix(low, "re:") || strings.HasPrefix(low, "re ") || strings.HasPrefix(low, "page ") {
		return 0
	}
	// "Label: value" lines are fields, not headings, unless nothing follows.
	if i := strings.Index(line, ":"); i >= 0 && strings.TrimSpace(line[i+1:]) != "" {
		return 0
	}
	words := strings.FieldsFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	if len(words) == 0 || len(words) > 12 {
		return 0
	}
	hits := 0
	for _, w := range words {
		for _, o := range orgWords {
			if w == o {
				return 0 // a letterhead: the organisation, not the document
			}
		}
		for _, t := range titleWords {
			if w == t {
				hits++
				break
			}
		}
	}
	if hits == 0 {
		return 0
	}
	letters, upper, digits := 0, 0, 0
	for _, r := range line {
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case unicode.IsDigit(r):
			digits++
		}
	}
	if letters < 4 || digits > letters/2 {
		return 0
	}
	s := 1 + 0.2*float64(min(hits, 3))
	if float64(upper) >= 0.8*float64(letters) {
		s += 0.3 // set in capitals, as headings are
	}
	if len(words) <= 8 {
		s += 0.2
	}
	return s
}
