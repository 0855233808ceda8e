package core

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// titleWords are words that make a short line at the head of a page read as a
// document heading rather than a letterhead, an address or a label.
var titleWords = []string{
	"report", "review", "determination", "decision", "authorization", "request",
	"note", "notes", "progress", "consultation", "evaluation", "mri", "ct", "x-ray",
	"xray", "radiograph", "radiographs", "ultrasound", "sonogram", "imaging", "scan",
	"statement", "invoice", "billing", "proof", "fax", "facsimile", "transmittal",
	"application", "letter", "summary", "examination", "soap", "pr-2",
	"certification", "itemization", "cover", "visit", "follow-up", "physical",
}

// orgWords mark letterhead lines that name an organisation ("Harbor Imaging
// Center", "Pacific Review Services, Inc.").
var orgWords = []string{
	"center", "centre", "inc", "llc", "group", "associates", "institute",
	"services", "hospital", "corporation", "corp", "company", "network", "partners",
	"llp", "pc", "ltd", "solutions", "organization", "maximus",
}

// headLines is how far down a page a heading may sit (below letterhead lines).
const headLines = 12

// canonicalTitles name forms by their official titles: the printed heading of
// a form is often abbreviated or garbled by OCR, and a reviewer knows the form
// by this name.
var canonicalTitles = map[string]bool{
	"rfa": true, "pr2": true, "imr_application": true, "imr_determination": true, "proof_of_service": true,
}

// Title returns the document heading printed at the head of a page, or "".
func Title(text string) string {
	best, bestScore := "", 0.0
	n, prose := 0, 0
	for raw := range strings.SplitSeq(text, "\n") {
		line := strings.Join(strings.Fields(raw), " ")
		if line == "" {
			continue
		}
		if n++; n > headLines {
			break
		}
		if proseLine(line) {
			// Headings come before the body: past two lines of running prose
			// a short capitalised line is a signature block or a label.
			if prose++; prose >= 2 {
				break
			}
		}
		if strings.HasPrefix(line, "[") || strings.Contains(strings.ToLower(line), "continued") {
			continue // a check box; a running header ("... Report (PR-2) (continued)")
		}
		head, tail := trimJunk(dropStrays(line))
		s := titleScore(head, tail)
		// Earlier lines win ties: headings come before the body.
		s -= 0.02 * float64(n)
		if s > bestScore {
			best, bestScore = head, s
		}
	}
	if bestScore < 1 {
		return ""
	}
	return best
}

// proseLine reports whether a line is running text: long and mostly in lower
// case.
func proseLine(line string) bool {
	if len(line) < 60 {
		return false
	}
	lower, letters := 0, 0
	for _, r := range line {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsLower(r) {
				lower++
			}
		}
	}
	return lower*2 > letters
}

// trimJunk strips what OCR leaves around a heading: stray quotes, rules,
// underscores, bullets, dots and colons at either end ("_ DIAGNOSTIC IMAGING
// REPORT.”" is "DIAGNOSTIC IMAGING REPORT"), and a lone lower-case letter or
// two beside a heading set in capitals (speckle read as "i" or "ee"). It
// returns the heading and the punctuation cut from its end, which tells a
// heading from the end of a sentence.
func trimJunk(line string) (head, tail string) {
	s := line
	for {
		before := s
		for s != "" {
			r, n := utf8.DecodeRuneInString(s)
			if keepEnd(r, false, s) {
				break
			}
			s = s[n:]
		}
		for s != "" {
			r, n := utf8.DecodeLastRuneInString(s)
			if keepEnd(r, true, s) {
				break
			}
			tail = s[len(s)-n:] + tail
			s = s[:len(s)-n]
		}
		s = dropSpeckle(s)
		if s == before {
			return s, tail
		}
	}
}

// strayRunes are marks that OCR makes of specks, rules and smudges; a heading
// has no word made only of them (nor of a lone dot or comma: punctuation that
// ends a sentence sits against its last word), nor a lone double quote.
const strayRunes = "_~\"“”„‘’'`«»•·*^°¬.,"

