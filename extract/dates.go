package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"imrpacket/index"
)

// Date is one date printed on a page.
type Date struct {
	Kind   string // one of index.Date*
	Date   string // YYYY-MM-DD
	Text   string // the label (if any) and the date, as printed
	Offset int    // byte offset of the date in the page text
	// Field is set when the date fills a field ("Something: 01/14/2025") whose
	// label was not recognised: such a date is some fact of the form, never a
	// safe guess for the document's own date.
	Field bool
	// Signed is set on the date of a signature block: when the document was
	// signed, not when the visit or exam took place.
	Signed bool
	// Row is set on an unlabelled date that starts a row of a table, whose
	// header OCR lost: followed on its line by a code or an amount, or one of
	// a column of dates.
	Row bool
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
	{kind: index.DateBirth, re: ocrLabel(`(?i)\b(?:d\.?\s?[o0]\.?\s?[b8]\.?|date\s+of\s+b[il1|]r[t1l]h|b[il1|]r[t1l]h\s*date|born(?:\s+on)?)`)},
	{kind: index.DateInjury, re: ocrLabel(`(?i)\b(?:d\.?\s?[o0]\.?\s?[i1l|]\.?(?:\(s\))?|(?-i:D\.?\s?[O0]\.?\s?T\.?)|d\s?/\s?[il1|]\b|(?-i:D\s?/\s?T\b)|(?-i:D(?:[fi]?/|i)[IlT1|]\b)|(?-i:DI[L1T]\b)|dates?\s+of\s+(?:industrial\s+|the\s+)?injur(?:y|ies)(?:\s*\(ct\))?|injury(?:\s+|:)dates?|date\s+injured|date\s+of\s+(?:loss|accident)|ct\s+dates?)`)},
	{kind: index.DateRequestReceived, re: ocrLabel(`(?i)\b(?:date\s+(?:of\s+)?(?:the\s+)?(?:rfa\s+|request\s+(?:for\s+authorization\s+)?|referral\s+)?(?:was\s+)?rec(?:ei|ie)ved|(?:rfa|request|referral|authorization)\s+(?:date\s+)?rec(?:ei|ie)ved(?:\s+date)?|rec(?:ei|ie)ved(?:\s+date)?|date\s+of\s+receipt|receipt\s+date|rec'?d|date\s+rec'?d)`)},
	{kind: index.DateDecision, re: ocrLabel(`(?i)\b(?:(?:ur\s+)?decision\s+date|date\s+of\s+(?:the\s+)?(?:ur\s+|utilization\s+review\s+)?(?:decision|determination)|(?:ur\s+)?determination\s+date|date\s+of\s+review|review\s+date|date\s+reviewed|reviewed\s+on|date\s+decided|decision\s+(?:issued|made)(?:\s+on)?)`)},
	{kind: index.DateService, re: ocrLabel(`(?i)\b(?:d\.?\s?o\.?\s?s\.?|dates?(?:\s*\(s\))?\s+of\s+service|service\s+dates?|visit\s+date|date\s+of\s+(?:the\s+)?(?:visit|encounter|evaluation|consultation|report)|encounter\s+date|appointment\s+date|date\s+seen|seen\s+on|evaluation\s+date|report\s+date)`)},
	{kind: index.DateExam, re: ocrLabel(`(?i)\b(?:exam(?:ination)?\s+date|date\s+of\s+(?:the\s+)?(?:exam(?:ination)?|study|procedure|scan|imaging)|study\s+date|procedure\s+date|scan\s+date|date\s+performed|date\s+of\s+(?:mri|ct|x-?ray)|exam\s+performed(?:\s+on)?)`)},
	{kind: index.DateLetter, re: regexp.MustCompile(`(?i)\b(?:date|dated|letter\s+date|date\s+of\s+(?:this\s+)?(?:letter|notice)|date\s+(?:sent|mailed|issued)|mail(?:ed|ing)?\s+date|notice\s+date|date\s+printed|statement\s+date|billing\s+date|invoice\s+date|date\s+of\s+(?:statement|invoice))`), generic: true},
}

