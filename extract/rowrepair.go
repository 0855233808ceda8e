package extract

import (
	"regexp"
	"slices"
	"time"

	"imrpacket/index"
)

// A row date OCR misread past parsing: a month or day with one digit read
// as a look-alike ("41/21/2022", "92/23/2021", "41/13/21") or a speck read
// as a leading digit ("“14/5/2021").
var reBadRowDate = regexp.MustCompile(`(` + dg + `{1,2})/(` + dg + `{1,2})/(` + dg + `{4}|` + dg + `{2})\b`)

// rowDigitMisreads are the digits Tesseract reads for another at the start
// of a month or day on a noisy page.
var rowDigitMisreads = map[byte]string{'0': "869", '1': "74", '4': "1", '7': "1", '8': "036", '9': "0", '6': "085", '3': "8", '5': "6"}

// repairRowDates adds the dates of table rows OCR misread past parsing,
// where the rows around them say which date it was: a statement lists its
// services in date order, so a row between 11/16/2022 and 11/25/2022 that
// reads "41/21/2022" is 11/21/2022. A misread is mended only when exactly
// one single-digit repair (a look-alike digit, or a leading digit dropped)
// gives a date between the two row dates around it, inclusive, and the row
// reads as a row (a code or an amount follows, or the date stands alone in
// a column of dates). Such a date is kind other with Row set, as any
// unlabelled row date.
func repairRowDates(text string, lines []span, out []Date, now time.Time) []Date {
	var added []Date
	for _, m := range reBadRowDate.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[0], m[1]
		if start > 0 && isAlnum(text[start-1]) {
			continue
		}
		if slices.ContainsFunc(out, func(d Date) bool { return d.Offset >= start-2 && d.Offset < end }) {
			continue // parsed already
		}
		li := lineOf(lines, start)
		l := lines[li]
		if !reSpecks.MatchString(text[l.start:start]) {
			continue // a row's date opens its line
		}
		rest := text[end:l.end]
		if !reRowRest.MatchString(rest) && !reSpecks.MatchString(rest) {
			continue
		}
		prev, next := neighbourRows(text, lines, out, start)
		if prev == "" || next == "" || prev > next {
			continue
		}
		ms, _ := ocrDigits(text[m[2]:m[3]])
		ds, _ := ocrDigits(text[m[4]:m[5]])
		ys, _ := ocrDigits(text[m[6]:m[7]])
		y, ok := atoi(ys)
		if !ok {
			continue
		}
		y = fullYear(y, len(ys), now)
		var fits []string
		// One digit repaired: the month's or the day's, not both.
		var pairs [][2]string
		for _, mo := range rowVariants(ms) {
			pairs = append(pairs, [2]string{mo, ds})
		}
		for _, d := range rowVariants(ds)[1:] {
			pairs = append(pairs, [2]string{ms, d})
		}
		for _, p := range pairs {
			mo, d := p[0], p[1]
			mi, ok1 := atoi(mo)
			di, ok2 := atoi(d)
			if !ok1 || !ok2 {
				continue
			}
			t, ok := mkDate(y, mi, di)
			if !ok || t.After(now) {
				continue
			}
			if iso := t.Format("2006-01-02"); iso >= prev && iso <= next && !slices.Contains(fits, iso) {
				fits = append(fits, iso)
			}
		}
		// The date as read parses to nothing, so a repair is needed; more
		// than one that fits is a guess.
		if len(fits) == 1 {
			added = append(added, Date{Kind: index.DateOther, Date: fits[0], Text: collapseSpace(text[start:end]), Offset: start, Row: true})
		}
	}
	if len(added) == 0 {
		return out
	}
	out = append(out, added...)
	slices.SortStableFunc(out, func(a, b Date) int { return a.Offset - b.Offset })
	return out
}

// rowVariants are s as read and each single-digit repair of it: its first
// digit read for a look-alike, or a leading digit that was a speck dropped.
func rowVariants(s string) []string {
	vs := []string{s}
	if len(s) == 0 || s[0] < '0' || s[0] > '9' {
		return vs
	}
	for _, alt := range []byte(rowDigitMisreads[s[0]]) {
		vs = append(vs, string(alt)+s[1:])
	}
	if len(s) == 2 {
		vs = append(vs, s[1:])
	}
	return vs
}

// neighbourRows returns the row dates just before and just after offset:
// dates that open their lines (the first row under a "DOS" column header
// is kind service, the others row dates).
func neighbourRows(text string, lines []span, out []Date, offset int) (prev, next string) {
	for _, d := range out {
		if l := lines[lineOf(lines, d.Offset)]; !d.Row && !reSpecks.MatchString(text[l.start:d.Offset]) {
			continue
		}
		if d.Offset < offset {
			prev = d.Date
		} else if next == "" {
			next = d.Date
		}
	}
	return prev, next
}
