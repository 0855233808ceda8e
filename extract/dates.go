package extract

import (
	"regexp"
	"strings"
	"time"

	"imrpacket/index"
)

// Date is one date printed on a page.
type Date struct {
	Kind   string // one of index.Date*
	Date   string // YYYY-MM-DD
	Text   string // the label (if any) and the date, as printed
	Offset int    // byte offset of the date in the page text
}

// label is one way records name a date.
type label struct {
	kind string
	re   *regexp.Regexp
	// generic labels ("Date:") only count when they open a field, never mid-sentence.
	generic bool
}

// Labels seen on real records. Matching prefers the label that ends nearest the
// date, then the longest, so "Date RFA Received" beats "Date" and "DOS" inside
// "Date of Service (DOS):" is fine either way.
var labels = []label{
	{kind: index.DateBirth, re: regexp.MustCompile(`(?i)\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)`)},
	{kind: index.DateInjury, re: regexp.MustCompile(`(?i)\b(?:d\.?\s?o\.?\s?i\.?(?:\(s\))?|d\s?/\s?i\b|dates?\s+of\s+(?:industrial\s+|the\s+)?injur(?:y|ies)(?:\s*\(ct\))?|injury\s+dates?|date\s+injured|date\s+of\s+(?:loss|accident)|ct\s+dates?)`)},
	{kind: index.DateRequestReceived, re: regexp.MustCompile(`(?i)\b(?:date\s+(?:of\s+)?(?:the\s+)?(?:rfa\s+|request\s+(?:for\s+authorization\s+)?|referral\s+)?(?:was\s+)?rec(?:ei|ie)ved|(?:rfa|request|referral|authorization)\s+(?:date\s+)?rec(?:ei|ie)ved(?:\s+date)?|rec(?:ei|ie)ved(?:\s+date)?|date\s+of\s+receipt|receipt\s+date|rec'?d|date\s+rec'?d)`)},
	{kind: index.DateDecision, re: regexp.MustCompile(`(?i)\b(?:(?:ur\s+)?decision\s+date|date\s+of\s+(?:the\s+)?(?:ur\s+|utilization\s+review\s+)?(?:decision|determination)|(?:ur\s+)?determination\s+date|date\s+of\s+review|review\s+date|date\s+reviewed|reviewed\s+on|date\s+decided|decision\s+(?:issued|made)(?:\s+on)?)`)},
	{kind: index.DateService, re: regexp.MustCompile(`(?i)\b(?:d\.?\s?o\.?\s?s\.?|dates?(?:\s*\(s\))?\s+of\s+service|service\s+dates?|visit\s+date|date\s+of\s+(?:the\s+)?(?:visit|encounter|evaluation|consultation|report)|encounter\s+date|appointment\s+date|date\s+seen|seen\s+on|evaluation\s+date|report\s+date)`)},
	{kind: index.DateExam, re: regexp.MustCompile(`(?i)\b(?:exam(?:ination)?\s+date|date\s+of\s+(?:the\s+)?(?:exam(?:ination)?|study|procedure|scan|imaging)|study\s+date|procedure\s+date|scan\s+date|date\s+performed|date\s+of\s+(?:mri|ct|x-?ray)|exam\s+performed(?:\s+on)?)`)},
	{kind: index.DateLetter, re: regexp.MustCompile(`(?i)\b(?:date|dated|letter\s+date|date\s+of\s+(?:this\s+)?(?:letter|notice)|date\s+(?:sent|mailed|issued)|mail(?:ed|ing)?\s+date|notice\s+date|date\s+printed|statement\s+date|billing\s+date|invoice\s+date|date\s+of\s+(?:statement|invoice))`), generic: true},
}

// Headings after which dates are clinical history, not the document's own.
var reProseHeading = regexp.MustCompile(`(?i)^\W{0,3}(?:clinical\s+)?(?:rationale|summary|discussion|history|clinical\s+(?:summary|history|information|notes?)|medical\s+records?\s+reviewed|(?:records|documents|information)\s+reviewed|basis\s+for\s+(?:the\s+)?(?:decision|determination|non-?certification)|reasons?\s+for\s+(?:the\s+)?(?:decision|determination)|guidelines?|evidence[-\s]based|history\s+of\s+(?:present\s+)?illness|hpi|past\s+medical\s+history|impression|comparison|findings|interval\s+history|subjective|assessment|analysis|summary\s+of\s+(?:records|medical|clinical))\b`)

