package extract

import (
	"regexp"
	"strings"
	"time"

	"imrpacket/index"
)

// PageText is the text of one source page.
type PageText struct {
	SourcePage int
	Text       string
	// Dates are PageDates(Text) when the caller has already read them (the
	// pipeline does, for every page); nil means Document reads them itself.
	Dates []Date
}

// dates returns the page's dates, read once.
func (p PageText) dates(now time.Time) []Date {
	if p.Dates != nil {
		return p.Dates
	}
	return PageDates(p.Text, now)
}

// tline is one line of a document with the page it came from.
type tline struct {
	text string
	page int
}

var (
	// Page furniture that splits an item across a page break.
	rePageNo    = regexp.MustCompile(`(?i)^[\W_]*(?:page\s*[0-9Il]+\s*(?:(?:of|/)\s*[0-9Il]+)?|[0-9Il]+\s*(?:of|/)\s*[0-9Il]+|-\s*[0-9]+\s*-)[\W_]*$`)
	reContinued = regexp.MustCompile(`(?i)^\W*(?:\(?continued(?:\s+(?:on|from)\s+(?:next|previous|prior)\s+page)?\)?|continuation(?:\s+page)?|cont(?:'d|inued)?\.?)\W*$`)
	reFaxHeader = regexp.MustCompile(`(?i)^\W*(?:fax|from|to)\b.*\b(?:p(?:age|g)?\.?\s*\d+(?:\s*/\s*\d+)?)\W*$`)
)

// docLines joins a document's pages into lines, dropping page numbers,
// "continued" marks, the claimant header of continuation pages and header or
// footer lines repeated at the edges of several pages, so an item split by a
// page break reads as one.
func docLines(pages []PageText) []tline {
	pages = cleanPages(pages)
	const top, bottom = 5, 3
	edge := func(i, n int) bool { return i < top || i >= n-bottom }
	repeated := map[string]int{}
	if len(pages) > 1 {
		for _, p := range pages {
			seen := map[string]bool{}
			ls := strings.Split(p.Text, "\n")
			for i, l := range ls {
				k := normLine(l)
				if k == "" || seen[k] || !edge(i, len(ls)) {
					continue
				}
				seen[k] = true
				repeated[k]++
			}
		}
	}
	var out []tline
	for pi, p := range pages {
		ls := strings.Split(p.Text, "\n")
		for i, l := range ls {
			t := strings.TrimRight(l, " \t\r")
			if rePageNo.MatchString(t) || reContinued.MatchString(t) || reFaxHeader.MatchString(t) {
				continue
			}
			if edge(i, len(ls)) && decisionOf(t) == "" {
				if repeated[normLine(t)] > 1 && (pi > 0 || i >= len(ls)-bottom) {
					continue
				}
				if pi > 0 && i < top && reContHeader.MatchString(t) {
					continue
				}
			}
			out = append(out, tline{text: t, page: p.SourcePage})
		}
	}
	return out
}

// reMisreadNon is "non-certified" with a letter of "non" misread ("noh-",
// "ron-"): left so, "certified" would read as an approval.
var reMisreadNon = regexp.MustCompile(`(?i)\b(?:no[hmu]|[rmh]on)(\s?[-–]\s?(?:[-–]\s?)?certif)`)

func mendNon(s string) string {
	if !strings.Contains(strings.ToLower(s), "certif") {
		return s
	}
	return reMisreadNon.ReplaceAllString(s, "non$1")
}

func cleanPages(pages []PageText) []PageText {
	out := make([]PageText, len(pages))
	for i, p := range pages {
		out[i] = PageText{SourcePage: p.SourcePage, Text: mendNon(cleanText(p.Text))}
	}
	return out
}

// reContHeader is the identity line atop continuation pages:
// "Claimant: Jane Roe   Claim #: 05-123456", "Jane Roe - PR-2 (continued)".
var reContHeader = regexp.MustCompile(`(?i)^\s*(?:(?:re|claimant|patient|employee|injured\s+worker|applicant|worker|name)\s*:.*\b(?:claim|dob|doi|date)\b|.*\(continued\)\s*$|.*-\s*page\s+\d+)`)

var reNonWord = regexp.MustCompile(`[^a-z0-9]+`)

func normLine(s string) string {
	return strings.TrimSpace(reNonWord.ReplaceAllString(strings.ToLower(s), " "))
}

// nonHyphen is what OCR and typists put between "non" and "certified":
// nothing, a space, a hyphen or dash, a hyphen read twice ("non- -certified"),
// or the word's break read twice ("non- n-certified").
// Every decision regexp spells "non-certified" with it.
const nonHyphen = `\s?[-–]?\s?(?:[-–]\s?)?(?:n[-–]\s?)?`