// dropStrays removes words made only of stray marks and unpaired double
// quotes inside a line ("CONFIDENTIAL “FAX" is "CONFIDENTIAL FAX").
func dropStrays(line string) string {
	f := strings.Fields(line)
	out := f[:0]
	for _, w := range f {
		if w == "~" {
			out = append(out, "-") // a dash between two parts, read as a tilde
			continue
		}
		if strings.Trim(w, strayRunes) != "" {
			out = append(out, w)
		}
	}
	// A heading in capitals has no full stop inside; abbreviations ("DR.",
	// "ST.") are short, so a dot after a longer word is a speck.
	if allCaps(out) {
		for i, w := range out[:max(len(out)-1, 0)] {
			if t := strings.TrimRight(w, "."); len(t) < len(w) && utf8.RuneCountInString(t) >= 4 && !strings.Contains(t, ".") {
				out[i] = t
			}
		}
	}
	s := strings.Join(out, " ")
	open := strings.Count(s, "“") + strings.Count(s, "„")
	closing := strings.Count(s, "”")
	plain := strings.Count(s, "\"")
	if open != closing || plain%2 == 1 {
		s = strings.NewReplacer("“", "", "”", "", "„", "", "\"", "").Replace(s)
	}
	return s
}

// keepEnd says whether r may begin (or, atEnd, end) a heading.
func keepEnd(r rune, atEnd bool, s string) bool {
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return true
	}
	// "(PR-2)" and "(DWC Form RFA)" end in a bracket that belongs.
	if atEnd {
		return r == ')' && strings.Contains(s, "(")
	}
	return r == '(' && strings.Contains(s, ")")
}

// dropSpeckle removes a lone lower-case word of one or two letters from either
// end of a line whose other words are set in capitals: speckle that OCR read
// as "i", "a" or "ee" beside a heading.
func dropSpeckle(s string) string {
	f := strings.Fields(s)
	speck := func(w string) bool {
		return utf8.RuneCountInString(w) <= 2 && strings.ToLower(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0
	}
	i, j := 0, len(f)
	if i < j && speck(f[i]) {
		i++
	}
	if i < j-1 && speck(f[j-1]) {
		j--
	}
	if i == 0 && j == len(f) || i >= j || !allCaps(f[i:j]) {
		return s
	}
	return strings.Join(f[i:j], " ")
}

// allCaps reports whether the words have letters and none of them is lower-case.
func allCaps(words []string) bool {
	letters := false
	for _, w := range words {
		for _, r := range w {
			if unicode.IsLower(r) {
				return false
			}
			letters = letters || unicode.IsLetter(r)
		}
	}
	return letters
}

// titleScore rates a trimmed line as a heading; tail is the punctuation that
// was cut from its end.
func titleScore(line, tail string) float64 {
	if len(line) < 3 || len(line) > 90 {
		return 0
	}
	low := strings.ToLower(line)
	if strings.HasPrefix(low, "re:") || strings.HasPrefix(low, "re ") || strings.HasPrefix(low, "page ") ||
		strings.HasPrefix(low, "cc:") {
		return 0 // references, page numbers, copies
	}
	// A line ending in a comma or a full stop is a sentence of the body, unless
	// it is set in capitals: OCR turns specks after a heading into dots.
	if strings.Contains(tail, ",") || strings.Contains(tail, ".") && !allCaps(strings.Fields(line)) {
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
	// A letterhead names an organisation, and such names end in Inc, LLC,
	// Center, Services... ("Statement of Services" is a heading, though).
	last := words[len(words)-1]
	if slices.Contains(orgWords, last) && !(len(words) > 1 && words[len(words)-2] == "of") {
		return 0
	}
	// Headings are set in capitals or title case; body lines are not.
	capWords := 0
	for _, f := range strings.Fields(line) {
		if r, _ := utf8.DecodeRuneInString(f); unicode.IsUpper(r) || !unicode.IsLetter(r) {
			capWords++
		}
	}
	if capWords*10 < len(strings.Fields(line))*6 {
		return 0
	}
	hits := 0
	for _, w := range words {
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
	if letters < 3 || digits > letters/2 {
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
