package extract

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDeadline(t *testing.T) {
	def := DefaultDeadlineRule()
	roll := def
	roll.NextBusinessDay = true
	roll.Holidays = []time.Time{day("2025-05-26")}
	tests := []struct {
		name   string
		served string
		mail   bool
		rule   DeadlineRule
		want   string
	}{
		{"mail", "2025-01-14", true, def, "2025-02-18"},
		{"electronic", "2025-01-14", false, def, "2025-02-13"},
		{"month end into march", "2025-01-31", true, def, "2025-03-07"},
		{"leap year feb 29 passes", "2024-01-31", false, def, "2024-03-01"},
		{"leap day served", "2024-02-29", true, def, "2024-04-04"},
		{"non-leap year", "2023-01-31", false, def, "2023-03-02"},
		{"year end", "2024-12-15", true, def, "2025-01-19"},
		{"rule changed", "2025-01-14", true, DeadlineRule{Days: 45, MailDays: 10}, "2025-03-10"},
		{"weekend rolls when asked", "2025-01-14", true, roll, "2025-02-18"},
		{"saturday rolls to monday", "2025-01-11", false, roll, "2025-02-10"},
		{"holiday rolls", "2025-04-21", true, roll, "2025-05-27"},
		{"saturday kept by default", "2025-01-11", false, def, "2025-02-10"},
	}
	for _, tc := range tests {
		got, basis := Deadline(day(tc.served), tc.mail, tc.rule)
		if g := got.Format("2006-01-02"); g != tc.want {
			t.Errorf("%s: Deadline(%s) = %s, want %s (%s)", tc.name, tc.served, g, tc.want, basis)
		}
		if basis == "" || !strings.HasSuffix(basis, ".") {
			t.Errorf("%s: basis %q is not a sentence", tc.name, basis)
		}
		if tc.mail && tc.rule.MailDays > 0 && !strings.Contains(basis, "mail") {
			t.Errorf("%s: basis %q does not say mail", tc.name, basis)
		}
	}
}

func TestLetterDeadline(t *testing.T) {
	withProof := letterHead + letterTail + `
PROOF OF SERVICE
I declare that on January 15, 2025 I served the attached notice by placing a true copy in a
sealed envelope with postage fully prepaid in the United States mail at Sacramento, California.
`
	byFax := letterHead + letterTail + `
PROOF OF SERVICE
On 01/14/2025 I served the foregoing by facsimile transmission to the numbers listed.
`
	tests := []struct {
		name, text, want string
		mailInBasis      bool
	}{
		{"proof by mail, later date", withProof, "2025-02-19", true},
		{"proof by fax", byFax, "2025-02-13", false},
		{"no proof: mail assumed", letterHead + letterTail, "2025-02-18", true},
	}
	for _, tc := range tests {
		pages := pagesOf(tc.text)
		f := Document("ur_letter", "ur_decision", pages, testNow)
		d, ok := LetterDeadline("doc-001", pages, f, testNow, DefaultDeadlineRule())
		if !ok {
			t.Fatalf("%s: no deadline", tc.name)
		}
		if d.Deadline != tc.want || d.DecisionDate != "2025-01-14" || d.Document != "doc-001" {
			t.Errorf("%s: got %+v, want deadline %s", tc.name, d, tc.want)
		}
		if strings.Contains(d.Basis, "mail") != tc.mailInBasis {
			t.Errorf("%s: basis %q", tc.name, d.Basis)
		}
	}
	if _, ok := LetterDeadline("doc-002", pagesOf("no dates here"), DocFacts{}, testNow, DefaultDeadlineRule()); ok {
		t.Error("deadline without a decision date")
	}
}

func TestServiceOfCheckboxes(t *testing.T) {
	tests := []struct {
		name, text string
		mail       bool
		basis      string
	}{
		{"mail ticked", "PROOF OF SERVICE\nOn 01/15/2025 I served the notice.\n[X] BY MAIL   [ ] BY FAX   [ ] BY ELECTRONIC SERVICE\n", true, "proof of service"},
		{"fax ticked", "PROOF OF SERVICE\nOn 01/15/2025 I served the notice.\n[ ] BY MAIL   [X] BY FAX   [ ] BY ELECTRONIC SERVICE\n", false, "proof of service"},
		{"electronic in words", "Declaration of Service: served electronically via secure portal on 01/15/2025.", false, "proof of service"},
		{"no proof, sent by fax", "This determination was sent via fax to the requesting physician.", false, "letter"},
		{"nothing said", "Decision Date: 01/14/2025", true, "assumed"},
	}
	for _, tc := range tests {
		s := ServiceOf(pagesOf(tc.text), testNow)
		if s.ByMail != tc.mail || s.Basis != tc.basis {
			t.Errorf("%s: got %+v, want mail %v basis %q", tc.name, s, tc.mail, tc.basis)
		}
	}
}

func TestLetterDeadlineFromLetterDate(t *testing.T) {
	pages := pagesOf("ACME UTILIZATION REVIEW\n\nJanuary 14, 2025\n\nRe: request\n")
	f := Document("ur_letter", "", pages, testNow)
	d, ok := LetterDeadline("doc-003", pages, f, testNow, DefaultDeadlineRule())
	if !ok || d.DecisionDate != "2025-01-14" || d.Deadline != "2025-02-18" {
		t.Fatalf("got %+v %v", d, ok)
	}
}