// Headings that end a prose section and return to the letter's own facts.
var reProseEnd = regexp.MustCompile(`(?i)^\W{0,3}(?:your\s+rights|independent\s+medical\s+review|imr\b|if\s+you\s+(?:disagree|want|wish)|right\s+to|appeal|proof\s+of\s+service|declaration\s+of\s+service|sincerely|cc:|requested\s+(?:treatment|service|item)|treatment\s+requested|decision\s*:|determination\s*:)`)

var reRangeGap = regexp.MustCompile(`(?i)^[\s\-–—]*(?:-|–|—|to|through|thru)[\s]*$`)

// allowedGap is what may sit between a label and its date: punctuation and a
// verb or preposition ("received on", "DOS: ", "Date of Injury (CT) - ").
var reGap = regexp.MustCompile(`(?i)^[\s:#=.,\-–—)(\]\[|/*]*(?:\((?:mm|dd|yy|yyyy|[/\-.\s])+\)[\s:#=.,\-–—|]*)?(?:(?:on|of|is|was|:|date(?:\(s\))?)[\s:#=.,\-–—|]*)?$`)

func init() {
	// Leftmost-longest, so "dated" is not cut to "date" and "DOS." keeps its dot.
	for _, l := range labels {
		l.re.Longest()
	}
}

// maxLabelReach bounds how far before a date a label is looked for.
const maxLabelReach = 80

// PageDates returns every date on a page with its kind and the text as printed,
// in page order. A future date (after now) is kept with kind other: it cannot be
// one of the document's own dates. Dates in clinical history or rationale prose
// are kind other too.
func PageDates(text string, now time.Time) []Date {
	fs := findDates(text, now)
	if len(fs) == 0 {
		return nil
	}
	lines := splitLines(text)
	prose := proseMask(text, lines)
	out := make([]Date, 0, len(fs))
	prevEnd, prevKind, prevLine := -1, "", -1
	for _, f := range fs {
		li := lineOf(lines, f.start)
		ls := lines[li].start
		segStart := ls
		if prevLine == li && prevEnd > ls {
			segStart = prevEnd
		}
		prefix := text[segStart:f.start]
		kind, lstart := matchLabel(prefix, segStart == ls || segStart == prevEnd)
		textStart := f.start
		if kind != "" {
			textStart = segStart + lstart
		}
		switch {
		case kind != "":
		case prevLine == li && prevKind != "" && reRangeGap.MatchString(prefix):
			// "Dates of Service: 01/02/2025 - 01/09/2025": the range shares the label.
			kind = prevKind
		case strings.TrimSpace(strings.Trim(prefix, ":|#-*")) == "":
			kind = columnLabel(text, lines, li, f.start-ls, now)
			if kind == "" && topOfPage(text, lines, li) && len(strings.TrimSpace(text[ls:lines[li].end])) <= 40 {
				kind = index.DateLetter
			}
		case isLetterLine(text[ls:lines[li].end], f.start-ls) && topOfPage(text, lines, li):
			// "Sacramento, CA  January 14, 2025": a letter's dateline.
			kind = index.DateLetter
		}
		if kind == "" {
			kind = index.DateOther
		}
		// In history or rationale prose only a field that opens its line keeps
		// its kind ("Date of exam: ..." under a note's history); a label inside a
		// sentence ("the DOS 01/02/2025 note") does not.
		if prose[li] && kind != index.DateBirth && kind != index.DateInjury && !(kind != "" && textStart == ls+leadingSpace(text[ls:lines[li].end]) && f.start-ls < 50) {
			kind = index.DateOther
		}
		if f.date.After(now) {
			kind = index.DateOther
		}
		out = append(out, Date{
			Kind:   kind,
			Date:   f.date.Format("2006-01-02"),
			Text:   collapseSpace(text[textStart:f.end]),
			Offset: f.start,
		})
		prevEnd, prevKind, prevLine = f.end, kind, li
		if kind == index.DateOther {
			prevKind = ""
		}
	}
	return out
}

// matchLabel finds the label that governs a date whose line text before it is
// prefix. It returns the kind and where the label starts in prefix.
func matchLabel(prefix string, fieldStart bool) (string, int) {
	if k, i := matchLabelExact(prefix, fieldStart); k != "" {
		return k, i
	}
	// OCR misreads a letter of a label now and then ("Datc of Servlce").
	if r := repairLabelWords(prefix); r != prefix {
		return matchLabelExact(r, fieldStart)
	}
	return "", 0
}