// ocrLabel compiles a label pattern that also matches what OCR makes of
// it: stray punctuation where the spaces around "of" are ("Date of: Injury",
// "Date of, Injury", "Date of-Injury", "Date’ of Exam": up to six blanks,
// as blankStrays turns each byte of a non-ASCII mark into a space) and
// misread letters (labelMisreads), seen on noisy scans and faxes of the dev
// sets.
func ocrLabel(src string) *regexp.Regexp {
	src = strings.ReplaceAll(src, `\s+of\s+`, `[^\pL\pN\n]{1,6}of[^\pL\pN\n]{1,6}`)
	return regexp.MustCompile(labelMisreads.Replace(src))
}

// labelMisreads are the letters of label words Tesseract reads as others on
// noisy pages: m as rn or nn ("Exarn Date", "Exam Perforrned"), t as l
// ("DALE OF Visit"), the a of exam as d ("Exdm Date"). On a fax, m's three
// strokes also come apart as two or three narrow letters ("Exaiit Date",
// "exain", "exanr", "Exaim", "perforined", "perfornied" in the dev sets).
// Only the specific labels (not the generic "Date:", which would then take
// "Dale" for a label) get them. The repair of one misread letter
// (repairLabelWords) cannot: it keeps byte offsets, and rn for m changes them.
var labelMisreads = strings.NewReplacer(
	`date`, `da[tl]e`,
	`exam`, `ex[ad]`+mMisread,
	`performed`, `perfo(?:r`+mMisread+`|nn)ed`,
)

// mMisread is an m as Tesseract reads it off a noisy page.
const mMisread = `(?:m|rn|nn|in|ni|nr|im|iit|iii|rri)`

// Headings after which dates are clinical history, not the document's own.
var reProseHeading = regexp.MustCompile(`(?i)^\W{0,3}(?:clinical\s+)?(?:rationale|summary|discussion|history|clinical\s+(?:summary|history|information|notes?)|medical\s+records?\s+reviewed|(?:records|documents|information)\s+reviewed|basis\s+for\s+(?:the\s+)?(?:decision|determination|non-?certification)|reasons?\s+for\s+(?:the\s+)?(?:decision|determination)|guidelines?|evidence[-\s]based|history\s+of\s+(?:present\s+)?illness|hpi|past\s+medical\s+history|impression|comparison|findings|interval\s+history|subjective|assessment|analysis|summary\s+of\s+(?:records|medical|clinical))\b`)

// Headings that end a prose section and return to the letter's own facts.
var reProseEnd = regexp.MustCompile(`(?i)^\W{0,3}(?:your\s+rights|independent\s+medical\s+review|imr\b|if\s+you\s+(?:disagree|want|wish)|right\s+to|appeal|proof\s+of\s+service|declaration\s+of\s+service|sincerely|cc:|requested\s+(?:treatment|service|item)|treatment\s+requested|decision\s*:|determination\s*:)`)

var reRangeGap = regexp.MustCompile(`(?i)^[\s\-–—]*(?:-|–|—|to|through|thru)[\s]*$`)

