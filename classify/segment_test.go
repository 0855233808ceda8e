package classify

import (
	"fmt"
	"slices"
	"testing"

	"imrpacket/index"
)

// note writes one page of a visit note from a shared template: copy-forward
// notes differ only in their date and a line or two.
func note(date, extra string, page, of int) string {
	if page > 1 {
		return fmt.Sprintf(`Maria Lopez - Progress Note (continued)

DIAGNOSES: 1. Lumbar radiculopathy (M54.16) 2. Lumbar sprain (S33.5XXA)
TREATMENT PLAN: Continue home exercise program. Request physical therapy 2x6 for the
lumbar spine. Naproxen 550 mg twice daily. %s
WORK STATUS: Modified duty, no lifting over 20 pounds, until the next visit.
Alan Kaplan, MD
Page %d of %d`, extra, page, of)
	}
	return fmt.Sprintf(`Westside Occupational Health Clinic
455 Market Street, Suite 300, San Jose, CA 95110

PROGRESS NOTE

Patient: Maria Lopez                     Date of Service: %s
DOB: 04/12/1971                          Date of Injury: 03/02/2023

SUBJECTIVE: The patient returns for follow-up of low back pain radiating to the left
leg. Pain is 6/10, worse with prolonged sitting. %s
OBJECTIVE: Lumbar flexion limited to 40 degrees. Straight leg raise positive on the left.
ASSESSMENT: Lumbar radiculopathy, improving slowly.
PLAN: See below.
Page %d of %d`, date, extra, page, of)
}

func urPage(page, of int) string {
	if page == 1 {
		return urLetter[:len(urLetter)-len("Page 1 of 2")] + fmt.Sprintf("Page 1 of %d", of)
	}
	return fmt.Sprintf(`Claimant: Maria Lopez   Claim Number: 05-123456

The MTUS Chronic Pain Medical Treatment Guidelines recommend a fading of treatment
frequency plus active self-directed home physical medicine. The records do not document
objective functional improvement from the prior 12 sessions. The request for additional
physical therapy is therefore not medically necessary and is non-certified.
Page %d of %d`, page, of)
}

func TestSegmentation(t *testing.T) {
	c := newClassifier(t)
	for _, tc := range []struct {
		name  string
		pages []PageInput
		docs  [][]int
		types []string
	}{
		{
			name: "three-page UR letter is one document",
			pages: []PageInput{
				{Text: urPage(1, 3), KeyDate: "2025-01-14"},
				{Text: urPage(2, 3)},
				{Text: urPage(3, 3)},
			},
			docs:  [][]int{{0, 1, 2}},
			types: []string{index.TypeURLetter},
		},
		{
			name: "copy-forward notes of two dates are two documents",
			pages: []PageInput{
				{Text: note("01/06/2025", "She finished six sessions of therapy.", 1, 2), KeyDate: "2025-01-06"},
				{Text: note("01/06/2025", "", 2, 2)},
				{Text: note("02/03/2025", "She finished eight sessions of therapy.", 1, 2), KeyDate: "2025-02-03"},
				{Text: note("02/03/2025", "", 2, 2)},
			},
			docs:  [][]int{{0, 1}, {2, 3}},
			types: []string{index.TypeProgressNote, index.TypeProgressNote},
		},
		{
			name: "letter, imaging report, note",
			pages: []PageInput{
				{Text: urPage(1, 2), KeyDate: "2025-01-14"},
				{Text: urPage(2, 2)},
				{Text: mri, KeyDate: "2025-02-01"},
				{Text: note("02/03/2025", "", 1, 1), KeyDate: "2025-02-03"},
			},
			docs:  [][]int{{0, 1}, {2}, {3}},
			types: []string{index.TypeURLetter, index.TypeImaging, index.TypeProgressNote},
		},
		{
			name: "a stray later page of a note after an imaging report begins no part of it",
			pages: []PageInput{
				{Text: urPage(1, 2), KeyDate: "2025-01-14"},
				{Text: urPage(2, 2)},
				{Text: mri, KeyDate: "2025-02-01"},
				{Text: note("01/06/2025", "", 2, 2)},
			},
			docs:  [][]int{{0, 1}, {2}, {3}},
			types: []string{index.TypeURLetter, index.TypeImaging, index.TypeProgressNote},
		},
		{
			name: "continuation pages with no running header or page number",
			pages: []PageInput{
				{Text: note("01/06/2025", "", 1, 1), KeyDate: "2025-01-06"},
				{Text: consult1, KeyDate: "2025-01-20"},
				{Text: consult2},
				{Text: consult3},
			},
			docs:  [][]int{{0}, {1, 2, 3}},
			types: []string{index.TypeProgressNote, index.TypeOther},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Classify(tc.pages)
			checkResult(t, len(tc.pages), r)
			var got [][]int
			var types []string
			for _, d := range r.Documents {
				got = append(got, d.Pages)
				types = append(types, d.Type)
			}
			if !slices.EqualFunc(got, tc.docs, slices.Equal) || !slices.Equal(types, tc.types) {
				t.Errorf("documents %v of types %v, want %v of %v", got, types, tc.docs, tc.types)
			}
			for i, l := range r.Pages {
				if l.Type != types[docOf(r, i)] {
					t.Errorf("page %d typed %s, its document %s", i, l.Type, types[docOf(r, i)])
				}
			}
		})
	}
}

