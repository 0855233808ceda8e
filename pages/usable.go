package pages

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Thresholds for trusting a text layer. A scanned page often carries a few
// words of real text (a fax header, a Bates stamp, a viewer's annotation)
// over an image of the rest; MinLetters keeps such a page on the OCR path.
const (
	// MinLetters is the least number of letters and digits a usable layer has.
	MinLetters = 40
	// MaxBadRatio is the largest share of replacement, control and
	// private-use characters: fonts without a Unicode map produce these.
	MaxBadRatio = 0.05
	// MinWordRatio is the least share of tokens that look like words: a bad
	// earlier OCR layer or a font with a scrambled encoding fails it.
	MinWordRatio = 0.5
)

// Verdict says why a text layer was or was not used.
type Verdict string

const (
	LayerUsable  Verdict = "usable"
	LayerMissing Verdict = "missing" // no characters: a scan, or text drawn as curves
	LayerTiny    Verdict = "tiny"
	LayerGarbled Verdict = "garbled" // no Unicode map, or a bad earlier OCR layer
)

// JudgeLayer decides whether a page's text layer can stand in for its image.
func JudgeLayer(text string) Verdict {
	var letters, bad, total int
	for _, r := range text {
		if unicode.IsSpace(r) {
			continue
		}
		total++
		switch {
		case r == utf8.RuneError, unicode.Is(unicode.Co, r),
			unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
			bad++
		case unicode.IsLetter(r), unicode.IsDigit(r):
			letters++
		}
	}
	if total == 0 {
		return LayerMissing
	}
	if float64(bad)/float64(total) > MaxBadRatio {
		return LayerGarbled
	}
	if letters < MinLetters {
		return LayerTiny
	}
	if wordRatio(text) < MinWordRatio {
		return LayerGarbled
	}
	return LayerUsable
}

// wordRatio is the share of tokens that read as words or numbers: letters
// with at least one vowel and no letter-digit mixture inside, or numbers,
// dates and codes. Real text, even OCR'd with errors, scores well above
// one half; text extracted through a scrambled font encoding scores near 0.
func wordRatio(text string) float64 {
	var good, n int
	for _, tok := range strings.Fields(text) {
		tok = strings.TrimFunc(tok, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		if tok == "" {
			continue
		}
		n++
		if wordLike(tok) {
			good++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(good) / float64(n)
}

func wordLike(tok string) bool {
	var letters, digits, vowels, other int
	for _, r := range tok {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
			if strings.ContainsRune("aeiouyAEIOUYàáâäèéêëìíîïòóôöùúûü", r) {
				vowels++
			}
		case r == '-' || r == '/' || r == '.' || r == '\'' || r == ',' || r == ':' || r == '#':
		default:
			other++
		}
	}
	switch {
	case other > 0:
		return false
	case letters == 0:
		return digits > 0
	case digits == 0:
		// Short abbreviations (Dr, MRI, PT, mg) have no vowel; long
		// vowel-less runs are what a scrambled encoding produces.
		return vowels > 0 || letters <= 3
	}
	// Codes such as L4-5, C5-6, 2x/week, 12mg mix both.
	return letters <= 3 || digits >= letters
}
