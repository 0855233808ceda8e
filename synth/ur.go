package synth

import (
	"fmt"
	"strings"
	"time"

	"imrpacket/index"
)

// urVendor is a fictional UR organisation: its letterhead, labels, layout
// of the decisions and words for each decision.
type urVendor struct {
	name    string
	addr    []string
	phone   string
	font    string
	layout  int // urList, urTable, urProse, urBlocks, urSummary
	heading string
	// labels
	claimant, claimNo, physician, admin, employer string
	words                                         map[string][]string
}

const (
	urList = iota
	urTable
	urProse
	urBlocks
	urSummary
)

var urVendors = []urVendor{
	{name: "Pacific Coast Utilization Review, Inc.", addr: []string{"2500 Venture Oaks Way, Suite 400", "Sacramento, CA 95833"},
		phone: "(916) 555-0142", font: "Helvetica", layout: urList, heading: "UTILIZATION REVIEW DETERMINATION",
		claimant: "Claimant", claimNo: "Claim #", physician: "Requesting Physician", admin: "Claims Administrator", employer: "Employer",
		words: map[string][]string{index.DecisionApproved: {"CERTIFIED"}, index.DecisionModified: {"MODIFIED"}, index.DecisionDenied: {"NON-CERTIFIED"}, index.DecisionDelayed: {"DELAYED"}}},
	{name: "GOLDEN STATE MEDICAL REVIEW ORGANIZATION", addr: []string{"P.O. Box 60211", "Los Angeles, CA 90060"},
		phone: "(800) 555-0177", font: "Courier", layout: urTable, heading: "NOTICE OF UTILIZATION REVIEW DECISION",
		claimant: "Employee", claimNo: "Claim Number", physician: "Requesting Provider", admin: "Claims Adjuster/Administrator", employer: "Employer",
		words: map[string][]string{index.DecisionApproved: {"Approved", "Certify"}, index.DecisionModified: {"Modified", "Modify"}, index.DecisionDenied: {"Denied", "Non-Certify"}, index.DecisionDelayed: {"Delayed", "Delay"}}},
	{name: "Sierra Peer Review Services", addr: []string{"8801 Folsom Blvd, Suite 230", "Sacramento, CA 95826"},
		phone: "(916) 555-0190", font: "Times-Roman", layout: urProse, heading: "Utilization Review Decision Letter",
		claimant: "Injured Worker", claimNo: "Claim No.", physician: "Treating Physician", admin: "Claims Administrator", employer: "Employer",
		words: map[string][]string{index.DecisionApproved: {"certified", "approved"}, index.DecisionModified: {"modified", "certified with modification"}, index.DecisionDenied: {"non-certified", "denied"}, index.DecisionDelayed: {"delayed", "deferred pending additional information"}}},
	{name: "Coastline Managed Care Review", addr: []string{"1 Park Plaza, Suite 900", "Irvine, CA 92614"},
		phone: "(949) 555-0123", font: "Helvetica", layout: urBlocks, heading: "UR DETERMINATION - PEER REVIEW",
		claimant: "Patient", claimNo: "Claim", physician: "Provider", admin: "Payer", employer: "Employer",
		words: map[string][]string{index.DecisionApproved: {"APPROVE", "CERTIFY"}, index.DecisionModified: {"MODIFY", "PARTIAL CERTIFICATION"}, index.DecisionDenied: {"DENY", "NON-CERTIFY"}, index.DecisionDelayed: {"DELAY", "PEND - DELAY"}}},
	{name: "Bay Area Utilization Management, LLC", addr: []string{"1999 Harrison Street, 18th Floor", "Oakland, CA 94612"},
		phone: "(510) 555-0166", font: "Times-Roman", layout: urSummary, heading: "DETERMINATION OF MEDICAL NECESSITY",
		claimant: "Applicant", claimNo: "Claim #", physician: "Requesting Physician", admin: "Claims Examiner", employer: "Employer",
		words: map[string][]string{index.DecisionApproved: {"Certified"}, index.DecisionModified: {"Modified certification"}, index.DecisionDenied: {"Not certified", "Non-certification"}, index.DecisionDelayed: {"Delayed"}}},
}

// urEpisode is one RFA and its UR decision.
type urEpisode struct {
	rfaDate, received, decision time.Time
	requests                    []request // as requested
	decided                     []request // with decisions
	vendor                      int
	reviewer                    Person
	requester                   Person
}

func (g *gen) newEpisode(n int) *urEpisode {
	rfa := g.c.dateIn(g.r)
	e := &urEpisode{rfaDate: rfa, vendor: g.r.IntN(len(urVendors)), reviewer: newPerson(g.r), requester: g.c.PTP}
	e.received = addDays(rfa, g.r.IntN(4))
	e.decision = addBusinessDays(e.received, 1+g.r.IntN(5))
	e.requests = g.newRequests(n)
	e.decided = g.decide(e.requests)
	return e
}

func (v urVendor) word(g *gen, decision string) string { return pick(g.r, v.words[decision]) }

// urLetter writes the UR decision letter of an episode.
func (g *gen) urLetter(e *urEpisode) *Document {
	v := urVendors[e.vendor]
	c := g.c
	st := g.styleFor(v.font)
	st.PageFoot = v.layout != urProse
	b := newBuilder(st)
	d := &Document{ID: g.nextID(), Type: index.TypeURLetter, Subtype: "ur_decision", Provider: e.requester.Name}
	if g.urReviewer == "" {
		g.urReviewer = e.reviewer.Name
	}

	// Letterhead.
	b.line(v.name, Title)
	b.line(strings.Join(v.addr, " | "), Center)
	b.line("Phone "+v.phone+"   Fax "+strings.Replace(v.phone, "555-01", "555-02", 1), Center)
	b.line("", RuleTop)

	// Letter date: some vendors print it above the address block.
	if g.chance(0.5) {
		dd, txt := g.date(index.DateLetter, addDays(e.decision, g.r.IntN(2)), pick(g.r, labelsLetter))
		if g.chance(0.5) {
			txt = strings.TrimPrefix(txt, strings.SplitN(txt, ": ", 2)[0]+": ")
			dd.Text = txt
		}
		b.line(txt, Plain, dd)
		b.blank()
	}
	// Addressee.
	b.line(e.requester.Name, Plain)
	b.line(c.Clinic, Plain)
	for _, a := range c.ClinicAddr {
		b.line(a, Plain)
	}
	b.blank()
	b.line(v.heading, Title)
	b.blank()

	dDec, tDec := g.date(index.DateDecision, e.decision, pick(g.r, labelsDecision))
	dRec, tRec := g.date(index.DateRequestReceived, e.received, pick(g.r, labelsReceived))
	dInj, tInj := g.date(index.DateInjury, c.Injury, pick(g.r, labelsInjury))
	var dBirth *Date
	var tBirth string
	if g.chance(0.4) {
		dBirth, tBirth = g.date(index.DateBirth, c.Birth, pick(g.r, labelsBirth))
	}
	ref := fmt.Sprintf("UR-%d%06d", e.decision.Year()%100, g.r.IntN(1e6))
	if v.font == "Courier" || g.chance(0.3) {
		// Two columns on each line.
		b.line(pad(v.claimant+": "+c.Claimant, 40)+v.claimNo+": "+c.ClaimNumber, Plain)
		b.line(pad(tInj, 40)+v.employer+": "+c.Employer, Plain, dInj)
		b.line(pad(tRec, 40)+tDec, Plain, dRec, dDec)
		if dBirth != nil {
			b.line(pad(tBirth, 40)+"Reference #: "+ref, Plain, dBirth)
		} else {
			b.line("Reference #: "+ref, Plain)
		}
	} else {
		fields := []struct {
			s string
			a *Date
		}{
			{v.claimant + ": " + c.Claimant, nil}, {v.claimNo + ": " + c.ClaimNumber, nil},
			{tInj, dInj}, {v.employer + ": " + c.Employer, nil}, {tRec, dRec}, {tDec, dDec},
			{"UR Reference: " + ref, nil},
		}
		if dBirth != nil {
			fields = append(fields[:2], append([]struct {
				s string
				a *Date
			}{{tBirth, dBirth}}, fields[2:]...)...)
		}
		// Vendors order the header differently.
		if g.chance(0.5) {
			fields[len(fields)-2], fields[len(fields)-3] = fields[len(fields)-3], fields[len(fields)-2]
		}
		for _, f := range fields {
			b.line(f.s, Plain, f.a)
		}
	}
	b.line(v.admin+": "+c.ClaimsAdministrator, Plain)
	b.line(v.physician+": "+e.requester.Name, Plain)
	b.blank()

	b.para(fmt.Sprintf("Dear %s:", pick(g.r, []string{"Dr. " + lastOf(e.requester.Name), e.requester.Name, "Provider"})), Plain)
	b.blank()
	intro := pick(g.r, []string{
		"%s has completed utilization review of the Request for Authorization (DWC Form RFA) received from your office. The request was reviewed by a physician reviewer against the Medical Treatment Utilization Schedule (MTUS). The determination for each requested item is listed below.",
		"This letter is to notify you of the utilization review decision on the treatment requested for the injured worker named above. The request was reviewed in accordance with California Labor Code section 4610 and the MTUS.",
		"We have reviewed the request for authorization submitted on behalf of the above-referenced claimant. Our physician reviewer considered the medical records provided and the applicable evidence-based guidelines.",
	})
	if strings.Contains(intro, "%s") {
		intro = fmt.Sprintf(intro, v.name)
	}
	b.para(intro, Plain)
	b.blank()

	switch v.layout {
	case urList:
		b.line("REQUESTED TREATMENT(S) AND DETERMINATION:", Bold)
		for i, q := range e.decided {
			t := q.truth(q.decision)
			item := fmt.Sprintf("%d. %s", i+1, q.text)
			if q.code != "" {
				item += " (CPT/HCPCS " + q.code + ")"
			}
			if q.qty != "" {
				item += ", quantity " + q.qty
			}
			if q.freq != "" {
				item += ", " + q.freq
			}
			b.para(item, Plain, keyed{q.text, t})
			line := "   Determination: " + v.word(g, q.decision)
			if q.decision == index.DecisionModified {
				line += " to " + q.kind.modQty
			}
			b.line(line, Bold)
		}
		b.blank()
		b.line("CLINICAL RATIONALE:", Bold)
		g.caseSummary(b, e)
		for i, q := range e.decided {
			g.reason(b, q, fmt.Sprintf("Item %d: ", i+1))
		}
	case urTable:
		b.line(pad("Requested Treatment", 38)+pad("Code", 8)+pad("Qty", 12)+"Decision", Bold)
		b.line(strings.Repeat("-", st.Width), Plain)
		for _, q := range e.decided {
			t := q.truth(q.decision)
			name := q.text
			var rest []string
			for len([]rune(name)) > 36 {
				cut := strings.LastIndex(string([]rune(name)[:36]), " ")
				if cut <= 0 {
					break
				}
				rest = append(rest, name[:cut])
				name = strings.TrimSpace(name[cut:])
			}
			// Long names wrap inside the first column; the truth is the whole name.
			rest = append(rest, name)
			qty := q.qty
			if q.freq != "" && len(qty)+len(q.freq) < 11 {
				qty += " " + q.freq
			}
			dec := v.word(g, q.decision)
			if q.decision == index.DecisionModified {
				dec += " (" + q.kind.modQty + ")"
			}
			b.line(pad(rest[0], 38)+pad(q.code, 8)+pad(qty, 12)+dec, Plain, t)
			for _, r := range rest[1:] {
				b.line("  "+r, Plain)
			}
			if q.freq != "" && !strings.Contains(qty, q.freq) {
				b.line("  Frequency: "+q.freq, Plain)
			}
		}
		b.line(strings.Repeat("-", st.Width), Plain)
		b.blank()
		b.line("RATIONALE FOR DECISION", Bold)
		g.caseSummary(b, e)
		for _, q := range e.decided {
			g.reason(b, q, q.text+": ")
		}
	case urProse:
		b.line("Clinical Summary", Bold)
		g.caseSummary(b, e)
		b.line("Determination", Bold)
		for _, q := range e.decided {
			t := q.truth(q.decision)
			req := q.text
			if q.qty != "" {
				req += ", " + q.qty
			}
			if q.freq != "" {
				req += " (" + q.freq + ")"
			}
			if q.code != "" {
				req += ", CPT " + q.code
			}
			var s string
			switch q.decision {
			case index.DecisionModified:
				s = fmt.Sprintf("The request for %s is %s to %s.", req, v.word(g, q.decision), q.kind.modQty)
			case index.DecisionDelayed:
				s = fmt.Sprintf("The request for %s is %s; the records needed to decide it were not received.", req, v.word(g, q.decision))
			default:
				s = fmt.Sprintf("The request for %s is %s.", req, v.word(g, q.decision))
			}
			b.para(s, Plain, keyed{q.text, t})
			g.reason(b, q, "")
		}
	case urBlocks:
		for i, q := range e.decided {
			t := q.truth(q.decision)
			b.line(fmt.Sprintf("REQUEST %d of %d", i+1, len(e.decided)), Bold)
			b.line("Service Requested: "+q.text, Plain, t)
			if q.code != "" {
				b.line("Procedure Code: "+q.code, Plain)
			}
			if q.qty != "" {
				b.line("Quantity: "+q.qty, Plain)
			}
			if q.freq != "" {
				b.line("Frequency/Duration: "+q.freq, Plain)
			}
			if q.part != "" {
				b.line("Body Part: "+q.part, Plain)
			}
			dec := v.word(g, q.decision)
			if q.decision == index.DecisionModified {
				dec += " - certified " + q.kind.modQty
			}
			b.line("Determination: "+dec, Bold)
			b.line("Clinical Rationale:", Plain)
			if i == 0 {
				g.caseSummary(b, e)
			}
			g.reason(b, q, "")
		}
	case urSummary:
		b.line("Summary of Determination", Bold)
		for _, q := range e.decided {
			t := q.truth(q.decision)
			s := q.text
			if q.qty != "" {
				s += " x " + q.qty
			}
			if q.code != "" {
				s += " [" + q.code + "]"
			}
			b.line(pad(s, 60)+v.word(g, q.decision), Plain, t)
		}
		b.blank()
		b.line("Basis for Determination", Bold)
		g.caseSummary(b, e)
		for _, q := range e.decided {
			b.line("Regarding "+q.text+":", Bold)
			g.reason(b, q, "")
		}
	}
	b.blank()
	g.imrRights(b, v)
	b.blank()
	b.line(pick(g.r, []string{"Sincerely,", "Respectfully,", "Physician Reviewer:", "Reviewed by:"}), Plain)
	b.blank()
	b.line(e.reviewer.Name, Plain)
	b.line("Board Certified, "+e.reviewer.Specialty, Plain)
	b.line(fmt.Sprintf("California License No. %c%06d", 'A'+rune(g.r.IntN(8)), g.r.IntN(1e6)), Plain)
	if g.chance(0.4) {
		ds, txt := g.proseDate(index.DateOther, e.decision)
		b.line("Electronically signed "+txt, Small, ds)
	}
	b.blank()
	b.line("cc: "+c.ClaimsAdministrator+"; "+c.Claimant+"; Applicant Attorney of record", Small)

	b.cont = func(page, total int) []Line {
		ls := []Line{{Text: fmt.Sprintf("%s: %s   %s: %s", v.claimant, c.Claimant, v.claimNo, c.ClaimNumber), Style: Small}}
		if !st.PageFoot {
			ls = append(ls, Line{Text: fmt.Sprintf("Page %d", page), Style: Small})
		}
		return append(ls, Line{})
	}
	if st.PageFoot {
		b.foot = func(page, total int) []Line {
			return []Line{{Text: fmt.Sprintf("Page %d of %d", page, total), Style: Small}}
		}
	}
	b.finish(d)
	d.Title = v.heading
	d.Primary = isoDate(e.decision)
	return d
}

func lastOf(name string) string {
	n := strings.Split(name, ",")[0]
	f := strings.Fields(n)
	return f[len(f)-1]
}

// pad right-pads s with spaces to n characters (at least one space).
func pad(s string, n int) string {
	k := len([]rune(s))
	if k >= n {
		return s + " "
	}
	return s + strings.Repeat(" ", n-k)
}

// caseSummary writes the reviewer's summary of the records; its dates refer
// to other records, so their kind is other.
func (g *gen) caseSummary(b *builder, e *urEpisode) {
	c := g.c
	var items []keyed
	summary := fmt.Sprintf("The claimant is a %d-year-old %s %s who sustained an industrial injury in %s.", c.age(e.decision), c.Sex, c.Occupation, c.Injury.Format("January 2006"))
	if g.chance(0.7) {
		pr := addDays(e.rfaDate, -g.r.IntN(10))
		dd, txt := g.proseDate(index.DateOther, pr)
		summary += fmt.Sprintf(" Per the %s dated %s, the claimant reports %s pain rated %d/10 with %s.",
			pick(g.r, []string{"PR-2 report", "progress report", "primary treating physician's report", "office note"}), txt,
			pick(g.r, c.BodyParts), 4+g.r.IntN(6), pick(g.r, []string{"radiation to the lower extremity", "stiffness and reduced range of motion", "difficulty with prolonged sitting", "weakness and numbness", "sleep disturbance"}))
		items = append(items, keyed{txt, dd})
	}
	if g.chance(0.4) {
		im := addDays(c.Injury, 30+g.r.IntN(200))
		if im.Before(e.decision) {
			dd, txt := g.proseDate(index.DateOther, im)
			summary += fmt.Sprintf(" An MRI obtained on %s reportedly showed %s.", txt,
				pick(g.r, []string{"a 3 mm disc protrusion at L4-L5", "mild degenerative changes", "a partial-thickness supraspinatus tear", "no acute abnormality", "a complex tear of the posterior horn of the medial meniscus"}))
			items = append(items, keyed{txt, dd})
		}
	}
	if g.chance(0.5) {
		summary += fmt.Sprintf(" Prior treatment has included %s.", pick(g.r, []string{"medications, physical therapy and a home exercise program", "24 sessions of physical therapy and chiropractic care", "activity modification and NSAIDs", "two epidural injections with temporary relief"}))
	}
	b.para(summary, Plain, items...)
}

// reason writes the guideline reasoning for one item's decision.
func (g *gen) reason(b *builder, q request, prefix string) {
	gl := pick(g.r, guidelines)
	var reason string
	switch q.decision {
	case index.DecisionApproved:
		reason = fmt.Sprintf("The %s supports this treatment when there is documented functional deficit and a plan with measurable goals. These criteria are met; the request is medically necessary.", gl)
	case index.DecisionModified:
		reason = fmt.Sprintf("The %s recommends an initial trial with reassessment of functional improvement before further treatment. The amount requested exceeds the guideline; a partial certification of %s is appropriate.", gl, q.kind.modQty)
	case index.DecisionDenied:
		reason = pick(g.r, []string{
			fmt.Sprintf("According to the %s, this treatment is not recommended absent objective findings and documented failure of conservative care. The records do not document objective functional improvement from prior treatment. Therefore, the request is not medically necessary.", gl),
			fmt.Sprintf("The %s does not support this request in the chronic phase. There is no documentation of red flags or progressive neurological deficit. Medical necessity has not been established.", gl),
		})
	case index.DecisionDelayed:
		reason = fmt.Sprintf("Additional information is reasonably necessary to render a decision: the most recent progress report and results of prior treatment were requested from the provider. The %s will be applied once the information is received.", gl)
	}
	b.para(prefix+reason, Plain)
	b.blank()
}

