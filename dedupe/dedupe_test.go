package dedupe

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"imrpacket/index"
)

const noteTmpl = `PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)
Patient: Maria Delgado          Claim #: 05-4471823
Date of Service: {{DOS}}          Date of Injury: 03/02/2023
Employer: Valley Fresh Packing  Claims Administrator: Sedgwick

SUBJECTIVE: The patient returns for follow-up of low back pain radiating to the
left leg. She reports {{PAIN}} since the last visit. Pain is rated {{VAS}}/10 today.
She continues her home exercise program and is working modified duty with no
lifting over 20 pounds. She denies bowel or bladder changes.

MEDICATIONS: Ibuprofen {{DOSE}} mg three times daily with food. Cyclobenzaprine
10 mg at bedtime as needed for spasm. Omeprazole 20 mg daily.

OBJECTIVE: Lumbar spine range of motion is decreased in flexion to 60 degrees and
extension to 15 degrees. Straight leg raise is positive on the left at 45 degrees.
Sensation is decreased in the left L5 dermatome. Motor strength is 5/5 throughout
the lower extremities except 4/5 left extensor hallucis longus. Reflexes are 2+
and symmetric. Gait is antalgic.

ASSESSMENT: Lumbar disc herniation at L4-L5 with left L5 radiculopathy.
Lumbar strain.

PLAN: Request authorization for physical therapy 2 times a week for 6 weeks for
the lumbar spine. Continue medications as above. {{PLAN}}
Return to clinic in 4 weeks. Work status: modified duty as above.
`

func note(dos, dose, vas, pain, plan string) string {
	return strings.NewReplacer("{{DOS}}", dos, "{{DOSE}}", dose, "{{VAS}}", vas, "{{PAIN}}", pain, "{{PLAN}}", plan).Replace(noteTmpl)
}

// amended returns page k of a three-page office note, with added appended
// to its page 2 (the amended version's change).
func amended(k int, added string) string {
	bodies := []string{
		"CHIEF COMPLAINT: Low back pain radiating to the left leg after lifting a pallet at work. HISTORY: The patient reports pain of six months that is worse with sitting and better with walking. She has completed a course of physical therapy with partial relief.",
		"EXAMINATION: Lumbar flexion is limited by pain. Straight leg raise is positive on the left at forty degrees. Strength is full in both legs. Sensation is decreased over the left lateral calf. Reflexes are symmetric.",
		"ASSESSMENT: Lumbar radiculopathy on the left. PLAN: Continue home exercises and the current medication. Request lumbar epidural steroid injection at the left L5-S1 level. Work restrictions: no lifting over twenty pounds.",
	}
	body := bodies[k-1]
	if added != "" {
		body += " " + added
	}
	return fmt.Sprintf("OFFICE NOTE\nPatient: Maria Delgado   Claim #: 05-4471823\nDate of Service: 01/14/2025\nPage %d of 3\n%s", k, body)
}

func baseNote() string {
	return note("01/14/2025", "600", "6", "some improvement in her leg pain", "Consider lumbar epidural steroid injection if no improvement.")
}

const urTmpl = `Pacific Coast Utilization Review, Inc.
2500 Venture Oaks Way, Suite 400, Sacramento, CA 95833   Phone (916) 555-0142
UTILIZATION REVIEW DETERMINATION
Date of Decision: 02/03/2025        Date RFA Received: 01/28/2025
Claimant: Maria Delgado             Claim #: 05-4471823
Requesting Physician: Alan Brooks, MD    Employer: Valley Fresh Packing

Dear Dr. Brooks,
A utilization review was performed on the request for authorization received on the
date above. After review of the medical records submitted, the following determination
was made:

Request: Physical therapy 2x6 lumbar spine (97110), 12 visits.
Determination: {{DECISION}}

Rationale: The California MTUS Chronic Pain Medical Treatment Guidelines support
physical medicine for radiculitis with 8 to 10 visits over 4 weeks. The records
document prior therapy with functional improvement. {{RATIONALE}}
If you disagree with this decision you may request an Independent Medical Review.
`

func urLetter(decision, rationale string) string {
	return strings.NewReplacer("{{DECISION}}", decision, "{{RATIONALE}}", rationale).Replace(urTmpl)
}

