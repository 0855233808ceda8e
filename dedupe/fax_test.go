package dedupe

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"imrpacket/index"
)

func TestFaxLines(t *testing.T) {
	body := "PROGRESS NOTE\nPatient: Maria Delgado\nDate of Service: 01/14/2025\nbody one\nbody two\nbody three\nbody four\nend"
	tests := []struct {
		name string
		in   string
		want string // the text left, blank lines dropped; "" means unchanged
	}{
		{"sender, recipient and page counter", "FROM: (478) 555-5203 TO: IMR RECORDS P.001\n" + body, body},
		{"OCR'd header: EROM, S for 5, @ for 0", "EROM: (822) SSS-3708 TO: IMR RECORDS P.@@2\n" + body, body},
		{"OCR'd header: JO, TO; and a stray quote", "\"FROM! (274) 555-4346 JO;.IMR RECORDS P02,\n" + body, body},
		{"OCR'd header: a brace for a parenthesis, two marks after P", "FROM; (888} 555-5302 TO: IMR RECORDS P,.0O1\n" + body, body},
		{"header OCR split over two lines", "FROM:\n\n(654) SS5-4337 TO: IMR RECORDS P.@01\n" + body, body},
		{"machine header with date and clock", "JAN-29-2025 10:42AM FROM: CVO FAX: 5595550111 P.002/005\n" + body, body},
		{"footer", body + "\n01/29/2025 1O:42 AM Fax to 5551234 Page 3 of 5", body},
		{"two transmissions", "11/02/2025 09:15 FROM: Sedgwick FAX 9165550142 P.003\nFROM: (478) 555-5203 TO: IMR RECORDS P.001\n" + body, body},
		{"letterhead phone and fax stay", "Pacific Coast Utilization Review\nPhone (916) 555-0142 Fax (916) 555-0242\n" + body, ""},
		{"P.O. box and phone stay", "California Independent Medical Review Organization\nP.O. Box 138009, Sacramento, CA 95813 | (855) 555-0108\n" + body, ""},
		{"page footer alone stays", body + "\nPage 2 of 2", ""},
		{"the header's counter read on a line of its own", "FROM: (648) 555-6099 TO: IMR RECORDS\n\nRE: Yolanda Kim\nPage 2.\n\nPain Medicine\n\nP,.002\n", "RE: Yolanda Kim\nPage 2.\nPain Medicine"},
		{"a counter-like line without a transmission line stays", "RE: Yolanda Kim\nPage 2.\nPain Medicine\nP.002", ""},
		{"a time in a date of service stays", "Date of Service: 01/14/2025 at 10:30\n" + body, ""},
		{"a header line in the middle of the page stays", "a\nb\nc\nd\nFROM: (478) 555-5203 TO: IMR RECORDS P.001\ne\nf\ng\nh", ""},
	}
	clean := func(s string) string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if strings.TrimSpace(l) != "" {
				out = append(out, l)
			}
		}
		return strings.Join(out, "\n")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == "" {
				want = tc.in
			}
			if got := clean(stripFaxHeaders(tc.in)); got != clean(want) {
				t.Errorf("stripFaxHeaders left\n%s\nwant\n%s", got, clean(want))
			}
		})
	}
}

// faxed renders text as a fax of it reads: a transmission line on top, OCR
// noise, and one digit of the claim number misread (3 as 8).
func faxed(text string, r *rand.Rand, header string) string {
	text = strings.Replace(text, "4471823", "4471828", 1)
	return header + "\n" + ocrNoise(text, r, 0.03, 2)
}