// Decision phrases. The order of kinds is the order of precedence when an
// item's text holds more than one: "modified", then a denial, a delay, an approval.
var (
	reModified = regexp.MustCompile(`(?i)\b(?:modif(?:y|ied|ication)|partial(?:ly)?\s*(?:certif\w*|approv\w*|authoriz\w*)|partial\s+certification|certified\s+(?:as\s+)?modified|certified\s+with\s+(?:[-–]\s*)?modification|approved\s+(?:as\s+)?modified|approved\s+with\s+(?:[-–]\s*)?modification|(?:certif\w*|approv\w*|authoriz\w*)\s+in\s+part)`)
	reDenied   = regexp.MustCompile(`(?i)(?:\bnon` + nonHyphen + `certif\w*|\bnon` + nonHyphen + `cert\b|\bnoncertif\w*|\bnot\s+(?:be\s+)?certif\w*|\buncertif\w*|\bden(?:y|ied|ial|ies)\b|\bnot\s+(?:medically\s+)?(?:necessary|approved|authorized|supported|warranted|indicated)|\bnon` + nonHyphen + `approv\w*|\bnot\s+recommended\b|\bunable\s+to\s+(?:certify|approve)|\bdecline[ds]?\b|\bupheld\b)`)
	reDelayed  = regexp.MustCompile(`(?i)\b(?:delay(?:ed)?|defer(?:red)?|pending\s+(?:receipt|additional|further|information|records)|additional\s+information\s+(?:is\s+)?(?:needed|required|requested)|request\s+for\s+(?:additional\s+)?information)\b`)
	reApproved = regexp.MustCompile(`(?i)\b(?:overturned|approv(?:e|ed|al)|certif(?:y|ied|ication)|authoriz(?:e|ed|ation\s+granted)|medically\s+necessary|is\s+recommended|recommend(?:ed)?\s+(?:for\s+)?(?:certification|approval))\b`)
)

// decisionOf reads the decision in an item's text, or "" when it states none.
func decisionOf(s string) string {
	switch {
	case reModified.MatchString(s):
		return index.DecisionModified
	case reDenied.MatchString(s):
		return index.DecisionDenied
	case reDelayed.MatchString(s):
		return index.DecisionDelayed
	case reApproved.MatchString(s):
		return index.DecisionApproved
	}
	return ""
}

// decisionStart returns where the first decision phrase in s starts, or -1.
func decisionStart(s string) int {
	best := -1
	for _, re := range []*regexp.Regexp{reModified, reDenied, reDelayed, reApproved} {
		if m := re.FindStringIndex(s); m != nil && (best < 0 || m[0] < best) {
			best = m[0]
		}
	}
	return best
}