// allowedGap is what may sit between a label and its date: punctuation and a
// verb or preposition ("received on", "DOS: ", "Date of Injury (CT) - "),
// and a format hint however OCR read it ("(MM/DD/Y-YYY)", "(MM/RDIYYYY);").
// An apostrophe is a speck OCR read between a colon and the date ("exam:'9/29/19").
// A label's own abbreviation may sit in the gap too, however OCR read it:
// "Date of Injury (DOD: 08/06/2023)".
var reGap = regexp.MustCompile(`(?i)^[\s:;#=.,\-–—)(\]\[|/*_'"]*(?:\([mdyril1|/\-.\s]{4,14}\)[\s:;#=.,\-–—|'"]*)?(?:\(\s?[a-z0-9./]{2,6}\s?[)\]}|:;.,\s]+)?(?:(?:on|of|is|was|:|date(?:\(s\))?)[\s:#=.,\-–—|]*)?$`)

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
	text = cleanText(text)
	fs := findDatesLabelled(text, now)
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
		if f.labelled && (kind == "" || kind == index.DateLetter) {
			continue
		}
		textStart := f.start
		if kind != "" {
			textStart = segStart + lstart
		}
		row := false
		switch {
		case kind != "":
		case prevLine == li && prevKind != "" && reRangeGap.MatchString(prefix):
			// "Dates of Service: 01/02/2025 - 01/09/2025": the range shares the label.
			kind = prevKind
		case reSpecks.MatchString(prefix):
			kind = columnLabel(text, lines, li, f.start-ls, now)
			row = kind == "" && tableRowDate(text, lines, li, f, now)
			if kind == "" && !row && topOfPage(text, lines, li) && len(strings.TrimSpace(text[ls:lines[li].end])) <= 40 {
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
		// sentence ("the DOS 01/02/2025 note") does not, nor one a wrapped
		// sentence put at a line's start: a field has its colon ("The patient
		// was / seen on 10/30/07.").
		if prose[li] && kind != index.DateBirth && kind != index.DateInjury &&
			!(textStart == ls+leadingSpace(text[ls:lines[li].end]) && f.start-ls < 50 && strings.Contains(text[textStart:f.start], ":")) {
			kind = index.DateOther
		}
		// Only a visit: a letter says in a sentence when the request was
		// received or reviewed, and those dates are its own.
		if kind == index.DateService && inSentence(text[ls:textStart], text[textStart:f.start]) {
			kind = index.DateOther
		}
		if f.pivoted && kind != index.DateOther && kind != index.DateBirth {
			// "Study Date: 2/28/28" is 2/28/20 with its 0 misread: a record
			// is not a century old, and the pivot only sends a year back
			// because the year as read would be in the future.
			if y := f.date.Year(); zeroMisread(byte('0' + y%10)) {
				if t := f.date.AddDate(100-y%10, 0, 0); !t.After(now) && t.Day() == f.date.Day() {
					f.date = t
				}
			}
		}
		if f.date.After(now) {
			kind = index.DateOther
		}
		// An electronic signature's date has no label; it still says when
		// the report was signed.
		signed := kind == index.DateLetter && reSigned.MatchString(text[ls:f.start]) ||
			kind == index.DateOther && !f.date.After(now) && reSignedOn.MatchString(text[ls:f.start])
		out = append(out, Date{
			Kind:   kind,
			Date:   f.date.Format("2006-01-02"),
			Text:   collapseSpace(text[textStart:f.end]),
			Offset: f.start,
			Field:  kind == index.DateOther && reFieldEnd.MatchString(text[ls:f.start]),
			Signed: signed,
			Row:    row && kind == index.DateOther,
		})
		prevEnd, prevKind, prevLine = f.end, kind, li
		if kind == index.DateOther {
			prevKind = ""
		}
	}
	return repairRowDates(text, lines, out, now)
}

var (
	// What follows a date in a row of charges: a procedure code or an amount.
	reRowRest = regexp.MustCompile(`^[^A-Za-z]{0,12}(?:\d{5}\b|\$\s?\d)|^\s+[A-Z]?\d{4,5}\b.*\$\s?\d`)
	reSpecks  = regexp.MustCompile(`^[\s.,'’‘"“”*°:;|#~\-–—_]*$`)
)

// tableRowDate reports a date that starts a table row: a code or an amount
// follows it on its line, or it stands alone on its line next to another
// line holding only a date (a column of dates read apart from its table).
func tableRowDate(text string, lines []span, li int, f found, now time.Time) bool {
	if reRowRest.MatchString(text[f.end:lines[li].end]) {
		return true
	}
	if !loneDate(text, lines[li], now) {
		return false
	}
	for _, step := range []int{-1, 1} {
		for k, n := li+step, 0; k >= 0 && k < len(lines) && n < 2; k += step {
			if strings.TrimSpace(text[lines[k].start:lines[k].end]) == "" {
				n++
				continue
			}
			if loneDate(text, lines[k], now) {
				return true
			}
			break
		}
	}
	return false
}

