package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The DWC Form RFA lists requested services in a fixed table: diagnosis,
// ICD-10 code, service or good requested, CPT/HCPCS code, other information.
// OCR keeps none of the column gaps and garbles the header and the codes, so
// the table is read here by what its rows hold rather than by its layout.

var (
	// Header cells of the table, as OCR may read them ("ICB-Code").
	reRFAHeadCells = []*regexp.Regexp{
		regexp.MustCompile(`(?i)diagnos`),
		regexp.MustCompile(`(?i)\bic[a-z]?\s*[-~]?\s*(?:10\s*)?code`),
		regexp.MustCompile(`(?i)service\s*/\s*good|goods?\s+requested`),
		regexp.MustCompile(`(?i)cpt|hcpcs`),
		regexp.MustCompile(`(?i)other\s+informat`),
	}
	// The line above the table: "Requested Treatment (see instructions for guidance; ...)".
	reRFATableIntro = regexp.MustCompile(`(?i)instructions\s+\S{0,4}\s*guidance|attach\s+additional\s+pages`)
	// What ends the table: the physician's signature, the URO response block.
	reRFATableEnd = regexp.MustCompile(`(?i)sig[a-z]{0,2}at[a-z]{0,3}|physician\s+sig|claims\s+admin|review\s+organi[sz]ation|\(uro\)|\bapproved\b.{0,20}\bdenied\b`)
	// An ICD-10 code as OCR prints it: "G56.02", "G56.@2-", "M77-11", "$33.5XXA",
	// "§33.5XXA", "S33: 5XXA", "GBI.4" (G89.4), "MS51.26" (a speck read as
	// a letter in M51.26).
	reRFAICD = regexp.MustCompile(`(?:^|[\s|('’‘"“])([A-TV-Z$§][0-9OlIB@S]{2,3}(?:\s?[.\-:,]\s?[0-9A-Z@lI]{1,4})?)-?(?:[\s|).,;:’'"”]|$)`)
	// A CPT or HCPCS code as OCR prints it: "97110", "L0631", "L@631", "971l0".
	// A scan may split it with a space: "72 148".
	// OCR reads an E as £ now and then: "£0730".
	reRFACode = regexp.MustCompile(`(?:^|[\s|(:])((?:\d|[A-V]|£)(?:[0-9lIO@]{4}|[0-9lIO@]\s[0-9lIO@]{3}|[0-9lIO@]{2}\s[0-9lIO@]{2}|[0-9lIO@]{3}\s[0-9lIO@]))(?:-?[A-Z0-9]{2})?(?:[\s|).,;:\-]|$)`)
)

var reCleanCPT = regexp.MustCompile(`(?:^|[\s|(:])(\d{5})(?:[\s|).,;:]|$)`)

// rfaHeader reports the table's header row: at least two of its cells.
func rfaHeader(t string) bool {
	n := 0
	for _, re := range reRFAHeadCells {
		if re.MatchString(t) {
			n++
		}
	}
	return n >= 2
}

// rfaRow is one row of the table as read so far.
type rfaRow struct {
	text            string // service onwards: diagnosis and ICD code cut off
	hasICD, hasCode bool
	page            int
}