// imrRights writes the IMR rights paragraph every UR denial or modification
// letter must carry (8 CCR 9792.9.1), in the vendor's own words.
func (g *gen) imrRights(b *builder, v urVendor) {
	b.line(pick(g.r, []string{"RIGHT TO INDEPENDENT MEDICAL REVIEW", "Your Right to Request Independent Medical Review", "IMPORTANT NOTICE REGARDING IMR"}), Bold)
	b.para(pick(g.r, []string{
		"If you disagree with this decision, you may request an Independent Medical Review (IMR) by completing the enclosed Application for Independent Medical Review, DWC Form IMR, and mailing it with a copy of this decision to the Administrative Director, Division of Workers’ Compensation, within 30 days of service of this decision. An IMR is a review of your medical treatment by an independent physician.",
		"Any dispute over this decision shall be resolved through Independent Medical Review. To request IMR, the employee must complete, sign and send DWC Form IMR (Application for Independent Medical Review) within 30 days after service of this decision. If the decision was served by mail, five calendar days are added. There is no cost to the employee for IMR.",
		"You have the right to ask for an Independent Medical Review of this decision. Send the attached DWC Form IMR within 30 days of service of the decision to: DWC Independent Medical Review, P.O. Box 138009, Sacramento, CA 95813-8009. You may also fax the application to (916) 605-4280.",
	}), Plain)
	b.para(fmt.Sprintf("For questions about this decision, contact %s at %s. The physician reviewer is available to discuss this decision with the requesting physician.", v.name, v.phone), Plain)
}
