package extract

import (
	"fmt"
	"testing"
)

// What faxed UR letters do to their lists of requested treatments, from the
// all-fax dev set (set14): each case once failed. Compared: each item's
// code (or its text when it has none) and decision.
func TestTreatmentsFaxOCR(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "CODE-or-text decision"
	}{
		{"a misread Decision column and blank lines between rows", `
Requested Treatment Code : Qty. pecision
_Functionat restoration program. 97799 10 days Non-Certify
Physical therapy for the left kneé — 97110 ‘6 visits Modify (6 visits)
Frequency: 2x6 7 ; < _ , co
Trigger point injections, cervical 20553 4. injections Denied
spine ; “
RATIONALE FOR DECISION - ;
The request is not medically necessary.
`, []string{"97799 denied", "97110 modified", "20553 denied"}},
		{"a blank line under the header, a wrapped sentence's last word before it", `
the applicable evidence- based ;

guidelines .-

Requested Treatment. _ me Code — Qty "Decision

Chiropractic manipulation, left 98941 6 visits *. Non-Certify.
wrist ,

Frequency: 1-2 times per week

“RATIONALE FOR DECISION
`, []string{"98941 denied"}},
		{"rows apart, a name wrapped after a gap", `
Requested Treatment oe Code Qty " Decision

Right knee arthroscopy with’ partial "29881 1 Certify

" meniscectomy 7" ae oe.

MRI of the left ankle. ‘73221: 1). .. Non-Certify.

Trigger point injections, left ankle . 20553 x3 Modified (2 injections)

RATIONALE FOR DECISION
`, []string{"29881 approved", "73221 denied", "20553 modified"}},
		{"a heading with a scrap after it", `
Summary of Determination . a)
Functional capacity evaluation x 1 [97750] — Non-certification
Cold therapy unit, 7-day rental x 1 [E0218] . . Not certified
Basis for Determination: ,
`, []string{"97750 denied", "E0218 denied"}},
		{"a heading with a word-like scrap after it", `
Summary of Determination _ SO,
Gabapentin 300 mg x#90 ST oO Not certified
 Basis-for Determination :
`, []string{"Gabapentin 300 mg denied"}},
		{"decision sentences as a fax prints them", `
Determination . . .
The request for Acupuricture, left wrist, 6 sessions (2x6), CPT 97810.is certified with
modification to 6 sessions. , : 7 oo
The request for MRI of the left shoulder, 1, CPT 73221 is non- -certified. -
The request for Hydrocodone/APAP 10/325 mg, #90 OL tab every 8 hours) i is certified ~
with modification to #30.
The request for Gabapentin 300 mg, #60 (TID) is cértified with modification to #30.
`, []string{"97810 modified", "73221 denied", "Hydrocodone/APAP 10/325 mg modified", "Gabapentin 300 mg modified"}},
		{"request blocks with a bent counter, a bulleted field and a misread heading", `
REQUEST 1 of.4 |
Service Requested: TENS unit, purchase
Procedure Code: E0730
- Quantity: 1. -
Determination: APPROVE
" Clinical Rationdle:
The MTUS supports this treatment. These criteria are met; the
rouest is medically necessary.
; REQUEST 2 of 4
Service Requested: Urine drug screen.
Procedure Code: 80305 ©
.. Determination: NON- CERTIFY
`, []string{"E0730 approved", "80305 denied"}},
		{"summary rows with specks after the decision, a heading with two scraps", `
Summary of Determination fe e
Chiropractic manipulation, left ankle x 8 visits [98941] _ é Certified
‘Cold therapy unit, 7-day rental x 1 {E02 18] ; sya, Not certified °
Trigger point injections, left ankle x 4 injections [20553] Modified certification .
Gabapentin 300mgx#90° st Sore ee Non-certification
Basis for Determination ‘ Be eae
`, []string{"98941 approved", "Cold therapy unit, 7-day rental denied", "20553 modified", "Gabapentin 300 mg denied"}},
		{"a decision sentence ending in a dash is no summary row", `
. Determination
The request for TENS unit, purchase, 1, CPT E0730 is denied.
Medical necessity has not been established.

. The request for Physical therapy for the thoracic spine, 8 sessions (2x6), CPT
97110 is approved. — .
`, []string{"E0730 denied", "97110 approved"}},
		{"a header whose speck reads as a full stop before a small letter (set37)", `
Requested Treatment CS - Code. Qty becision

Hydrocodone/APAP 10/325 mg. , #60 Non- certify
/ Frequency: 1 tab q6h PRN pain . : a
Interferential stimulator, 30-day . E1399 4 Denied ©
trial -
MRI-of the cervical spine 73221 «4 a Non-Certify

RATIONALE FOR DECISION :
`, []string{"Hydrocodone/APAP 10/325 mg denied", "E1399 denied", "73221 denied"}},
		{"a heading two letters off (set37)", `
Summarv af Determination

Right shoulder arthroscopy with subacromial decompression x 1 [29826] Not certified

Acupuncture, tight knee x 6 sessions [97810] ~ . , ' Modified certification
Hydrocodene/APAP 10/325 mg x #90 Not certified

_ Basis for Determination .
`, []string{"29826 denied", "97810 modified", "Hydrocodene/APAP 10/325 mg denied"}},
		{"a heading with one digit after it (set37)", `
Summary of Determination 7
EMG/NCV of the bilateral lower extremities x 1 [95886] - Non-certification
Acupuncture; left ankle x 6 sessions [97810]. “Certified

Basis for Determination
`, []string{"95886 denied", "97810 approved"}},
		{"a heading, its comma and scraps with specks (set37)", `
Summary of Determination, : ces ultees ees :
-Pain management consultation x1 [99243] - me; See ate Not certified
" Physical therapy for the bilateral hands x 12 visits [97110] Non-certification  -
" Hydrocodone/APAP 10/325 mg x #60 | f Relea * Certified °

Basis for Determination: = +s. eae .
`, []string{"99243 denied", "97110 denied", "Hydrocodone/APAP 10/325 mg approved"}},
		{"a heading with three-letter scraps after it, a row's full stop (set39)", `
Summary of Determination eee Mee oes
MRI of the thoracic spine x.1, [73221] a i Delayed’

Cold therapy unit, 7-day rental x 1 {E0218} z : oe Not certified.
Physical therapy for the thoracic spire x 6 visits [97110] : : Delayed :

Basis for Determination : ale
`, []string{"73221 delayed", "E0218 denied", "97110 delayed"}},
		{"a decision sentence's non- misread (set39)", `
Determination : :
The request for Physical therapy for the thoracic spine, 12 visits (2 times a week |
for 4 weeks), CPT 97110 is noh-certified.
The ODG Treatment in Workers' Compensation, Knee & Leg does not support, this
`, []string{"97110 denied"}},
		{"a bulleted frequency and duration field", `
REQUEST: 2 of 2

‘Service Requested: Cyclobenzaprine 7.5 mg

Quantity: #60 -

- Frequency/Duration: BID PRN ; ; —

Determination: CERTIFIED
`, []string{"Cyclobenzaprine 7.5 mg approved"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, tr := range Treatments(pagesOf(letterHead+tc.text), false) {
				key := tr.Code
				if key == "" {
					key = tr.Text
				}
				got = append(got, fmt.Sprintf("%s %s", key, tr.Decision))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}
