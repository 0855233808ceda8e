package features

import (
	"slices"
	"testing"
)

func TestPageOf(t *testing.T) {
	for _, tc := range []struct {
		in   string
		k, m int
		ok   bool
	}{
		{"Page 1 of 3", 1, 3, true},
		{"header\nPAGE 2 OF 3\n", 2, 3, true},
		{"Pg. 2/4", 0, 0, false},
		{"page 2/4", 2, 4, true},
		{"Page l of 2", 1, 2, true},
		{"Page 1O of 12", 10, 12, true},
		{"Page 3 of 2", 0, 0, false},
		{"the page of the note", 0, 0, false},
		{"Page: 2 of 2", 2, 2, true},
		{"", 0, 0, false},
	} {
		k, m, ok := PageOf(tc.in)
		if k != tc.k || m != tc.m || ok != tc.ok {
			t.Errorf("PageOf(%q) = %d, %d, %v; want %d, %d, %v", tc.in, k, m, ok, tc.k, tc.m, tc.ok)
		}
	}
}

func TestTokensFoldOCRConfusions(t *testing.T) {
	for _, tc := range []struct{ clean, noisy string }{
		{"Utilization Review", "Uti1izati0n Review"},
		{"modified", "rnodified"},
		{"Impression", "lmpression"},
		{"José Peña", "Jose Pena"},
		{"follow", "fo||ow"},
	} {
		a, b := Tokens(tc.clean), Tokens(tc.noisy)
		if !slices.Equal(a, b) {
			t.Errorf("Tokens(%q) = %q, Tokens(%q) = %q; want equal", tc.clean, a, tc.noisy, b)
		}
	}
	if got := Tokens("DOS: 01/14/2025"); !slices.Equal(got, []string{"dos", "01", "14", "2025"}) {
		t.Errorf("numbers must stay numbers, got %q", got)
	}
}

func TestExtractSortedNormalised(t *testing.T) {
	v := Extract("UTILIZATION REVIEW DETERMINATION\nPage 1 of 2\nThe request is non-certified.")
	if len(v.Index) == 0 || !slices.IsSorted(v.Index) {
		t.Fatalf("indices empty or unsorted: %v", v.Index)
	}
	for i := 1; i < len(v.Index); i++ {
		if v.Index[i] == v.Index[i-1] {
			t.Fatalf("repeated index %d", v.Index[i])
		}
	}
	if e := Extract(""); len(e.Index) != 1 {
		t.Errorf("an empty page has only its length mark, got %d features", len(e.Index))
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("Page 1 of 3\nMRI LUMBAR SPINE\nIMPRESSION: normal")
	f.Add("pag\x00e 9 of")
	f.Add("Páge ١ of ٢ \xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		v := Extract(s)
		if len(v.Index) != len(v.Value) || !slices.IsSorted(v.Index) {
			t.Fatal("malformed vector")
		}
		if k, m, ok := PageOf(s); ok && (k < 1 || m < k) {
			t.Fatalf("PageOf gave %d of %d", k, m)
		}
	})
}

func TestFlow(t *testing.T) {
	for _, tc := range []struct {
		name       string
		page       string
		opens, end bool
	}{
		{"prose cut at both ends", "were still not under good control and the patient was assessed at significant risk\nfor additional health complications including stroke, reduced mental clarity, and future", true, true},
		{"after a fax header and running header", "FROM: (413) 555-3455 TO: IMR RECORDS P.002\nMaria Lopez - Progress Note (continued)\n\nvein. All of these incisions were eventually created.\nPage 2 of 2", true, false},
		{"starts with a heading, ends with a signature", "PROGRESS NOTE\nDate of Service: 01/06/2025\nThe patient returns for follow-up of low back pain radiating to the left leg today.\nAlan Kaplan, MD", false, false},
		{"ends in a comma", "ALLERGIES: None.\nMEDICATIONS: Naproxen 550 mg,", false, true},
		{"ends in a joining word", "The MRI shows a disc protrusion at L4-L5 and", false, true},
		{"short last line ends a paragraph", "The patient is to return in four weeks for recheck of the\nlumbar spine", false, false},
		{"list item", "2. Lumbar strain.\n3. Return in 4 weeks.", false, false},
		{"empty", "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := OpensMidSentence(tc.page); got != tc.opens {
				t.Errorf("OpensMidSentence = %v, want %v", got, tc.opens)
			}
			if got := EndsMidSentence(tc.page); got != tc.end {
				t.Errorf("EndsMidSentence = %v, want %v", got, tc.end)
			}
		})
	}
}

func TestPageNumber(t *testing.T) {
	for _, tc := range []struct {
		in string
		k  int
		ok bool
	}{
		{"RE: Karen Washington\nPage 2\nFAMILY HISTORY: Positive.", 2, true},
		{"header\nPage 2 of 3", 0, false}, // PageOf's
		{"text\n- 3 -", 3, true},
		{"Page l", 1, true},
		{"see page 4 of the report for details", 0, false},
		{"Page 2a", 0, false},
		{"", 0, false},
	} {
		k, ok := PageNumber(tc.in)
		if k != tc.k || ok != tc.ok {
			t.Errorf("PageNumber(%q) = %d, %v; want %d, %v", tc.in, k, ok, tc.k, tc.ok)
		}
	}
}
