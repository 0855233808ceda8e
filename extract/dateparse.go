package extract

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// A digit as OCR may print it: O, Q or @ for 0, l, I or | for 1, S for 5.
const dg = `[0-9OoQIl|S@]`

var (
	// 01/14/2025, 1/14/25, 01-14-2025, 01.14.2025, "01/ 14/2025".
	// OCR reads a hyphen as a tilde or a plus now and then: "12~20-2020",
	// "01+16-2023".
	// A fax's 0 may come out as two marks, "Q@": "Q@8-02-2021".
	reNumMDY = regexp.MustCompile(`((?:Q@)?` + dg + `{1,2})[ \t]?([/\-.~+])[ \t]?(` + dg + `{1,2})[ \t]?([/\-.~])[ \t]?(` + dg + `{4}|` + dg + `{2})`)
	// 2025-01-14, 2025/01/14; a hyphen read as a tilde or a plus here too:
	// "2021~06-10", "2019+11-03".
	// Its second hyphen may come out as a colon: "2021-08:29"; its first
	// doubled: "2021- -10-07".
	reNumYMD = regexp.MustCompile(`((?:19|2[0O@689]|l9|I9)` + dg + `{2})[ \t]?([/\-.~+])[ \t]?(?:-[ \t]?)?(` + dg + `{1,2})[ \t]?([/\-.~:])[ \t]?(` + dg + `{1,2})`)

	monthAlt = monthPattern()
	// January 14, 2025; Jan 14, 2025; Jan. 14, 2025; Jan 14th 2025; Jan 14,2025;
	// Jan-14-2025; and OCR's "Mar 6,. 2021", "Oct 25,-2021", "May 19, . 2021" or
	// "September 5; 2021", "February, 26, 2022", a speck read as a quote
	// after the comma, "Jul 22,‘ 2021", or before the day, "May'1, 2024".
	// "Date of Decision: 824/23": OCR lost the first slash of 8/24/23. Read
	// only after a date label, and only where one split of the digits into
	// month and day makes a date ("112/23" could be 1/12 or 11/2).
	reNumNoSlash = regexp.MustCompile(`(` + dg + `{3,4})[ \t]?/[ \t]?(` + dg + `{4}|` + dg + `{2})`)

	reNameMDY = regexp.MustCompile(`(?i)` + monthAlt + `\.?,?[ \t\-]{0,2}[.,'‘’]?(` + dg + `{1,2})(?:st|nd|rd|th)?[ \t\-]?(?:[ \t]?[,.;\-'‘’_]){0,2}[ \t]{0,2}(` + dg + `{4})`)
	// 14 January 2025; 14-Jan-2025; 14-Jan-25; 14th of January, 2025; and
	// OCR's "13 _ September 2021", "27: June 2021" and "17 July: 2020".
	reNameDMY = regexp.MustCompile(`(?i)(` + dg + `{1,2})(?:st|nd|rd|th)?[.,:]?(?:[ \t]of)?(?:[ \t\-]{0,2}|[ \t]?_[ \t]?)` + monthAlt + `\.?[,:]?[ \t\-]{0,2}(` + dg + `{4}|` + dg + `{2})`)
)

// monthPattern matches a month's name or abbreviation as OCR prints it. Its
// first three letters say which month it is and must be right (a 0 for the
// O of Oct aside); the rest may have one letter misread ("Mareh", "Augnst")
// or its m read as rn or nn ("Decernber", "Novennber"): Tesseract's common
// errors on a fax. A word that only starts like a month ("Marked") is no
// month: the rest must still be the month's, less one letter.
func monthPattern() string {
	names := []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	var alts []string
	for _, n := range names {
		head, tail := n[:3], n[3:]
		if head == "oct" {
			head = "[o0]ct"
		}
		if tail == "" {
			alts = append(alts, head)
			continue
		}
		vs := []string{tail}
		for i := range len(tail) {
			vs = append(vs, tail[:i]+"[a-z]"+tail[i+1:])
		}
		if strings.Contains(tail, "m") {
			vs = append(vs, strings.Replace(tail, "m", "rn", 1), strings.Replace(tail, "m", "nn", 1))
		}
		if n == "september" {
			vs = append(vs, "t") // Sept
		}
		alts = append(alts, head+"(?:"+strings.Join(vs, "|")+")?")
	}
	return "(" + strings.Join(alts, "|") + ")"
}

