package extract

import (
	"fmt"
	"testing"

	"imrpacket/index"
)

func TestClaim(t *testing.T) {
	docs := []ClaimDoc{
		{DocType: "ur_letter", Pages: pagesOf(letterHead + `Claims Administrator: Golden State Claims Services
` + letterTail)},
		{DocType: "progress_note", Pages: []PageText{{SourcePage: 20, Text: "PR-2\nPatient: Jane Roe DOB: 05/06/1970 Claim #: 05-123456\nEmployer: Acme Widgets\nDOI: 3/4/23\n"}}},
		{DocType: "other", Pages: []PageText{{SourcePage: 30, Text: "Insurer: Golden State Claims Services\nClaim No. 05-123456\nInjured Worker: Jane Roe\n"}}},
	}
	c := Claim(docs, testNow)
	if c == nil {
		t.Fatal("no claim facts")
	}
	tests := []struct {
		name  string
		fact  *index.Fact
		value string
		pages string
	}{
		{"claim number", c.ClaimNumber, "05-123456", "[10 20 30]"},
		{"injury", c.InjuryDate, "2023-03-04", "[10 20]"},
		{"claimant", c.Claimant, "Jane Roe", "[10 20 30]"},
		{"employer", c.Employer, "Acme Widgets", "[10 20]"},
		{"administrator", c.ClaimsAdministrator, "Golden State Claims Services", "[10 30]"},
		{"requesting", c.RequestingPhysician, "John Smith, MD", "[10]"},
		{"reviewer", c.URReviewer, "Mary Major, MD", "[10]"},
	}
	for _, tc := range tests {
		if tc.fact == nil {
			t.Errorf("%s: missing", tc.name)
			continue
		}
		if tc.fact.Value != tc.value || fmt.Sprint(tc.fact.SourcePages) != tc.pages {
			t.Errorf("%s: got %q %v, want %q %s", tc.name, tc.fact.Value, tc.fact.SourcePages, tc.value, tc.pages)
		}
	}
	if Claim(nil, testNow) != nil {
		t.Error("facts from nothing")
	}
}

func TestClaimMajority(t *testing.T) {
	// One OCR misread does not outvote the value printed on other pages.
	docs := []ClaimDoc{
		{DocType: "other", Pages: []PageText{{SourcePage: 1, Text: "Claim Number: 05-l23456"}}},
		{DocType: "other", Pages: []PageText{{SourcePage: 2, Text: "Claim Number: 05-123456"}, {SourcePage: 3, Text: "Claim Number: 05-123456"}}},
	}
	c := Claim(docs, testNow)
	if c == nil || c.ClaimNumber == nil || c.ClaimNumber.Value != "05-123456" {
		t.Fatalf("got %+v", c)
	}
}
