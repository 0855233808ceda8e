package features

import "bytes"

// cuePhrases are the words and phrases that name a kind of record in its
// heading or labels. Each becomes a layout feature when found in the page's
// head, and another when found anywhere, matched on the folded letter stream
// (spaces dropped, OCR confusions folded) with one wrong letter allowed, so a
// noisy "Date of Seruice" or "HISTORY ANDPHYSICAL" still counts.
var cuePhrases = []string{
	// visit notes
	"progress note", "progress report", "soap note", "office visit", "office note",
	"follow-up", "follow up", "followup", "primary treating physician", "pr-2",
	"date of service", "visit date", "service date", "work status", "subjective",
	"objective", "assessment", "established patient", "re-evaluation", "treatment plan",
	// other clinical reports
	"consultation", "history and physical", "discharge summary", "operative report",
	"procedure note", "medical-legal", "qualified medical evaluation", "correspondence",
	"dear", "sincerely", "reason for consultation", "preoperative diagnosis",
	"admission date", "discharge date", "medical report",
	// imaging
	"radiology", "imaging", "mri", "magnetic resonance", "x-ray", "radiograph",
	"ultrasound", "exam date", "study date", "technique", "findings", "impression",
	"radiologist", "comparison", "contrast", "ct scan",
	// utilization review
	"utilization review", "determination", "non-certified", "non-certify",
	"certified", "modified", "mtus", "acoem", "odg", "peer review", "physician reviewer",
	"independent medical review", "medical necessity", "rfa received",
	"date of decision", "decision date",
	// forms and other papers
	"request for authorization", "dwc form rfa", "dwc form imr", "application for independent",
	"final determination", "upheld", "overturned", "fax", "facsimile", "transmittal",
	"number of pages", "pages including", "confidentiality", "statement", "itemized",
	"balance due", "amount", "charges", "proof of service", "declare under penalty",
	"served", "by mail",
}

// cueKeys are the folded, spaceless forms of cuePhrases.
var cueKeys = func() [][]byte {
	ks := make([][]byte, len(cuePhrases))
	for i, p := range cuePhrases {
		var b []byte
		for _, t := range Tokens(p) {
			b = append(b, t...)
		}
		ks[i] = b
	}
	return ks
}()

// appendCues adds the index of every cue found in stream to out; fuzzy allows
// one wrong letter (the page head), else matches are exact (the whole page,
// where fuzzy search would cost more than the rest of the classification).
func appendCues(out []int, stream []byte, fuzzy bool) []int {
	for i, k := range cueKeys {
		if fuzzy && fuzzyContains(stream, k) || !fuzzy && bytes.Contains(stream, k) {
			out = append(out, i)
		}
	}
	return out
}

// fuzzyContains reports whether key occurs in s with at most one substituted
// byte. Short keys must match exactly: one wrong letter in "mri" is another word.
func fuzzyContains(s, key []byte) bool {
	if bytes.Contains(s, key) {
		return true
	}
	if len(key) < 7 {
		return false
	}
	// A single substitution leaves one half intact: find each half and check
	// the whole window around it.
	h := len(key) / 2
	for _, half := range [2]struct {
		part []byte
		off  int
	}{{key[:h], 0}, {key[h:], h}} {
		from := 0
		for {
			i := bytes.Index(s[from:], half.part)
			if i < 0 {
				break
			}
			start := from + i - half.off
			if start >= 0 && start+len(key) <= len(s) && mismatches(s[start:start+len(key)], key) <= 1 {
				return true
			}
			from += i + 1
		}
	}
	return false
}

func mismatches(a, b []byte) int {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}