var (
	reCPTLabeled = regexp.MustCompile(`(?i)\b(?:cpt|hcpcs|code|proc(?:edure)?\s+code)s?\s*(?:code)?\s*[:#]?\s*\(?([0-9OlI]{5}|[A-Va-v][0-9OlI]{4})\b`)
	// Codes as OCR prints them too: 971l3, E073O.
	reCPT       = regexp.MustCompile(`\b(\d[0-9lIOQ]{4}|[lIO]\d[0-9lIOQ]{3})(?:-?[A-Z0-9]{2})?\b`)
	reHCPCS     = regexp.MustCompile(`\b([ABCEGHJKLPQTV][0-9lIOQ@]{4})(?:\b|[^A-Za-z0-9])`)
	reZipBefore = regexp.MustCompile(`\b[A-Z]{2}\s*$`)
	reQuantity  = regexp.MustCompile(`(?i)(?:\b(?:qty|quantity|units?|number)\s*(?:requested)?\s*[:=#]?\s*(\d{1,4})\b|#\s?(\d{1,4})\b|\b(\d{1,4})\s*(?:\(\s*[a-z]+\s*\)\s*)?(visits?|sessions?|units?|tablets?|tabs?|capsules?|caps|pills|patches|injections?|treatments?|refills?|bottles?|tubes?|boxes|pairs?|months?\s+supply|days?\s+supply|day\s+supply)\b|\bx\s?(\d{1,3})(?:\s*(?:visits?|sessions?))?\b)`)
	reFrequency = regexp.MustCompile(`(?i)(\b\d{1,2}\s?[xX×]\s?\d{1,2}\b(?:\s*(?:weeks?|wks?))?|\b(?:\d{1,2}|one|two|three|four|five|six)\s*(?:times|x)\s*(?:a|per|/)\s*(?:day|week|wk|month)(?:\s*(?:for|x)\s*\d{1,2}\s*(?:weeks?|wks?|months?|days?))?|\b(?:once|twice|three\s+times)\s+(?:a|per)\s+(?:day|week|month)(?:\s*(?:for|x)\s*\d{1,2}\s*(?:weeks?|wks?|months?|days?))?|\bevery\s+\d{1,2}\s*(?:hours?|hrs?|days?|weeks?)|\bq\s?\d{1,2}\s?h(?:rs?)?\b|\b(?:bid|tid|qid|qhs|qd|prn|daily|weekly|nightly)\b|\bfor\s+\d{1,2}\s+(?:weeks?|months?|days?)\b)`)
	reBodyPart  = regexp.MustCompile(`(?i)\b(?:(?:left|right|bilateral|bilat\.?|b/l|lt\.?|rt\.?)\s+)?(?:lumbar(?:\s+spine)?|lumbosacral(?:\s+spine)?|cervical(?:\s+spine)?|thoracic(?:\s+spine)?|thoracolumbar(?:\s+spine)?|low(?:er)?\s+back|upper\s+back|neck|shoulders?|knees?|hips?|wrists?|hands?|elbows?|ankles?|feet|foot|fingers?|thumbs?|forearms?|upper\s+extremit(?:y|ies)|lower\s+extremit(?:y|ies)|sacroiliac\s+joints?|si\s+joints?|carpal\s+tunnel|rotator\s+cuff|heel|toes?|spine|back)\b(?:\s+(?:at\s+)?[LCT]\d(?:\s*[-/]\s*[LCS]?\d)?)?|\b[LCT]\d\s*[-/]\s*[LCS]?\d\b`)
)

// itemFields fills a treatment's code, quantity, frequency and body part from its text.
func itemFields(t *index.Treatment, s string) {
	if m := reCPTLabeled.FindStringSubmatch(s); m != nil {
		code, _ := ocrDigits(m[1][1:])
		t.Code = strings.ToUpper(m[1][:1]) + code
		if c, _ := ocrDigits(m[1][:1]); isDigit(c[0]) {
			t.Code = c + code
		}
	} else {
		for _, m := range reCPT.FindAllStringSubmatchIndex(s, -1) {
			// A ZIP code follows a state; a ZIP+4 or a phone number continues.
			if reZipBefore.MatchString(s[:m[0]]) || (m[1] < len(s) && s[m[1]] == '-') {
				continue
			}
			if c, real := ocrDigits(s[m[2]:m[3]]); real >= 3 {
				t.Code = c
				break
			}
		}
		if t.Code == "" {
			for _, m := range reHCPCS.FindAllStringSubmatch(s, -1) {
				if c, real := ocrDigits(m[1][1:]); real >= 3 {
					t.Code = m[1][:1] + c
					break
				}
			}
		}
	}
	if m := reFrequency.FindString(s); m != "" {
		t.Frequency = collapseSpace(m)
	}
	for _, m := range reQuantity.FindAllStringSubmatchIndex(s, -1) {
		q := collapseSpace(s[m[0]:m[1]])
		// "2x6" is a frequency, not "x 6" of something.
		if m[10] >= 0 && t.Frequency != "" && strings.Contains(t.Frequency, strings.TrimSpace(s[m[0]:m[1]])) {
			continue
		}
		if m[10] >= 0 && m[0] > 0 && isDigit(s[m[0]-1]) {
			continue
		}
		t.Quantity = q
		break
	}
	if m := reBodyPart.FindString(s); m != "" {
		t.BodyPart = collapseSpace(m)
	}
}

