package dedupe

import (
	"regexp"
	"strings"
	"unicode"
)

// A token is one unit of page text after OCR-tolerant folding. Numbers and
// words are separate tokens even when OCR glued them ("10mg", "January14"),
// so a dropped space does not change the token sequence's content.
type token struct {
	s       string
	numeric bool
	// amb marks single look-alike digits glued to letters ("5throughout",
	// "0ffice", "a1so", "L5"): OCR may have lost a space or misread a
	// letter, so the comparison may read each one either way.
	amb []ambChar
}

// ambChar is one character of token.s that can be read as digit or letter.
type ambChar struct {
	pos           int
	digit, letter byte
}

// digitFold maps letters that OCR confuses with digits to the digit, used
// inside numbers ("2O25", "0l/14").
var digitFold = map[rune]rune{'O': '0', 'o': '0', 'Q': '0', 'l': '1', 'I': '1', '|': '1', '!': '1', 'S': '5', 'B': '8', 'Z': '2'}

// letterFold maps a digit that OCR put inside a word back to the letter it
// stands for ("0ffice", "pat1ent").
var letterFold = map[rune]rune{'0': 'o', '1': 'l', '5': 's', '8': 'b', '2': 'z', '6': 'b', '9': 'g', '4': 'a', '3': 'e', '7': 't'}

// accentFold drops the accents OCR puts on a letter a speck touches
// ("lncréased"); in English records they change no word, and a name
// spelt with one ("Renée") folds alike on both copies.
var accentFold = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'î': 'i', 'ï': 'i',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u',
	'ç': 'c', 'ñ': 'n', 'ý': 'y', 'ÿ': 'y',
}

// units are letter runs that legitimately follow a single digit ("5mg"),
// so the digit there is a number, not a misread letter.
var units = map[string]bool{
	"mg": true, "ml": true, "mcg": true, "cc": true, "cm": true, "mm": true, "kg": true, "lb": true, "lbs": true,
	"x": true, "th": true, "st": true, "nd": true, "rd": true, "am": true, "pm": true, "hr": true, "hrs": true,
	"yo": true, "wk": true, "wks": true, "mo": true, "yr": true, "yrs": true, "min": true, "sec": true, "g": true,
	"iu": true, "u": true, "v": true, "w": true, "d": true, "h": true, "p": true, "c": true, "l": true, "t": true, "s": true,
}

// charClass: 'D' a digit, 'F' a letter OCR confuses with a digit, 'L' any
// other letter, 0 a separator.
func charClass(r rune) byte {
	switch {
	case r >= '0' && r <= '9':
		return 'D'
	case digitFold[r] != 0:
		return 'F'
	case unicode.IsLetter(r):
		return 'L'
	}
	return 0
}

// foldWord lowercases a word and merges the letter shapes OCR swaps most
// (i/l/I/|, rn/m, vv/w), so both copies of a rescanned page read the same.
func foldWord(rs []rune) string {
	w, _ := foldWordAmb(rs, nil)
	return w
}

// foldWordAmb is foldWord that also reports where the characters flagged
// in ambAt (digits read as letters) ended up.
func foldWordAmb(rs []rune, ambAt []bool) (string, []ambChar) {
	var b strings.Builder
	var amb []ambChar
	for i := 0; i < len(rs); i++ {
		orig := rs[i]
		r := unicode.ToLower(orig)
		if d, ok := letterFold[r]; ok {
			r = d
		}
		if d, ok := accentFold[r]; ok {
			r = d
		}
		switch r {
		case 'i', '|', '!', 'í', 'ì':
			r = 'l'
		case 'r':
			if i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'n' {
				r = 'm'
				i++
			}
		case 'v':
			if i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'v' {
				r = 'w'
				i++
			}
		}
		if unicode.IsLetter(r) {
			if ambAt != nil && ambAt[i] && r < 0x80 && orig < 0x80 {
				amb = append(amb, ambChar{pos: b.Len(), digit: byte(orig), letter: byte(r)})
			}
			b.WriteRune(r)
		}
	}
	return b.String(), amb
}

// tokenize splits page text into folded tokens.
func tokenize(text string) []token { return appendTokens(nil, text) }