// loneDate reports a line holding one date and specks only.
func loneDate(text string, l span, now time.Time) bool {
	line := text[l.start:l.end]
	ds := findDates(line, now)
	return len(ds) == 1 && reSpecks.MatchString(line[:ds[0].start]) && reSpecks.MatchString(line[ds[0].end:])
}

// matchLabel finds the label that governs a date whose line text before it is
// prefix. It returns the kind and where the label starts in prefix.
func matchLabel(prefix string, fieldStart bool) (string, int) {
	folded, at := foldAccents(prefix)
	folded = blankStrays(folded)
	if k, i := matchLabelExact(folded, fieldStart); k != "" {
		return k, at(i)
	}
	// OCR misreads a letter of a label now and then ("Datc of Servlce").
	if r := repairLabelWords(folded); r != folded {
		k, i := matchLabelExact(r, fieldStart)
		return k, at(i)
	}
	return "", 0
}

// accentFold maps the accented letters OCR puts in plain English words
// ("Daté of Injury") to the letters meant.
var accentFold = map[rune]byte{
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'É': 'E', 'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ç': 'c', 'ñ': 'n',
}

// foldAccents replaces accented letters by plain ones and returns, with the
// new text, a function mapping its byte offsets back to s's.
func foldAccents(s string) (string, func(int) int) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s, func(i int) int { return i }
	}
	var b strings.Builder
	var pos []int
	for i, r := range s {
		if c, ok := accentFold[r]; ok {
			b.WriteByte(c)
			pos = append(pos, i)
			continue
		}
		n := utf8.RuneLen(r)
		if r == utf8.RuneError {
			n = 1
		}
		for k := 0; k < n; k++ {
			b.WriteByte(s[i+k])
			pos = append(pos, i+k)
		}
	}
	return b.String(), func(i int) int {
		if i >= len(pos) {
			return len(s)
		}
		return pos[i]
	}
}