func docOf(r Result, page int) int {
	for i, d := range r.Documents {
		if slices.Contains(d.Pages, page) {
			return i
		}
	}
	return -1
}

func TestPageHandWritten(t *testing.T) {
	c := newClassifier(t)
	for _, tc := range []struct {
		name, text, typ string
	}{
		{"ur letter", urLetter, index.TypeURLetter},
		{"mri", mri, index.TypeImaging},
		{"progress note", note("01/06/2025", "", 1, 1), index.TypeProgressNote},
		{"fax cover", "FAX COVER SHEET\nTo: Claims Department  Fax: (916) 555-0100\nFrom: Westside Clinic\nNumber of pages including cover: 5\nRe: RFA and PR-2\nCONFIDENTIALITY NOTICE: This facsimile contains privileged information.", index.TypeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if l := c.Page(tc.text); l.Type != tc.typ {
				t.Errorf("typed %+v, want %s", l, tc.typ)
			}
		})
	}
}

// A consultation report whose later pages print neither a running header nor
// a page number; its page breaks fall inside sentences.
const (
	consult1 = `Bay Area Spine Specialists
1200 Harbor Blvd, Long Beach, CA 90802

CONSULTATION REPORT
Date: 01/20/2025
RE: Maria Lopez

REASON FOR CONSULTATION: Low back pain radiating to the left leg after a lifting injury at work.
HISTORY OF PRESENT ILLNESS: The patient is a 53-year-old warehouse worker who felt a pop in her
low back while lifting a box of about 40 pounds. She has had physical therapy for six weeks and
takes naproxen twice daily. The pain is worse with sitting and better with walking short distances,
and she reports intermittent numbness along the lateral aspect of the left foot that has become`
	consult2 = `more frequent over the last month. She denies bowel or bladder changes.
PAST MEDICAL HISTORY: Hypertension, controlled.
MEDICATIONS: Naproxen 550 mg twice daily, lisinopril 10 mg daily.
PHYSICAL EXAMINATION: She walks with an antalgic gait. Lumbar flexion is limited to 40 degrees.
Straight leg raise is positive on the left at 45 degrees. Strength is 5/5 except 4/5 left
extensor hallucis longus. Sensation is decreased over the left L5 dermatome. Reflexes are 2+ and
symmetric at the knees and 1+ at the left ankle. Her history and examination are consistent with`
	consult3 = `a left L5 radiculopathy, likely from an L4-L5 disc protrusion.
RECOMMENDATIONS: MRI of the lumbar spine without contrast. If it confirms a disc protrusion with
nerve root compression, a left L4-L5 transforaminal epidural steroid injection is reasonable.
Continue home exercise program. Modified duty with no lifting over 15 pounds.
Thank you for this referral.
Daniel Reyes, MD
Physical Medicine and Rehabilitation`
)

// TestSeams: Seams is the judgement Classify segments by, one seam at a
// time, with duplicates still in; dedupe trusts a seam over 0.9 to begin
// another document, so none inside a document may come near it.
func TestSeams(t *testing.T) {
	c := newClassifier(t)
	for _, tc := range []struct {
		name   string
		pages  []PageInput
		starts []bool // from the second page on
	}{
		{
			name: "copy-forward notes of two dates, the second faxed twice",
			pages: []PageInput{
				{Text: note("01/06/2025", "She finished six sessions of therapy.", 1, 2), KeyDate: "2025-01-06"},
				{Text: note("01/06/2025", "", 2, 2)},
				{Text: note("02/03/2025", "She finished eight sessions of therapy.", 1, 2), KeyDate: "2025-02-03"},
				{Text: note("02/03/2025", "", 2, 2)},
				{Text: note("02/03/2025", "She finished eight sessions of therapy.", 1, 2), KeyDate: "2025-02-03"},
				{Text: note("02/03/2025", "", 2, 2)},
			},
			starts: []bool{false, true, false, true, false},
		},
		{
			name: "letter, imaging report, note",
			pages: []PageInput{
				{Text: urPage(1, 3), KeyDate: "2025-01-14"},
				{Text: urPage(2, 3)},
				{Text: urPage(3, 3)},
				{Text: mri, KeyDate: "2025-02-01"},
				{Text: note("02/03/2025", "", 1, 1), KeyDate: "2025-02-03"},
				{Text: consult1, KeyDate: "2025-01-20"},
				{Text: consult2},
			},
			starts: []bool{false, false, true, true, true, false},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seams := c.Seams(tc.pages)
			if len(seams) != len(tc.pages) || seams[0].Starts != 1 {
				t.Fatalf("seams %v", seams)
			}
			for i, p := range tc.pages {
				if got, want := seams[i].Page, c.Page(p.Text); got != want {
					t.Errorf("page %d read alone: %+v in Seams, %+v by Page", i, got, want)
				}
			}
			for i, want := range tc.starts {
				s := seams[i+1].Starts
				if want && s <= 0.9 || !want && s >= 0.5 {
					t.Errorf("page %d begins a document: %v, seam %.3f", i+1, want, s)
				}
			}
		})
	}
}