var (
	reTreatHeading = regexp.MustCompile(`(?i)^\W{0,3}(?:summary\s+of\s+(?:the\s+)?)?(?:(?:requested|disputed|reviewed|proposed)\s+(?:medical\s+)?(?:treatments?|services?|items?|procedures?|medications?|goods)(?:\s*\(s\))?(?:[\s\-]+and[\s\-]+(?:decisions?|determinations?))?|(?:treatments?|services?|items?)(?:\s*\(s\))?\s+(?:requested|reviewed|under\s+review)|requests?(?:\s*\(s\))?(?:\s+reviewed)?|(?:ur\s+|review\s+|final\s+)?(?:decisions?|determinations?|outcomes?)(?:\s*\(s\))?(?:\s+summary)?|utilization\s+review\s+(?:decisions?|determinations?)|(?:the\s+)?following\s+.{0,60}(?:requested|reviewed|determination|decision|certified|non-certified).{0,20}|request(?:ed)?\s+for\s+authorization)\s*:?\s*$`)
	reListItem     = regexp.MustCompile(`(?i)^\s*(?:\(?\d{1,2}[.)]|\(?[a-h][.)]|[-•*·●▪◦■□➢►]|item\s*#?\s*\d+\s*[:.)\-]?|request\s*#?\s*\d+\s*[:.)\-]?|#\s*\d+[:.)]?)\s+(\S.*)$`)
	reKVRequest    = regexp.MustCompile(`(?i)^\s*(?:\d{1,2}[.)]\s*)?(?:(?:requested|disputed)\s+(?:medical\s+)?(?:treatments?|services?|items?|procedures?|medications?)(?:\s*\(s\))?|(?:treatment|service|item)\s+requested|request(?:ed)?(?:\s*#?\s*\d+)?|item(?:\s*#?\s*\d+)|treatment(?:\s*#?\s*\d+)?)\s*[:\-–]\s*(\S.*)$`)
	reKVDecision   = regexp.MustCompile(`(?i)^\s*(?:ur\s+|final\s+|review\s+)?(?:decision|determination|outcome|status|result|recommendation)(?:\s+for\s+(?:this\s+)?(?:item|request))?\s*[:\-–]\s*(\S.*)$`)
	reTableWhat    = regexp.MustCompile(`(?i)\b(?:treatments?|services?|requests?|requested|items?|descriptions?|procedures?|medications?|goods)\b`)
	reTableDec     = regexp.MustCompile(`(?i)\b(?:[bdp]ecisions?|determinations?|outcomes?|status|results?|certification)\b`)
	reTableCode    = regexp.MustCompile(`(?i)\b(?:cpt|hcpcs|codes?)\b`)
	reSectionEnd   = regexp.MustCompile(`(?i)^\W{0,3}(?:dear\b|sincerely|respectfully|your\s+rights?\b|important\s+notice|board\s+certified|california\s+license|(?:physician\s+)?reviewer\s*:?\s*$|reviewed\s+by\s*:?\s*$|electronically\s+signed|independent\s+medical\s+review|if\s+you\s+(?:disagree|want|wish|have)|right\s+to|appeal|proof\s+of\s+service|cc:|note:|please\s+(?:note|be\s+advised|contact)|claims\s+administrator\s*/\s*(?:uro|utilization).{0,30}response|.{0,60}\(uro\)\s+response|(?:requesting\s+)?physician\s+signature|signature\s*:|.{0,40}\[\s*[xX✓]?\s*\]\s*(?:approved|denied|certified|yes|no))`)
)

// item is a treatment being read, before its fields are filled.
type item struct {
	text     string // the treatment as written
	extra    string // the rest of its lines: decision, code, quantity columns
	decision string
	page     int
	// Cells read from a table's own columns, which beat pattern matching.
	code, qty, freq, body string
}

// Table column roles.
const (
	colOther = iota
	colWhat
	colCode
	colQty
	colFreq
	colBody
	colDecision
)

var (
	reCodeCell = regexp.MustCompile(`(?i)^(?:cpt|hcpcs)?\s*[:#]?\s*(\d{5}|[A-V]\d{4})\b`)
	reICD      = regexp.MustCompile(`(?i)(?:icd|diagnos[ie]s|dx)`)
	reColQty   = regexp.MustCompile(`(?i)\b(?:qty|quantity|units|#|number)\b`)
	reColFreq  = regexp.MustCompile(`(?i)\b(?:frequency|duration|freq)\b`)
	reColBody  = regexp.MustCompile(`(?i)\b(?:body\s+parts?|site|region|area)\b`)
)

type column struct{ role, start int }

func columnRoles(header string) []column {
	cells := cellsAt(header)
	roles := make([]column, len(cells))
	for i, hc := range cells {
		c := hc.text
		roles[i].start = hc.start
		switch {
		case reICD.MatchString(c):
			roles[i].role = colOther
		case reTableCode.MatchString(c):
			roles[i].role = colCode
		case reTableDec.MatchString(c):
			roles[i].role = colDecision
		case reColQty.MatchString(c):
			roles[i].role = colQty
		case reColFreq.MatchString(c):
			roles[i].role = colFreq
		case reColBody.MatchString(c):
			roles[i].role = colBody
		case reTableWhat.MatchString(c):
			roles[i].role = colWhat
		}
	}
	return roles
}

