package extract

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"imrpacket/index"
	"imrpacket/internal/levenshtein"
)

// farFuture stands for "now" where only the presence of a date matters.
var farFuture = time.Date(2199, 1, 1, 0, 0, 0, 0, time.UTC)

// DocFacts is what Document reads from one document.
type DocFacts struct {
	Dates      []index.Date
	Primary    string // YYYY-MM-DD or ""
	Treatments []index.Treatment
	Provider   string
}

// Document reads a document's dates, primary date, requested treatments and
// provider. docType is one of index.Type*; subtype ("rfa", "pr2", ...) may be "".
// Treatments are read from UR letters (with their decisions) and RFAs (decision
// requested); other documents have none.
func Document(docType, subtype string, pages []PageText, now time.Time) DocFacts {
	var f DocFacts
	seen := map[[2]string]bool{}
	// Dates that must not stand for the document: the claimant's birth and
	// injury dates wherever printed, and dates of fields whose label OCR
	// garbled ("Date.of Binh: 11/12/1966").
	notOwn := map[string]bool{}
	signed := map[string]bool{}
	billing := isBilling(docType, subtype, pages)
	var all []Date
	var pageOf []int
	for _, p := range pages {
		for _, d := range p.dates(now) {
			d.Kind = kindFor(docType, subtype, d.Kind)
			if d.Row && billing {
				// An itemised statement's rows are dated by their service.
				d.Kind = index.DateService
			}
			all = append(all, d)
			pageOf = append(pageOf, p.SourcePage)
		}
	}
	fixLateYears(all)
	for i, d := range all {
		if d.Kind == index.DateBirth || d.Kind == index.DateInjury || d.Field {
			notOwn[d.Date] = true
		}
		// Only a letter-kind signature date keeps promoteLetterDate from
		// taking it for the visit; an unlabelled one never was a candidate.
		if d.Signed && d.Kind == index.DateLetter {
			signed[d.Date] = true
		}
		k := [2]string{d.Kind, d.Date}
		if seen[k] {
			continue
		}
		seen[k] = true
		f.Dates = append(f.Dates, index.Date{Kind: d.Kind, Date: d.Date, SourcePage: pageOf[i], Text: d.Text})
	}
	if f.Dates == nil {
		f.Dates = []index.Date{}
	}
	promoteLetterDate(docType, f.Dates, signed)
	switch docType {
	case index.TypeImaging:
		promoteHeaderExam(f.Dates, pages, all, pageOf, now)
	case index.TypeProgressNote:
		promoteHeaderVisit(f.Dates, pages, all, pageOf, now)
	}
	f.Primary = primary(docType, f.Dates, notOwn)
	switch {
	case isRFA(subtype, pages):
		f.Treatments = Treatments(pages, true)
	case docType == index.TypeURLetter, isIMRDetermination(subtype, pages):
		// An IMR final determination decides the disputed items again:
		// upheld reads as denied, overturned as approved.
		f.Treatments = Treatments(pages, false)
	}
	if f.Treatments == nil {
		f.Treatments = []index.Treatment{}
	}
	f.Provider = provider(docType, pages)
	return f
}

var reRFATitle = regexp.MustCompile(`(?i)request\s+for\s+authorization\b.{0,40}\b(?:dwc\s+form\s+rfa|form)|dwc\s+form\s+rfa\b`)

func isRFA(subtype string, pages []PageText) bool {
	if subtype != "" {
		return subtype == "rfa"
	}
	return len(pages) > 0 && reRFATitle.MatchString(head(pages[0].Text, 600))
}

var reBillingTitle = regexp.MustCompile(`(?i)itemi[sz]ed\s+statement|statement\s+of\s+(?:charges|account|services)|billing\s+statement|\bsuperbill\b|\binvoice\b|\bcms[-\s]?1500\b|\bub[-\s]?04\b`)

// isBilling reports a bill or an itemised statement of charges.
func isBilling(docType, subtype string, pages []PageText) bool {
	if subtype != "" {
		return subtype == "billing"
	}
	return docType == index.TypeOther && len(pages) > 0 && reBillingTitle.MatchString(head(pages[0].Text, 800))
}

