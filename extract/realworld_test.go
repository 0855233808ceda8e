package extract

import (
	"fmt"
	"testing"
)

// Wording seen in real records but not (yet) in the generator's templates.
func TestRealWorldDates(t *testing.T) {
	tests := []struct {
		name, docType, text string
		want                []kd
		primary             string
	}{
		{"dates(s) of service", "progress_note", "Date(s) of Service: 02/03/2025", []kd{{"service", "2025-02-03"}}, "2025-02-03"},
		{"month name with hyphens", "progress_note", "DOS: Feb-03-2025", []kd{{"service", "2025-02-03"}}, "2025-02-03"},
		{"time after date", "ur_letter", "Decision Date: 01/14/2025 10:32 AM", []kd{{"decision", "2025-01-14"}}, "2025-01-14"},
		{"imaging plain date is the exam", "imaging", "VALLEY OPEN MRI\nMRI LUMBAR SPINE\nDate: 02/10/2025\nDictated: 02/11/2025\n", []kd{{"exam", "2025-02-10"}, {"other", "2025-02-11"}}, "2025-02-10"},
		{"note plain date is the visit", "progress_note", "ORTHO CLINIC\nDate: 02/10/2025\nPatient: Jane Roe\n", []kd{{"service", "2025-02-10"}}, "2025-02-10"},
		{"note with its own DOS keeps the letter date", "progress_note", "Date: 02/12/2025\nDOS: 02/10/2025\n", []kd{{"letter", "2025-02-12"}, {"service", "2025-02-10"}}, "2025-02-10"},
		{"ur letter without decision label", "ur_letter", "ACME UR\nJanuary 14, 2025\nRe: Jane Roe\n", []kd{{"letter", "2025-01-14"}}, "2025-01-14"},
		{"decision date in an IMR determination is another letter's", "other", "UR Decision Date: 01/14/2025\nDate: 03/01/2025", []kd{{"other", "2025-01-14"}, {"letter", "2025-03-01"}}, "2025-03-01"},
		// An RFA read by OCR: its birth date label garbled, its own date in the
		// signature line. The birth date must never be the primary date.
		{"rfa with garbled birth label", "other", "REQUEST FOR AUTHORIZATION\nDate of Injury (MM/DD/YYYY): 81/26/2022\nDate of Bith (MM/DD/YYYY): 11/12/1966\nRequesting Physician Signature: IsI Kathleen Feldman, MD. Date: 1/20/23\n",
			[]kd{{"injury", "2022-01-26"}, {"other", "1966-11-12"}, {"letter", "2023-01-20"}}, "2023-01-20"},
		{"form field with unknown label is not primary", "other", "REQUEST FOR AUTHORIZATION\nD8te 0f Blth (MM/DD/YYYY): 11/12/1966\nOn Jan 20, 2023 the request was sent.\n",
			[]kd{{"other", "1966-11-12"}, {"other", "2023-01-20"}}, "2023-01-20"},
		{"signature date is not the visit", "progress_note", "PR-2\nDate of exam: August 313) 2021\nSignature: /s/ Yuki Esposito, M.D. Date: 09/02/2021\n", []kd{{"letter", "2021-09-02"}}, "2021-09-02"},
		// A statement whose column header OCR lost ("pos" for DOS): its rows
		// are still dated by their service, its top date is the statement's.
		{"billing rows without header", "billing", "ITEMIZED STATEMENT\n\n09/17/2020\n\nInjury Date: 7 February 2019\n\npos\n\n07-26-2020\n. 07-31-2020\n08-22-2020 °\n\nCPT\n99213\n",
			[]kd{{"letter", "2020-09-17"}, {"injury", "2019-02-07"}, {"service", "2020-07-26"}, {"service", "2020-07-31"}, {"service", "2020-08-22"}}, "2020-09-17"},
		{"billing rows with codes", "billing", "STATEMENT OF CHARGES\nDate: 01/20/2022\nD0S — CPT . Description\n' 8/23/21 - 97118 Therapeutic exercise 1 $233.00\n @1-13-2022 99213: Office visit 1 $54.00\n",
			[]kd{{"letter", "2022-01-20"}, {"service", "2021-08-23"}, {"service", "2022-01-13"}}, "2022-01-20"},
		{"a column of dates outside a bill is not service", "other", "MEDICATION HISTORY\n\n07-26-2020\n07-31-2020\n",
			[]kd{{"other", "2020-07-26"}, {"other", "2020-07-31"}}, "2020-07-26"},
		{"date of request is not received", "ur_letter", "Date of Request: 01/05/2025\nDate Received: 01/08/2025", []kd{{"other", "2025-01-05"}, {"request_received", "2025-01-08"}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docType, subtype := tc.docType, ""
			if docType == "billing" {
				docType, subtype = "other", "billing"
			}
			f := Document(docType, subtype, pagesOf(tc.text), testNow)
			var got []kd
			for _, d := range f.Dates {
				got = append(got, kd{d.Kind, d.Date})
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || f.Primary != tc.primary {
				t.Errorf("got %v primary %q\nwant %v primary %q", got, f.Primary, tc.want, tc.primary)
			}
		})
	}
}

func TestRealWorldTreatments(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []tr
	}{
		{"decision first", "UTILIZATION REVIEW DETERMINATION\nDecision(s):\nCertified: MRI of the lumbar spine without contrast (72148)\nNon-Certified: Norco 10/325 mg #60\n\nRationale: ...\n",
			[]tr{{"MRI of the lumbar spine without contrast", "72148", "", "", "lumbar spine", "approved"}, {"Norco 10/325 mg", "", "#60", "", "", "denied"}}},
		{"request and outcome on one line", "Request: Physical therapy x 12 visits, lumbar spine   Outcome: Modified to 6 visits\n",
			[]tr{{"Physical therapy", "", "x 12 visits", "", "lumbar spine", "modified"}}},
		{"unable to approve", "After review of the records, we are unable to approve the request for a lumbar MRI. The request for physical therapy is certified.\n",
			[]tr{{"lumbar MRI", "", "", "", "lumbar", "denied"}, {"physical therapy", "", "", "", "", "approved"}}},
		{"sentences in a decision section", "DETERMINATION:\nPhysical therapy 2x6 lumbar spine is non-certified. Acupuncture x 6 is certified.\n\nRATIONALE:\nThe request is not medically necessary.\n",
			[]tr{{"Physical therapy 2x6 lumbar spine", "", "", "2x6", "lumbar spine", "denied"}, {"Acupuncture", "", "x 6", "", "", "approved"}}},
		{"partial certification", "REQUESTED TREATMENT(S):\n1. Chiropractic 12 visits - partially certified (6 visits)\n",
			[]tr{{"Chiropractic", "", "12 visits", "", "", "modified"}}},
		{"IMR determination", "INDEPENDENT MEDICAL REVIEW FINAL DETERMINATION\nDisputed Item: Lumbar MRI\nDetermination: The UR determination is OVERTURNED.\nDisputed Item: Norco 10/325 #60\nDetermination: The UR determination is UPHELD.\n",
			[]tr{{"Lumbar MRI", "", "", "", "Lumbar", "approved"}, {"Norco 10/325", "", "#60", "", "", "denied"}}},
		// set44: a fax read "not" as "met"; the sentence's second line says
		// the denial stands.
		{"IMR determination wrapped, not misread", "INDEPENDENT MEDICAL REVIEW FINAL DETERMINATION\nDisputed Item: Tramadol ER 150 mg\n\nDetermination: The requested treatment is met medically necessary and appropriate. The\n- Utilization Review determination is UPHELD. .\n\nBasis: MTUS ACOEM Practice Guidelines. The reviewer found the records lacked a recent examination.\n",
			[]tr{{"Tramadol ER 150 mg", "", "", "", "", "denied"}}},
		{"IMR determination wrapped, overturned", "INDEPENDENT MEDICAL REVIEW FINAL DETERMINATION\nDisputed Item: Lumbar MRI\nDetermination: The requested treatment is medically necessary and appropriate. The\nUtilization Review determination is OVERTURNED.\n",
			[]tr{{"Lumbar MRI", "", "", "", "Lumbar", "approved"}}},
		// set43: OCR set a hyphen where the line broke.
		{"modification after a line break's hyphen", "DETERMINATION:\nThe request for Urine drug screen, 4 per year, CPT 80305 is certified with -\nmodification to 1.\n",
			[]tr{{"Urine drug screen", "80305", "", "", "", "modified"}}},
		// set44: a fax read the break of "non-certified" twice, and a speck
		// before "is".
		{"non-certified with its break read twice", "Determination\nThe request for EMG/NCV of the bilateral lower extremities, CPT 95886 i is non- n-certified.\nThe request for MRI of the right wrist, 1, CPT 73221 i is delayed.\n",
			[]tr{{"EMG/NCV of the bilateral lower extremities", "95886", "", "", "bilateral lower extremities", "denied"}, {"MRI of the right wrist", "73221", "", "", "right wrist", "delayed"}}},
		{"decision field, then its basis", "Requested Treatment: Physical therapy x 12\nDetermination: CERTIFIED\nBasis: the prior request was not medically necessary.\n",
			[]tr{{"Physical therapy", "", "x 12", "", "", "approved"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := short(Treatments(pagesOf(tc.text), false))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got\n%s\nwant\n%s", fmtTr(got), fmtTr(tc.want))
			}
		})
	}
}