// tableRow fills an item from a row whose cells line up with the header's.
func tableRow(it *item, row string, cols []column) bool {
	cells := cellsAt(row)
	if len(cells) < 2 || len(cols) < 2 {
		return false
	}
	var what []string
	for i, cl := range cells {
		c := cl.text
		role := colOther
		if len(cells) == len(cols) {
			role = cols[i].role
		} else {
			// Fewer cells than columns (an empty cell): place each by where it starts.
			for _, col := range cols {
				if col.start <= cl.start+2 {
					role = col.role
				}
			}
		}
		switch role {
		case colWhat:
			what = append(what, c)
		case colCode:
			if reCodeCell.MatchString(c) {
				it.code = strings.ToUpper(reCodeCell.FindStringSubmatch(c)[1])
			}
		case colQty:
			it.qty = c
		case colFreq:
			it.freq = c
		case colBody:
			it.body = c
		case colDecision:
			it.decision = decisionOf(c)
		}
	}
	if len(what) == 0 {
		return false
	}
	if it.decision == "" {
		// A cell overflowed into the decision column: read the whole row.
		it.decision = decisionOf(row[cells[0].start+len(cells[0].text):])
	}
	it.text = strings.Join(what, " ")
	it.extra = row + " " + it.extra
	return true
}

// treatmentItems reads the requested items of a UR letter or RFA from its
// lines: key-value blocks ("Request: ... / Decision: ..."), lists and tables
// under a heading, and decision sentences ("The request for ... is certified.")
// inside such a section. Rationale prose is skipped: it restates decisions in
// words that would read as new items.
func treatmentItems(lines []tline) []item {
	var items []item
	var cur *item
	inSection, inProse, inTable := false, false, false
	headerOnly := false // a table's header read, none of its rows yet
	tableGap := false   // a blank line after a table's row
	var roles []column
	var para []tline // unmarked lines of a treatment section, read as sentences
	flush := func() {
		if cur != nil && strings.TrimSpace(cur.text) != "" {
			items = append(items, *cur)
		}
		cur = nil
	}
	flushPara := func() {
		if len(para) > 0 {
			items = append(items, sectionSentenceItems(para)...)
			para = nil
		}
	}
	start := func(text string, page int) {
		flush()
		flushPara()
		cur = &item{text: strings.TrimSpace(text), page: page}
	}
	// open holds a decision field's text while its sentence runs on to the
	// next line ("Determination: The requested treatment is not medically
	// necessary. The" / "Utilization Review determination is UPHELD.").
	open := ""
	for _, l := range lines {
		t := cleanItemLine(strings.TrimSpace(l.text))
		// A bullet before a field is no list item: "- Determination: CERTIFIED".
		tk := strings.TrimLeft(t, "-–—•*·>» ")
		if reRule.MatchString(t) {
			continue
		}
		if decided := open; decided != "" {
			open = ""
			if cur != nil && tk != "" && reKVRequest.FindStringSubmatch(tk) == nil && !reKVDecision.MatchString(tk) && !isTreatHeading(t) {
				// The whole sentence decides: OCR reads "not" as "met" in
				// the first half, and "UPHELD" in the second says denied.
				cur.extra += " " + tk
				if d := decisionOf(decided + " " + tk); d != "" {
					cur.decision = d
				}
				continue
			}
		}
		if t == "" {
			// A table's row waits for the line after the gap (tableGap).
			if cur != nil && cur.decision != "" && !inTable {
				flush()
			}
			// OCR puts blank lines inside sentences: a paragraph goes on until
			// its sentence ends.
			if len(para) == 0 || sentenceEnds(para[len(para)-1].text) {
				flushPara()
			}
			// A table ends at a blank line; what follows is the form's or the
			// letter's. But OCR sets blank lines between a header and its
			// first row and between rows too: the next line decides.
			if inTable && !headerOnly {
				tableGap = true
			}
			continue
		}
		if tableGap {
			tableGap = false
			if !tableRowAfterGap(t) {
				inTable = false
				flush()
			}
		}
		if m := reKVRequest.FindStringSubmatch(tk); m != nil && !isTreatHeading(t) && !isTableHeader(tk) && !sentenceLike(m[1]) && !(inProse && reBareItem.MatchString(t)) {
			start(m[1], l.page)
			splitDecision(cur)
			inProse = false
			continue
		}
		if m := reKVDecision.FindStringSubmatch(tk); m != nil && !isTreatHeading(t) {
			if cur != nil && cur.decision == "" {
				cur.extra += " " + m[1]
				cur.decision = decisionOf(m[1])
				if runsOn(m[1]) {
					open = m[1]
				}
				continue
			}
			if d := decisionOf(m[1]); d != "" && cur == nil && len(items) > 0 && items[len(items)-1].decision == "" {
				items[len(items)-1].decision = d
				continue
			}
		}
		switch {
		case reRequestOf.MatchString(t):
			// "REQUEST 1 of 3": a block separator, not an item.
			flush()
			flushPara()
			inProse = false
			continue
		case isTreatHeading(t):
			flush()
			flushPara()
			inSection, inProse, inTable = true, false, false
			continue
		case reSectionEnd.MatchString(t):
			flush()
			flushPara()
			inSection, inProse, inTable = false, false, false
			continue
		case proseHeading(t):
			flush()
			flushPara()
			inSection, inProse, inTable = false, true, false
			continue
		}
		if inProse {
			continue
		}
		if isTableHeader(tk) {
			flush()
			flushPara()
			inSection, inTable, headerOnly = true, true, true
			roles = columnRoles(l.text)
			continue
		}
		if !inSection {
			if cur != nil && cur.decision == "" {
				// A key-value block's own lines: "CPT: 97110", "Quantity: 12", wrapped text.
				if decisionOnly(t) {
					cur.decision = decisionOf(t)
				}
				cur.extra += " " + t
			}
			continue
		}
		if m := listItem(t); m != "" {
			if cur != nil && cur.decision == "" && reRowAttr.MatchString(m) {
				// "- Quantity: 1": a field of the item above behind a speck read as a bullet.
				cur.extra += " " + m
				continue
			}
			if !proseLine(m) {
				start(m, l.page)
				splitDecision(cur)
				continue
			}
		}
		if inTable && cur != nil && reRowAttr.MatchString(tk) {
			// "Frequency: 2x6" under its row, its indent lost to OCR.
			cur.extra += " " + tk
			continue
		}
		if inTable {
			headerOnly = false
			cells := cellsAt(l.text)
			if cur != nil && len(cells) == 1 && !strings.Contains(t, ":") && leadingSpace(l.text) > 0 {
				// A long name wrapped inside its cell.
				cur.text += " " + t
				continue
			}
			// OCR closes column gaps, so a row may be one cell: it still starts
			// flush left with a capital, where a wrapped name is indented.
			newRow := leadingSpace(l.text) == 0 && len(t) > 0 && (t[0] >= 'A' && t[0] <= 'Z' || isDigit(t[0]))
			if cur == nil || len(cells) >= 2 || newRow || decisionOf(t) != "" || hasCode(t) {
				start(t, l.page)
				if !tableRow(cur, l.text, roles) {
					splitDecision(cur)
					firstCell(cur)
				}
				continue
			}
			cur.extra += " " + t
			continue
		}
		if cur == nil || cur.decision != "" {
			if isSummaryRow(l.text) || reDecisionFirst.MatchString(t) {
				// "Aquatic therapy x 8 sessions [97113]        Certified".
				start(t, l.page)
				splitDecision(cur)
				firstCell(cur)
				continue
			}
			if cur == nil {
				para = append(para, l)
				continue
			}
		}
		if decisionOnly(t) && cur.decision == "" {
			cur.decision = decisionOf(t)
			cur.extra += " " + t
			continue
		}
		if cur.decision == "" {
			// The item goes on: a wrapped line, or its rest after a page break.
			cur.text += " " + t
			splitDecision(cur)
			continue
		}
		cur.extra += " " + t
	}
	flush()
	flushPara()
	return items
}