// appendTokens appends the tokens of text to out: a page's lines go into
// one slice, which a 5,000-page packet otherwise grew and copied line by
// line (a quarter of Find's allocation).
func appendTokens(out []token, text string) []token {
	for _, field := range strings.Fields(text) {
		hasDigit := strings.ContainsAny(field, "0123456789")
		if hasDigit {
			// Tesseract reads a speckled 0 as @ ("3@ days", "P.@01");
			// next to a digit it is that 0, never an address.
			field = strings.ReplaceAll(field, "@", "O")
		}
		rs := []rune(field)
		// Split the field into chunks of letters/digits; other punctuation
		// separates ("01/14/2025" gives three numbers).
		start := -1
		for i := 0; i <= len(rs); i++ {
			if i < len(rs) && charClass(rs[i]) != 0 {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				out = appendChunk(out, rs[start:i], hasDigit)
				start = -1
			}
		}
	}
	return out
}

// appendChunk splits one alphanumeric chunk into number and word tokens.
func appendChunk(out []token, rs []rune, fieldHasDigit bool) []token {
	// Most chunks are short words: their scratch lives on the stack.
	var clsBuf [24]byte
	var numBuf, ambBuf [24]bool
	cls, isNum, ambAt := clsBuf[:0], numBuf[:0], ambBuf[:0]
	if len(rs) > len(clsBuf) {
		cls, isNum, ambAt = make([]byte, 0, len(rs)), make([]bool, 0, len(rs)), make([]bool, 0, len(rs))
	}
	cls, isNum, ambAt = cls[:len(rs)], isNum[:len(rs)], ambAt[:len(rs)]
	allF := true
	for i, r := range rs {
		cls[i] = charClass(r)
		allF = allF && cls[i] == 'F'
	}
	// "l/14/25", "4/S": a chunk of digit look-alikes between the
	// separators of a number is part of that number.
	// A lone "l" or "O" is a misread 1 or 0 as often as not.
	if allF && len(rs) == 1 && !fieldHasDigit {
		w := foldWord(rs)
		return append(out, token{s: w, amb: []ambChar{{pos: 0, digit: byte(digitFold[rs[0]]), letter: w[0]}}})
	}
	if allF && fieldHasDigit {
		var b strings.Builder
		for _, r := range rs {
			b.WriteRune(digitFold[r])
		}
		return append(out, token{s: b.String(), numeric: true})
	}
	// Mark which characters belong to a number: maximal runs of D/F holding
	// at least one real digit, less look-alike letters at their edges that
	// start or end a word.
	for i := 0; i < len(rs); {
		if cls[i] != 'D' && cls[i] != 'F' {
			i++
			continue
		}
		j := i
		for j < len(rs) && (cls[j] == 'D' || cls[j] == 'F') {
			j++
		}
		next := j
		// Foldable letters at the edge of the run that touch a plain word
		// belong to that word ("10lbs": the l starts "lbs").
		for j > i && cls[j-1] == 'F' && j < len(rs) && cls[j] == 'L' {
			j--
		}
		for i < j && cls[i] == 'F' && i > 0 && cls[i-1] == 'L' {
			i++
		}
		digits := 0
		for k := i; k < j; k++ {
			if cls[k] == 'D' {
				digits++
			}
		}
		if digits > 0 {
			num := true
			// One or two look-alike digits touching letters may be
			// letters ("0ffice", "fo11ow") or a number whose space was
			// lost ("5throughout", "January11"): mark them ambiguous, and
			// take them as letters when the word around them is long.
			before, after := letterRun(rs, cls, i, -1), letterRun(rs, cls, j, +1)
			if digits <= 2 && allLookAlike(rs[i:j]) && (before != "" || after != "") {
				for k := i; k < j; k++ {
					ambAt[k] = true
				}
				num = !((len(before) >= 3 && !units[before]) || (len(after) >= 3 && !units[after]) ||
					(len(before) >= 2 && len(after) >= 2))
			}
			if num {
				for k := i; k < j; k++ {
					isNum[k] = true
				}
			}
		}
		i = next
	}
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && isNum[j] == isNum[i] {
			j++
		}
		if isNum[i] {
			var b strings.Builder
			var amb []ambChar
			for k, r := range rs[i:j] {
				letter := letterFold[r]
				if d, ok := digitFold[r]; ok {
					letter = []rune(foldWord([]rune{r}))[0]
					r = d
				}
				if ambAt[i+k] && letter != 0 && letter < 0x80 {
					amb = append(amb, ambChar{pos: b.Len(), digit: byte(r), letter: byte(letter)})
				}
				b.WriteRune(r)
			}
			out = append(out, token{s: b.String(), numeric: true, amb: amb})
		} else if w, amb := foldWordAmb(rs[i:j], ambAt[i:j]); w != "" {
			out = append(out, token{s: w, amb: amb})
		}
		i = j
	}
	return out
}

