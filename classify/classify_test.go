package classify

import (
	"strings"
	"testing"

	"imrpacket/index"
)

func newClassifier(t testing.TB) *Classifier {
	t.Helper()
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkResult asserts the invariants every caller relies on: one label per page,
// every page in exactly one segment, segments consecutive and in order, types
// from the contract, confidences in [0,1].
func checkResult(t *testing.T, n int, r Result) {
	t.Helper()
	if len(r.Pages) != n {
		t.Fatalf("%d labels for %d pages", len(r.Pages), n)
	}
	next := 0
	for _, s := range r.Documents {
		if len(s.Pages) == 0 {
			t.Fatal("empty segment")
		}
		for _, p := range s.Pages {
			if p != next {
				t.Fatalf("segment pages %v not consecutive from %d", s.Pages, next)
			}
			next++
		}
		if !validType(s.Type) || s.Confidence < 0 || s.Confidence > 1 || s.Title == "" {
			t.Fatalf("bad segment %+v", s)
		}
	}
	if next != n {
		t.Fatalf("segments cover %d of %d pages", next, n)
	}
	for _, l := range r.Pages {
		if !validType(l.Type) || l.Confidence < 0 || l.Confidence > 1 {
			t.Fatalf("bad label %+v", l)
		}
	}
}

func validType(s string) bool {
	for _, t := range index.Types {
		if s == t {
			return true
		}
	}
	return false
}

func TestClassifyInvariants(t *testing.T) {
	c := newClassifier(t)
	for _, tc := range []struct {
		name  string
		pages []PageInput
	}{
		{"none", nil},
		{"one empty", []PageInput{{}}},
		{"blank pages", []PageInput{{Text: "\n\n"}, {Text: " "}, {}}},
		{"mixed", []PageInput{{Text: urLetter}, {Text: urLetter2}, {Text: mri, KeyDate: "2025-02-01"}, {}, {Text: "xx"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkResult(t, len(tc.pages), c.Classify(tc.pages))
		})
	}
}

func TestReviewThreshold(t *testing.T) {
	strict, err := New(Options{ReviewThreshold: 1.01})
	if err != nil {
		t.Fatal(err)
	}
	off, err := New(Options{ReviewThreshold: -1})
	if err != nil {
		t.Fatal(err)
	}
	if l := strict.Page(mri); !l.NeedsReview {
		t.Errorf("threshold above 1 must flag every page: %+v", l)
	}
	r := off.Classify([]PageInput{{Text: "??"}, {Text: mri}})
	for _, l := range r.Pages {
		if l.NeedsReview {
			t.Errorf("negative threshold must flag nothing: %+v", l)
		}
	}
}

func FuzzClassify(f *testing.F) {
	c := newClassifier(f)
	f.Add(urLetter, "2025-01-14", "Page 2 of 2", "")
	f.Add("", "", "\x00\xff", "2025-13-99")
	f.Fuzz(func(t *testing.T, a, da, b, db string) {
		pages := []PageInput{{Text: a, KeyDate: da}, {Text: b, KeyDate: db}, {Text: a}}
		checkResult(t, len(pages), c.Classify(pages))
		_ = c.Page(b)
	})
}

func BenchmarkPage(b *testing.B) {
	c := newClassifier(b)
	text := strings.Repeat(progressBody, 3) // a full page, about 450 words
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		c.Page(text)
	}
}

// BenchmarkSeams is what dedupe's context costs the pipeline per page, on
// top of classifying the kept pages (compare BenchmarkClassify).
func BenchmarkSeams(b *testing.B) {
	c := newClassifier(b)
	pages := benchPacket(100)
	for b.Loop() {
		c.Seams(pages)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
}

func BenchmarkClassify(b *testing.B) {
	c := newClassifier(b)
	pages := benchPacket(100)
	for b.Loop() {
		c.Classify(pages)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
}

// benchPacket is n pages of two-page UR letters and full-page notes.
func benchPacket(n int) []PageInput {
	text := strings.Repeat(progressBody, 3)
	var pages []PageInput
	for i := 0; len(pages) < n; i++ {
		pages = append(pages, PageInput{Text: urLetter, KeyDate: "2025-01-14"}, PageInput{Text: urLetter2}, PageInput{Text: text})
	}
	return pages[:n]
}

const urLetter = `Pacific Coast Utilization Review, Inc.
1200 Harbor Blvd, Suite 400, Long Beach, CA 90802

UTILIZATION REVIEW DETERMINATION
Date of Determination: 01/14/2025
Date RFA Received: 01/08/2025
Claimant: Maria Lopez      Claim Number: 05-123456
Employer: Sunrise Foods    Date of Injury: 03/02/2023

Dear Dr. Smith,
A utilization review was performed on the request for authorization. The requested
treatment was reviewed against the MTUS guidelines.
Request: Physical therapy 2x6 lumbar spine. Decision: NON-CERTIFIED.
Page 1 of 2`

const urLetter2 = `Claimant: Maria Lopez   Claim Number: 05-123456
Clinical rationale: The MTUS Chronic Pain Medical Treatment Guidelines recommend a
fading of treatment frequency. The records do not document functional improvement.
If you disagree with this decision you may request an Independent Medical Review
(IMR) by submitting DWC Form IMR within 30 days of service of this decision.
Reviewer: John Park, MD, Board Certified Physical Medicine and Rehabilitation
Page 2 of 2`

const mri = `Harbor Imaging Center
MRI LUMBAR SPINE WITHOUT CONTRAST
Exam Date: 02/01/2025
TECHNIQUE: Multiplanar multisequence MR images of the lumbar spine were obtained.
FINDINGS: At L4-L5 there is a 4 mm broad-based disc protrusion with mild bilateral
neural foraminal narrowing. The conus terminates normally.
IMPRESSION: L4-L5 disc protrusion with mild foraminal stenosis.`

const progressBody = `SUBJECTIVE: The patient returns for follow-up of low back pain radiating to the left
leg. She reports the pain is 6/10 and worse with prolonged sitting. She has completed
six sessions of physical therapy with some improvement. She continues to take
ibuprofen as needed. OBJECTIVE: Lumbar range of motion is limited in flexion. Straight
leg raise is positive on the left at 45 degrees. Motor strength is 5/5 throughout.
ASSESSMENT: Lumbar radiculopathy. PLAN: Continue home exercise program, request
additional physical therapy, return to clinic in four weeks. Work status: modified
duty with no lifting over 20 pounds.
`