var (
	// "Item 2:" inside a rationale names the item its reasoning is about.
	reBareItem      = regexp.MustCompile(`(?i)^\W*(?:item|treatment)\s*#?\s*\d`)
	reDecisionFirst = regexp.MustCompile(`(?i)^(?:partially\s+)?(?:non` + nonHyphen + `certified|not\s+certified|certified|approved|denied|modified|delayed|deferred|authorized)\s*[:\-–]\s*\S`)
	reRule          = regexp.MustCompile(`^[-=_*~.\s]{4,}$`)
	reRequestOf     = regexp.MustCompile(`(?i)^\W*(?:request|item)\s*#?\s*\d+\s+of\s*[.,]?\s*\d+\W*$`)
	reVerbs         = regexp.MustCompile(`(?i)\b(?:is|are|was|were|does|do|has|have|supports|recommends|documents|reports)\b`)
	reSumDec        = regexp.MustCompile(`(?i)(?:\s{2,}|\t|\|)\s*(?:partially\s+)?(?:non` + nonHyphen + `certif\w*|not\s+certified|certified|approved?|denied|deny|authorized|modified(?:\s+certification)?|modify|delayed|delay|deferred|non` + nonHyphen + `certification|certify|upheld|overturned)\b[^.]{0,40}$`)
)