func TestFaxedCopies(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	dated := func(p Page, kinds ...string) Page {
		for k := 0; k+1 < len(kinds); k += 2 {
			p.Dates = append(p.Dates, Date{Kind: kinds[k], Date: kinds[k+1]})
		}
		if p.Dates == nil {
			p.Dates = []Date{}
		}
		return p
	}
	hdr1 := "FROM: (559) 555-0110 TO: IMR RECORDS P.001"
	hdr2 := "FEB-03-2025 16:07 FROM: CVO FAX 5595550111 P.004/009"
	// A real copy-forward successor: the next visit's date, the pain score
	// and the interval history changed, the rest carried over word for word.
	next := note("02/11/2025", "600", "5", "that her leg pain is about the same", "Consider lumbar epidural steroid injection if no improvement.")
	// The same clone with only the date of service changed, by one digit.
	clone := note("01/19/2025", "600", "6", "some improvement in her leg pain", "Consider lumbar epidural steroid injection if no improvement.")
	dos, dosNext, dosClone := "2025-01-14", "2025-02-11", "2025-01-19"
	svc, other := index.DateService, index.DateOther

	tests := []struct {
		name  string
		pages []Page
		want  []dup
	}{
		{
			name: "faxed copy with a header and a misread digit",
			pages: []Page{
				dated(ocrPage(1, baseNote()), svc, dos), filler(2),
				dated(ocrPage(3, faxed(baseNote(), r, hdr1)), svc, dos),
			},
			want: []dup{{3, 1}},
		},
		{
			name: "faxed twice, each transmission with its own date and time",
			pages: []Page{
				dated(ocrPage(1, faxed(baseNote(), r, hdr2)), svc, dos, other, "2025-02-03"), filler(2),
				dated(ocrPage(3, faxed(baseNote(), r, "MAR-10-2025 09:12 FROM: CVO FAX 5595550111 P.001/003")), svc, dos, other, "2025-03-10"),
			},
			want: []dup{{3, 1}},
		},
		{
			name: "the date of service read on one copy only",
			pages: []Page{
				dated(textPage(1, baseNote()), svc, dos), filler(2),
				dated(ocrPage(3, faxed(strings.Replace(baseNote(), "Date of Service", "Dte  of Servce", 1), r, hdr1))),
			},
			want: []dup{{3, 1}},
		},
		{
			// Tesseract reads a speckled 0 as @; with every word read alike,
			// any real digit difference would be another record.
			name: "a 0 read as @ on an otherwise clean faxed copy",
			pages: []Page{
				dated(textPage(1, baseNote()), svc, dos), filler(2),
				dated(ocrPage(3, hdr1+"\n"+strings.Replace(baseNote(), "600", "6@0", 1)), svc, dos),
			},
			want: []dup{{3, 1}},
		},
		{
			name: "copy-forward note faxed",
			pages: []Page{
				dated(ocrPage(1, baseNote()), svc, dos), filler(2),
				dated(ocrPage(3, faxed(next, r, hdr1)), svc, dosNext),
			},
		},
		{
			name: "cloned note faxed, date of service one digit apart",
			pages: []Page{
				dated(textPage(1, baseNote()), svc, dos), filler(2),
				dated(ocrPage(3, faxed(clone, r, hdr1)), svc, dosClone),
			},
		},
		{
			name: "cloned note faxed, its date of service label unreadable",
			pages: []Page{
				dated(textPage(1, baseNote()), svc, dos), filler(2),
				dated(ocrPage(3, faxed(strings.Replace(clone, "Date of Service", "Dte  of Servce", 1), r, hdr1))),
			},
		},
		{
			name: "cloned note faxed, no dates known at all",
			pages: []Page{
				textPage(1, baseNote()), filler(2),
				ocrPage(3, faxed(clone, r, hdr1)),
			},
		},
		{
			name: "faxed copy with a word smudged beyond recognition",
			pages: []Page{
				dated(textPage(1, baseNote()), svc, dos), filler(2),
				dated(ocrPage(3, faxed(strings.Replace(baseNote(), "Sedgwick", "Sbnee", 1), r, hdr1)), svc, dos),
			},
			want: []dup{{3, 1}},
		},
		{
			name: "a drug changed on a copy that reads its words clean",
			pages: []Page{
				dated(textPage(1, baseNote()), svc, dos), filler(2),
				dated(ocrPage(3, strings.Replace(baseNote(), "Cyclobenzaprine", "Tizanidine", 1)), svc, dos),
			},
		},
		{
			name: "a dose changed on a copy that reads its words clean",
			pages: []Page{
				dated(textPage(1, baseNote()), svc, dos), filler(2),
				dated(ocrPage(3, note("01/14/2025", "800", "6", "some improvement in her leg pain", "Consider lumbar epidural steroid injection if no improvement.")), svc, dos),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Find(tc.pages, Policy{})
			if got := dups(res); !slices.Equal(got, tc.want) {
				t.Fatalf("duplicates = %v, want %v (%+v)", got, tc.want, res.Duplicates)
			}
		})
	}
}
