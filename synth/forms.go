package synth

import (
	"fmt"
	"strings"
	"time"

	"imrpacket/index"
	"imrpacket/mtsamples"
)

// rfa writes DWC Form RFA for an episode; its treatments carry decision "requested".
func (g *gen) rfa(e *urEpisode) *Document {
	c := g.c
	b := newBuilder(g.styleFor("Helvetica"))
	d := &Document{ID: g.nextID(), Type: index.TypeOther, Subtype: "rfa", Title: "Request for Authorization (DWC Form RFA)", Provider: e.requester.Name}
	b.line("State of California, Division of Workers’ Compensation", Center)
	b.line("REQUEST FOR AUTHORIZATION", Title)
	b.line("DWC Form RFA", Center)
	b.para("Attach the Doctor’s First Report of Occupational Injury or Illness, Form DLSR 5021, a Treating Physician’s Progress Report, DWC Form PR-2, or equivalent narrative report substantiating the requested treatment.", Small)
	b.line("[X] New Request   [ ] Resubmission - Change in Material Facts   [ ] Expedited Review", Small)
	b.blank()
	b.line("Employee Information", Bold)
	b.line("Name (Last, First, Middle): "+lastFirst(c.Claimant), Plain)
	di, ti := dateAs(FmtSlash, index.DateInjury, c.Injury, "Date of Injury (MM/DD/YYYY)")
	db, tb := dateAs(FmtSlash, index.DateBirth, c.Birth, "Date of Birth (MM/DD/YYYY)")
	b.line(ti, Plain, di)
	b.line(tb, Plain, db)
	b.line("Claim Number: "+c.ClaimNumber+"   Employer: "+c.Employer, Plain)
	b.blank()
	b.line("Requesting Physician Information", Bold)
	b.line("Name: "+e.requester.Name+"   Practice Name: "+c.Clinic, Plain)
	b.line("Address: "+strings.Join(c.ClinicAddr, ", "), Plain)
	b.line("Specialty: "+e.requester.Specialty+"   NPI Number: "+e.requester.NPI, Plain)
	b.blank()
	b.line("Claims Administrator Information", Bold)
	b.line("Company Name: "+c.ClaimsAdministrator, Plain)
	b.line("Address: "+strings.Join(c.AdminAddress, ", "), Plain)
	b.blank()
	b.line("Requested Treatment (see instructions for guidance; attach additional pages if necessary)", Bold)
	b.line(pad("Diagnosis", 26)+pad("ICD-Code", 10)+pad("Service/Good Requested", 34)+pad("CPT/HCPCS", 10)+"Other Information", Small)
	for i, q := range e.requests {
		dx := diagnoses[c.Diagnoses[i%len(c.Diagnoses)]]
		other := strings.TrimSpace(q.qty + " " + q.freq)
		name := q.text
		b.line(pad(short(dx.text, 24), 26)+pad(dx.icd, 10)+pad(name, 34)+pad(q.code, 10)+other, Small, q.truth(index.DecisionRequested))
	}
	b.blank()
	ds, ts := g.date(index.DateLetter, e.rfaDate, "Date")
	b.line("Requesting Physician Signature: /s/ "+e.requester.Name+"   "+ts, Plain, ds)
	b.blank()
	b.line("Claims Administrator/Utilization Review Organization (URO) Response", Bold)
	b.line("[ ] Approved  [ ] Denied or Modified (See separate decision letter)  [ ] Delay", Small)
	b.line("[ ] Requested treatment has been previously denied  [ ] Liability for treatment is disputed", Small)
	b.line("Authorization Number (if assigned): ________   Date: ________", Small)
	b.line("Authorized Agent Name: ______________________   Signature: ______________", Small)
	b.line("DWC Form RFA (Effective 1/2014)", Small)
	b.finish(d)
	d.Primary = isoDate(e.rfaDate)
	return d
}

func lastFirst(name string) string {
	f := strings.Fields(name)
	return f[len(f)-1] + ", " + strings.Join(f[:len(f)-1], " ")
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "."
}

// imrApplication writes DWC Form IMR disputing an episode's decision.
func (g *gen) imrApplication(e *urEpisode) *Document {
	c := g.c
	b := newBuilder(g.styleFor(pick(g.r, []string{"Helvetica", "Courier"})))
	d := &Document{ID: g.nextID(), Type: index.TypeOther, Subtype: "imr_application", Title: "Application for Independent Medical Review (DWC Form IMR)"}
	signed := addDays(e.decision, 3+g.r.IntN(20))
	b.line("STATE OF CALIFORNIA - DIVISION OF WORKERS’ COMPENSATION", Center)
	b.line("APPLICATION FOR INDEPENDENT MEDICAL REVIEW", Title)
	b.line("DWC Form IMR", Center)
	b.para("Instructions: You have the right to request an Independent Medical Review (IMR) of a utilization review decision that denied or modified a treatment request. Complete this form and send it, with a copy of the written UR determination, within 30 days of service of the UR decision.", Small)
	b.blank()
	b.line("Employee Information", Bold)
	b.line("Employee Name: "+c.Claimant, Plain)
	di, ti := g.date(index.DateInjury, c.Injury, "Date of Injury")
	b.line(ti+"   Claim Number: "+c.ClaimNumber, Plain, di)
	b.line("Employer: "+c.Employer, Plain)
	b.blank()
	b.line("Claims Administrator: "+c.ClaimsAdministrator, Plain)
	b.line("Requesting Physician: "+e.requester.Name, Plain)
	b.blank()
	b.line("Utilization Review Decision Being Disputed", Bold)
	// A reference to the UR letter's date, not this form's own key date.
	du, tu := g.date(index.DateOther, e.decision, pick(g.r, []string{"Date of UR decision letter", "UR Determination Date", "Date of the written UR decision"}))
	b.line(tu, Plain, du)
	b.line("Disputed treatment(s):", Plain)
	for _, q := range e.decided {
		if q.decision == index.DecisionDenied || q.decision == index.DecisionModified {
			b.line("  - "+q.text, Plain)
		}
	}
	b.blank()
	b.line("Signature of Employee or Representative: /s/ "+c.Claimant, Plain)
	ds, ts := g.date(index.DateLetter, signed, "Date")
	b.line(ts, Plain, ds)
	b.line("DWC Form IMR (Rev. 2/2014)", Small)
	b.finish(d)
	d.Primary = isoDate(signed)
	return d
}

// imrDetermination writes the IMR organisation's final determination.
// Its treatments carry the final outcome: overturned is approved, upheld denied.
func (g *gen) imrDetermination(e *urEpisode) *Document {
	c := g.c
	b := newBuilder(g.styleFor("Times-Roman"))
	d := &Document{ID: g.nextID(), Type: index.TypeOther, Subtype: "imr_determination", Title: "Independent Medical Review Final Determination"}
	final := addDays(e.decision, 30+g.r.IntN(60))
	b.line("California Independent Medical Review Organization", Title)
	b.line("P.O. Box 138009, Sacramento, CA 95813 | (855) 555-0108", Center)
	b.blank()
	df, tf := g.date(index.DateLetter, final, pick(g.r, []string{"Date", "Date of Final Determination", "Letter Date"}))
	b.line(tf, Plain, df)
	b.line(fmt.Sprintf("IMR Case Number: CM%d-%07d", final.Year()%100, g.r.IntN(1e7)), Plain)
	b.line("Employee: "+c.Claimant+"   Claim Number: "+c.ClaimNumber, Plain)
	di, ti := g.date(index.DateInjury, c.Injury, pick(g.r, labelsInjury))
	b.line(ti, Plain, di)
	du, tu := g.date(index.DateOther, e.decision, "UR Denial Date")
	b.line(tu, Plain, du)
	b.blank()
	b.line("INDEPENDENT MEDICAL REVIEW FINAL DETERMINATION", Title)
	b.blank()
	b.para("The Independent Medical Review of the disputed treatment listed below has been completed. An expert reviewer, a physician licensed in California and board certified in the relevant specialty, reviewed the case file under Labor Code section 4610.5.", Plain)
	b.blank()
	for _, q := range e.decided {
		if q.decision != index.DecisionDenied && q.decision != index.DecisionModified {
			continue
		}
		outcome, dec := "UPHELD", index.DecisionDenied
		if g.chance(0.3) {
			outcome, dec = "OVERTURNED", index.DecisionApproved
		}
		t := q.truth(dec)
		b.line("Disputed Item: "+q.text, Bold, t)
		if outcome == "UPHELD" {
			b.para("Determination: The requested treatment is not medically necessary and appropriate. The Utilization Review determination is UPHELD.", Plain)
		} else {
			b.para("Determination: The requested treatment is medically necessary and appropriate. The Utilization Review determination is OVERTURNED.", Plain)
		}
		b.para("Basis: "+pick(g.r, guidelines)+". The expert reviewer found the records "+pick(g.r, []string{"did not document functional improvement from prior care", "documented objective deficits consistent with the guideline criteria", "lacked a recent examination"})+".", Plain)
		b.blank()
	}
	b.para("This determination is final and binding on all parties unless an appeal is filed with the Workers’ Compensation Appeals Board within 30 days of the mailing of this determination.", Small)
	b.cont = func(page, total int) []Line {
		return []Line{{Text: fmt.Sprintf("IMR Final Determination - %s - Page %d of %d", c.Claimant, page, total), Style: Small}, {}}
	}
	b.finish(d)
	d.Primary = isoDate(final)
	return d
}

// faxCover writes a fax cover sheet sent ahead of the documents that follow it.
func (g *gen) faxCover(sent time.Time, pages int) *Document {
	c := g.c
	b := newBuilder(g.styleFor(pick(g.r, []string{"Helvetica", "Courier", "Times-Roman"})))
	d := &Document{ID: g.nextID(), Type: index.TypeOther, Subtype: "fax_cover"}
	d.Title = pick(g.r, []string{"FAX", "FACSIMILE TRANSMITTAL", "Fax Cover Sheet", "CONFIDENTIAL FAX"})
	from := pick(g.r, []string{c.Clinic, c.ClaimsAdministrator, "Law Offices of " + pick(g.r, doctorLast) + " & " + pick(g.r, doctorLast)})
	to := pick(g.r, []string{"DWC Independent Medical Review", c.ClaimsAdministrator, "Utilization Review Department", c.Clinic})
	b.line(from, Bold)
	b.blank()
	b.line(d.Title, Title)
	b.blank()
	dd, td := g.date(index.DateLetter, sent, "Date")
	lines := []struct {
		s string
		a *Date
	}{
		{"To: " + to, nil},
		{fmt.Sprintf("Fax: (%d) 555-%04d", 200+g.r.IntN(700), g.r.IntN(10000)), nil},
		{"From: " + from, nil},
		{td, dd},
		{fmt.Sprintf("Pages (including cover): %d", pages+1), nil},
		{"Re: " + c.Claimant + " / Claim # " + c.ClaimNumber, nil},
	}
	for _, l := range lines {
		b.line(l.s, Plain, l.a)
	}
	b.blank()
	b.para(pick(g.r, []string{"Please see attached medical records in support of the Independent Medical Review.", "Attached please find the requested records.", "Enclosed: RFA and supporting report. Please process.", "Comments: For your review."}), Plain)
	b.blank()
	b.line("CONFIDENTIALITY NOTICE", Bold)
	b.para("This facsimile contains confidential protected health information. If you are not the intended recipient, you are notified that any review, disclosure, copying or distribution is prohibited. If you received this fax in error, call the sender and destroy all copies.", Small)
	b.finish(d)
	d.Primary = isoDate(sent)
	return d
}

// billing writes an itemised statement; its lines carry dates of service.
func (g *gen) billing() *Document {
	c := g.c
	st := g.styleFor("Courier")
	b := newBuilder(st)
	d := &Document{ID: g.nextID(), Type: index.TypeOther, Subtype: "billing", Provider: c.PTP.Name}
	d.Title = pick(g.r, []string{"ITEMIZED STATEMENT", "STATEMENT OF SERVICES", "BILLING STATEMENT"})
	stmt := g.c.dateIn(g.r)
	b.line(c.Clinic, Title)
	b.line(strings.Join(c.ClinicAddr, ", "), Center)
	b.blank()
	b.line(d.Title, Title)
	ds, ts := g.date(index.DateLetter, stmt, pick(g.r, []string{"Statement Date", "Date", "Billing Date"}))
	b.line(ts, Plain, ds)
	b.line("Bill To: "+c.ClaimsAdministrator+"   Claim #: "+c.ClaimNumber, Plain)
	b.line("Patient: "+c.Claimant, Plain)
	di, ti := g.date(index.DateInjury, c.Injury, pick(g.r, labelsInjury))
	b.line(ti, Plain, di)
	b.blank()
	b.line(pad("DOS", 12)+pad("CPT", 8)+pad("Description", 34)+pad("Units", 6)+"Charge", Bold)
	f := pick(g.r, []DateFormat{FmtSlash, FmtShortYear, FmtSlashNoPad, FmtDash})
	n := 3 + g.r.IntN(8)
	t := addDays(stmt, -60)
	total := 0
	services := []struct{ code, desc string }{{"99213", "Office visit, est. patient"}, {"99214", "Office visit, est. patient"}, {"97110", "Therapeutic exercise"}, {"97140", "Manual therapy"}, {"98941", "CMT 3-4 regions"}, {"97014", "Electrical stimulation"}, {"99080", "Special report (PR-2)"}}
	for i := 0; i < n; i++ {
		t = addDays(t, 3+g.r.IntN(7))
		if t.After(stmt) {
			break
		}
		sv := pick(g.r, services)
		amt := 45 + g.r.IntN(200)
		total += amt
		dd, td := dateAs(f, index.DateService, t, "")
		b.line(pad(td, 12)+pad(sv.code, 8)+pad(sv.desc, 34)+pad("1", 6)+fmt.Sprintf("$%d.00", amt), Plain, dd)
	}
	b.blank()
	b.line(fmt.Sprintf("Total charges: $%d.00   Payments: $0.00   Balance due: $%d.00", total, total), Bold)
	b.para("Billed pursuant to the Official Medical Fee Schedule. Please remit within 45 days (Labor Code 4603.2).", Small)
	b.finish(d)
	d.Primary = isoDate(stmt)
	return d
}

// proofOfService writes a proof of service by mail.
func (g *gen) proofOfService(served time.Time, what string) *Document {
	c := g.c
	b := newBuilder(g.styleFor(pick(g.r, []string{"Times-Roman", "Courier"})))
	d := &Document{ID: g.nextID(), Type: index.TypeOther, Subtype: "proof_of_service", Title: "Proof of Service"}
	county := pick(g.r, []string{"Sacramento", "Fresno", "Alameda", "San Diego", "Riverside", "Kern", "Santa Clara", "Los Angeles"})
	b.line("PROOF OF SERVICE", Title)
	b.line("(CCP 1013a, 2015.5)", Center)
	b.blank()
	b.line("STATE OF CALIFORNIA, COUNTY OF "+strings.ToUpper(county), Plain)
	b.blank()
	dd, td := g.proseDate(index.DateLetter, served)
	b.para(fmt.Sprintf("I am employed in the County of %s, State of California. I am over the age of 18 and not a party to the within action. On %s, I served the foregoing document(s) described as %s on the interested parties in this action by placing a true copy thereof enclosed in a sealed envelope with postage fully prepaid, addressed as follows:", county, td, what), Plain, keyed{td, dd})
	b.blank()
	b.line(c.Claimant, Plain)
	b.line(c.ClaimsAdministrator+", "+strings.Join(c.AdminAddress, ", "), Plain)
	b.line(c.PTP.Name+", "+c.Clinic, Plain)
	b.blank()
	b.line("[X] BY MAIL   [ ] BY FAX   [ ] BY ELECTRONIC SERVICE", Plain)
	b.blank()
	ed, te := g.proseDate(index.DateOther, served)
	b.para(fmt.Sprintf("I declare under penalty of perjury under the laws of the State of California that the foregoing is true and correct. Executed on %s at %s, California.", te, county), Plain, keyed{te, ed})
	b.blank()
	b.line("/s/ "+personName(g.r), Plain)
	b.finish(d)
	d.Primary = isoDate(served)
	return d
}

