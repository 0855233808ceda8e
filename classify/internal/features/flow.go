package features

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pages of a record are cut by the printer, not by the writer: a page that
// opens in the middle of a sentence continues the page before it, and a page
// whose last line stops mid-sentence is continued by the next. These cues
// hold for continuation pages that print no running header and no page
// number, which the words on a page alone do not tell from a new document.

// flowLines is how many lines at either end of a page are read past the
// marks that printers, faxes and running headers add there.
const flowLines = 4

// OpensMidSentence reports whether the page's first line of body text begins
// in lower case ("were still not under good control..."), after a fax header,
// a running header or a page number.
func OpensMidSentence(text string) bool {
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if n++; n > flowLines {
			return false
		}
		if pageFurniture(line) {
			continue
		}
		r := firstLetter(line)
		return r != 0 && unicode.IsLower(r)
	}
	return false
}

// EndsMidSentence reports whether the page's last line of body text stops
// without closing punctuation and runs to the right margin, or ends in a
// comma, a hyphen or a joining word: the sentence goes on overleaf. Short
// last lines (a signature, a name and degree) do not count.
func EndsMidSentence(text string) bool {
	seen := 0
	for rest := text; rest != ""; {
		// Walk up from the last line without splitting the whole page.
		var line string
		if i := strings.LastIndexByte(rest, '\n'); i >= 0 {
			rest, line = rest[:i], rest[i+1:]
		} else {
			rest, line = "", rest
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if seen++; seen > flowLines {
			return false
		}
		if pageFurniture(line) {
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(line)
		switch {
		case last == ',' || last == '-' && !strings.HasSuffix(line, " -"):
			return true
		case !unicode.IsLetter(last):
			return false
		}
		if joiningWord(line) {
			return true
		}
		// A line that stops short of the margin ended its paragraph.
		return len(line) >= 60
	}
	return false
}

// pageFurniture is a line printed on every page rather than written: a page
// number, a fax header, a running header ("... (continued)").
func pageFurniture(line string) bool {
	low := strings.ToLower(line)
	if _, _, ok := PageOf(low); ok && len(low) < 24 {
		return true
	}
	if strings.Contains(low, "continued") {
		return true
	}
	// Fax headers: "FROM: (413) 555-3455 TO: IMR RECORDS P.001".
	if strings.Contains(low, "from") && strings.Contains(low, "to") && digits(low) >= 7 {
		return true
	}
	return digits(low) > 0 && letters(low) == 0
}

func firstLetter(s string) rune {
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			return r
		case unicode.IsDigit(r):
			return 0 // "3. Lumbar strain": a list item, no clue either way
		}
	}
	return 0
}

// joiningWords cannot end a sentence.
var joiningWords = map[string]bool{
	"the": true, "a": true, "an": true, "and": true, "or": true, "of": true, "to": true,
	"with": true, "in": true, "on": true, "for": true, "was": true, "were": true,
	"is": true, "are": true, "by": true, "at": true, "from": true, "that": true,
	"which": true, "his": true, "her": true, "their": true, "as": true, "but": true,
}

func joiningWord(line string) bool {
	i := strings.LastIndexFunc(line, func(r rune) bool { return !unicode.IsLetter(r) })
	return joiningWords[strings.ToLower(line[i+1:])]
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