// rfaItems reads the requested services of DWC Form RFA tables. It returns
// nil when the document holds no such table.
func rfaItems(lines []tline) []item {
	var rows []rfaRow
	in := false
	for i, l := range lines {
		t := strings.TrimSpace(l.text)
		switch {
		case rfaHeader(t) && !reRFATableEnd.MatchString(t):
			in = true
			continue
		case reRFATableIntro.MatchString(t):
			// The header may be lost to OCR; the intro line still opens the table.
			in = !rfaHeaderAhead(lines[i+1:])
			continue
		case !in:
			continue
		case reRFATableEnd.MatchString(t):
			in = false
			continue
		case t == "" || reRule.MatchString(t) || len(findDates(t, farFuture)) > 0:
			// A dated line is the signature's or the form's, not a service.
			continue
		}
		rest, icd := cutDiagnosis(t)
		code := rfaCode(rest) != ""
		if !reHasAlpha.MatchString(rest) && !code {
			continue // a stray mark or page number
		}
		// A row starts at a diagnosis code, at a service code or a
		// capitalised line when the row being read already has its code, or
		// at a capitalised line long enough to hold a diagnosis and a service
		// (its code garbled); anything else continues a wrapped row.
		prev := len(rows) - 1
		if prev < 0 || icd || (rows[prev].hasCode && (code || startsUpper(rest))) || (startsUpper(rest) && wordCount(rest) >= 5) {
			rows = append(rows, rfaRow{text: rest, hasICD: icd, hasCode: code, page: l.page})
			continue
		}
		r := &rows[prev]
		r.text += " " + rest
		r.hasCode = r.hasCode || code
	}
	anyICD := false
	for _, r := range rows {
		anyICD = anyICD || r.hasICD
	}
	var items []item
	for _, r := range rows {
		if anyICD && !r.hasICD && !r.hasCode {
			// Neither code survived the scan: the service cannot be told
			// from the diagnosis, and a guess would be a wrong item.
			continue
		}
		name, extra := splitAtCode(r.text)
		it := item{text: name, extra: extra, page: r.page}
		if c := rfaCode(r.text); c != "" {
			it.code = c
		}
		items = append(items, it)
	}
	return items
}

// rfaHeaderAhead reports a table header within the next few lines.
func rfaHeaderAhead(lines []tline) bool {
	for i, l := range lines {
		if i >= 4 {
			break
		}
		if rfaHeader(l.text) {
			return true
		}
	}
	return false
}

// cutDiagnosis drops a row's diagnosis and ICD code: what follows the code is
// the service. It reports whether a code was found.
func cutDiagnosis(t string) (string, bool) {
	for _, m := range reRFAICD.FindAllStringSubmatchIndex(t, -1) {
		code := t[m[2]:m[3]]
		// "G56" alone or a word like "Lab" is no code; a code holds a dot,
		// dash or colon, or at least its two digits are real.
		if !strings.ContainsAny(code, ".-:,") || len(code) < 5 {
			continue
		}
		_, n := utf8.DecodeRuneInString(code)
		// Both digits before the dot may be misread ("GBI.4" for G89.4)
		// where the digit after it is real.
		after := ""
		if sep := strings.IndexAny(code, ".-:,"); sep > 0 {
			after = strings.TrimSpace(code[sep+1:])
		}
		if _, real := ocrDigits(code[n : n+2]); real < 1 && !(after != "" && isDigit(after[0])) {
			continue
		}
		rest := strings.TrimLeft(t[m[1]:], " -–—|.,;:~_*'‘’\"“”")
		if rest == "" {
			return t, false
		}
		return rest, true
	}
	return t, false
}

// rfaCode returns the last service code of a row, with OCR's letters for
// digits mapped back.
func rfaCode(s string) string {
	// Five clean digits are the code, whatever OCR glued before them: the
	// spaced forms below would take "C6 62321" (a level, then the code) as
	// one code.
	if ms := reCleanCPT.FindAllStringSubmatch(s, -1); len(ms) > 0 {
		return ms[len(ms)-1][1]
	}
	ms := reRFACode.FindAllStringSubmatch(s, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		c := strings.ReplaceAll(ms[i][1], " ", "")
		head, rest := c[:1], c[1:]
		if strings.HasPrefix(c, "£") {
			head, rest = "E", c[len("£"):]
		}
		digits, real := ocrDigits(rest)
		if d, _ := ocrDigits(head); isDigit(d[0]) {
			head = d
		}
		if real < 3 {
			continue
		}
		return head + digits
	}
	return ""
}

// splitAtCode splits a row at its last service code: the name before it, the
// code and the other information (quantity, frequency) after.
func splitAtCode(s string) (name, extra string) {
	ms := reRFACode.FindAllStringSubmatchIndex(s, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		_, n := utf8.DecodeRuneInString(s[m[2]:])
		if _, real := ocrDigits(strings.ReplaceAll(s[m[2]+n:m[3]], " ", "")); real < 3 {
			continue
		}
		name = strings.TrimRight(s[:m[2]], " -–—|.,;:~_*'‘’\"“”")
		return name, strings.TrimSpace(s[m[2]:])
	}
	return s, ""
}

func startsUpper(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }
