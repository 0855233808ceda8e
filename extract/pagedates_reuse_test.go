package extract

import (
	"reflect"
	"testing"
	"time"

	"imrpacket/index"
)

// TestDocumentReusesPageDates: dates a caller read already give the same
// facts as Document reading the pages itself.
func TestDocumentReusesPageDates(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		docType, subtype string
		pages            []string
	}{
		{index.TypeURLetter, "ur_decision", []string{
			"UTILIZATION REVIEW DETERMINATION\nDate of Determination: 01/14/2025\nDate RFA Received: 01/08/2025\nDate of Injury: 3/2/2023\nDOB: 04/05/1970",
			"Requested: Physical therapy 2x6 lumbar spine\nDecision: Non-certified\nSignature: J. Reviewer, MD Date: 1/14/25",
		}},
		{index.TypeProgressNote, "pr2", []string{
			"PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\nDate of Service: January 3, 2025\nDOI: 03/02/2023",
			"Plan: continue home exercise. No dates on this page.",
		}},
	}
	for _, tt := range tests {
		var plain, read []PageText
		for i, text := range tt.pages {
			plain = append(plain, PageText{SourcePage: i + 1, Text: text})
			ds := PageDates(text, now)
			if ds == nil {
				ds = []Date{}
			}
			read = append(read, PageText{SourcePage: i + 1, Text: text, Dates: ds})
		}
		want := Document(tt.docType, tt.subtype, plain, now)
		if len(want.Dates) == 0 {
			t.Fatalf("%s: fixture has no dates", tt.subtype)
		}
		if got := Document(tt.docType, tt.subtype, read, now); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: with dates given\n got %+v\nwant %+v", tt.subtype, got, want)
		}
	}
}