// sentenceEnds reports a line that ends its sentence.
func sentenceEnds(line string) bool {
	t := strings.TrimRight(line, " \t'’\"”)_-~°*,")
	return t == "" || strings.HasSuffix(t, ".") || strings.HasSuffix(t, ":") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")
}

// runsOn reports a line that stops on a word no sentence ends with ("...
// appropriate. The"): the sentence goes on in the next line.
func runsOn(line string) bool {
	f := strings.Fields(line)
	if len(f) < 2 {
		return false
	}
	switch strings.ToLower(f[len(f)-1]) {
	case "the", "a", "an", "and", "or", "of", "to", "is", "are", "was", "be", "for", "with", "that", "this", "as":
		return true
	}
	return false
}

// sentenceLike reports text that is a sentence of prose rather than a
// treatment's name: "The ODG does not support this request in the chronic phase."
func sentenceLike(s string) bool {
	return len(strings.Fields(s)) >= 7 && reVerbs.MatchString(s)
}

// reTrailSpeck is what OCR leaves after a row's decision: specks apart from it.
var reTrailSpeck = regexp.MustCompile(`(?:\s+[.,;:°'’"”*—–-]+)+$`)

// isSummaryRow reports a line that names an item and ends in its decision
// after a column gap.
func isSummaryRow(line string) bool {
	t := strings.TrimSpace(line)
	if len(t) > 160 || sentenceLike(t) {
		return false
	}
	if reSumDec.MatchString(line) {
		return true
	}
	// OCR keeps single spaces: a short line whose last words are the
	// decision, with perhaps a speck after them ("Modified certification .").
	t = strings.TrimSpace(reTrailSpeck.ReplaceAllString(t, ""))
	i := decisionStart(t)
	// A full stop ends a sentence, unless what comes before the decision
	// is a row's: a bracketed code or an "x 1" quantity ("Cold therapy
	// unit, 7-day rental x 1 [E0218] Not certified.").
	sentence := strings.HasSuffix(t, ".") && !(i > 0 && reRowMarks.MatchString(t[:i]))
	return i > 3 && len(t) <= 110 && !sentence && len(strings.Fields(t[i:])) <= 4
}

var reRowMarks = regexp.MustCompile(`[\[{(][A-Z£]?\d{4,5}[\]})]|\sx\s?#?\d`)

// isTableHeader reports a header row naming what was requested and its decision or code.
func isTableHeader(t string) bool {
	// A header holds no number, though OCR may leave a stray digit in it
	// ("3 Requested Treatment. : rn - Code Qty , . Decision").
	if len(t) > 160 || decisionOf(t) != "" || strings.HasSuffix(t, ".") || reTwoDigits.MatchString(t) {
		return false
	}
	// "Procedure Code: 97110" is a field, not a header.
	if i := strings.Index(t, ":"); i >= 0 && strings.TrimSpace(t[i+1:]) != "" && (strings.ContainsAny(t[i+1:], "0123456789") || !reTableDec.MatchString(t[i+1:]) && !reTableCode.MatchString(t[i+1:]) && !reColQty.MatchString(t[i+1:])) {
		return false
	}
	// A header is a row of short cells, not a sentence that names a request.
	if len(tableCells(t)) < 2 && (wordCount(t) > 8 || reSentenceTurn.MatchString(t) && lowerWords(t) >= 2) {
		return false
	}
	return reTableWhat.MatchString(t) && (reTableDec.MatchString(t) || reTableCode.MatchString(t)) && len(findDates(t, farFuture)) == 0
}

// wordCount counts the words of t that hold a letter: OCR's specks are none.
func wordCount(t string) int {
	n := 0
	for _, w := range strings.Fields(t) {
		if strings.IndexFunc(w, func(r rune) bool { return r < 0x80 && isLetter(byte(r)) }) >= 0 {
			n++
		}
	}
	return n
}

// lowerWords counts the words of t that start with a small letter. A
// header's labels are capitalised; OCR may read one of them small and a
// speck after another as a full stop ("Code. Qty becision"), where a sentence
// turn goes on in prose.
func lowerWords(t string) int {
	n := 0
	for _, w := range strings.Fields(t) {
		if w[0] >= 'a' && w[0] <= 'z' {
			n++
		}
	}
	return n
}

// reSentenceTurn is one sentence ending and the next going on: "(MTUS). The determination".
var reSentenceTurn = regexp.MustCompile(`[a-z)]\.\s+[A-Z][a-z]*\s+[a-z]`)

var reTwoDigits = regexp.MustCompile(`\d\s?\d`)

