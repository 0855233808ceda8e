package synth

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"imrpacket/index"
	"imrpacket/mtsamples"
)

// Fallback bodies, used only when the MTSamples corpus is absent so the
// generator still runs (tests that need real text skip without the corpus).
var fallbackBodies = map[string][]string{
	index.TypeProgressNote: {
		"SUBJECTIVE: The patient returns for follow-up of low back pain radiating to the left leg. She reports the pain is worse with prolonged sitting and bending.\n\nOBJECTIVE: Lumbar range of motion is reduced in flexion. Straight leg raise is positive on the left at 50 degrees. Motor strength is 5/5 throughout.\n\nASSESSMENT: Lumbar radiculopathy.\n\nPLAN: Continue home exercise program. Continue current medications.",
		"CHIEF COMPLAINT: Right shoulder pain.\n\nHISTORY OF PRESENT ILLNESS: The patient is seen in follow-up. He has pain with overhead activities and at night.\n\nPHYSICAL EXAMINATION: Positive Neer and Hawkins signs. Forward flexion to 150 degrees.\n\nIMPRESSION: Right shoulder impingement syndrome.\n\nPLAN: Continue therapy. Return in four weeks.",
	},
	index.TypeImaging: {
		"EXAM: MRI of the lumbar spine without contrast.\n\nHISTORY: Low back pain.\n\nFINDINGS: At L4-L5 there is a 3 mm broad-based disc protrusion with mild bilateral neural foraminal narrowing. The remaining levels are unremarkable.\n\nIMPRESSION: L4-L5 disc protrusion with mild foraminal narrowing.",
	},
	index.TypeOther: {
		"REASON FOR CONSULTATION: Evaluation of chronic neck pain.\n\nHISTORY: The patient has had neck pain since a lifting injury. Conservative care has helped partially.\n\nIMPRESSION: Cervical strain, chronic.\n\nRECOMMENDATIONS: Continue conservative care.",
	},
}

func (g *gen) body(class string, accept func(mtsamples.Sample) bool) (text, name string) {
	if s, ok := g.sample(class, accept); ok {
		return cleanBody(s.Text), s.Name
	}
	return pick(g.r, fallbackBodies[class]), ""
}

// cleanBody tidies MTSamples text: the crawl often has a comma after a
// heading colon and long runs of blank lines.
func cleanBody(s string) string {
	s = toWinAnsi(s)
	s = strings.ReplaceAll(s, ":,", ":")
	s = strings.ReplaceAll(s, "\r", "")
	s = regexp.MustCompile(`\n{3,}`).ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

var (
	bodyNumDate  = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b`)
	bodyNameDate = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})\b`)
)

// bodyDates finds full dates already printed in a corpus text; they are
// histories and references, so their kind is other.
func bodyDates(text string) []keyed {
	var out []keyed
	for _, m := range bodyNumDate.FindAllStringSubmatch(text, -1) {
		mo, _ := strconv.Atoi(m[1])
		dd, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if len(m[3]) == 2 {
			if y > 30 {
				y += 1900
			} else {
				y += 2000
			}
		}
		if t, ok := validDate(y, mo, dd); ok {
			out = append(out, keyed{m[0], &Date{Kind: index.DateOther, Date: isoDate(t), Text: m[0]}})
		}
	}
	for _, m := range bodyNameDate.FindAllStringSubmatch(text, -1) {
		t, err := time.Parse("January 2, 2006", m[0])
		if err == nil {
			out = append(out, keyed{m[0], &Date{Kind: index.DateOther, Date: isoDate(t), Text: m[0]}})
		}
	}
	return out
}

func validDate(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := day(y, time.Month(m), d)
	return t, t.Day() == d
}

// paras adds a multi-paragraph body, annotating dates printed in it.
func (b *builder) body(text string) {
	for _, p := range strings.Split(text, "\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			b.blank()
			continue
		}
		st := Plain
		if isHeading(p) {
			st = Bold
		}
		b.para(p, st, bodyDates(p)...)
	}
}