// labelVocab holds the words labels are made of.
var labelVocab = map[string]bool{}

func init() {
	for _, w := range strings.Fields("date dates of service visit encounter evaluation consultation report seen injury injured birth born exam examination study procedure scan imaging performed received receipt request rfa referral authorization decision determination review reviewed decided letter notice sent mailed issued dated printed appointment loss accident the ur utilization") {
		labelVocab[w] = true
	}
}

// ocrSwaps are the single-letter misreads Tesseract makes most.
var ocrSwaps = map[byte][]byte{
	'c': {'e'}, 'e': {'c'}, 'l': {'i'}, 'i': {'l'}, '1': {'i', 'l'}, '0': {'o'}, 'o': {'a', 'e'},
	'5': {'s'}, 't': {'f', 'i'}, 'f': {'t'}, 'h': {'b'}, 'b': {'h'}, 'n': {'u', 'r'}, 'u': {'n'}, 'a': {'o'}, 'r': {'n'},
}

// repairLabelWords fixes one misread letter in words that are one letter away
// from a label word. It keeps every byte offset.
func repairLabelWords(s string) string {
	b := []byte(s)
	changed := false
	for i := 0; i < len(b); {
		if !isAlnum(b[i]) {
			i++
			continue
		}
		j := i
		for j < len(b) && isAlnum(b[j]) {
			j++
		}
		if j-i >= 3 {
			w := []byte(strings.ToLower(string(b[i:j])))
			if !labelVocab[string(w)] {
			outer:
				for k := range w {
					for _, alt := range ocrSwaps[w[k]] {
						orig := w[k]
						w[k] = alt
						if labelVocab[string(w)] {
							copy(b[i:j], w)
							changed = true
							break outer
						}
						w[k] = orig
					}
				}
			}
		}
		i = j
	}
	if !changed {
		return s
	}
	return string(b)
}

func matchLabelExact(prefix string, fieldStart bool) (string, int) {
	off := 0
	if len(prefix) > maxLabelReach {
		off = len(prefix) - maxLabelReach
		// Keep UTF-8 intact.
		for off < len(prefix) && prefix[off]&0xC0 == 0x80 {
			off++
		}
	}
	tail := prefix[off:]
	bestKind, bestStart, bestEnd, bestLen := "", -1, -1, 0
	for _, l := range labels {
		for _, m := range l.re.FindAllStringIndex(tail, -1) {
			if !reGap.MatchString(tail[m[1]:]) {
				continue
			}
			if m[1] < len(tail) && isAlnum(tail[m[1]]) && !strings.ContainsAny(tail[m[1]-1:m[1]], ".") {
				continue // label glued to a longer word: "Dated" vs "Datebook"
			}
			if l.generic && !opensField(tail[:m[0]], fieldStart || off > 0) {
				continue
			}
			n := m[1] - m[0]
			if m[1] > bestEnd || (m[1] == bestEnd && n > bestLen) {
				bestKind, bestStart, bestEnd, bestLen = l.kind, m[0], m[1], n
			}
		}
	}
	if bestKind == "" {
		return "", 0
	}
	return bestKind, off + bestStart
}

// opensField reports whether a generic label preceded by before starts a field:
// at the start of the line, after a column gap, a bar or a tab.
func opensField(before string, lineStart bool) bool {
	t := strings.TrimLeft(before, " ")
	if t == "" {
		return lineStart || len(before) >= 2
	}
	if strings.HasSuffix(before, "  ") || strings.HasSuffix(before, "\t") {
		return true
	}
	tb := strings.TrimRight(before, " \t")
	return strings.HasSuffix(tb, "|") || strings.HasSuffix(tb, ";")
}

