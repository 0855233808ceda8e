package extract

import (
	"fmt"
	"testing"
)

// rfaHead is the top of a DWC Form RFA as OCR reads a fax of it.
const rfaHead = `State of California, Division of Workers' Compensation
REQUEST FOR AUTHORIZATION
DWC Form RFA
Attach the Doctor's First Report of Occupational Injury or Illness, Form DLSR 5021, a Treating
Physician's Progress Report, DWC Form PR-2, or equivalent narrative report substantiating the requested
treatment: . i
[X] New Request [ ] Resubmission - Change in Material Facts [ ] Expedited Review
Employee Information
Name (Last, First, Middle): Roe, Jane
Date of Injury (MM/DD/YYYY): 03/04/2023
Date of Birth (MM/DD/YYYY): 05/06/1970
`

const rfaFoot = `Requesting Physician Signature: /s/ John Smith, MD Date: 01/05/2025
Claims Administrator/Utilization Review Organization (URO) Response
[ ] Approved [ ] Denied or Modified (See separate decision letter) [ ] Delay
Authorization Number (if assigned): Date:
`

func TestRFATable(t *testing.T) {
	tests := []struct {
		name, rows string
		want       []tr
	}{
		{"clean rows", `Requested Treatment (see instructions for guidance; attach additional pages if necessary)
Diagnosis ICD-Code Service/Good Requested CPT/HCPCS Other Information
Lumbar disc displacement M51.26 EMG/NCV of the bilateral lower extremities 95886 1
Chronic pain syndrome G89.4 Gabapentin 300 mg #90 TID
`, []tr{
			{"EMG/NCV of the bilateral lower extremities", "95886", "", "", "bilateral lower extremities", "requested"},
			{"Gabapentin 300 mg", "", "#90", "TID", "", "requested"},
		}},
		{"ocr garbled header and codes", `Requested riduuhent ee instructions o guidance: attach. additional pages if hecesSary)
'Diagnosis © poe ICB-Code © Service/Good Requested . CPT/HCPCS Other Information'
Carpal tunnel syndrome,. . G56.@2- Urine drug screen - . : 80305 4 per year
Se eS : "| M77-11 Right shoulder arthroscopy with subacromial decompression 29826
Sprain of ligaments of . §33.5XXA 'Tramadol ER 150 mg ; : #30 1 tab twice daily
Cervicalgia ~ M54.2 Lumbar support brace L@631- 1
.Myofascial pain syndrome, | | - 'M79:18 .- TENS unit, purchase ~ : £0730, pee ;
`, []tr{
			{"Urine drug screen", "80305", "", "", "", "requested"},
			{"Right shoulder arthroscopy with subacromial decompression", "29826", "", "", "Right shoulder", "requested"},
			{"Tramadol ER 150 mg", "", "#30", "daily", "", "requested"},
			{"Lumbar support brace", "L0631", "", "", "Lumbar", "requested"},
			{"TENS unit, purchase", "E0730", "", "", "", "requested"},
		}},
		// A lone capital before the quantity is the name's own ("Hepatitis B").
		{"specks before a quantity (set44)", `Diagnosis ICD-Code . Service/Good Requested : CPT/HCPCS Other Information
Chronic pain syndrome G89.4 Cyclobenzaprine 7.5 mg i _#60 J tab at bedtime
Lumbar radiculopathy M54.16 Hepatitis B #3
`, []tr{
			{"Cyclobenzaprine 7.5 mg", "", "#60", "", "", "requested"},
			{"Hepatitis B", "", "#3", "", "", "requested"},
		}},
		{"ICD codes with both digits misread or a letter added (set38)", `Diagnosis . ICD-Code _—- Service/Good Requested * _ CPT/HCPCS Other Information
. Chronic pain syndrome .° GBI.4 - Cervical epidural steroid injection at CS- C6 62321 , 1
- Lumbar disc displacement _ * MS51.26 Home exercise kit . : , 1
`, []tr{
			{"Cervical epidural steroid injection at CS", "62321", "", "", "Cervical", "requested"},
			{"Home exercise kit", "", "", "", "", "requested"},
		}},
		{"a quote OCR set before a quantity (set39)", `Diagnosis ICD-Code Service/Good Requested CPT/HCPCS Other Information
Tear.of medial meniscus. S83. 241A . Naproxen sodium 550 mg soe " " "#60 1 tabi twice daily
`, []tr{
			{"Naproxen sodium 550 mg soe", "", "#60", "daily", "", "requested"},
		}},
		{"header lost, name wrapped", `Requested Treatment (see instructions for guidance; attach additional pages if necessary)
Lumbar radiculopathy M54.16 Lumbar epidural steroid injection at
L4-L5 under fluoroscopy 62323 1
Cervicalgia M54.2 Physical therapy, cervical spine 97110 2x6
for 6 weeks
`, []tr{
			{"Lumbar epidural steroid injection at L4-L5 under fluoroscopy", "62323", "", "", "Lumbar", "requested"},
			{"Physical therapy, cervical spine", "97110", "", "2x6", "cervical spine", "requested"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := short(Treatments(pagesOf(rfaHead+tc.rows+rfaFoot), true))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got\n%s\nwant\n%s", fmtTr(got), fmtTr(tc.want))
			}
		})
	}
}