const rfaTmpl = `State of California, Division of Workers' Compensation
REQUEST FOR AUTHORIZATION DWC Form RFA
Check one: New request X  Resubmission - Change in Material Facts
Employee Information
Name (Last, First, Middle): Delgado, Maria   Date of Injury: 03/02/2023
Date of Birth: 07/19/1981   Claim Number: 05-4471823   Employer: Valley Fresh Packing
Requesting Physician Information
Name: Alan Brooks, MD   Practice Name: Central Valley Orthopedics
Address: 1200 Medical Center Dr, Fresno CA 93721   Phone: (559) 555-0110
Requested Treatment
Diagnosis: Lumbar radiculopathy   ICD-Code: M54.16
Service/Good Requested: {{SERVICE}}   CPT/HCPCS Code: {{CODE}}
Requesting Physician Signature: Alan Brooks, MD   Date: {{DATE}}
`

func rfa(service, code, date string) string {
	return strings.NewReplacer("{{SERVICE}}", service, "{{CODE}}", code, "{{DATE}}", date).Replace(rfaTmpl)
}

func ocrPage(n int, text string) Page {
	return Page{Number: n, Text: text, TextSource: SourceOCR, DPI: 300, OCRConfidence: 0.9}
}

func textPage(n int, text string) Page {
	return Page{Number: n, Text: text, TextSource: SourceTextLayer, DPI: 300}
}

func filler(n int) Page {
	texts := []string{
		"PROOF OF SERVICE I declare that I am employed in the County of Fresno. I am over the age of eighteen and not a party to the within action. On the date below I served the attached documents by placing a true copy in a sealed envelope with postage fully prepaid.",
		"BILLING STATEMENT Central Valley Orthopedics. Statement of charges for services rendered. Office visit established patient level four. Physical therapy evaluation. Please remit payment within thirty days of receipt of this statement.",
		"RADIOLOGY REPORT MRI LUMBAR SPINE WITHOUT CONTRAST. FINDINGS: There is disc desiccation at L4-L5 with a broad-based posterior disc protrusion measuring 4 mm which contacts the traversing left L5 nerve root. IMPRESSION: Left paracentral disc protrusion at L4-L5.",
		"FAX COVER SHEET To: Claims Department From: Central Valley Orthopedics. Please find attached the requested medical records regarding the above claimant. Confidentiality notice: this facsimile contains privileged information.",
	}
	return textPage(n, fmt.Sprintf("%s Reference %d.", texts[n%len(texts)], 1000+n))
}

type dup struct{ page, of int }

func dups(r Result) []dup {
	var out []dup
	for _, d := range r.Duplicates {
		out = append(out, dup{d.SourcePage, d.DuplicateOf})
	}
	return out
}