var monthNum = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// hyphenish reads the marks OCR makes of a date's hyphen as one.
var hyphenish = strings.NewReplacer("~", "-", "+", "-")

// found is one date located in text, before it is given a kind.
type found struct {
	start, end int // byte span in the text, as printed
	date       time.Time
	// pivoted is set on a two-digit year fullYear put in the last century
	// because this one's would be in the future.
	pivoted bool
	// labelled is set on a date read only by a repair too bold to trust
	// without a date label before it (reNumNoSlash).
	labelled bool
}

// ocrDigits maps the letters OCR confuses with digits back to digits.
func ocrDigits(s string) (string, int) {
	var b strings.Builder
	real := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case 'O', 'o', 'Q', '@':
			c = '0'
		case 'I', 'l', '|':
			c = '1'
		case 'S':
			c = '5'
		default:
			if c >= '0' && c <= '9' {
				real++
			}
		}
		b.WriteByte(c)
	}
	return b.String(), real
}

func atoi(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
		if n > 100000 {
			return 0, false
		}
	}
	return n, true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// bounded reports whether text[start:end] stands alone: not glued to a longer
// number or word on either side.
func bounded(text string, start, end int) bool {
	if start > 0 {
		c := text[start-1]
		if isAlnum(c) {
			return false
		}
		// "3.01/14/2025" or "1/01/14/2025": part of a longer number.
		if (c == '/' || c == '.' || c == '-') && start > 1 && isDigit(text[start-2]) {
			return false
		}
	}
	if end < len(text) {
		c := text[end]
		if isAlnum(c) {
			return false
		}
		if (c == '/' || c == '-') && end+1 < len(text) && isDigit(text[end+1]) {
			return false
		}
		if c == '.' && end+1 < len(text) && isDigit(text[end+1]) {
			return false
		}
	}
	return true
}

// fullYear turns a two-digit year into four, pivoting on now: a year that would
// be in the future is taken as last century (a DOB of 62 is 1962, not 2062).
func fullYear(y, digits int, now time.Time) int {
	if digits > 2 {
		return y
	}
	if 2000+y > now.Year() {
		return 1900 + y
	}
	return 2000 + y
}

// OCR of faxes reads a 0 as 8, 6 or 9 often enough ("86/10/2823" for
// 06/10/2023). Where the digit makes the field impossible, it was a 0: the
// first digit of a month or day above its range, the second of a year past
// 2199. A field that parses as is stays as is.
func fixZero(s string, max int) string {
	if n, ok := atoi(s); ok && n >= 1 && n <= max {
		return s
	}
	if len(s) == 2 && (s[0] == '8' || s[0] == '6' || s[0] == '9') {
		return "0" + s[1:]
	}
	// "16/12/2020" for 10/12/2020: the second digit of a month or day past
	// its range was a 0 when the 0 makes it whole (10, 30).
	if len(s) == 2 && zeroMisread(s[1]) {
		if n, ok := atoi(s[:1] + "0"); ok && n >= 1 && n <= max {
			return s[:1] + "0"
		}
	}
	return s
}

// A year's last 0 read as 8, 6 or 9 puts a date years ahead ("12/20/2029"
// for 12/20/2020): no record is dated more than a year from now, so such a
// year had a 0 there.
func fixYear(s string, now time.Time) string {
	if len(s) == 4 && s[0] == '2' && (s[1] == '8' || s[1] == '6' || s[1] == '9') {
		s = "20" + s[2:]
	}
	if y, ok := atoi(s); ok && len(s) == 4 && y > now.Year()+1 && (s[3] == '8' || s[3] == '6' || s[3] == '9') {
		if z, _ := atoi(s[:3] + "0"); z <= now.Year() {
			return s[:3] + "0"
		}
	}
	return s
}

