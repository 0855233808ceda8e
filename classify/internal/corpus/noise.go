// Package corpus builds the classifier's labelled pages from the generator's
// documents and MTSamples, and simulates the OCR noise of scanned and faxed pages.
package corpus

import (
	"math/rand/v2"
	"strings"
)

// confusions are the substitutions Tesseract makes on poor scans, both ways.
var confusions = [][2]string{
	{"o", "0"}, {"O", "0"}, {"l", "1"}, {"I", "l"}, {"I", "1"}, {"m", "rn"},
	{"e", "c"}, {"S", "5"}, {"B", "8"}, {"h", "b"}, {"u", "v"}, {"a", "o"},
	{"cl", "d"}, {"w", "vv"}, {"i", "í"}, {"t", "f"}, {"g", "q"}, {",", "."},
}

// Noise returns text as a noisy scan or fax might read: character confusions,
// dropped and doubled spaces, lost words and stray marks. level in [0,1]; 0.3 is a
// poor scan, 0.6 a bad fax.
func Noise(rng *rand.Rand, text string, level float64) string {
	if level <= 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	lines := strings.Split(text, "\n")
	for li, line := range lines {
		if li > 0 {
			b.WriteByte('\n')
		}
		if rng.Float64() < level*0.05 {
			continue // a line lost to a fold or a smear
		}
		words := strings.Split(line, " ")
		for wi, w := range words {
			if wi > 0 {
				switch r := rng.Float64(); {
				case r < level*0.12:
					// space dropped: words run together
				case r < level*0.15:
					b.WriteString("  ")
				default:
					b.WriteByte(' ')
				}
			}
			if w != "" && rng.Float64() < level*0.06 {
				continue // word lost
			}
			b.WriteString(noisyWord(rng, w, level))
		}
		if rng.Float64() < level*0.05 {
			b.WriteString(string("~.,'`:;|"[rng.IntN(8)]))
		}
	}
	return b.String()
}

func noisyWord(rng *rand.Rand, w string, level float64) string {
	if w == "" || rng.Float64() > level*0.6 {
		return w
	}
	for tries := 0; tries < 3; tries++ {
		c := confusions[rng.IntN(len(confusions))]
		from, to := c[0], c[1]
		if rng.IntN(2) == 0 {
			from, to = to, from
		}
		if i := strings.Index(w, from); i >= 0 {
			w = w[:i] + to + w[i+len(from):]
			if rng.Float64() > level {
				break
			}
		}
	}
	if rng.Float64() < level*0.1 && len(w) > 3 {
		i := rng.IntN(len(w))
		w = w[:i] + w[i+1:] // a faint character lost
	}
	return w
}

// StripRunning removes what tells a continuation page apart at a glance: the
// running header (lines above the first blank line near the top) and a "Page K
// of M" footer. Real records often have neither, so the models must also learn
// continuation pages without them.
func StripRunning(page string) string {
	lines := strings.Split(strings.TrimRight(page, "\n"), "\n")
	for i := 0; i < len(lines) && i < 3; i++ {
		if strings.TrimSpace(lines[i]) == "" {
			lines = lines[i+1:]
			break
		}
	}
	if n := len(lines); n > 0 {
		last := strings.ToLower(strings.TrimSpace(lines[n-1]))
		if strings.HasPrefix(last, "page ") && len(last) < 16 {
			lines = lines[:n-1]
		}
	}
	return strings.Join(lines, "\n")
}