func TestFind(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	noisy := func(s string) string { return ocrNoise(s, r, 0.03, 2) }
	blank := func(n int, hash string) Page {
		return Page{Number: n, TextSource: SourceNone, ImageHash: hash, DPI: 300}
	}
	withHash := func(p Page, h string) Page { p.ImageHash = h; return p }
	withDates := func(p Page, ds ...string) Page { p.KeyDates = ds; return p }
	letterP2 := func(vendorRef string) string {
		return "Pacific Coast Utilization Review, Inc. Page 2 of 2\n" +
			"Your rights: If you disagree with this utilization review decision you may request an Independent Medical Review " +
			"by the Division of Workers' Compensation. The Application for Independent Medical Review, DWC Form IMR, " +
			"must be filed within thirty days of service of this decision. A copy of the form is enclosed. Questions may be directed " +
			"to the utilization review department. " + vendorRef
	}

	tests := []struct {
		name  string
		pages []Page
		pol   Policy
		want  []dup
		runs  int
		kind  string
	}{
		{
			name:  "exact duplicate by image",
			pages: []Page{filler(1), withHash(ocrPage(2, baseNote()), "img-a"), filler(3), withHash(ocrPage(4, baseNote()), "img-a")},
			want:  []dup{{4, 2}},
			kind:  index.DuplicateExact,
		},
		{
			name:  "exact duplicate by text layer",
			pages: []Page{textPage(1, baseNote()), filler(2), textPage(3, baseNote())},
			want:  []dup{{3, 1}},
			kind:  index.DuplicateExact,
		},
		{
			name:  "OCR-noisy rescan",
			pages: []Page{ocrPage(1, baseNote()), filler(2), ocrPage(3, noisy(baseNote()))},
			want:  []dup{{3, 1}},
			kind:  index.DuplicateNear,
		},
		{
			name:  "rescan with a fax header",
			pages: []Page{ocrPage(1, baseNote()), filler(2), ocrPage(3, "JAN-29-2025 10:42 FROM: CVO FAX 5595550111 P.003/012\n"+noisy(baseNote()))},
			want:  []dup{{3, 1}},
		},
		{
			name: "copy-forward note with another date of service",
			pages: []Page{
				ocrPage(1, baseNote()),
				ocrPage(2, note("02/11/2025", "600", "6", "some improvement in her leg pain", "Consider lumbar epidural steroid injection if no improvement.")),
			},
		},
		{
			name: "copy-forward note, same numbers, other date by key dates only",
			pages: []Page{
				withDates(ocrPage(1, baseNote()), "2025-01-14"),
				withDates(ocrPage(2, baseNote()), "2025-02-11"),
			},
		},
		{
			name: "same note with another medication dose",
			pages: []Page{
				ocrPage(1, baseNote()),
				ocrPage(2, note("01/14/2025", "800", "6", "some improvement in her leg pain", "Consider lumbar epidural steroid injection if no improvement.")),
			},
		},
		{
			name: "same note with a changed line and no numbers",
			pages: []Page{
				ocrPage(1, baseNote()),
				ocrPage(2, note("01/14/2025", "600", "6", "that her leg pain is unchanged overall", "Consider lumbar epidural steroid injection if no improvement.")),
			},
		},
		{
			name: "same note with an added plan line",
			pages: []Page{
				ocrPage(1, baseNote()),
				ocrPage(2, note("01/14/2025", "600", "6", "some improvement in her leg pain", "Consider lumbar epidural steroid injection if no improvement. Refer to pain management for consultation.")),
			},
		},
		{
			name: "a negation lost",
			pages: []Page{
				ocrPage(1, baseNote()),
				ocrPage(2, strings.Replace(baseNote(), "She denies bowel", "She reports bowel", 1)),
			},
		},
		{
			name: "UR letter resubmitted with another decision",
			pages: []Page{
				ocrPage(1, urLetter("NON-CERTIFIED", "Additional therapy beyond guideline recommendations is not supported.")),
				filler(2),
				ocrPage(3, urLetter("CERTIFIED", "Additional therapy beyond guideline recommendations is not supported.")),
			},
		},
		{
			name: "UR letter certified versus modified",
			pages: []Page{
				ocrPage(1, urLetter("CERTIFIED", "The request is reasonable.")),
				ocrPage(2, urLetter("MODIFIED", "The request is reasonable.")),
			},
		},
		{
			name: "UR letter rescanned",
			pages: []Page{
				ocrPage(1, urLetter("NON-CERTIFIED", "Additional therapy beyond guideline recommendations is not supported.")),
				filler(2),
				ocrPage(3, noisy(urLetter("NON-CERTIFIED", "Additional therapy beyond guideline recommendations is not supported."))),
			},
			want: []dup{{3, 1}},
		},
		{
			name: "form filled in on different dates",
			pages: []Page{
				textPage(1, rfa("Physical therapy 2x6 lumbar spine", "97110", "01/20/2025")),
				filler(2),
				textPage(3, rfa("Physical therapy 2x6 lumbar spine", "97110", "03/04/2025")),
			},
		},
		{
			name: "form filled with another treatment",
			pages: []Page{
				textPage(1, rfa("Physical therapy 2x6 lumbar spine", "97110", "01/20/2025")),
				textPage(2, rfa("Lumbar epidural steroid injection L4-L5", "64483", "01/20/2025")),
			},
		},
		{
			name: "whole three-page document rescanned",
			pages: []Page{
				filler(1),
				ocrPage(2, baseNote()), ocrPage(3, urLetter("DENIED", "Not supported.")), ocrPage(4, rfa("MRI lumbar spine", "72148", "01/20/2025")),
				filler(5),
				ocrPage(6, noisy(baseNote())), ocrPage(7, noisy(urLetter("DENIED", "Not supported."))), ocrPage(8, noisy(rfa("MRI lumbar spine", "72148", "01/20/2025"))),
			},
			want: []dup{{6, 2}, {7, 3}, {8, 4}},
			runs: 1,
		},
		{
			name: "best copy kept: text layer over OCR",
			pages: []Page{
				ocrPage(1, noisy(baseNote())), filler(2), textPage(3, baseNote()),
			},
			want: []dup{{1, 3}},
		},
		{
			name: "best copy kept: higher DPI",
			pages: []Page{
				{Number: 1, Text: noisy(baseNote()), TextSource: SourceOCR, DPI: 200, OCRConfidence: 0.95},
				{Number: 2, Text: noisy(baseNote()), TextSource: SourceOCR, DPI: 300, OCRConfidence: 0.80},
			},
			want: []dup{{1, 2}},
		},
		{
			name: "best copy kept: higher confidence",
			pages: []Page{
				{Number: 1, Text: noisy(baseNote()), TextSource: SourceOCR, DPI: 300, OCRConfidence: 0.80},
				{Number: 2, Text: noisy(baseNote()), TextSource: SourceOCR, DPI: 300, OCRConfidence: 0.95},
			},
			want: []dup{{1, 2}},
		},
		{
			name:  "ties keep the earliest page; chains collapse",
			pages: []Page{ocrPage(1, baseNote()), ocrPage(2, noisy(baseNote())), ocrPage(3, noisy(baseNote()))},
			want:  []dup{{2, 1}, {3, 1}},
		},
		{
			name:  "KeepEarliest overrides quality",
			pages: []Page{ocrPage(1, noisy(baseNote())), textPage(2, baseNote())},
			pol:   Policy{KeepEarliest: true},
			want:  []dup{{2, 1}},
		},
		{
			name:  "blank pages are not duplicates of each other",
			pages: []Page{blank(1, "white"), filler(2), blank(3, "white"), filler(4), blank(5, "specks")},
		},
		{
			name: "blank page inside a duplicated run",
			pages: []Page{
				ocrPage(1, baseNote()), blank(2, "w1"), ocrPage(3, urLetter("DENIED", "Not supported.")),
				filler(4),
				ocrPage(5, noisy(baseNote())), blank(6, "w2"), ocrPage(7, noisy(urLetter("DENIED", "Not supported."))),
			},
			want: []dup{{5, 1}, {6, 2}, {7, 3}},
			runs: 1,
		},
		{
			// Standalone blank pages (separator sheets, blank backs of two
			// records) beside both ends of a copied page: nothing says the
			// blank belongs to the copy.
			name: "blank pages after a copied page are not joined to it",
			pages: []Page{
				ocrPage(1, baseNote()), blank(2, "w1"),
				filler(3),
				ocrPage(4, noisy(baseNote())), blank(5, "w2"),
			},
			want: []dup{{4, 1}},
		},
		{
			// An amended note one page longer than the original: its first
			// page reads the same but for the page counter.
			name: "same page but for the document's page count",
			pages: []Page{
				ocrPage(1, baseNote()+"\nPage 1 of 3"), filler(2), ocrPage(3, noisy(baseNote())+"\nPage 1 of 4"),
			},
		},
		{
			name: "page counter with a look-alike digit misread",
			pages: []Page{
				ocrPage(1, baseNote()+"\nPage 1 of 3"), filler(2), ocrPage(3, noisy(baseNote())+"\nPage 1 of 8"),
			},
			want: []dup{{3, 1}},
		},
		{
			// An amended note differs from the original on page 2 only;
			// its pages 1 and 3 read the same word for word, and are still
			// the amended note's.
			name: "amended note: the pages that read the same are not copies",
			pages: []Page{
				ocrPage(1, amended(1, "")), ocrPage(2, amended(2, "")), ocrPage(3, amended(3, "")),
				filler(4),
				ocrPage(5, amended(1, "")), ocrPage(6, amended(2, "Return to clinic in four weeks for a recheck of the incision.")), ocrPage(7, amended(3, "")),
				filler(8),
				ocrPage(9, noisy(amended(1, ""))), ocrPage(10, noisy(amended(2, "Return to clinic in four weeks for a recheck of the incision."))), ocrPage(11, noisy(strings.Replace(amended(3, ""), "Page 3", "Pagc 3", 1))),
			},
			want: []dup{{9, 5}, {10, 6}, {11, 7}},
			runs: 1,
		},
		{
			name: "page 2 of two different letters from one vendor",
			pages: []Page{
				ocrPage(1, urLetter("NON-CERTIFIED", "Not supported by guidelines.")), ocrPage(2, letterP2("")),
				filler(3),
				ocrPage(4, urLetter("CERTIFIED", "Supported by guidelines.")), ocrPage(5, letterP2("")),
			},
		},
		{
			name: "letter faxed twice matches page to page",
			pages: []Page{
				ocrPage(1, urLetter("NON-CERTIFIED", "Not supported by guidelines.")), ocrPage(2, letterP2("")),
				ocrPage(3, urLetter("CERTIFIED", "Supported by guidelines.")), ocrPage(4, letterP2("")),
				ocrPage(5, noisy(urLetter("CERTIFIED", "Supported by guidelines."))), ocrPage(6, noisy(letterP2(""))),
			},
			want: []dup{{5, 3}, {6, 4}},
			runs: 1,
		},
		{
			name:  "threshold above the noise",
			pages: []Page{ocrPage(1, baseNote()), ocrPage(2, ocrNoise(baseNote(), rand.New(rand.NewPCG(7, 7)), 0.08, 0))},
			pol:   Policy{Threshold: 0.99},
		},
		{
			name:  "disabled",
			pages: []Page{textPage(1, baseNote()), textPage(2, baseNote())},
			pol:   Policy{Disabled: true},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Find(tc.pages, tc.pol)
			got := dups(res)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("duplicates = %v, want %v (%+v)", got, tc.want, res.Duplicates)
			}
			if len(res.Runs) != tc.runs {
				t.Errorf("runs = %+v, want %d", res.Runs, tc.runs)
			}
			for _, d := range res.Duplicates {
				if tc.kind != "" && d.Kind != tc.kind {
					t.Errorf("page %d kind %q, want %q", d.SourcePage, d.Kind, tc.kind)
				}
				if d.Similarity <= 0 || d.Similarity > 1 {
					t.Errorf("page %d similarity %v out of range", d.SourcePage, d.Similarity)
				}
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by spaces, numbers prefixed #
	}{
		{"Date: 01/14/2O25", "date #01 #14 #2025"},
		{"0l/14/2025", "#01 #14 #2025"},
		{"pat1ent 0ffice", "patlent offlce"},
		{"patient office", "patlent offlce"},
		{"Ibuprofen 600mg", "lbuprofen #600 mg"},
		{"Ibuprofen 6OO mg", "lbuprofen #600 mg"},
		{"January14, 2025", "january #14 #2025"},
		{"rnedication", "medlcatlon"},
		{"L4-L5 10lbs", "l #4 l #5 #10 lbs"},
		{"5mg 2x6", "#5 mg #2 x #6"},
		{"non-certified", "non certlfled"},
		{"within 3@ days", "wlthln #30 days"},
		{"P.@01 Form DLSR 5@21", "p #001 form dlsr #5021"},
		{"jdoe@clinic.org", "jdoe cllnlc org"},
		{"@ 10", "#10"},
		{"", ""},
	}
	for _, tc := range tests {
		var parts []string
		for _, tk := range tokenize(tc.in) {
			if tk.numeric {
				parts = append(parts, "#"+tk.s)
			} else {
				parts = append(parts, tk.s)
			}
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStripFaxHeaders(t *testing.T) {
	tests := []struct {
		in       string
		stripped bool
	}{
		{"JAN-29-2025 10:42 FROM: CVO FAX 5595550111 P.003/012\nbody\nmore\nend\nlast", true},
		{"body\nmore\nend\nlast\n01/29/2025 1O:42AM Fax to 5551234 Page 3", true},
		{"Date of Service: 01/14/2025 at 10:30\nbody\nmore\nend\nlast", false},
		{"a\nb\nc\n10:42 FAX in the middle\nd\ne\nf", false},
	}
	for _, tc := range tests {
		got := stripFaxHeaders(tc.in) != tc.in
		if got != tc.stripped {
			t.Errorf("stripFaxHeaders(%q) stripped=%v, want %v", tc.in, got, tc.stripped)
		}
	}
}

func TestDiffHunks(t *testing.T) {
	h := func(s string) []uint64 {
		var out []uint64
		for _, c := range s {
			out = append(out, uint64(c))
		}
		return out
	}
	tests := []struct {
		a, b string
		want []hunk
	}{
		{"abc", "abc", nil},
		{"abc", "axc", []hunk{{1, 2, 1, 2}}},
		{"abcdef", "abdef", []hunk{{2, 3, 2, 2}}},
		{"abdef", "abcdef", []hunk{{2, 2, 2, 3}}},
		{"xabc", "abcy", []hunk{{0, 1, 0, 0}, {4, 4, 3, 4}}},
		{"abcdefgh", "abXdefYh", []hunk{{2, 3, 2, 3}, {6, 7, 6, 7}}},
		{"", "ab", []hunk{{0, 0, 0, 2}}},
	}
	for _, tc := range tests {
		got, ok := diffHunks(h(tc.a), h(tc.b), 100)
		if !ok || !slices.Equal(got, tc.want) {
			t.Errorf("diffHunks(%q, %q) = %v %v, want %v", tc.a, tc.b, got, ok, tc.want)
		}
	}
	if _, ok := diffHunks(h("abcdefgh"), h("stuvwxyz"), 4); ok {
		t.Error("diffHunks past maxD should give up")
	}
}
