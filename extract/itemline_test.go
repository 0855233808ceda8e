package extract

import "testing"

// Lines of a treatment list as OCR reads them, and the lines that only look
// like them. Headings: not a field with its decision, a sentence or a row.
// Summary rows end in their decision; a sentence that ends so is no row,
// though a row may carry a full stop after a code or a quantity.
func TestListLines(t *testing.T) {
	heading, row := isTreatHeading, isSummaryRow
	tests := []struct {
		kind string
		is   func(string) bool
		line string
		want bool
	}{
		{"heading", heading, "Summary of Determination", true},
		{"heading", heading, "Summary of Determination . a)", true},
		{"heading", heading, "Summary of Determination 7", true},
		{"heading", heading, "Summarv af Determination", true},
		{"heading", heading, "Summary of Determination, : ces ultees ees :", true},
		{"heading", heading, "Requested Treatmemts", true},
		{"heading", heading, "Summary of Determination eee Mee oes", true},
		{"heading", heading, "Summary of Determination for the", false},
		{"heading", heading, "Summary of Determination abc", false},
		{"heading", heading, "Decision: Denied .", false},
		{"heading", heading, "Determination: Certified", false},
		{"heading", heading, "Summary of Determination, see the rationale below", false},
		{"heading", heading, "Summary of Determination 12", false},
		{"heading", heading, "Summary of the records reviewed", false},
		{"heading", heading, "Requested treatment: MRI of the lumbar spine", false},
		{"heading", heading, "Right knee arthroscopy x 1 [29881] Not certified", false},
		{"heading", heading, "Requested Treatment: PT", false},
		{"heading", heading, "Requested Treatment PT", false},
		{"heading", heading, "Requested Service: TENS unit .", false},
		{"row", row, "Cold therapy unit, 7-day rental x 1 [E0218] Not certified", true},
		{"row", row, "Cold therapy unit, 7-day rental x 1 {E0218} z : oe Not certified.", true},
		{"row", row, "Physical therapy x 12 visits Non-certification.", true},
		{"row", row, "Therefore, the request is not certified.", false},
		{"row", row, "Medical necessity for this item has been certified.", false},
		{"row", row, "The treatment was previously approved.", false},
	}
	for _, tc := range tests {
		if got := tc.is(tc.line); got != tc.want {
			t.Errorf("%s %q: %v, want %v", tc.kind, tc.line, got, tc.want)
		}
	}
}

// A decision as OCR reads it: a misread letter of "non-" must not leave
// "certified" to read as an approval.
func TestMendNon(t *testing.T) {
	tests := []struct{ text, want string }{
		{"CPT 97110 is noh-certified.", "denied"},
		{"CPT 97110 is ron- certified.", "denied"},
		{"CPT 97110 is NOM-CERTIFIED", "denied"},
		{"CPT 97110 is non-certified.", "denied"},
		{"CPT 97110 is certified.", "approved"},
		{"the request is monitored and certified", "approved"},
	}
	for _, tc := range tests {
		if got := decisionOf(mendNon(tc.text)); got != tc.want {
			t.Errorf("decisionOf(mendNon(%q)) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