func mkDate(y, m, d int) (time.Time, bool) {
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false // 02/30
	}
	return t, true
}

// findDates locates every date in text, in order of position, without
// overlaps, but for those only a label may vouch for.
func findDates(text string, now time.Time) []found {
	fs := findDatesLabelled(text, now)
	kept := fs[:0]
	for _, f := range fs {
		if !f.labelled {
			kept = append(kept, f)
		}
	}
	return kept
}

// findDatesLabelled is findDates with the dates that need a label
// (found.labelled) left for the caller to vouch for.
func findDatesLabelled(text string, now time.Time) []found {
	var out []found
	add := func(start, end int, t time.Time) bool {
		if bounded(text, start, end) {
			out = append(out, found{start: start, end: end, date: t})
			return true
		}
		return false
	}
	// addYear adds a date whose year was printed with yearDigits digits,
	// noting whether fullYear sent a two-digit year to the last century.
	addYear := func(start, end int, t time.Time, yearDigits int) bool {
		if !add(start, end, t) {
			return false
		}
		out[len(out)-1].pivoted = yearDigits == 2 && t.Year() < 2000
		return true
	}
	scan(text, reNumYMD, func(m []int) bool {
		ys, yr := ocrDigits(text[m[2]:m[3]])
		ms, mr := ocrDigits(text[m[6]:m[7]])
		ds, dr := ocrDigits(text[m[10]:m[11]])
		sep1, sep2 := hyphenish.Replace(text[m[4]:m[5]]), hyphenish.Replace(text[m[8]:m[9]])
		if sep2 == ":" && sep1 == "-" {
			sep2 = "-" // a hyphen read as a colon; "2021/08:29" stays no date
		}
		if yr+mr+dr < 5 || sep1 != sep2 {
			return false
		}
		y, _ := atoi(fixYear(ys, now))
		mo, _ := atoi(fixZero(ms, 12))
		d, _ := atoi(fixZero(ds, 31))
		if t, ok := mkDate(y, mo, d); ok {
			return add(m[0], m[1], t)
		}
		return false
	})
	scan(text, reNumMDY, func(m []int) bool {
		ms, mr := ocrDigits(text[m[2]:m[3]])
		ds, dr := ocrDigits(text[m[6]:m[7]])
		ys, yr := ocrDigits(text[m[10]:m[11]])
		sep1, sep2 := hyphenish.Replace(text[m[4]:m[5]]), hyphenish.Replace(text[m[8]:m[9]])
		// Mixed separators only between / and - (OCR); "1.5-2.0" is not a date.
		if sep1 != sep2 && (sep1 == "." || sep2 == ".") {
			return false
		}
		if mr+dr+yr < 3 || yr < 1 || (len(ys) == 4 && yr < 2) {
			return false
		}
		// A dotted two-digit-year form is too often a version or a measurement.
		if sep1 == "." && len(ys) == 2 {
			return false
		}
		mo, _ := atoi(fixZero(ms, 12))
		d, _ := atoi(fixZero(ds, 31))
		y, _ := atoi(fixYear(ys, now))
		if t, ok := mkDate(fullYear(y, len(ys), now), mo, d); ok {
			return addYear(m[0], m[1], t, len(ys))
		}
		return false
	})
	scan(text, reNumNoSlash, func(m []int) bool {
		md, mdr := ocrDigits(text[m[2]:m[3]])
		ys, yr := ocrDigits(text[m[4]:m[5]])
		if mdr < len(md)-1 || yr < len(ys)-1 {
			return false
		}
		y, _ := atoi(fixYear(ys, now))
		var only time.Time
		splits := 0
		for cut := 1; cut < len(md); cut++ {
			if cut > 2 || len(md)-cut > 2 {
				continue
			}
			mo, _ := atoi(md[:cut])
			d, _ := atoi(md[cut:])
			if t, ok := mkDate(fullYear(y, len(ys), now), mo, d); ok {
				only = t
				splits++
			}
		}
		if splits != 1 || !addYear(m[0], m[1], only, len(ys)) {
			return false
		}
		out[len(out)-1].labelled = true
		return true
	})
	scan(text, reNameMDY, func(m []int) bool {
		mon := monthNum[strings.ReplaceAll(strings.ToLower(text[m[2]:m[2]+3]), "0", "o")]
		ds, dr := ocrDigits(text[m[4]:m[5]])
		ys, yr := ocrDigits(text[m[6]:m[7]])
		// A one-character day may be all OCR ('l December'); the year must be sound.
		if (dr < 1 && (len(ds) > 1 || yr < 3)) || dr+yr < 3 {
			return false
		}
		d, _ := atoi(ds)
		y, _ := atoi(fixYear(ys, now))
		if t, ok := mkDate(y, int(mon), d); ok {
			return add(m[0], m[1], t)
		}
		return false
	})
	scan(text, reNameDMY, func(m []int) bool {
		ds, dr := ocrDigits(text[m[2]:m[3]])
		mon := monthNum[strings.ReplaceAll(strings.ToLower(text[m[4]:m[4]+3]), "0", "o")]
		ys, yr := ocrDigits(text[m[6]:m[7]])
		if (dr < 1 && (len(ds) > 1 || yr < 3)) || (len(ys) == 4 && yr < 3) {
			return false
		}
		// "14 Jan 25" is ambiguous with prose; only the hyphenated form takes a two-digit year.
		if len(ys) == 2 && !strings.Contains(text[m[0]:m[1]], "-") {
			return false
		}
		d, _ := atoi(ds)
		y, _ := atoi(fixYear(ys, now))
		if t, ok := mkDate(fullYear(y, len(ys), now), int(mon), d); ok {
			return addYear(m[0], m[1], t, len(ys))
		}
		return false
	})
	// A repair needing a label never hides a date read as printed.
	repaired := make([]found, 0, len(out))
	for _, f := range out {
		if f.labelled && slices.ContainsFunc(out, func(g found) bool {
			return !g.labelled && g.start < f.end && f.start < g.end
		}) {
			continue
		}
		repaired = append(repaired, f)
	}
	out = repaired
	// Overlaps: keep the earliest, then the longest.
	sort.Slice(out, func(i, j int) bool {
		if out[i].start != out[j].start {
			return out[i].start < out[j].start
		}
		return out[i].end > out[j].end
	})
	kept := out[:0]
	lastEnd := -1
	for _, f := range out {
		if f.start < lastEnd {
			continue
		}
		kept = append(kept, f)
		lastEnd = f.end
	}
	return kept
}

// scan runs re over text and hands each match to accept. Unlike FindAll, a
// rejected match does not hide a real date that starts inside it ("D.O.I. 03-04-2023"
// first matches "I. 03-04").
func scan(text string, re *regexp.Regexp, accept func(m []int) bool) {
	pos := 0
	for pos < len(text) {
		m := re.FindStringSubmatchIndex(text[pos:])
		if m == nil {
			return
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += pos
			}
		}
		if accept(m) {
			pos = m[1]
			continue
		}
		pos = m[0] + 1
	}
}

// ParseDate reads one date written in any of the supported formats, tolerating
// OCR noise, and returns it as YYYY-MM-DD. It is false when s holds no date.
func ParseDate(s string, now time.Time) (string, bool) {
	f := findDates(s, now)
	if len(f) == 0 {
		return "", false
	}
	return f[0].date.Format("2006-01-02"), true
}

// zeroMisread reports whether digit c is one a fax's 0 is read as at the
// end of a year: 6, 8 or 9.
func zeroMisread(c byte) bool { return c == '6' || c == '8' || c == '9' }
