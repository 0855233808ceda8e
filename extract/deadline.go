package extract

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"imrpacket/index"
)

// DeadlineRule is how long an injured worker has to apply for IMR. It is data,
// not code, because the statute and regulations change.
type DeadlineRule struct {
	// Days after service of the UR decision (Lab. Code § 4610.5(h)(1): 30).
	Days int
	// MailDays added when the decision is served by mail (Code Civ. Proc. § 1013(a): 5).
	MailDays int
	// NextBusinessDay moves a deadline falling on a weekend or one of Holidays to
	// the next business day (Code Civ. Proc. §§ 12, 12a). Off by default: the
	// reviewer sees the calendar date and its basis, and can judge the rest.
	NextBusinessDay bool
	Holidays        []time.Time
	// Citation is appended to the basis sentence.
	Citation string
}

// DefaultDeadlineRule is the rule in force when this was written.
func DefaultDeadlineRule() DeadlineRule {
	return DeadlineRule{Days: 30, MailDays: 5, Citation: "Lab. Code § 4610.5(h)(1); Code Civ. Proc. § 1013(a)"}
}

// Deadline returns the date by which the IMR application must be received for a
// UR decision served on served, and its basis as a sentence.
func Deadline(served time.Time, servedByMail bool, rule DeadlineRule) (time.Time, string) {
	d := time.Date(served.Year(), served.Month(), served.Day(), 0, 0, 0, 0, time.UTC)
	days := rule.Days
	var b strings.Builder
	fmt.Fprintf(&b, "%d days after service of the UR decision on %s", rule.Days, d.Format("2006-01-02"))
	if servedByMail {
		days += rule.MailDays
		if rule.MailDays > 0 {
			fmt.Fprintf(&b, ", plus %d days because it was served by mail", rule.MailDays)
		}
	}
	due := d.AddDate(0, 0, days)
	if rule.NextBusinessDay {
		moved := false
		for isNonBusinessDay(due, rule.Holidays) {
			due = due.AddDate(0, 0, 1)
			moved = true
		}
		if moved {
			b.WriteString(", moved to the next business day")
		}
	}
	if rule.Citation != "" {
		fmt.Fprintf(&b, " (%s)", rule.Citation)
	}
	b.WriteString(".")
	return due, b.String()
}

func isNonBusinessDay(t time.Time, holidays []time.Time) bool {
	if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		return true
	}
	for _, h := range holidays {
		if h.Year() == t.Year() && h.YearDay() == t.YearDay() {
			return true
		}
	}
	return false
}

var (
	reProofHeading = regexp.MustCompile(`(?i)\b(?:proof|declaration|certificate|certification)\s+of\s+(?:service|mailing)\b`)
	reMailed       = regexp.MustCompile(`(?i)\b(?:u\.?\s?s\.?\s+(?:postal\s+)?mail|first[-\s]class\s+mail|certified\s+mail|by\s+mail|via\s+mail|regular\s+mail|mailed|mailing|postage|deposit(?:ed|ing)?\s+(?:it\s+|them\s+|the\s+\w+\s+)?(?:in|with)\s+the\s+(?:united\s+states|u\.?s\.?)?)`)
	reElectronic   = regexp.MustCompile(`(?i)\b(?:e-?mail(?:ed)?|electronic(?:ally)?|fax(?:ed)?|facsimile|secure\s+portal)\b`)
)

var reServiceBox = regexp.MustCompile(`(?i)\[([ xX✓✔]?)\]\s*(?:served\s+)?((?:by|via)\s+(?:u\.?s\.?\s+)?(?:first[-\s]class\s+)?(?:mail|fax|facsimile|e-?mail|electronic(?:\s+service)?|overnight|personal(?:\s+service)?|hand))`)

// Service is how a UR decision letter says it was served.
type Service struct {
	Date   time.Time // zero when the letter gives no date of service
	ByMail bool
	Basis  string // "proof of service", "letter" or "assumed": where ByMail came from
}

// ServiceOf reads how a UR letter was served, from its proof of service when it
// has one. Mail is assumed when the letter does not say: it is the usual case,
// and assuming it errs toward a later deadline only by the mailing days.
func ServiceOf(pages []PageText, now time.Time) Service {
	s := Service{ByMail: true, Basis: "assumed"}
	pages = cleanPages(pages)
	for _, p := range pages {
		loc := reProofHeading.FindStringIndex(p.Text)
		if loc == nil {
			continue
		}
		proof := p.Text[loc[0]:]
		mail, elec := reMailed.MatchString(proof), reElectronic.MatchString(proof)
		// "[X] BY MAIL  [ ] BY FAX": only the ticked box counts.
		if boxes := reServiceBox.FindAllStringSubmatch(proof, -1); len(boxes) > 0 {
			mail, elec = false, false
			for _, b := range boxes {
				if strings.TrimSpace(b[1]) == "" {
					continue
				}
				if reMailed.MatchString(b[2]) {
					mail = true
				} else {
					elec = true
				}
			}
		}
		switch {
		case mail:
			s.ByMail, s.Basis = true, "proof of service"
		case elec:
			s.ByMail, s.Basis = false, "proof of service"
		}
		for _, f := range findDates(proof, now) {
			if !f.date.After(now) {
				s.Date = f.date
				break
			}
		}
		return s
	}
	// No proof of service: a letter that says it went only by fax or e-mail.
	all := joinText(pages)
	if !reMailed.MatchString(all) && regexp.MustCompile(`(?i)\b(?:sent|served|transmitted)\s+(?:via|by)\s+(?:fax|facsimile|e-?mail|electronic)`).MatchString(all) {
		s.ByMail, s.Basis = false, "letter"
	}
	return s
}

func joinText(pages []PageText) string {
	var b strings.Builder
	for _, p := range pages {
		b.WriteString(p.Text)
		b.WriteString("\n")
	}
	return b.String()
}

// LetterDeadline computes the IMR deadline of one UR decision letter whose facts
// were read by Document. It is false when the letter has no decision date.
func LetterDeadline(docID string, pages []PageText, facts DocFacts, now time.Time, rule DeadlineRule) (index.Deadline, bool) {
	decision := ""
	for _, d := range facts.Dates {
		if d.Kind == index.DateDecision {
			decision = d.Date
			break
		}
	}
	if decision == "" {
		// A letter with no labelled decision date is dated the day it decides.
		decision = facts.Primary
	}
	if decision == "" {
		return index.Deadline{}, false
	}
	dec, err := time.Parse("2006-01-02", decision)
	if err != nil {
		return index.Deadline{}, false
	}
	svc := ServiceOf(pages, now)
	served := dec
	// A proof of service dated on or shortly after the decision starts the clock;
	// anything else is more likely a misread than a late service.
	if !svc.Date.IsZero() && !svc.Date.Before(dec) && svc.Date.Sub(dec) <= 30*24*time.Hour {
		served = svc.Date
	}
	due, basis := Deadline(served, svc.ByMail, rule)
	if svc.Basis == "assumed" && svc.ByMail {
		basis = strings.TrimSuffix(basis, ".") + "; service by mail assumed, the letter does not say how it was served."
	}
	return index.Deadline{Document: docID, DecisionDate: decision, Deadline: due.Format("2006-01-02"), Basis: basis}, true
}
