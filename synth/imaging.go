package synth

import (
	"fmt"
	"regexp"
	"strings"

	"imrpacket/index"
	"imrpacket/mtsamples"
)

var (
	reMRI   = regexp.MustCompile(`(?i)\b(mri|mra)\b`)
	reCT    = regexp.MustCompile(`(?i)\b(ct|cta|ccta|hct)\b`)
	reXray  = regexp.MustCompile(`(?i)(x-?ray|views?|radiograph|mammogra|radiologic exam|barium|urogram)`)
	reSound = regexp.MustCompile(`(?i)(ultrasound|doppler|sonogra)`)
)

// imagingSubtype names the modality of a corpus imaging report.
func imagingSubtype(name, text string) string {
	head := name + " " + text[:min(len(text), 120)]
	switch {
	case reMRI.MatchString(head):
		return "mri"
	case reCT.MatchString(head):
		return "ct"
	case reSound.MatchString(head):
		return "ultrasound"
	case reXray.MatchString(head):
		return "xray"
	}
	return "radiology_report"
}

// imagingReport writes a facility report around a corpus Radiology text.
func (g *gen) imagingReport() *Document {
	c := g.c
	body, name := g.body(index.TypeImaging, func(s mtsamples.Sample) bool { return len(s.Text) < 5000 })
	body = g.trimBody(body, 3500)
	st := g.styleFor(pick(g.r, []string{"Helvetica", "Times-Roman", "Courier"}))
	b := newBuilder(st)
	d := &Document{ID: g.nextID(), Type: index.TypeImaging, Subtype: imagingSubtype(name, body)}
	fac := pick(g.r, imagingFacilities)
	rad := pick(g.r, radiologists)
	d.Provider = rad
	exam := g.c.dateIn(g.r)
	if exam.Before(c.Injury) {
		exam = addDays(c.Injury, 10)
	}
	b.line(fac, Title)
	b.line(pick(g.r, streets)+", "+pick(g.r, cities), Center)
	b.line(fmt.Sprintf("Tel (%d) 555-01%02d  Fax (%d) 555-02%02d", 200+g.r.IntN(700), g.r.IntN(100), 200+g.r.IntN(700), g.r.IntN(100)), Center)
	b.blank()
	d.Title = pick(g.r, []string{"RADIOLOGY REPORT", "DIAGNOSTIC IMAGING REPORT", "IMAGING REPORT", "IMAGING CONSULTATION"})
	if d.Subtype == "ct" && g.chance(0.5) {
		d.Title = "CT REPORT"
	}
	if d.Subtype == "mri" && g.chance(0.5) {
		d.Title = pick(g.r, []string{"MRI REPORT", "MAGNETIC RESONANCE IMAGING REPORT"})
	}
	if d.Subtype == "ultrasound" && g.chance(0.5) {
		d.Title = "ULTRASOUND REPORT"
	}
	b.line(d.Title, Title)
	b.blank()
	dx, tx := g.date(index.DateExam, exam, pick(g.r, labelsExam))
	db, tb := g.date(index.DateBirth, c.Birth, pick(g.r, labelsBirth))
	acc := fmt.Sprintf("Accession #: %d%07d", 1+g.r.IntN(9), g.r.IntN(1e7))
	switch g.r.IntN(3) {
	case 0:
		b.line(pad("Patient: "+c.Claimant, 44)+tb, Plain, db)
		b.line(pad(tx, 44)+acc, Plain, dx)
		b.line("Referring Physician: "+c.PTP.Name, Plain)
	case 1:
		b.line("PATIENT NAME: "+strings.ToUpper(c.Claimant), Plain)
		b.line(tb, Plain, db)
		b.line("REFERRING: "+strings.ToUpper(c.PTP.Name), Plain)
		b.line(tx, Plain, dx)
		b.line(acc, Plain)
	default:
		b.line(tx, Bold, dx)
		b.line("Name: "+c.Claimant+"   MRN: "+fmt.Sprint(100000+g.r.IntN(900000))+"   "+tb, Plain, db)
		b.line("Ordering Provider: "+c.PTP.Name+"   Claim: "+c.ClaimNumber, Plain)
		if g.chance(0.5) {
			di, ti := g.date(index.DateInjury, c.Injury, pick(g.r, labelsInjury))
			b.line("Workers’ Compensation - "+ti, Plain, di)
		}
	}
	b.line("", RuleTop)
	b.body(body)
	b.blank()
	switch g.r.IntN(3) {
	case 0:
		sd, ts := g.proseDate(index.DateOther, addDays(exam, g.r.IntN(3)))
		b.line("Electronically signed by: "+rad+" on "+ts, Small, sd)
	case 1:
		b.line("Interpreted by: "+rad, Plain)
		td, tt := g.date(index.DateOther, addDays(exam, 1+g.r.IntN(2)), "Transcribed")
		b.line("D: "+rad+"   "+tt, Small, td)
	default:
		b.line("Thank you for this referral.", Plain)
		b.line(rad, Plain)
		b.line("Diplomate, American Board of Radiology", Small)
	}
	b.cont = func(page, total int) []Line {
		return []Line{{Text: c.Claimant + " - " + d.Title + " - page " + fmt.Sprint(page), Style: Small}, {}}
	}
	b.finish(d)
	d.Primary = isoDate(exam)
	return d
}
