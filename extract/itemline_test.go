package extract

import "testing"

// Headings of treatment lists as OCR reads them, and the lines that only
// look like them: a field with its decision, a sentence, a table row.
func TestIsTreatHeading(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Summary of Determination", true},
		{"Summary of Determination . a)", true},
		{"Summary of Determination 7", true},
		{"Summarv af Determination", true},
		{"Summary of Determination, : ces ultees ees :", true},
		{"Requested Treatmemts", true},
		{"Summary of Determination eee Mee oes", true},
		{"Summary of Determination for the", false},
		{"Summary of Determination abc", false},
		{"Decision: Denied .", false},
		{"Determination: Certified", false},
		{"Summary of Determination, see the rationale below", false},
		{"Summary of Determination 12", false},
		{"Summary of the records reviewed", false},
		{"Requested treatment: MRI of the lumbar spine", false},
		{"Right knee arthroscopy x 1 [29881] Not certified", false},
	}
	for _, tc := range tests {
		if got := isTreatHeading(tc.line); got != tc.want {
			t.Errorf("isTreatHeading(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// Summary rows end in their decision; a sentence that ends so is no row,
// though a row may carry a full stop after a code or a quantity.
func TestIsSummaryRow(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Cold therapy unit, 7-day rental x 1 [E0218] Not certified", true},
		{"Cold therapy unit, 7-day rental x 1 {E0218} z : oe Not certified.", true},
		{"Physical therapy x 12 visits Non-certification.", true},
		{"Therefore, the request is not certified.", false},
		{"Medical necessity for this item has been certified.", false},
		{"The treatment was previously approved.", false},
	}
	for _, tc := range tests {
		if got := isSummaryRow(tc.line); got != tc.want {
			t.Errorf("isSummaryRow(%q) = %v, want %v", tc.line, got, tc.want)
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