// blankStrays turns into spaces what scans and forms put around label words:
// a form's underscores, curly quotes and other non-ASCII specks, and a dot or
// comma OCR hangs on the front of a word or glues words with ("_Date .of
// Injury", "Date.of Birth"). A dot inside an abbreviation ("D.O.I.") stays.
// Byte offsets do not change.
func blankStrays(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		stray := c == '_' || c >= 0x80
		if !stray && (c == '.' || c == ',' || c == '\'' || c == '`' || c == '-') && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') && i+1 < len(s) && isAlnum(s[i+1]) {
			stray = true
		}
		if !stray && (c == '.' || c == '-') && runBefore(s, i) >= 2 && runAfter(s, i) >= 2 {
			stray = true // "Date.of Birth", "Date-of Injury"; "D.O.I." keeps its dots
		}
		if !stray && c == '.' && i+2 < len(s) && s[i+1] == ' ' && labelWordAt(s, i-runBefore(s, i), i) && labelWordAt(s, i+2, i+2+runAfter(s, i+1)) {
			stray = true // "Date of. Injury"
		}
		if stray {
			if b == nil {
				b = []byte(s)
			}
			b[i] = ' '
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// labelWordAt reports whether s[i:j] is a word labels are made of.
func labelWordAt(s string, i, j int) bool {
	return j-i >= 2 && labelVocab[strings.ToLower(s[i:j])]
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// runBefore and runAfter count the letters touching s[i] on each side.
func runBefore(s string, i int) int {
	n := 0
	for j := i - 1; j >= 0 && isLetter(s[j]); j-- {
		n++
	}
	return n
}

func runAfter(s string, i int) int {
	n := 0
	for j := i + 1; j < len(s) && isLetter(s[j]); j++ {
		n++
	}
	return n
}

// labelVocab holds the words labels are made of; labelWords lists them in order.
var (
	labelVocab = map[string]bool{}
	labelWords []string
)

func init() {
	for _, w := range strings.Fields("date dates of service visit encounter evaluation consultation report seen injury injured birth born exam examination study procedure scan imaging performed received receipt request rfa referral authorization decision determination review reviewed decided letter notice sent mailed issued dated printed appointment loss accident the ur utilization") {
		labelVocab[w] = true
		labelWords = append(labelWords, w)
	}
}

// ocrSwaps are the single-letter misreads Tesseract makes most; a fax's t
// may lose its bar and come out as i ("Received Daie").
var ocrSwaps = map[byte][]byte{
	'c': {'e'}, 'e': {'c'}, 'l': {'i'}, 'i': {'l', 't'}, '1': {'i', 'l'}, '0': {'o'}, 'o': {'a', 'e'},
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
				// A long word is itself still with any one letter wrong:
				// "Servite", "EXAMENATION".
				if !labelVocab[strings.ToLower(string(b[i:j]))] {
					if v := oneLetterFrom(string(w)); v != "" {
						copy(b[i:j], v)
						changed = true
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

// oneLetterFrom returns the label word of six letters or more that w differs
// from in exactly one letter, or "".
func oneLetterFrom(w string) string { return oneLetterFromList(w, labelWords) }

// oneLetterFromList returns the word of six letters or more in vocab that w
// differs from in exactly one letter, or "".
func oneLetterFromList(w string, vocab []string) string {
	if len(w) < 6 {
		return ""
	}
	for _, v := range vocab {
		if len(v) != len(w) {
			continue
		}
		diff := 0
		for k := 0; k < len(v) && diff < 2; k++ {
			if v[k] != w[k] {
				diff++
			}
		}
		if diff == 1 {
			return v
		}
	}
	return ""
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
			if l.generic && !opensField(tail[:m[0]], fieldStart || off > 0) && !(reSigned.MatchString(tail[:m[0]]) && strings.HasPrefix(strings.TrimSpace(tail[m[1]:]), ":")) {
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

// reFieldEnd is a field's label just before its value: "Date of Binh (MM/DD/YYYY): ".
var reFieldEnd = regexp.MustCompile(`[A-Za-z)][\s.]*:[\s_.]*$`)

// reSigned is a signature block, whose "Date:" is the date it was signed even
// when OCR has closed the gap before it.
var reSigned = regexp.MustCompile(`(?i)\b(?:signature|signed)\b|/s/`)

// reSignedOn is the unlabelled date of an electronic signature: "Electronically
// signed by Jane Roe, MD on 05/04/2020", "Electronically signed 05/04/2020".
var reSignedOn = regexp.MustCompile(`(?i)\bsigned\s*(?:by\b[^\n]{0,60}?\bon\b)?[\s:.,;\-]*$`)

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

// textCleaner turns what PDF text layers and OCR put in place of plain spaces
// and newlines into them, byte for byte, so offsets into the cleaned text are
// offsets into the original.
var textCleaner = strings.NewReplacer("\r\n", " \n", "\r", "\n", "\f", "\n", "\v", "\n", "\u00a0", "  ", "\u2007", "   ", "\u202f", "   ", "\u2009", "   ", "\u2002", "   ", "\u2003", "   ")

func cleanText(s string) string {
	if strings.IndexFunc(s, func(r rune) bool {
		return r == '\r' || r == '\f' || r == '\v' || r == 0xa0 || r >= 0x2000 && r <= 0x202f
	}) < 0 {
		return s
	}
	return textCleaner.Replace(s)
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// KeyDate returns a page's primary date as YYYY-MM-DD, or "" when it has none:
// the decision date of a UR letter, else the date of service, else the exam
// date, else the letter date. Never a date of birth or injury, never a future date.
func KeyDate(text string, now time.Time) string {
	return KeyDateOf(PageDates(text, now))
}

// KeyDateOf is KeyDate for dates PageDates already found on a page, for
// callers that need both and should not read the page twice.
func KeyDateOf(ds []Date) string {
	// A signature's date says when a page was signed, which is seldom the
	// day of the record it closes.
	own := ds[:0:0]
	for _, d := range ds {
		if !d.Signed {
			own = append(own, d)
		}
	}
	return primaryOf(own, []string{index.DateDecision, index.DateService, index.DateExam, index.DateLetter})
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

// proseHeadWords open the headings of history and rationale sections.
var proseHeadWords = strings.Fields("rationale summary discussion history clinical medical records documents information basis reasons guidelines evidence impression comparison findings interval subjective assessment analysis")

// upperLine reports a line written in capitals.
func upperLine(t string) bool {
	letters := 0
	for i := 0; i < len(t); i++ {
		if t[i] >= 'a' && t[i] <= 'z' {
			return false
		}
		if t[i] >= 'A' && t[i] <= 'Z' {
			letters++
		}
	}
	return letters >= 4
}

var reSpeckTail = regexp.MustCompile(`\s+[.,;:'’"|_~°*\-]+$`)

// proseHeading reports a heading that opens clinical history or rationale:
// "RATIONALE:", "Clinical Summary", "History of present illness: ...", but
// not a wrapped sentence that happens to start with "guidelines." or "history".
func proseHeading(line string) bool {
	// OCR's specks after a heading are no sentence's end: "Basis for Determination .".
	t := reSpeckTail.ReplaceAllString(strings.TrimSpace(line), "")
	if upperLine(t) {
		t = strings.TrimRight(t, ".") // "RATIONALE FOR DECISION."
	}
	// A heading starts with a capital: "guidelines ." is a wrapped
	// sentence's last word.
	if firstLetterLower(t) {
		return false
	}
	if !reProseHeading.MatchString(t) {
		// One letter misread in its first word or, after "Clinical", its
		// second: "RATEONALE", "Clinlcal Summary", "Clinical Rationdle".
		i := strings.IndexFunc(t, func(r rune) bool { return r < 0x80 && isLetter(byte(r)) })
		if i < 0 {
			return false
		}
		j := letterRun(t, i)
		v := oneLetterFromList(strings.ToLower(t[i:j]), proseHeadWords)
		switch {
		case v != "" && reProseHeading.MatchString(v+t[j:]):
			t = v + t[j:]
		case strings.EqualFold(t[i:j], "clinical"):
			k := j + len(t[j:]) - len(strings.TrimLeft(t[j:], " \t"))
			e := letterRun(t, k)
			w := oneLetterFromList(strings.ToLower(t[k:e]), proseHeadWords)
			if k == j || w == "" || !reProseHeading.MatchString("clinical "+w+t[e:]) {
				return false
			}
			t = "clinical " + w + t[e:]
		default:
			return false
		}
	}
	if i := strings.IndexAny(t, ":"); i >= 0 && i < 50 {
		return true
	}
	return len(t) <= 60 && !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, ",")
}

// reSentenceTail is a lowercase word ending the text before a label: the
// label is words of a sentence.
var reSentenceTail = regexp.MustCompile(`(?:^|[^\pL])\p{Ll}{3,}\s+$`)

// inSentence reports a label that is words of a sentence, not a field: "The
// patient was seen on 10/30/07." in a note's history, found outside any
// history heading. A field's label has a capital or a colon ("Patient: Ana
// Ruiz  Date seen: ..."), and OCR junk before it is short scraps.
func inSentence(before, label string) bool {
	if strings.Contains(label, ":") || strings.IndexFunc(label, unicode.IsUpper) >= 0 {
		return false
	}
	return reSentenceTail.MatchString(before)
}

// firstLetterLower reports whether the first letter of s is lowercase.
func firstLetterLower(s string) bool {
	i := strings.IndexFunc(s, unicode.IsLetter)
	if i < 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLower(r)
}

// letterRun returns the end of the run of ASCII letters starting at i.
func letterRun(s string, i int) int {
	for i < len(s) && isLetter(s[i]) {
		i++
	}
	return i
}