func allLookAlike(rs []rune) bool {
	for _, r := range rs {
		if !strings.ContainsRune("0125689", r) && charClass(r) != 'F' {
			return false
		}
	}
	return true
}

// letterRun returns the lowercased run of plain letters next to position i
// in direction dir (-1: the run ending before i, +1: the run starting at i).
func letterRun(rs []rune, cls []byte, i, dir int) string {
	if dir < 0 {
		j := i
		for j > 0 && (cls[j-1] == 'L' || cls[j-1] == 'F') {
			j--
		}
		return strings.ToLower(string(rs[j:i]))
	}
	j := i
	for j < len(rs) && (cls[j] == 'L' || cls[j] == 'F') {
		j++
	}
	return strings.ToLower(string(rs[i:j]))
}

// labelledDate finds a record's own date by its label ("Date of Service:
// 01/14/2025", "Exam Date: January 14, 2025"), used when the extractor gave
// no key dates. Dates in prose have no such label.
var labelledDate = regexp.MustCompile(`(?i)\b(date\s+of\s+(service|visit|exam|examination|study|decision|determination|review|report|letter)|dos|(service|visit|exam|study|decision|determination|report|letter)\s+date|date\s+(rfa\s+)?received|date)\s*[:#]?\s*(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{4}-\d{2}-\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{4})`)

// findNear runs re only on windows of text around each occurrence of one of
// the keys (lower case): the regexps are costly over a whole page, and the
// keys are rare.
// lower is asciiLower(text), made once per page by the caller.
func findNear(re *regexp.Regexp, text, lower string, keys ...string) bool {
	for _, k := range keys {
		if eachIndex(lower, k, func(i int) bool {
			return re.MatchString(text[max(0, i-40):min(len(text), i+len(k)+60)])
		}) {
			return true
		}
	}
	return false
}

// eachIndex calls found with each offset of key in s, in order, until it
// returns true, and reports whether one did.
func eachIndex(s, key string, found func(i int) bool) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], key)
		if i < 0 {
			return false
		}
		i += off
		if found(i) {
			return true
		}
		off = i + len(key)
	}
}

// pageMark finds the page number of a document's later pages. OCR glues
// a footer's "Page 2" onto the text before it ("07/27/2024Page 2 of 3"):
// anything but a letter may come before it.
var pageMark = regexp.MustCompile(`(?i)(?:^|[^a-z])page\s*([2-9]|[1-9]\d+)\b`)

// pageOf finds a "Page N of M" mark.
var pageOf = regexp.MustCompile(`(?i)\bpage\s*(\d{1,3})\s*of\s*(\d{1,3})\b`)

// pageOfAt is pageOf where a "page" starts.
var pageOfAt = regexp.MustCompile(`(?i)^page\s*(\d{1,3})\s*of\s*(\d{1,3})\b`)

// pageCounters returns the page's "Page N of M" marks in order, as read.
// lower is asciiLower(text).
func pageCounters(text, lower string) [][2]string {
	var out [][2]string
	eachIndex(lower, "page", func(i int) bool {
		if m := pageOfAt.FindStringSubmatch(text[i:min(len(text), i+24)]); m != nil {
			out = append(out, [2]string{m[1], m[2]})
		}
		return false
	})
	return out
}

// countersDiffer reports whether two pages' page counters say they are
// different pages or pages of documents of different lengths: the same
// number of marks, one of them read differently other than as OCR misreads
// a digit. An amended note one page longer than the original carries the
// original's first pages word for word but "Page 1 of 4" for "Page 1 of 3".
func countersDiffer(a, b [][2]string) bool {
	if len(a) == 0 || len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] && !(lookalikeRun(a[k][0], b[k][0]) && lookalikeRun(a[k][1], b[k][1])) {
			return true
		}
	}
	return false
}

