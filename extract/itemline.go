package extract

import (
	"regexp"
	"strings"
	"unicode"

	"imrpacket/internal/levenshtein"
)

// What OCR does to the lines of a treatment list: specks before the line,
// list markers read as "1.:", "1:", "3-" or ">", one wrong letter in a field
// label ("Setvice Requested:", "Determinatidn:").

var (
	reLeadSpeck = regexp.MustCompile(`^(?:[’‘'"“”.,;:_~|]+\s*)+`)
	// Specks after a heading's colon: "REQUESTED TREATMENT(S): ."
	reColonSpeck = regexp.MustCompile(`:[\s’‘'"“”.,;_~|°*-]+$`)
	// A list marker OCR has bent or glued to the item. The item must then
	// start with a capitalised word, so "1.5 mg" or "3-4 times" is no item.
	reListItemOCR = regexp.MustCompile(`^\s*(?:[-*•·>»]\s?)?(?:\(?\d{1,2}\s?[.):;,]{1,2}|\d{1,2}\s?[-–]|[>»])\s*([A-Z][A-Za-z].*)$`)
)

var (
	// A line giving one more field of the table row above it.
	reRowAttr = regexp.MustCompile(`(?i)^(?:(?:frequency|duration)(?:\s*/\s*(?:frequency|duration))?|quantity|qty|body\s+parts?|cpt|hcpcs|cpt/hcpcs|procedure\s+code|code|units?|dosage|sig)\s*:`)
)

// isTreatHeading reports a heading that opens a list of requested treatments,
// with or without the specks OCR leaves after it.
func isTreatHeading(t string) bool {
	if reTreatHeading.MatchString(t) {
		return true
	}
	h := dropJunkTail(t)
	if h != t && reTreatHeading.MatchString(h) {
		return true
	}
	if p, ok := headingBeforeJunk(t); ok && reTreatHeading.MatchString(p) {
		return true
	}
	return nearHeading(h)
}

// headingBeforeJunk splits "Summary of Determination, : ces ultees ees :"
// into the heading before its comma or colon and the scraps OCR read after
// it: at least one speck, no decision, digit, capital or long word among
// them. A capital starts a field's value ("Requested Service: TENS unit .").
func headingBeforeJunk(t string) (string, bool) {
	i := strings.IndexAny(t, ",:;")
	if i <= 0 {
		return "", false
	}
	rest := t[i+1:]
	if decisionOf(rest) != "" || strings.ContainsAny(rest, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return "", false
	}
	specks := false
	for _, w := range strings.Fields(rest) {
		switch {
		case reSpeckWord.MatchString(w):
			specks = true
		case len(strings.Trim(w, ",.;:'’")) > 6:
			return "", false
		}
	}
	return strings.TrimSpace(t[:i]), specks
}

// treatHeadings are the list headings long enough (17 letters or more)
// that two misread letters still name them ("Summarv af Determination").
var treatHeadings = func() (hs []listHeading) {
	for _, h := range strings.Split("summary of determination|summary of determinations|summary of decision|summary of decisions|"+
		"requested treatments|requested treatment|requested treatments and determinations|"+
		"requested treatment and determination|utilization review determination|utilization review decision", "|") {
		hs = append(hs, listHeading{letters: strings.ReplaceAll(h, " ", ""), words: strings.Count(h, " ") + 1})
	}
	return hs
}()

// listHeading is a heading's letters and its count of words.
type listHeading struct {
	letters string
	words   int
}

// nearHeading reports a line whose letters are at most two edits from a
// list heading's, in no more words (OCR may join two), and that holds
// nothing else: no digit, and no field after a colon ("Requested
// Treatment: PT").
func nearHeading(t string) bool {
	if i := strings.IndexByte(t, ':'); i >= 0 && strings.IndexFunc(t[i+1:], unicode.IsLetter) >= 0 {
		return false
	}
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		if c := t[i] | 0x20; c >= 'a' && c <= 'z' {
			b.WriteByte(c)
		} else if t[i] >= 0x80 || isDigit(t[i]) {
			return false
		}
	}
	l, words := b.String(), wordCount(t)
	for _, h := range treatHeadings {
		if d := len(l) - len(h.letters); d >= -2 && d <= 2 && words <= h.words && levenshtein.Distance(l, h.letters) <= 2 {
			return true
		}
	}
	return false
}