var reIMRDetermination = regexp.MustCompile(`(?i)independent\s+medical\s+review\s+(?:final\s+)?determination|final\s+determination`)

func isIMRDetermination(subtype string, pages []PageText) bool {
	if subtype != "" {
		return subtype == "imr_determination"
	}
	return len(pages) > 0 && reIMRDetermination.MatchString(head(pages[0].Text, 1500))
}

func head(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// kindFor adjusts a label's kind to the document it is in: a progress note's
// "Exam Date" is its date of service, an imaging report's "DOS" its exam date,
// and only a UR letter has its own decision and request-received dates.
func kindFor(docType, subtype, kind string) string {
	switch {
	case docType != index.TypeURLetter && (kind == index.DateDecision || kind == index.DateRequestReceived):
		// An IMR application or determination cites the UR letter's dates; they
		// are that letter's, not its own.
		return index.DateOther
	case docType == index.TypeProgressNote && kind == index.DateExam:
		return index.DateService
	case docType == index.TypeImaging && kind == index.DateService:
		return index.DateExam
	}
	return kind
}

// promoteLetterDate reads a note's or an imaging report's only plain "Date:"
// as its visit or exam date: with no labelled one, that is what the header's
// date is. A signature block's "Date:" is not promoted.
func promoteLetterDate(docType string, ds []index.Date, signed map[string]bool) {
	want := ""
	switch docType {
	case index.TypeProgressNote:
		want = index.DateService
	case index.TypeImaging:
		want = index.DateExam
	default:
		return
	}
	for _, d := range ds {
		if d.Kind == want {
			return
		}
	}
	for i := range ds {
		// A signature's date says when the report was signed, not seen.
		if ds[i].Kind == index.DateLetter && !signed[ds[i].Date] {
			ds[i].Kind = want
			return
		}
	}
}

// promoteHeaderExam reads an imaging report's exam date from its header when
// OCR garbled the label past recognition ("Date of sate", "Stiidy Date:"):
// with no exam date read, the first date on the first page's first lines
// under a word that is a misread "date", "exam" or "study", and that is no
// birth or injury date of the document nor in the future, is the exam. A report prints its
// exam date at the top; dates in its findings and signature come later.
func promoteHeaderExam(ds []index.Date, pages []PageText, all []Date, pageOf []int, now time.Time) {
	promoteHeaderDate(ds, pages, all, pageOf, now, index.DateExam, examishLabel)
}

// promoteHeaderVisit is promoteHeaderExam for a progress note, whose header
// sets fields side by side ("Patient: Ann Roe     Misit Date: 04/06/2021"):
// with no visit date read, the first header date whose label, the last
// three words before it, reads as a misread "date", "visit", "service" or
// "DOS", and as no birth, injury, signature or fax word, is the visit.
func promoteHeaderVisit(ds []index.Date, pages []PageText, all []Date, pageOf []int, now time.Time) {
	promoteHeaderDate(ds, pages, all, pageOf, now, index.DateService, func(prefix string) bool {
		words := strings.Fields(prefix)
		return len(words) > 0 && visitLabel(words[max(0, len(words)-3):])
	})
}

// promoteHeaderDate gives kind want to the first date of the first page's
// header, of kind other, neither a birth, injury nor future date, whose
// line text before it label accepts; unless the document has a want date.
func promoteHeaderDate(ds []index.Date, pages []PageText, all []Date, pageOf []int, now time.Time, want string, label func(string) bool) {
	if len(pages) == 0 || slices.ContainsFunc(ds, func(d index.Date) bool { return d.Kind == want }) {
		return
	}
	personal := map[string]bool{}
	for _, d := range all {
		if d.Kind == index.DateBirth || d.Kind == index.DateInjury {
			personal[d.Date] = true
		}
	}
	first := pages[0]
	for i, d := range all {
		if pageOf[i] != first.SourcePage || d.Offset > len(first.Text) {
			continue
		}
		start := strings.LastIndexByte(first.Text[:d.Offset], '\n') + 1
		if linesBefore(first.Text[:start]) >= headerLines {
			return
		}
		if d.Kind != index.DateOther || d.Signed || d.Row || personal[d.Date] || d.Date > now.Format("2006-01-02") {
			continue
		}
		if !label(first.Text[start:d.Offset]) {
			continue
		}
		for j := range ds {
			if ds[j].Kind == index.DateOther && ds[j].Date == d.Date {
				ds[j].Kind = want
				return
			}
		}
	}
}

// visitLabel reports label words that read as a misread "date", "visit",
// "service" or "DOS", and as no birth, injury, signature, fax or received
// word.
func visitLabel(words []string) bool {
	return labelReads(strings.Join(words, " "), visitWords, visitRefused)
}

// headerLines is how far down the first page a report's header (imaging or
// note) runs: facility, address, telephone, title, patient, dates, accession.
const headerLines = 12

func linesBefore(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

var reLabelWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// misread is a label word as OCR may print it: within dist edits of word,
// and at least minLen letters long.
type misread struct {
	word         string
	dist, minLen int
}

var (
	// personalWords label a birth or an injury date, never the record's own.
	personalWords = []misread{{"birth", 2, 0}, {"injury", 2, 0}, {"born", 1, 0}, {"dob", 0, 0}, {"doi", 0, 0}}
	examWords     = []misread{{"date", 1, 0}, {"exam", 1, 0}, {"study", 2, 4}, {"examination", 3, 0}, {"performed", 2, 0}}
	visitWords    = []misread{{"date", 1, 0}, {"visit", 1, 0}, {"service", 2, 5}, {"dos", 0, 0}, {"d0s", 0, 0}}
	visitRefused  = append([]misread{{"from", 0, 0}, {"fax", 0, 0}, {"sent", 0, 0}, {"page", 0, 0},
		{"signed", 1, 0}, {"printed", 1, 0}, {"received", 2, 0}, {"transcribed", 2, 0}}, personalWords...)
)

// labelReads reports a label with a word that reads as one of accept and
// none that reads as one of refuse.
func labelReads(label string, accept, refuse []misread) bool {
	ok := false
	for _, w := range reLabelWord.FindAllString(strings.ToLower(label), -1) {
		if readsAs(w, refuse) {
			return false
		}
		ok = ok || readsAs(w, accept)
	}
	return ok
}

func readsAs(w string, ms []misread) bool {
	return slices.ContainsFunc(ms, func(m misread) bool { return len(w) >= m.minLen && levenshtein.Distance(w, m.word) <= m.dist })
}

// examishLabel reports a label that reads as a misread "date", "exam",
// "study" or "examination" and not as a birth or injury label, opening its
// line.
func examishLabel(prefix string) bool {
	// A label is a few words at the start of its line; more is prose
	// ("unchanged since the prior study dated ...").
	return len(strings.Fields(prefix)) <= 4 && labelReads(prefix, examWords, personalWords)
}

// primary picks a document's date: decision for UR letters, service for notes,
// exam for imaging, else the letter date. Never birth, injury or a future date:
// PageDates already gave future dates kind other.
func primary(docType string, ds []index.Date, notOwn map[string]bool) string {
	var order []string
	switch docType {
	case index.TypeURLetter:
		order = []string{index.DateDecision, index.DateLetter}
	case index.TypeProgressNote:
		order = []string{index.DateService, index.DateExam, index.DateLetter}
	case index.TypeImaging:
		order = []string{index.DateExam, index.DateService, index.DateLetter}
	default:
		order = []string{index.DateLetter, index.DateDecision, index.DateService, index.DateExam, index.DateRequestReceived}
	}
	for _, k := range order {
		for _, d := range ds {
			if d.Kind == k {
				return d.Date
			}
		}
	}
	if docType == index.TypeOther {
		// A proof of service or a form dated only in a sentence ("On May 3,
		// 2024, I served ..."): its first date that is not a birth, an injury
		// or in the future.
		for _, d := range ds {
			if d.Kind == index.DateOther && !notOwn[d.Date] && !strings.Contains(strings.ToLower(d.Text), "signed") {
				return d.Date
			}
		}
	}
	return ""
}

// Treatments reads the requested treatments of a UR letter (rfa false) or of an
// RFA (rfa true: every decision is requested, whatever boxes the form prints).
func Treatments(pages []PageText, rfa bool) []index.Treatment {
	lines := docLines(pages)
	var items []item
	if rfa {
		items = rfaItems(lines)
	}
	if len(items) == 0 {
		items = treatmentItems(lines)
	}
	if len(items) == 0 {
		items = proseItems(lines)
	}
	var out []index.Treatment
	for _, it := range items {
		text := cleanItemText(it.text)
		if !plausibleTreatment(text) {
			continue
		}
		t := index.Treatment{Text: text, SourcePage: it.page, Code: it.code, Quantity: it.qty, Frequency: it.freq, BodyPart: it.body}
		var found index.Treatment
		itemFields(&found, it.text+" "+it.extra)
		if t.Code == "" {
			t.Code = found.Code
		}
		if t.Quantity == "" {
			t.Quantity = found.Quantity
		}
		if t.Frequency == "" {
			t.Frequency = found.Frequency
		}
		if t.BodyPart == "" {
			t.BodyPart = found.BodyPart
		}
		switch {
		case rfa:
			t.Decision = index.DecisionRequested
		case it.decision != "":
			t.Decision = it.decision
		default:
			t.Decision = index.DecisionUnknown
		}
		out = mergeTreatment(out, t)
	}
	return out
}

var (
	reItemLabel   = regexp.MustCompile(`(?i)^(?:(?:requested|disputed)\s+(?:treatment|service|item)s?|request(?:ed)?|item|treatment)\s*(?:#?\s*\d+)?\s*[:\-–]\s*`)
	reNotTreat    = regexp.MustCompile(`(?i)^(?:the\s+)?(?:patient|claimant|employee|applicant|injured\s+worker|claim|date|dob|doi|dear|re:|page|fax|phone|tel|ph|address|reviewer|physician|provider|employer|insurer|adjuster|claims\s+administrator|mtus|acoem|odg|guidelines?|rationale|per\s+|according\s+to|this\s+(?:letter|request|decision)|your\s+|you\s+|if\s+|please\s+)\b`)
	reHasAlpha    = regexp.MustCompile(`[A-Za-z]{3}`)
	reTrailPunct  = regexp.MustCompile(`[\s|:;,\-–—]+$`)
	reInnerSpaces = regexp.MustCompile(`\s+`)
)

var (
	reParenCode   = regexp.MustCompile(`(?i)\s*[(\[]\s*(?:cpt|hcpcs|cpt/hcpcs|code|procedure\s+code)?\s*[:#]?\s*(?:\d[0-9OlIQ@]{4}|[A-V][0-9OlIQ@]{4})(?:-?[A-Z0-9]{2})?\s*[)\]]`)
	reCutLabel    = regexp.MustCompile(`(?i)(?:,\s*|\s+)(?:quantity|qty|cpt|hcpcs|cpt/hcpcs|procedure\s+code|frequency)\b.*$`)
	reXQty        = regexp.MustCompile(`(?i)([^\d\s])\s+x\s*#?\d.*$`)
	reParen       = regexp.MustCompile(`\s*\(([^()]*)\)`)
	reTrailCode   = regexp.MustCompile(`\s+(?:\d{5}|[A-V]\d{4})$`)
	reLeadAmount  = regexp.MustCompile(`^\s*(?:#\s?\d+|x\s?\d+|\d+(?:\s|$))`)
	reBareAmount  = regexp.MustCompile(`(?i)^(?:#?\s?\d{1,4}|x\s?\d{1,3})$`)
	reLeadRequest = regexp.MustCompile(`(?i)^(?:the\s+)?(?:request(?:ed)?\s+(?:for\s+)?(?:an?\s+|the\s+)?)`)
)

// amountOnly reports text that is only a quantity, frequency or code.
func amountOnly(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || reBareAmount.MatchString(s) {
		return true
	}
	for _, re := range []*regexp.Regexp{reQuantity, reFrequency, reCPT, reHCPCS} {
		if m := re.FindString(s); m != "" && len(strings.TrimSpace(m)) >= len(s)-1 {
			return true
		}
	}
	return false
}

// coreText trims what an item's line adds to its name: code, quantity and
// frequency, which go in their own fields.
func coreText(s string) string {
	s = reParenCode.ReplaceAllString(s, "")
	s = reCutLabel.ReplaceAllString(s, "")
	s = reXQty.ReplaceAllString(s, "$1")
	s = reParen.ReplaceAllStringFunc(s, func(p string) string {
		if amountOnly(reParen.FindStringSubmatch(p)[1]) {
			return ""
		}
		return p
	})
	s = strings.TrimSpace(reTrailCode.ReplaceAllString(strings.TrimSpace(s), ""))
	for {
		i := strings.LastIndex(s, ",")
		if i < 0 || !(amountOnly(s[i+1:]) || reLeadAmount.MatchString(s[i+1:])) {
			break
		}
		s = strings.TrimSpace(s[:i])
	}
	return s
}

var (
	// An ICD-10 code: an RFA row prints the diagnosis and its code before the service.
	reICDCode = regexp.MustCompile(`\b[A-TV-Z][0-9lO][0-9A-Zl]\.[0-9A-Zl]{1,4}\b`)
	// Where the name ends in a row whose column gaps OCR has closed: at the
	// first code or quantity after it.
	reRowTail = regexp.MustCompile(`(?i)\s(?:\d[0-9lIO]{4}\b|[A-V][0-9lIO]{4}\b|(?:(?-i:[a-z])\s)?[_~]?["'“”‘’]?#\s?\d|\d{1,4}\s*(?:visits?|sessions?|units?|tablets?|tabs?|capsules?|caps|injections?|treatments?|days?|hours?|per\s+year)\b|\d{1,4}$)`)
)

func cleanItemText(s string) string {
	s = reItemLabel.ReplaceAllString(strings.TrimSpace(s), "")
	if m := reICDCode.FindStringIndex(s); m != nil && m[1] < len(s)-3 {
		s = s[m[1]:]
	}

	s = reLeadRequest.ReplaceAllString(s, "")
	s = reGluedUnit.ReplaceAllString(s, "$1 $2 ")
	// Table cells joined by bars or wide gaps read better as one phrase.
	s = strings.ReplaceAll(s, "|", " ")
	s = reInnerSpaces.ReplaceAllString(s, " ")
	s = reTrailPunct.ReplaceAllString(s, "")
	s = coreText(s)
	if m := reRowTail.FindStringIndex(s); m != nil && len(strings.Fields(s[:m[0]])) >= 1 {
		s = s[:m[0]]
	}
	s = reTrailPunct.ReplaceAllString(s, "")
	s = reTrailSpecks.ReplaceAllString(s, "")
	return strings.TrimSpace(strings.TrimLeft(s, "-–—:•*· "))
}

var (
	// A dose glued to its unit, as OCR and terse forms print it: "7.5mg", "10mgx".
	reGluedUnit = regexp.MustCompile(`(\d)(mg|mcg|ml|gm)(?:x\b)?`)
	// What a row's end leaves after the name: ". : .", "- ' _".
	reTrailSpecks = regexp.MustCompile(`[\s.:;,'’"“”|_~°*©®•\-–—]+$`)
)

// plausibleTreatment rejects what a loose layout rule can catch that is not a
// treatment: a claimant line, a guideline quote, a sentence of the letter.
func plausibleTreatment(s string) bool {
	if len(s) < 3 || len(s) > 220 || !reHasAlpha.MatchString(s) {
		return false
	}
	return !reNotTreat.MatchString(s)
}

// mergeTreatment adds t to ts unless it repeats an item already read (a summary
// list followed by per-item sections), in which case it fills the gaps.
func mergeTreatment(ts []index.Treatment, t index.Treatment) []index.Treatment {
	for i := range ts {
		if sameTreatment(ts[i], t) {
			u := &ts[i]
			if (u.Decision == index.DecisionUnknown || u.Decision == "") && t.Decision != "" {
				u.Decision = t.Decision
			}
			if u.Code == "" {
				u.Code = t.Code
			}
			if u.Quantity == "" {
				u.Quantity = t.Quantity
			}
			if u.Frequency == "" {
				u.Frequency = t.Frequency
			}
			if u.BodyPart == "" {
				u.BodyPart = t.BodyPart
			}
			return ts
		}
	}
	return append(ts, t)
}

func sameTreatment(a, b index.Treatment) bool {
	if a.Code != "" && b.Code != "" && a.Code != b.Code {
		return false
	}
	na, nb := normLine(a.Text), normLine(b.Text)
	if na == nb {
		return true
	}
	return tokenOverlap(na, nb) >= 0.8
}

// tokenOverlap is the share of the shorter text's words found in the longer.
func tokenOverlap(a, b string) float64 {
	ta, tb := strings.Fields(a), strings.Fields(b)
	if len(ta) == 0 || len(tb) == 0 {
		return 0
	}
	if len(ta) > len(tb) {
		ta, tb = tb, ta
	}
	set := map[string]bool{}
	for _, w := range tb {
		set[w] = true
	}
	n := 0
	for _, w := range ta {
		if set[w] {
			n++
		}
	}
	return float64(n) / float64(len(ta))
}

var (
	reProseDecision = regexp.MustCompile(`(?i)\b(?:the\s+)?(?:requests?|requested(?:\s+treatment|\s+service)?)\s+(?:for\s+)?(?:an?\s+|the\s+)?((?:[^.;:]|\.\d){3,180}?)\s+(?:is|was|has\s+been|have\s+been|are|were|will\s+be|is\s+being)\s+(?:hereby\s+|therefore\s+|thus\s+|now\s+|found\s+to\s+be\s+|deemed\s+|considered\s+)?((?:partially\s+)?(?:non` + nonHyphen + `certified|not\s+certified|certified|approved|denied|authorized|not\s+authorized|modified|delayed|deferred|not\s+medically\s+necessary|medically\s+necessary|not\s+recommended|recommended)(?:\s+(?:with|as)\s+(?:[-–]\s*)?modifications?|\s+as\s+modified|\s+in\s+part)?)`)
	reUnable        = regexp.MustCompile(`(?i)\b(?:unable\s+to|cannot|can\s*not|will\s+not)\s+(?:approve|certify|authorize|recommend)\s+(?:the\s+)?(?:request(?:ed)?\s+)?(?:for\s+)?(?:an?\s+|the\s+)?((?:[^.;:]|\.\d){3,180})`)
	reWeDecide      = regexp.MustCompile(`(?i)\b(?:we|this\s+(?:office|reviewer)|utilization\s+review)\s+(?:has\s+|have\s+)?(?:hereby\s+|therefore\s+)?(certif(?:y|ied)|non-?certif(?:y|ied)|approved?|authorized?|denied|deny|modif(?:y|ied)|delay(?:ed)?|defer(?:red)?)\s+(?:the\s+)?(?:request(?:ed)?\s+)?(?:for\s+)?(?:an?\s+)?((?:[^.;:]|\.\d){3,180})`)
)

// proseItems reads decisions written as sentences: "The request for physical
// therapy 2x6 for the lumbar spine is non-certified." Sentences in rationale
// sections count only when the rest of the letter states no decision.
func proseItems(lines []tline) []item {
	var body, rationale []tline
	prose := false
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		switch {
		case reSectionEnd.MatchString(t):
			prose = false
		case proseHeading(t):
			prose = true
		}
		if prose {
			rationale = append(rationale, l)
		} else {
			body = append(body, l)
		}
	}
	if items := sentenceItems(body); len(items) > 0 {
		return items
	}
	return sentenceItems(rationale)
}

var (
	reSentenceSplit = regexp.MustCompile(`[.;!?]\s+|[.;!?]$`)
	reSubjectFirst  = regexp.MustCompile(`(?i)^\s*(?:the\s+)?((?:[^.;:]|\.\d){3,150}?)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:hereby\s+|therefore\s+)?((?:partially\s+)?(?:non` + nonHyphen + `certified|not\s+certified|certified|approved|denied|authorized|not\s+authorized|modified|delayed|deferred|not\s+medically\s+necessary|medically\s+necessary)(?:\s+(?:with|as)\s+modifications?|\s+as\s+modified|\s+in\s+part)?)\b`)
	reNotSubject    = regexp.MustCompile(`(?i)^(?:request(?:s|ed)?|it|this|these|that|treatment|item|above|decision|determination|service)\b|\b(?:request(?:s|ed)?|it|this|treatment|item|service)\W*$`)
)

// sectionSentenceItems reads sentences of a treatment section that name the
// item first: "Physical therapy 2x6 lumbar spine is non-certified."
func sectionSentenceItems(lines []tline) []item {
	if items := sentenceItems(lines); len(items) > 0 {
		return items
	}
	var items []item
	for _, l := range lines {
		for _, sent := range reSentenceSplit.Split(l.text, -1) {
			m := reSubjectFirst.FindStringSubmatch(sent)
			if m == nil || reNotSubject.MatchString(m[1]) {
				continue
			}
			items = append(items, item{text: m[1], extra: m[2], decision: decisionOf(m[2]), page: l.page})
		}
	}
	return items
}

func sentenceItems(lines []tline) []item {
	// Join into one text, keeping each byte's page.
	var b strings.Builder
	var pageAt []int
	for _, l := range lines {
		// "is cértified": OCR's accents on plain English words.
		t, _ := foldAccents(l.text)
		b.WriteString(t)
		b.WriteByte(' ')
		for i := 0; i <= len(t); i++ {
			pageAt = append(pageAt, l.page)
		}
	}
	text := quietSpecks(b.String())
	type at struct {
		off int
		it  item
	}
	var found []at
	for _, m := range reProseDecision.FindAllStringSubmatchIndex(text, -1) {
		found = append(found, at{m[0], item{text: text[m[2]:m[3]], extra: text[m[4]:m[5]], decision: decisionOf(text[m[4]:m[5]]), page: pageAt[m[0]]}})
	}
	for _, m := range reUnable.FindAllStringSubmatchIndex(text, -1) {
		found = append(found, at{m[0], item{text: text[m[2]:m[3]], decision: index.DecisionDenied, page: pageAt[m[0]]}})
	}
	for _, m := range reWeDecide.FindAllStringSubmatchIndex(text, -1) {
		found = append(found, at{m[0], item{text: text[m[4]:m[5]], extra: text[m[2]:m[3]], decision: decisionOf(text[m[2]:m[3]]), page: pageAt[m[0]]}})
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].off < found[j].off })
	items := make([]item, len(found))
	for i, f := range found {
		items[i] = f.it
	}
	return items
}