// pageMarks returns N where the page reads "Page 1 of N" (its document's
// first page) and M where it reads "Page M of M" (its last), each 0 when
// it does not. lower is asciiLower(text).
func pageMarks(text, lower string) (first, last int) {
	eachIndex(lower, "page", func(i int) bool {
		m := pageOf.FindStringSubmatch(text[i:min(len(text), i+24)])
		if m == nil {
			return false
		}
		if first == 0 && m[1] == "1" && m[2] != "0" {
			first = atoi(m[2])
		}
		if last == 0 && m[1] == m[2] && m[1] != "0" {
			last = atoi(m[1])
		}
		return first > 0 && last > 0
	})
	return first, last
}

// continuation finds a "continued" mark. In prose the word is common
// ("continued physical therapy"), so only a page's margins are searched.
var continuation = regexp.MustCompile(`(?i)\(?\bcontinued\b|\bcont'?d\b`)

// marginBytes is how much of a page's start and end holds its header and
// footer.
const marginBytes = 300

// asciiLower lower-cases ASCII letters only, so byte offsets into the
// result are offsets into text.
func asciiLower(text string) string {
	lb := []byte(text)
	for i, c := range lb {
		if c >= 'A' && c <= 'Z' {
			lb[i] = c + 'a' - 'A'
		}
	}
	return string(lb)
}

// margins returns the start and end of text, where headers and footers
// print, joined by a line break.
func margins(text string) string {
	if len(text) <= 2*marginBytes {
		return text
	}
	return text[:marginBytes] + "\n" + text[len(text)-marginBytes:]
}

// Protected words carry meaning that one changed word can flip (negation,
// side, direction, severity, UR decision). A protected word on one side of a
// difference must be matched by the same word class, or by an OCR-garbled
// form of it, on the other side.
var protectedClasses = [][]string{
	{"not"}, {"no"}, {"non"}, {"nor"}, {"never"}, {"none"}, {"without"}, {"with"},
	{"negative"}, {"positive"}, {"left", "lt"}, {"right", "rt"}, {"bilateral"},
	{"increase", "increased", "increasing"}, {"decrease", "decreased", "decreasing"},
	{"improved", "improving", "improvement"}, {"worse", "worsened", "worsening"}, {"better"},
	{"normal"}, {"abnormal"}, {"mild"}, {"moderate"}, {"severe"}, {"present"}, {"absent"},
	{"yes"}, {"unchanged"}, {"changed"}, {"before"}, {"after"}, {"upper"}, {"lower"},
	{"acute"}, {"chronic"}, {"continue", "continued"}, {"discontinue", "discontinued", "stop", "stopped"},
	{"approve", "approved", "approval"}, {"deny", "denied", "denial", "denies"},
	{"modify", "modified", "modification"}, {"certify", "certified", "certification"},
	{"noncertify", "noncertified", "noncertification"}, {"delay", "delayed"}, {"defer", "deferred"},
	{"authorize", "authorized", "authorization"}, {"uphold", "upheld"}, {"overturn", "overturned"},
	{"partial", "partially"}, {"full", "fully"},
}

var protected = func() map[string]int {
	m := map[string]int{}
	for c, words := range protectedClasses {
		for _, w := range words {
			m[foldWord([]rune(w))] = c
		}
	}
	return m
}()

// decisionStems are counted as substrings of the folded, space-free text, so
// a split or joined word ("non- certified") still counts. A page and its
// rescan have the same counts; a resubmitted letter with another decision
// does not.
var decisionStems = func() []string {
	var out []string
	for _, s := range []string{"approv", "noncertif", "certif", "denied", "denial", "deny", "modif", "delay", "defer", "authoriz", "uphe", "uphold", "overturn", "partial", "notmedicallynecessary", "medicallynecessary"} {
		out = append(out, foldWord([]rune(s)))
	}
	return out
}()

// stemCounts counts each decision stem in joined, allowing one misread
// character in stems of six letters or more (OCR rarely spares them all).
func stemCounts(joined string) []int {
	c := make([]int, len(decisionStems))
	for i, st := range decisionStems {
		if len(st) < 6 {
			c[i] = strings.Count(joined, st)
			continue
		}
		for k := 0; k+len(st) <= len(joined); k++ {
			miss := 0
			for x := 0; x < len(st) && miss < 2; x++ {
				if joined[k+x] != st[x] {
					miss++
				}
			}
			if miss < 2 {
				c[i]++
				k += len(st) - 1
			}
		}
	}
	return c
}
