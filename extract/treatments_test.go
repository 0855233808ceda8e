package extract

import (
	"fmt"
	"strings"
	"testing"

	"imrpacket/index"
)

// tr is the part of a treatment the layout tests compare.
type tr struct{ text, code, qty, freq, body, decision string }

func short(ts []index.Treatment) []tr {
	out := make([]tr, len(ts))
	for i, t := range ts {
		out[i] = tr{t.Text, t.Code, t.Quantity, t.Frequency, t.BodyPart, t.Decision}
	}
	return out
}

func pagesOf(texts ...string) []PageText {
	ps := make([]PageText, len(texts))
	for i, t := range texts {
		ps[i] = PageText{SourcePage: 10 + i, Text: t}
	}
	return ps
}

const letterHead = `PACIFIC COAST UTILIZATION REVIEW, INC.
1200 J Street, Sacramento, CA 95814   Phone (916) 555-0100

NOTICE OF UTILIZATION REVIEW DECISION

Date: January 14, 2025
Claimant: Jane Roe            Claim Number: 05-123456
Date of Injury: 03/04/2023    Employer: Acme Widgets
Requesting Physician: John Smith, MD
Date RFA Received: 01/08/2025
Decision Date: 01/14/2025

Dear Dr. Smith:

This letter is to notify you of the decision on your request for authorization.
`

const letterTail = `
RATIONALE:
Per MTUS Chronic Pain Medical Treatment Guidelines, physical therapy is recommended
for 9-10 visits over 8 weeks. The patient has had 24 visits. The request is not
medically necessary. On 03/02/2024 an MRI of the lumbar spine was certified.

YOUR RIGHTS: If you disagree with this decision you may request Independent Medical
Review within 30 days of service of this decision.

Sincerely,
Mary Major, MD
Physician Reviewer
`

func TestTreatmentLayouts(t *testing.T) {
	tests := []struct {
		name  string
		pages []PageText
		want  []tr
	}{
		{"list", pagesOf(letterHead + `
REQUESTED TREATMENT(S):
1. Physical therapy 2x6 for the lumbar spine (CPT 97110) - NON-CERTIFIED
2. MRI of the right knee without contrast (CPT 73721) - CERTIFIED
3. Tramadol 50 mg #60 - MODIFIED to #30
4. Lumbar epidural steroid injection L4-5 (CPT 62323) - DELAYED pending receipt of the MRI report
` + letterTail), []tr{
			{"Physical therapy 2x6 for the lumbar spine", "97110", "", "2x6", "lumbar spine", "denied"},
			{"MRI of the right knee without contrast", "73721", "", "", "right knee", "approved"},
			{"Tramadol 50 mg", "", "#60", "", "", "modified"},
			{"Lumbar epidural steroid injection L4-5", "62323", "", "", "Lumbar", "delayed"},
		}},
		{"table with bars", pagesOf(letterHead + `
Requested Service | CPT/HCPCS | Quantity | Decision
Acupuncture, cervical spine | 97810 | 6 visits | Certified
TENS unit purchase | E0730 | 1 | Non-certified
Chiropractic manipulation lumbar spine 2 times a week for 4 weeks | 98940 | 8 | Modified
` + letterTail), []tr{
			{"Acupuncture, cervical spine", "97810", "6 visits", "", "cervical spine", "approved"},
			{"TENS unit purchase", "E0730", "1", "", "", "denied"},
			{"Chiropractic manipulation lumbar spine 2 times a week for 4 weeks", "98940", "8", "2 times a week for 4 weeks", "lumbar spine", "modified"},
		}},
		{"table with gaps", pagesOf(letterHead + `
Treatment Requested                         Code     Qty   Determination
Physical therapy lumbar spine               97110    12    Non-Certify
Gabapentin 300 mg                                    90    Approve
` + letterTail), []tr{
			{"Physical therapy lumbar spine", "97110", "12", "", "lumbar spine", "denied"},
			{"Gabapentin 300 mg", "", "90", "", "", "approved"},
		}},
		{"key value blocks", pagesOf(letterHead + `
Request #1: Physical therapy 2 times a week for 6 weeks, lumbar spine
CPT: 97110     Quantity: 12 visits
Decision: Non-certified

Request #2: Ibuprofen 800 mg #90
Decision: Certified
` + letterTail), []tr{
			{"Physical therapy 2 times a week for 6 weeks, lumbar spine", "97110", "Quantity: 12", "2 times a week for 6 weeks", "lumbar spine", "denied"},
			{"Ibuprofen 800 mg", "", "#90", "", "", "approved"},
		}},
		{"prose", pagesOf(letterHead + `
After careful review of the medical records, the request for physical therapy 2x6 for the
lumbar spine is non-certified. The request for an MRI of the left shoulder is certified.
` + letterTail), []tr{
			{"physical therapy 2x6 for the lumbar spine", "", "", "2x6", "lumbar spine", "denied"},
			{"MRI of the left shoulder", "", "", "", "left shoulder", "approved"},
		}},
		{"split across a page break", pagesOf(letterHead+`
REQUESTED TREATMENT(S):
1. MRI of the right knee without contrast (CPT 73721) - CERTIFIED
2. Physical therapy 2x6 for the
Page 1 of 2`, `PACIFIC COAST UTILIZATION REVIEW, INC.
Claimant: Jane Roe            Claim Number: 05-123456
lumbar spine (CPT 97110) - NON-CERTIFIED
3. Functional capacity evaluation - DENIED
`+letterTail+"\nPage 2 of 2"), []tr{
			{"MRI of the right knee without contrast", "73721", "", "", "right knee", "approved"},
			{"Physical therapy 2x6 for the lumbar spine", "97110", "", "2x6", "lumbar spine", "denied"},
			{"Functional capacity evaluation", "", "", "", "", "denied"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := short(Treatments(tc.pages, false))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got\n%s\nwant\n%s", fmtTr(got), fmtTr(tc.want))
			}
		})
	}
}

func fmtTr(ts []tr) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "  %q\n", []string{t.text, t.code, t.qty, t.freq, t.body, t.decision})
	}
	return b.String()
}