// columnLabel reads the label of a date printed alone under a header line:
// "Date of Injury     Claim Number" over "03/04/2023         ADJ123", or a
// table's "DOS  CPT  Description" over rows that each start with a date.
func columnLabel(text string, lines []span, li, col int, now time.Time) string {
	blanks := 0
	for k := li - 1; k >= 0 && k >= li-60; k-- {
		hdr := text[lines[k].start:lines[k].end]
		if strings.TrimSpace(hdr) == "" {
			if blanks++; blanks > 1 {
				return ""
			}
			continue
		}
		if ds := findDates(hdr, now); len(ds) > 0 {
			if rowDateAt(ds, col) {
				continue // an earlier row of the same table
			}
			return ""
		}
		best, bestDist := "", 1<<30
		for _, l := range labels {
			for _, m := range l.re.FindAllStringIndex(hdr, -1) {
				if m[1] < len(hdr) && isAlnum(hdr[m[1]]) {
					continue
				}
				rest := strings.TrimSpace(hdr[m[1]:])
				// A label line on its own ("Date of Service:") or a header cell.
				d := abs(m[0] - col)
				if rest == ":" || rest == "" {
					d = 0
				}
				if l.generic && d > 2 {
					continue
				}
				if d < bestDist || (d == bestDist && best == index.DateLetter) {
					best, bestDist = l.kind, d
				}
			}
		}
		if bestDist <= 12 {
			return best
		}
		return ""
	}
	return ""
}

// rowDateAt reports a date starting near column col of its line.
func rowDateAt(ds []found, col int) bool {
	for _, d := range ds {
		if abs(d.start-col) <= 3 {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

var reLetterLine = regexp.MustCompile(`^[A-Za-z .'-]{2,30},\s*[A-Z]{2}\.?\s+$`)

// isLetterLine reports a dateline: the date after a place name only.
func isLetterLine(line string, col int) bool {
	return reLetterLine.MatchString(line[:col])
}

// topOfPage reports whether line li is among the first lines with text.
func topOfPage(text string, lines []span, li int) bool {
	n := 0
	for k := 0; k < li; k++ {
		if strings.TrimSpace(text[lines[k].start:lines[k].end]) != "" {
			n++
		}
	}
	return n < 12
}

type span struct{ start, end int }

func splitLines(text string) []span {
	var out []span
	s := 0
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			out = append(out, span{s, i})
			s = i + 1
		}
	}
	out = append(out, span{s, len(text)})
	return out
}

func lineOf(lines []span, off int) int {
	lo, hi := 0, len(lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if lines[mid].start <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

var reHeadingColon = regexp.MustCompile(`^[A-Z][A-Za-z /&()'’-]{2,38}:$`)

// isHeading reports a section heading: a short line in capitals, or a few
// words and a colon.
func isHeading(line string) bool {
	if line == "" || len(line) > 50 || len(findDates(line, farFuture)) > 0 {
		return false
	}
	if reHeadingColon.MatchString(line) {
		return true
	}
	letters := 0
	for _, r := range line {
		if r >= 'a' && r <= 'z' {
			return false
		}
		if r >= 'A' && r <= 'Z' {
			letters++
		}
	}
	return letters >= 4
}

// proseMask marks the lines inside a clinical history or rationale section.
func proseMask(text string, lines []span) []bool {
	mask := make([]bool, len(lines))
	in := false
	for i, l := range lines {
		line := strings.TrimSpace(text[l.start:l.end])
		switch {
		case reProseEnd.MatchString(line):
			in = false
		case proseHeading(line):
			in = true
		case isHeading(line):
			in = false
		}
		mask[i] = in
	}
	return mask
}

func leadingSpace(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t"))
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// KeyDate returns a page's primary date as YYYY-MM-DD, or "" when it has none:
// the decision date of a UR letter, else the date of service, else the exam
// date, else the letter date. Never a date of birth or injury, never a future date.
func KeyDate(text string, now time.Time) string {
	return primaryOf(PageDates(text, now), []string{index.DateDecision, index.DateService, index.DateExam, index.DateLetter})
}

func primaryOf(ds []Date, order []string) string {
	for _, k := range order {
		for _, d := range ds {
			if d.Kind == k {
				return d.Date
			}
		}
	}
	return ""
}

// proseHeading reports a heading that opens clinical history or rationale:
// "RATIONALE:", "Clinical Summary", "History of present illness: ...", but
// not a wrapped sentence that happens to start with "guidelines." or "history".
func proseHeading(line string) bool {
	t := strings.TrimSpace(line)
	if !reProseHeading.MatchString(t) {
		return false
	}
	if i := strings.IndexAny(t, ":"); i >= 0 && i < 50 {
		return true
	}
	return len(t) <= 60 && !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, ",")
}