// dropJunkTail cuts the tail OCR leaves after a heading: specks and stray
// letters or digits, at least one speck among them ("Determination 7 : : .",
// "Summary of Determination . a)", "Summary of Determination _ SO,").
func dropJunkTail(t string) string {
	fs := strings.Fields(t)
	n, specks, three := len(fs), false, 0
	for n > 1 {
		w := fs[n-1]
		if reSpeckWord.MatchString(w) {
			specks = true
		} else if w = strings.TrimRight(w, "),.;:"); len(w) > 3 || !isAlnumWord(w) || len(w) == 3 && shortWords[strings.ToLower(w)] {
			break
		} else if len(w) == 3 {
			three++
		}
		n--
	}
	// Without a speck, two scraps at least ("Summary of Determination fe
	// e"), or one of a single letter or digit ("Summary of Determination 7").
	// Scraps of three letters, no word among them, only three or more
	// together ("Summary of Determination eee Mee oes").
	scraps := len(fs) - n
	if three > 0 && scraps < 3 || !specks && scraps < 2 && (scraps != 1 || len(fs[n]) != 1) || n == len(fs) {
		return t
	}
	return strings.TrimRight(strings.Join(fs[:n], " "), ",;.'’_~")
}

// shortWords are words of three letters a heading may go on with: never
// OCR's scraps.
var shortWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("the and for you are was not see per all any its our has may who how why can due one two six ten use set") {
		shortWords[w] = true
	}
}

var reSpeckWord = regexp.MustCompile(`^[,;:.'’‘"“”|_~°*\-–—=]+$`)

func isAlnumWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isAlnum(w[i]) {
			return false
		}
	}
	return true
}

// itemLabelWords are the words of treatment and decision field labels, long
// enough that one wrong letter still names them.
var itemLabelWords = strings.Fields("service services requested request treatment treatments determination decision procedure quantity frequency duration outcome status disputed medication recommendation")

// cleanItemLine drops specks before a line and mends one misread letter in
// the words of its field label, the part before a colon near its start.
func cleanItemLine(t string) string {
	if m := reLeadSpeck.FindString(t); m != "" && len(m) < len(t) {
		t = t[len(m):]
	}
	if m := reColonSpeck.FindStringIndex(t); m != nil {
		t = t[:m[0]+1]
	}
	i := strings.IndexByte(t, ':')
	if i <= 0 || i > 45 {
		return t
	}
	b := []byte(t)
	changed := false
	for s := 0; s < i; {
		if !isLetter(b[s]) {
			s++
			continue
		}
		e := s
		for e < i && isLetter(b[e]) {
			e++
		}
		if w := mendWord(string(b[s:e])); w != "" {
			copy(b[s:e], w)
			changed = true
		}
		s = e
	}
	if !changed {
		return t
	}
	return string(b)
}

// mendWord returns the label word w is one letter away from, in w's case, or
// "" when it is one already or near none.
func mendWord(w string) string {
	if len(w) < 5 {
		return ""
	}
	lw := strings.ToLower(w)
	for _, v := range itemLabelWords {
		if len(v) != len(lw) {
			continue
		}
		diff := -1
		for k := 0; k < len(v); k++ {
			if v[k] != lw[k] {
				if diff >= 0 {
					diff = -2
					break
				}
				diff = k
			}
		}
		if diff == -1 {
			return "" // already a label word
		}
		if diff >= 0 {
			out := []byte(w)
			c := v[diff]
			// In a word in capitals the mended letter is a capital too.
			if w[diff] >= 'A' && w[diff] <= 'Z' || w[len(w)-1-boolInt(diff == len(w)-1)] <= 'Z' {
				c -= 'a' - 'A'
			}
			out[diff] = c
			return string(out)
		}
	}
	return ""
}

// listItem returns the item of a list line, or "".
func listItem(t string) string {
	if m := reListItem.FindStringSubmatch(t); m != nil {
		// A bullet before a number: "* 4. Lumbar support brace".
		if n := reListItemOCR.FindStringSubmatch(m[1]); n != nil {
			return n[1]
		}
		return m[1]
	}
	if m := reListItemOCR.FindStringSubmatch(t); m != nil {
		return m[1]
	}
	return ""
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var reProseStart = regexp.MustCompile(`^(?:[a-z]|(?:The|There|This|These|That|It|Per|According|We|Our|In|However|Therefore)\s)`)

// proseLine reports a line of prose behind a dash OCR read as a bullet:
// "- the chronic phase. There is no documentation of ...".
func proseLine(s string) bool {
	return reProseStart.MatchString(s) && wordCount(s) >= 6 || reSentenceTurn.MatchString(s)
}