var reCellSep = regexp.MustCompile(`\s*\|\s*|\t+|\s{2,}`)

// tableCells splits a row on bars, tabs or wide gaps. OCR often keeps none of
// these, and then the row is one cell.
func tableCells(t string) []string {
	cs := cellsAt(t)
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.text
	}
	return out
}

type cell struct {
	text  string
	start int
}

// cellsAt splits a row into cells with the column each starts at.
func cellsAt(t string) []cell {
	var out []cell
	pos := 0
	for _, m := range reCellSep.FindAllStringIndex(t+"  ", -1) {
		c := strings.TrimSpace(strings.Trim(t[pos:min(m[0], len(t))], "|"))
		if c != "" {
			out = append(out, cell{c, pos + strings.Index(t[pos:], c)})
		}
		pos = min(m[1], len(t))
	}
	return out
}

// tableRowAfterGap reports a line after a blank one that goes on with the
// table above: a row with a code or a decision, a field of the row above
// ("Frequency: 2x6") or the rest of its wrapped name, not a sentence.
func tableRowAfterGap(t string) bool {
	if reRowAttr.MatchString(strings.TrimLeft(t, "-–—•*·>» ")) {
		return true
	}
	if sentenceLike(t) || len(strings.Fields(t)) > 14 {
		return false
	}
	if firstLetterLower(t) && len(strings.Fields(t)) <= 6 {
		return true // a long name wrapped in its cell: "meniscectomy"
	}
	return hasCode(t) || decisionOf(t) != ""
}

func hasCode(t string) bool {
	var tr index.Treatment
	itemFields(&tr, t)
	return tr.Code != ""
}

var reDecisionOnly = regexp.MustCompile(`(?i)^\W*(?:(?:ur\s+)?(?:decision|determination|outcome|status)\s*[:\-–]?\s*)?(?:is\s+)?(?:hereby\s+)?(?:partially\s+)?(?:non` + nonHyphen + `certified|not\s+certified|certified|approved|denied|authorized|modified|delayed|deferred|non` + nonHyphen + `certify|certify|approve|deny|modify|delay|not\s+medically\s+necessary|medically\s+necessary|upheld|overturned)(?:\s+(?:as\s+)?(?:modified|requested|in\s+part))?\b.{0,80}$`)

// decisionOnly reports a line that states a decision and names no treatment.
func decisionOnly(t string) bool {
	return len(t) <= 120 && reDecisionOnly.MatchString(t)
}

// splitDecision moves a decision written on the item's own line out of its text:
// "Physical therapy 2x6 lumbar spine - NON-CERTIFIED".
func splitDecision(it *item) {
	if it == nil {
		return
	}
	i := decisionStart(it.text)
	if i < 0 {
		return
	}
	if i == 0 {
		// "Certified: MRI of the lumbar spine".
		d := decisionOf(it.text)
		rest := it.text
		if m := reDecisionSep.FindStringIndex(rest); m != nil && m[0] < 40 {
			rest = rest[m[1]:]
		} else {
			return
		}
		it.decision, it.extra, it.text = d, it.extra+" "+it.text[:len(it.text)-len(rest)], strings.TrimSpace(rest)
		return
	}
	head, tail := it.text[:i], it.text[i:]
	it.decision = decisionOf(tail)
	it.extra = tail + " " + it.extra
	it.text = strings.TrimRight(strings.TrimSpace(head), " -–—:|,;(")
	// "... - Decision:" leaves the label behind.
	it.text = strings.TrimSpace(reTrailingLabel.ReplaceAllString(it.text, ""))
}

// reDecisionSep ends a leading decision: "Non-Certified: Norco", "Certified - MRI".
var reDecisionSep = regexp.MustCompile(`\s*:\s*|\s+[-–—]\s+`)

var reTrailingLabel = regexp.MustCompile(`(?i)[\s|:\-–—]*(?:ur\s+)?(?:decision|determination|outcome|status|is|was|has\s+been|have\s+been)\s*[:\-–]?\s*$`)

// firstCell keeps, of a row whose bars survived but whose header's columns
// did not, the first cell naming something: the treatment column comes first.
func firstCell(it *item) {
	if it == nil || !strings.Contains(it.text, "|") {
		return
	}
	for i, c := range strings.Split(it.text, "|") {
		if reHasAlpha.MatchString(c) {
			if i > 0 || strings.TrimSpace(c) != strings.TrimSpace(it.text) {
				it.extra = it.text + " " + it.extra
				it.text = strings.TrimSpace(c)
			}
			return
		}
	}
}