func isHeading(p string) bool {
	return len(p) < 40 && strings.HasSuffix(p, ":") && strings.ToUpper(p) == p
}

// noteKind is a progress-note template.
type noteKind int

const (
	notePR2 noteKind = iota
	noteSOAP
	noteOffice
)

// noteVisit is one visit of a (possibly copied-forward) chain.
type noteVisit struct {
	kind     noteKind
	date     time.Time
	body     string
	variant  int
	provider Person
	clinic   string
	addr     []string
	font     string
	pain     int
	requests []request
	// The template's fixed choices, kept along a copy-forward chain.
	title                           string
	servLabel, injLabel, birthLabel string
	format                          DateFormat
}

// progressChain writes n consecutive visit notes from one template: the
// first from a corpus note, each later one copied forward from the one
// before with its date, pain score and some sentences changed.
func (g *gen) progressChain(n int) []*Document {
	v := &noteVisit{
		kind:     noteKind(g.r.IntN(3)),
		date:     g.c.dateIn(g.r),
		variant:  g.r.IntN(3),
		provider: g.c.PTP,
		clinic:   g.c.Clinic,
		addr:     g.c.ClinicAddr,
		font:     pick(g.r, []string{"Helvetica", "Times-Roman", "Courier", "Helvetica"}),
		pain:     4 + g.r.IntN(5),
		format:   pickFormat(g.r),
	}
	switch v.kind {
	case notePR2:
		v.title = "Primary Treating Physician's Progress Report (PR-2)"
		v.servLabel = pick(g.r, []string{"Date of Service", "DOS", "Visit Date"})
	case noteSOAP:
		v.title = pick(g.r, []string{"Progress Note", "SOAP Note", "Follow-up Visit", "PROGRESS NOTE - ESTABLISHED PATIENT"})
		v.servLabel = pick(g.r, labelsService[:5])
	default:
		v.title = pick(g.r, []string{"Office Visit", "Office Note", "Clinic Note", "Orthopedic Follow-up Evaluation"})
		v.servLabel = pick(g.r, labelsService[:5])
	}
	v.injLabel = pick(g.r, labelsInjury)
	v.birthLabel = pick(g.r, labelsBirth)
	v.body, _ = g.body(index.TypeProgressNote, nil)
	v.body = g.trimBody(v.body, 2600)
	var docs []*Document
	for i := 0; i < n; i++ {
		if i > 0 {
			nv := *v
			nv.date = addDays(v.date, 14+g.r.IntN(35))
			nv.body = g.copyForward(v.body)
			nv.pain = max(2, min(9, v.pain+g.r.IntN(3)-1))
			v = &nv
		}
		v.requests = nil
		if g.chance(0.4) {
			v.requests = g.newRequests(1 + g.r.IntN(2))
		}
		d := g.visitNote(v)
		if i > 0 {
			d.CopyForwardOf = docs[i-1].ID
		}
		docs = append(docs, d)
	}
	return docs
}

// trimBody keeps whole paragraphs of a long corpus text up to about limit
// characters, so notes stay at one to three pages.
func (g *gen) trimBody(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	ps := strings.Split(s, "\n")
	var out []string
	n := 0
	for _, p := range ps {
		if n+len(p) > limit && n > limit/3 {
			break
		}
		out = append(out, p)
		n += len(p) + 1
	}
	return strings.Join(out, "\n")
}

var intervalSentences = []string{
	"Since the last visit the patient reports pain is about the same.",
	"The patient states the medications help reduce pain by about 30 percent.",
	"Patient has completed %d of the authorized physical therapy visits with some improvement.",
	"He continues to work modified duty with lifting restrictions.",
	"She reports increased numbness in the hands at night.",
	"The patient denies any new injury or bowel or bladder changes.",
	"Sleep remains disrupted because of pain.",
	"The patient was seen in the emergency department for a flare-up, no imaging was done.",
	"Home exercise program is being performed daily.",
	"Medication refills were requested; no side effects reported.",
	"Range of motion is slightly improved compared with the prior examination.",
	"Tenderness persists over the paraspinal muscles with spasm.",
}