var (
	// A dot OCR sets after a word no sentence ends with: "The request for. Gabapentin".
	reStrayStop = regexp.MustCompile(`(?i)\b(?:for|the|of|an?|to|with|and|in|at|on|is|are)\.\s`)
	// A dot OCR sets between a code and the verb after it: "CPT 97810.is certified".
	reGluedStop = regexp.MustCompile(`\d\.(?:is|was|are|were|has|have)\s`)
	// A speck read as a lone tilde or underscore: "is certified ~ with modification".
	reLoneSpeck   = regexp.MustCompile(`\s[~_]+\s`)
	reParenthesis = regexp.MustCompile(`\([^()]{0,80}\)`)
	reSemiCode    = regexp.MustCompile(`(?i);\s*(?:cpt|hcpcs|code)\b`)
)

// quietSpecks blanks what OCR adds inside a decision sentence and would end
// it early: a dot after a word like "for" or glued before a verb, a lone
// tilde, and colons or semicolons inside parentheses ("(1 cap three times:
// daily)"). Lengths do not change.
func quietSpecks(s string) string {
	b := []byte(s)
	for _, m := range reStrayStop.FindAllStringIndex(s, -1) {
		b[m[1]-2] = ' '
	}
	for _, m := range reLoneSpeck.FindAllStringIndex(s, -1) {
		for i := m[0]; i < m[1]; i++ {
			b[i] = ' '
		}
	}
	for _, m := range reGluedStop.FindAllStringIndex(s, -1) {
		b[m[0]+1] = ' '
	}
	// "(1x6); CPT 97810 is modified": the code belongs to the item.
	for _, m := range reSemiCode.FindAllStringIndex(s, -1) {
		b[m[0]] = ' '
	}
	for _, m := range reParenthesis.FindAllStringIndex(s, -1) {
		for i := m[0]; i < m[1]; i++ {
			if b[i] == ':' || b[i] == ';' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

var (
	reProviderLabel = regexp.MustCompile(`(?im)^\s*(?:requesting\s+(?:physician|provider)|treating\s+physician|primary\s+treating\s+physician|provider|physician|attending\s+physician|examining\s+physician|radiologist|interpreting\s+physician|interpreted\s+by|dictated\s+by|signed\s+by|electronically\s+signed\s+by|reviewer|physician\s+reviewer|reviewing\s+physician)\s*(?:name)?\s*[:\-]\s*([^\n]{3,80})$`)
	reSignature     = regexp.MustCompile(`(?m)^\s*((?:Dr\.\s+)?[A-Z][a-zA-Z.'\-]+(?:\s+[A-Z][a-zA-Z.'\-]*){1,3},?\s+(?:M\.?D\.?|D\.?O\.?|D\.?C\.?|PA-C|NP|FNP|MD|DO|DC|PhD|Psy\.?D\.?))\s*$`)
	reOrgLine       = regexp.MustCompile(`(?i)\b(?:utilization\s+review|review\s+services|medical\s+review|imaging|radiology|medical\s+group|medical\s+center|health|clinic|orthopaedic|orthopedic|associates|inc\.?|llc|corp)\b`)
)

// provider names who wrote the document: the UR organisation of a letter, the
// physician of a note, the radiologist or facility of an imaging report.
func provider(docType string, pages []PageText) string {
	if len(pages) == 0 {
		return ""
	}
	all := joinText(pages)
	if docType == index.TypeURLetter {
		for _, l := range strings.Split(head(pages[0].Text, 400), "\n") {
			l = strings.TrimSpace(l)
			if l != "" && len(l) < 80 && reOrgLine.MatchString(l) && len(findDates(l, farFuture)) == 0 {
				return collapseSpace(l)
			}
		}
	}
	if m := reProviderLabel.FindStringSubmatch(all); m != nil {
		v := strings.TrimSpace(m[1])
		if i := strings.Index(v, "  "); i > 0 {
			v = v[:i]
		}
		return collapseSpace(v)
	}
	if m := reSignature.FindStringSubmatch(all); m != nil {
		return collapseSpace(m[1])
	}
	if docType == index.TypeImaging {
		for _, l := range strings.Split(head(pages[0].Text, 300), "\n") {
			l = strings.TrimSpace(l)
			if l != "" && len(l) < 80 && reOrgLine.MatchString(l) {
				return collapseSpace(l)
			}
		}
	}
	return ""
}

// fixLateYears undoes a fax's 0 read as 6, 8 or 9 in the last digit of a year
// ("05/03/2026" for 05/03/2020), which fixYear cannot see when the misread
// year is not in the future. A date that comes after one it cannot follow is
// such a misread when the 0 puts it back in order: the exam or visit after
// the report's signature, the injury after any record of it (a UR decision,
// a request, a visit, an exam, a letter, a signature). A date of the same
// kind printed again with the 0 ("30 June 2020" beside "30 June 2026") is
// that one too. Nothing is moved that fits as read.
func fixLateYears(ds []Date) {
	var signedLast, ownFirst string
	for _, d := range ds {
		if d.Signed && d.Date > signedLast {
			signedLast = d.Date
		}
		switch d.Kind {
		case index.DateDecision, index.DateRequestReceived, index.DateService, index.DateExam, index.DateLetter:
		default:
			if !d.Signed {
				continue
			}
		}
		if ownFirst == "" || d.Date < ownFirst {
			ownFirst = d.Date
		}
	}
	for i, d := range ds {
		z, ok := zeroYear(d.Date)
		if !ok {
			continue
		}
		switch d.Kind {
		case index.DateInjury:
			ok = ownFirst != "" && d.Date > ownFirst && z <= ownFirst
		case index.DateDecision, index.DateRequestReceived, index.DateService, index.DateExam:
			ok = signedLast != "" && d.Date > signedLast && z <= signedLast
			for _, e := range ds {
				ok = ok || e.Kind == d.Kind && e.Date == z
			}
		default:
			ok = false
		}
		if ok {
			ds[i].Date = z
		}
	}
}

// zeroYear returns a YYYY-MM-DD date with the last digit of its year, when a
// 6, 8 or 9, read as the 0 OCR took it for.
func zeroYear(date string) (string, bool) {
	if len(date) != 10 || !zeroMisread(date[3]) {
		return "", false
	}
	z := date[:3] + "0" + date[4:]
	if _, err := time.Parse("2006-01-02", z); err != nil {
		return "", false // a 29 February the 0's year has not
	}
	return z, true
}