// otherReport writes a corpus letter, consult, discharge summary or
// operative report under a provider letterhead.
func (g *gen) otherReport() *Document {
	c := g.c
	var s mtsamples.Sample
	var ok bool
	// Letters, consults and medical-legal reports are what IMR packets
	// carry besides notes; operative and other reports come less often.
	pref := g.chance(0.7)
	s, ok = g.sample(index.TypeOther, func(s mtsamples.Sample) bool {
		if len(s.Text) > 6000 {
			return false
		}
		return !pref || s.HasSpecialty(mtsamples.SpecLetters) || s.HasSpecialty(mtsamples.SpecConsult) ||
			s.HasSpecialty(mtsamples.SpecIME) || s.HasSpecialty(mtsamples.SpecDischarge)
	})
	body := pick(g.r, fallbackBodies[index.TypeOther])
	if ok {
		body = cleanBody(s.Text)
	}
	body = g.trimBody(body, 3500)
	st := g.styleFor(pick(g.r, []string{"Helvetica", "Times-Roman", "Courier"}))
	b := newBuilder(st)
	d := &Document{ID: g.nextID(), Type: index.TypeOther}
	prov := newPerson(g.r)
	d.Provider = prov.Name
	switch {
	case s.HasSpecialty(mtsamples.SpecLetters):
		d.Subtype, d.Title = "letter", "Correspondence"
	case s.HasSpecialty(mtsamples.SpecDischarge):
		d.Subtype, d.Title = "discharge_summary", "DISCHARGE SUMMARY"
	case s.HasSpecialty(mtsamples.SpecSurgery):
		d.Subtype, d.Title = "operative_report", "OPERATIVE REPORT"
	case s.HasSpecialty(mtsamples.SpecConsult):
		d.Subtype, d.Title = "consult", pick(g.r, []string{"CONSULTATION", "CONSULTATION REPORT", "HISTORY AND PHYSICAL"})
	case s.HasSpecialty(mtsamples.SpecIME):
		d.Subtype, d.Title = "medical_legal", pick(g.r, []string{"QUALIFIED MEDICAL EVALUATION", "MEDICAL-LEGAL REPORT"})
	default:
		d.Subtype, d.Title = "report", pick(g.r, []string{"MEDICAL REPORT", "REPORT", "PROCEDURE NOTE"})
	}
	b.line(pick(g.r, clinics), Title)
	b.line(pick(g.r, streets)+", "+pick(g.r, cities), Center)
	b.blank()
	if d.Subtype != "letter" {
		b.line(d.Title, Title)
		b.blank()
	}
	t := g.c.dateIn(g.r)
	dd, td := g.date(index.DateLetter, t, pick(g.r, labelsLetter))
	b.line(td, Plain, dd)
	b.line("RE: "+c.Claimant, Plain)
	if g.chance(0.5) {
		db, tb := g.date(index.DateBirth, c.Birth, pick(g.r, labelsBirth))
		b.line(tb, Plain, db)
	}
	b.blank()
	b.body(body)
	b.blank()
	b.line(prov.Name, Plain)
	b.line(prov.Specialty, Small)
	b.cont = func(page, total int) []Line {
		return []Line{{Text: "RE: " + c.Claimant, Style: Small}, {Text: fmt.Sprintf("Page %d", page), Style: Small}, {}}
	}
	b.finish(d)
	d.Primary = isoDate(t)
	return d
}
