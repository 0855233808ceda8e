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
		{"list as OCR reads it", pagesOf(letterHead + `
'REQUESTED TREATMENT(S) AND DETERMINATION:

'. 1. Left carpal tunnel release (CPT/HCPCS 64721), quantity 1

- Determination: CERTIFIED
> MRI of the left knee without contrast (CPT/HCPCS 73721), quantity 1
_ Determinatidn: CERTIFIED

3-Tramadol ER 150 mg, quantity #30, 1 tab twice daily
. Determination: MODIFIED to #15
1.:Lumbar support brace (CPT/HCPCS L0631), quantity 1
Determination: NON-CERTIFIED
` + letterTail), []tr{
			{"Left carpal tunnel release", "64721", "quantity 1", "", "Left carpal tunnel", "approved"},
			{"MRI of the left knee without contrast", "73721", "quantity 1", "", "left knee", "approved"},
			{"Tramadol ER 150 mg", "", "quantity #30", "daily", "", "modified"},
			{"Lumbar support brace", "L0631", "quantity 1", "", "Lumbar", "denied"},
		}},
		{"bullets before numbers, hyphenated heading", pagesOf(letterHead + `
_ REQUESTED TREATMENT(S) AND-DETERMINATION: .
* 4. Lumbar support brace (CPT/HCPCS LQ631), quantity 1
Determination: DELAYED ' ; "s

-2. Urine drug screen (CPT/HCPCS 80305), quantity 1
Determination: NON-CERTIFIED |
` + letterTail), []tr{
			{"Lumbar support brace", "L0631", "quantity 1", "", "Lumbar", "delayed"},
			{"Urine drug screen", "80305", "quantity 1", "", "", "denied"},
		}},
		{"summary and table as a noisy scan reads them", pagesOf(letterHead + `
'Summary of Determination, ; ae Lo
, Cyclobenzaprine 7.5mgx #30 . oe ; Certified
TENS unit, purchase x 1 [EQ730] . Non-certification

_- Requested Treatment - Code Qty Decision
Hydrocodone/APAP 10/325 mg. =e FOG . Non-Certify-
Frequency: 1 tab every 8 hours : Basi
Physical therapy for the cervical © 97110 12 visits Approved
Frequency: 2x6 ;
` + letterTail), []tr{
			{"Cyclobenzaprine 7.5 mg", "", "#30", "", "", "approved"},
			{"TENS unit, purchase", "E0730", "x 1", "", "", "denied"},
			{"Hydrocodone/APAP 10/325 mg. =e FOG", "", "1 tab", "every 8 hours", "", "denied"},
			{"Physical therapy for the cervical", "97110", "12 visits", "2x6", "cervical", "approved"},
		}},
		{"rationale heading misread, prose behind dashes", pagesOf(letterHead + `
Requested Treatment '- Code Qty - Decision

' Lumbar support brace | leas (5: 8 nearer |: Delayed -
Naproxen sodium 550 mg - #60 ' Approved -

RATEONALE FOR DECISION.
Naproxen sodium 550 mg: The guideline
- Practice Guidelines, Low Back Disorders supports this treatment when
there is documented functional deficit. These criteria are met; the request is medically necessary.
- the chronic phase. There is no documentation of red flags or progressive neurological
` + letterTail), []tr{
			{"Lumbar support brace", "", "", "", "Lumbar", "delayed"},
			{"Naproxen sodium 550 mg", "", "#60", "", "", "approved"},
		}},
		{"determination heading with specks, code after a semicolon", pagesOf(letterHead + `
' Summary of Determination 7 : : .
Tramadol ER 150 mg x #60 . Certified -

Determination _— :
- The request for Acupuncture, lumbar Spine, 6 sessions (1x6); CPT 97810 is modified
_ to 4 sessions.
- The ACOEM Guideline does not support this request in
- the chronic phase. There is no documentation of red flags.
` + letterTail), []tr{
			{"Tramadol ER 150 mg", "", "#60", "", "", "approved"},
			{"Acupuncture, lumbar Spine", "97810", "6 sessions", "1x6", "lumbar Spine", "modified"},
		}},
		{"key value blocks as OCR reads them", pagesOf(letterHead + `
REQUEST 1 of 2 :
' Setvice Requested: EMG/NCV of the bilateral lower extremities
Procedute 'Code: 95886
Quantity: 1 .
Determination: PEND - DELAY

REQUEST 2 of 2
Service Requested: Cervical epidural steroid injection at C5-C6
Procedure Code: 62321
Determination: APPROVE
` + letterTail), []tr{
			{"EMG/NCV of the bilateral lower extremities", "95886", "Quantity: 1", "", "bilateral lower extremities", "delayed"},
			{"Cervical epidural steroid injection at C5-C6", "62321", "", "", "Cervical", "approved"},
		}},
		{"prose with OCR's blank lines and specks", pagesOf(letterHead+`
Determination :

The request for. Gabapentin 300 mg, #90 (1 cap three times: daily) i is non-certified.

According to the guidelines this treatment is not recommended. Therefore, the' request is not medically necessary.

The request for MRI of the lumbar spine without contrast, 1, CPT 72148 is approved.
`, `FROM: (555) 555-0100 TO: IMR RECORDS P.002
Claimant: Jane Roe  Claim No.: 05-123456
Page 2_ ; , _

The request for Cervical epidural steroid injection at C5-C6, 1, CPT 62321 is

non-certified.
`+letterTail), []tr{
			{"Gabapentin 300 mg", "", "#90", "daily", "", "denied"},
			{"MRI of the lumbar spine without contrast", "72148", "", "", "lumbar spine", "approved"},
			{"Cervical epidural steroid injection at C5-C6", "62321", "", "", "Cervical", "denied"},
		}},
		{"decision words as OCR and letters vary them", pagesOf(letterHead + `
the Medical Treatment Utilization Schedule (MTUS). The determination
for each requested item is listed below.
Requested Treatment Code Qty Decision
Chiropractic manipulation, left knee 98941 8 visits Non-Certify
Left carpal tunnel release 64721 1 Non-Certify

Service Requested: MRI of the left ankle
Procedure Code: 73721
Determination: NON- CERTIFY

The request for Lumbar epidural steroid injection at L4-L5, x1, CPT 62323 is certified with
modification to 1.
` + letterTail), []tr{
			{"Chiropractic manipulation, left knee", "98941", "8 visits", "", "left knee", "denied"},
			{"Left carpal tunnel release", "64721", "", "", "Left carpal tunnel", "denied"},
			{"MRI of the left ankle", "73721", "", "", "left ankle", "denied"},
			{"Lumbar epidural steroid injection at L4-L5", "62323", "x1", "", "Lumbar", "modified"},
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