// copyForward returns a follow-up version of a note body: most sentences
// kept word for word, some replaced or added, as templates carry text forward.
func (g *gen) copyForward(body string) string {
	paras := strings.Split(body, "\n")
	keep := 0.55 + 0.35*g.r.Float64()
	for i, p := range paras {
		if isHeading(strings.TrimSpace(p)) || strings.TrimSpace(p) == "" {
			continue
		}
		sents := strings.SplitAfter(p, ". ")
		for j := range sents {
			if g.r.Float64() > keep {
				s := pick(g.r, intervalSentences)
				if strings.Contains(s, "%d") {
					s = fmt.Sprintf(s, 2+g.r.IntN(10))
				}
				sents[j] = s + " "
			}
		}
		paras[i] = strings.TrimSpace(strings.Join(sents, ""))
	}
	return strings.Join(paras, "\n")
}

func (g *gen) visitNote(v *noteVisit) *Document {
	c := g.c
	st := g.styleFor(v.font)
	b := newBuilder(st)
	d := &Document{ID: g.nextID(), Type: index.TypeProgressNote, Provider: v.provider.Name}
	d.Title = v.title
	dServ := func() (*Date, string) { return dateAs(v.format, index.DateService, v.date, v.servLabel) }
	dInj, tInj := dateAs(v.format, index.DateInjury, c.Injury, v.injLabel)
	dBirth, tBirth := dateAs(v.format, index.DateBirth, c.Birth, v.birthLabel)
	switch v.kind {
	case notePR2:
		d.Subtype = "pr2"
		b.line("STATE OF CALIFORNIA", Center)
		b.line("DIVISION OF WORKERS’ COMPENSATION", Center)
		b.line("PRIMARY TREATING PHYSICIAN’S PROGRESS REPORT (PR-2)", Title)
		b.blank()
		b.para("Check the box(es) which indicate why you are submitting a report at this time. If the patient is “Permanent and Stationary” (i.e., has reached maximum medical improvement), do not use this form.", Small)
		rfa := " "
		if len(v.requests) > 0 {
			rfa = "X"
		}
		b.line("[X] Periodic Report (required 45 days after last report)   [ ] Change in treatment plan", Small)
		b.line("[ ] Change in work status   [ ] Need for referral or consultation   ["+rfa+"] Request for authorization", Small)
		b.blank()
		if v.variant != 0 {
			ds, ts := dServ()
			b.line(ts, Bold, ds)
		}
		b.line(pad("Patient: "+c.Claimant, 44)+tBirth, Plain, dBirth)
		b.line(pad(tInj, 44)+"Claim No.: "+c.ClaimNumber, Plain, dInj)
		b.line("Employer: "+c.Employer, Plain)
		b.line("Claims Administrator: "+c.ClaimsAdministrator+", "+strings.Join(c.AdminAddress, ", "), Plain)
		b.blank()
		b.line("SUBJECTIVE COMPLAINTS / HISTORY:", Bold)
		b.para(fmt.Sprintf("The patient rates pain at %d/10 today.", v.pain), Plain)
		b.body(v.body)
	default:
		if v.kind == noteSOAP {
			d.Subtype = "soap"
		} else {
			d.Subtype = "office_note"
		}
		b.line(v.clinic, Title)
		b.line(strings.Join(v.addr, ", "), Center)
		b.blank()
		b.line(strings.ToUpper(d.Title), Title)
		b.blank()
		ds, ts := dServ()
		switch v.variant {
		case 0:
			b.line(pad("Patient: "+c.Claimant, 44)+ts, Plain, ds)
			b.line(pad(tBirth, 44)+tInj, Plain, dBirth, dInj)
		case 1:
			b.line(ts, Bold, ds)
			b.line("Name: "+c.Claimant, Plain)
			b.line(tBirth, Plain, dBirth)
			b.line(tInj, Plain, dInj)
		default:
			b.line("Patient Name: "+c.Claimant+"   "+tBirth, Plain, dBirth)
			b.line(ts+"   Provider: "+v.provider.Name, Plain, ds)
			b.line("Claim #: "+c.ClaimNumber+"   "+tInj, Plain, dInj)
		}
		b.blank()
		b.para(fmt.Sprintf("Pain level: %d/10.", v.pain), Plain)
		b.body(v.body)
	}
	b.blank()
	b.line("DIAGNOSES:", Bold)
	for i, di := range c.Diagnoses {
		b.line(fmt.Sprintf("%d. %s (%s)", i+1, diagnoses[di].text, diagnoses[di].icd), Plain)
	}
	b.blank()
	if len(v.requests) > 0 {
		b.line(pick(g.r, []string{"TREATMENT PLAN / REQUESTS:", "REQUEST FOR AUTHORIZATION:", "PLAN:"}), Bold)
		for _, q := range v.requests {
			s := "- " + q.text
			if q.qty != "" {
				s += ", " + q.qty
			}
			b.para(s, Plain)
		}
		b.para("A DWC Form RFA is submitted with this report.", Plain)
		b.blank()
	}
	b.line("WORK STATUS:", Bold)
	switch g.r.IntN(3) {
	case 0:
		b.para("Temporarily totally disabled until the next visit.", Plain)
	case 1:
		rd := addDays(v.date, 7+g.r.IntN(30))
		dd, txt := g.proseDate(index.DateOther, rd)
		b.para(fmt.Sprintf("Return to modified work on %s with no lifting over %d pounds and no repetitive bending.", txt, 10+5*g.r.IntN(4)), Plain, keyed{txt, dd})
	default:
		b.para("Continue modified duty as previously outlined.", Plain)
	}
	b.blank()
	if v.kind == notePR2 {
		b.para("I declare under penalty of perjury that this report is true and correct to the best of my knowledge and that I have not violated Labor Code section 139.3.", Small)
		ds, ts := dateAs(v.format, index.DateService, v.date, "Date of exam")
		b.line(ts, Plain, ds)
		sg, tsg := g.date(index.DateOther, addDays(v.date, g.r.IntN(3)), "Date")
		b.line("Signature: /s/ "+v.provider.Name+"   "+tsg, Plain, sg)
		b.line(fmt.Sprintf("Executed at: %s   Cal. License #: %c%06d", strings.Split(c.ClinicAddr[1], ",")[0], 'A'+rune(g.r.IntN(8)), g.r.IntN(1e6)), Plain)
		b.line("Name: "+v.provider.Name+"   Specialty: "+v.provider.Specialty, Plain)
		b.line("Address: "+strings.Join(v.addr, ", "), Plain)
	} else {
		if g.chance(0.5) {
			sg, tsg := g.proseDate(index.DateOther, addDays(v.date, g.r.IntN(3)))
			b.line("Electronically signed by "+v.provider.Name+" on "+tsg, Small, sg)
		} else {
			b.line(v.provider.Name, Plain)
			b.line(v.provider.Specialty, Plain)
		}
	}
	b.cont = func(page, total int) []Line {
		return []Line{{Text: fmt.Sprintf("%s - %s (continued)", c.Claimant, d.Title), Style: Small}, {}}
	}
	if g.chance(0.5) {
		b.foot = func(page, total int) []Line {
			return []Line{{Text: fmt.Sprintf("Page %d of %d", page, total), Style: Small}}
		}
	}
	b.finish(d)
	d.Primary = isoDate(v.date)
	return d
}
