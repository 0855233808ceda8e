package extract

import (
	"testing"
	"time"

	"imrpacket/index"
)

// FuzzParseDate: any string gives a valid calendar date or none.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"01/14/2025", "O1/l4/2O25", "14-Jan-25", "Jan. 14, 2025", "2025-01-14", "2/30/2025", "99/99/9999", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s, testNow)
		if !ok {
			return
		}
		if _, err := time.Parse("2006-01-02", d); err != nil {
			t.Fatalf("ParseDate(%q) = %q, not a date", s, d)
		}
	})
}

// FuzzDocumentAndClaim runs everything the pipeline does with one
// document's page text (page text is outside input: OCR of whatever was
// uploaded): facts, claim facts and the IMR deadline. It must not panic,
// and what it returns must pass the index's own checks on dates.
func FuzzDocumentAndClaim(f *testing.F) {
	f.Add(index.TypeURLetter, "", letterHead+"REQUESTED TREATMENT(S):\n1. PT 2x6 (CPT 97110) - DENIED\n"+letterTail, "Page 2 of 2")
	f.Add("progress_note", "pr2", "Patient: Jane Roe\nDOB: 05/06/1970\nDate of Service: 02/02/2025", "Claim Number: ZQ-1")
	f.Add("rfa", "", "Requested Service | CPT | Decision\nMRI | 73721 | Certified", "Date of Injury\n03/04/2023")
	f.Add(index.TypeURLetter, "", letterHead+"Summarv af Determination, : ces :\nPT x 6 [97110] Not certified.\nCPT 97110 is noh-certified.", "Diagnosis ICD-Code Service/Good Requested\nPain . GBI.4 - Gabapentin 300 mg \"#90 C6 62321")
	f.Fuzz(func(t *testing.T, docType, subtype, a, b string) {
		pages := []PageText{{SourcePage: 1, Text: a}, {SourcePage: 2, Text: b}}
		facts := Document(docType, subtype, pages, testNow)
		for _, d := range facts.Dates {
			if _, err := time.Parse("2006-01-02", d.Date); err != nil {
				t.Fatalf("invalid date %q", d.Date)
			}
		}
		if facts.Primary != "" {
			if _, err := time.Parse("2006-01-02", facts.Primary); err != nil {
				t.Fatalf("invalid primary date %q", facts.Primary)
			}
		}
		Claim([]ClaimDoc{{DocType: docType, Subtype: subtype, Pages: pages}}, testNow)
		LetterDeadline("doc-001", pages, facts, testNow, DefaultDeadlineRule())
	})
}
