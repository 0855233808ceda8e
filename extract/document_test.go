package extract

import (
	"fmt"
	"testing"
)

func TestDocumentDates(t *testing.T) {
	tests := []struct {
		name, docType string
		pages         []PageText
		wantPrimary   string
		want          []kd
	}{
		{"ur letter", "ur_letter", pagesOf(letterHead + letterTail), "2025-01-14", []kd{
			{"letter", "2025-01-14"}, {"injury", "2023-03-04"}, {"request_received", "2025-01-08"},
			{"decision", "2025-01-14"}, {"other", "2024-03-02"}}},
		{"note: exam date is the visit", "progress_note", pagesOf("PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\nPatient: Jane Roe  DOB: 05/06/1970\nDate of Exam: 02/03/2025\nDOI: 03/04/2023\n"),
			"2025-02-03", []kd{{"birth", "1970-05-06"}, {"service", "2025-02-03"}, {"injury", "2023-03-04"}}},
		{"imaging: DOS is the exam", "imaging", pagesOf("VALLEY IMAGING CENTER\nMRI LUMBAR SPINE WITHOUT CONTRAST\nDOS: 02/10/2025\nCOMPARISON: 01/05/2023\n"),
			"2025-02-10", []kd{{"exam", "2025-02-10"}, {"other", "2023-01-05"}}},
		// OCR garbled the exam label past the label list: the header's date
		// under a misread date word is still the exam; a birth date is not.
		{"imaging: exam label garbled, no colon", "imaging", pagesOf("Golden State Radiology\nRADIOLOGY REPORT.\n\nDate of sate 11/20/2022\nName: Juan Roe - MRN: 159121 Birth Date: 1991-09-13\nEXAM: CT head.\nFINDINGS: no bleed.\n"),
			"2022-11-20", []kd{{"exam", "2022-11-20"}, {"birth", "1991-09-13"}}},
		{"imaging: exam label garbled in a field", "imaging", pagesOf("Central Coast Imaging\nIMAGING CONSULTATION\n| Stiidy Date: 03/17/2021 __. Accession #: 57331000\nFINDINGS: normal.\n"),
			"2021-03-17", []kd{{"exam", "2021-03-17"}}},
		{"imaging: a garbled birth label is no exam", "imaging", pagesOf("Central Coast Imaging\nIMAGING CONSULTATION\nPatient: Jane Roe  Brith Dale: 03/17/1971\nFINDINGS: normal.\n"),
			"", []kd{{"other", "1971-03-17"}}},
		{"imaging: a comparison date in the findings is no exam", "imaging", pagesOf("Central Coast Imaging\nIMAGING CONSULTATION\nPatient: Jane Roe\nFINDINGS: unchanged since the prior study dated 03/17/2021.\n"),
			"", []kd{{"other", "2021-03-17"}}},
		{"note: visit label garbled beside the patient's name", "progress_note", pagesOf("Valley Orthopedic Group\nOFFICE VISIT\nPatient Name: David Roe   Birth Date: 01/10/1960.\n* Misit Date: 04/06/2021 Provider: Ann Lee, MD\nSUBJECTIVE: better.\n"),
			"2021-04-06", []kd{{"birth", "1960-01-10"}, {"service", "2021-04-06"}}},
		{"note: a garbled injury label is no visit", "progress_note", pagesOf("Valley Orthopedic Group\nOFFICE VISIT\nPatient Name: David Roe\nInjuy Dafe: 04/06/2021\nSUBJECTIVE: better.\n"),
			"", []kd{{"other", "2021-04-06"}}},
		{"note: a fax header's date is no visit", "progress_note", pagesOf("FROM: (555) 555-0100 Fax sent 04/06/2021 10:42 P.001\nOFFICE VISIT\nPatient Name: David Roe\nSUBJECTIVE: better.\n"),
			"", []kd{{"other", "2021-04-06"}}},
		{"DOB only: no primary", "progress_note", pagesOf("Patient: Jane Roe\nDOB: 05/06/1970\n"), "", []kd{{"birth", "1970-05-06"}}},
		{"future only: no primary", "progress_note", pagesOf("Date of Service: 07/01/2025\n"), "", []kd{{"other", "2025-07-01"}}},
		{"repeated header counted once", "progress_note", pagesOf("DOS: 02/03/2025\nnote", "DOS: 02/03/2025\nmore"), "2025-02-03", []kd{{"service", "2025-02-03"}}},
		// A year's last 0 read as 6, 8 or 9 that leaves the date in the past.
		{"exam after its report's signature had a 0", "imaging", pagesOf("X-RAY REPORT\nDATE OF EXAMINATION: 05/03/2018 ;\nFINDINGS: normal.\nElectronically signed by: Ann Lee, MD on 05/04/2010\n"),
			"2010-05-03", []kd{{"exam", "2010-05-03"}, {"other", "2010-05-04"}}},
		{"exam before its report's signature stays", "imaging", pagesOf("X-RAY REPORT\nDATE OF EXAMINATION: 05/03/2016 ;\nFINDINGS: normal.\nElectronically signed 05/04/2016\n"),
			"2016-05-03", []kd{{"exam", "2016-05-03"}, {"other", "2016-05-04"}}},
		{"injury after the decision had a 0", "ur_letter", pagesOf("UTILIZATION REVIEW DETERMINATION\nDate of Injury: 2019-03-25\nDate of Decision: 11/10/2011\n"),
			"2011-11-10", []kd{{"injury", "2010-03-25"}, {"decision", "2011-11-10"}}},
		{"injury before the decision stays", "ur_letter", pagesOf("UTILIZATION REVIEW DETERMINATION\nDate of Injury: 2019-03-25\nDate of Decision: 11/10/2021\n"),
			"2021-11-10", []kd{{"injury", "2019-03-25"}, {"decision", "2021-11-10"}}},
		{"visit printed again with the 0", "progress_note", pagesOf("Date of Service: 30 June 2016 |\nDate of exam: 30 June 2010\n"),
			"2010-06-30", []kd{{"service", "2010-06-30"}}},
		{"a late visit with older history and no signature stays", "progress_note", pagesOf("Date of Service: 01/06/2019\nDOI: 01/02/2010\nHISTORY:\nSeen 03/04/2010 after the fall.\n"),
			"2019-01-06", []kd{{"service", "2019-01-06"}, {"injury", "2010-01-02"}, {"other", "2010-03-04"}}},
		{"a consent signed in prose is no signature", "progress_note", pagesOf("Date of Service: 01/06/2019\nThe patient signed consent for surgery on 01/07/2010.\n"),
			"2019-01-06", []kd{{"service", "2019-01-06"}, {"other", "2010-01-07"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Document(tc.docType, "", tc.pages, testNow)
			if f.Primary != tc.wantPrimary {
				t.Errorf("primary = %q, want %q", f.Primary, tc.wantPrimary)
			}
			var got []kd
			for _, d := range f.Dates {
				got = append(got, kd{d.Kind, d.Date})
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("dates\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestDocumentRFA(t *testing.T) {
	rfa := `State of California, Division of Workers' Compensation
REQUEST FOR AUTHORIZATION DWC Form RFA
Requested Treatment
Diagnosis | ICD-Code | Service/Good Requested | CPT/HCPCS Code | Other Information
Lumbar radiculopathy | M54.16 | Physical therapy lumbar spine | 97110 | 2x6
Claims Administrator/URO Response: [ ] Approved [ ] Denied or Modified [ ] Delayed
`
	f := Document("other", "rfa", pagesOf(rfa), testNow)
	if len(f.Treatments) != 1 {
		t.Fatalf("got %d treatments: %+v", len(f.Treatments), f.Treatments)
	}
	tr := f.Treatments[0]
	if tr.Text != "Physical therapy lumbar spine" || tr.Code != "97110" || tr.Decision != "requested" || tr.Frequency != "2x6" {
		t.Errorf("got %+v", tr)
	}
}

func TestDocumentNoTreatmentsOutsideLetters(t *testing.T) {
	f := Document("progress_note", "pr2", pagesOf("Plan: physical therapy 2x6 lumbar spine is recommended and approved."), testNow)
	if len(f.Treatments) != 0 {
		t.Errorf("got %+v", f.Treatments)
	}
}

func FuzzTreatments(f *testing.F) {
	f.Add(letterHead+"REQUESTED TREATMENT(S):\n1. PT 2x6 (CPT 97110) - DENIED\n"+letterTail, "")
	f.Add("Requested Service | CPT | Decision\nMRI | 73721 | Certified", "lumbar spine (cont.) - approved\nPage 2 of 2")
	f.Add("Request #1: x\nDecision: ", "the request for a TENS unit is modified.")
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, rfa := range []bool{false, true} {
			for _, tr := range Treatments(pagesOf(a, b), rfa) {
				switch tr.Decision {
				case "approved", "modified", "denied", "delayed", "unknown", "requested":
				default:
					t.Fatalf("invalid decision %q", tr.Decision)
				}
				if tr.Text == "" || (tr.SourcePage != 10 && tr.SourcePage != 11) {
					t.Fatalf("bad treatment %+v", tr)
				}
			}
		}
	})
}
