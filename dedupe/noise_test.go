package dedupe

import (
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"imrpacket/mtsamples"
)

// ocrNoise imitates what Tesseract makes of a page scanned or faxed again:
// confusable characters swapped (O/0, l/1/I, rn/m, S/5, e/c), spaces lost
// and added, punctuation dropped, a few short words lost, the lines wrapped
// at another width. rate is the chance per character of an error.
func ocrNoise(text string, r *rand.Rand, rate float64, lostWords int) string {
	words := strings.Fields(text)
	// Lose a few short words that carry no meaning.
	for n := 0; n < lostWords && len(words) > 10; n++ {
		for try := 0; try < 20; try++ {
			i := r.IntN(len(words))
			w := strings.ToLower(strings.Trim(words[i], ".,;:"))
			if _, p := protected[foldWord([]rune(w))]; p || len(w) > 3 || strings.ContainsAny(w, "0123456789") {
				continue
			}
			words = append(words[:i], words[i+1:]...)
			break
		}
	}
	var b strings.Builder
	width := 50 + r.IntN(40)
	col := 0
	for i, w := range words {
		rs := []rune(w)
		var o strings.Builder
		for k := 0; k < len(rs); k++ {
			c := rs[k]
			if r.Float64() >= rate {
				o.WriteRune(c)
				continue
			}
			digitCtx := (k > 0 && rs[k-1] >= '0' && rs[k-1] <= '9') || (k+1 < len(rs) && rs[k+1] >= '0' && rs[k+1] <= '9')
			switch {
			case c == '0':
				o.WriteRune('O')
			case c == '1':
				o.WriteRune(pick(r, []rune{'l', 'I', '|'}))
			case c == '5' && digitCtx:
				o.WriteRune('S')
			case c == 'O' && !digitCtx:
				o.WriteRune('0')
			case c == 'l':
				o.WriteRune(pick(r, []rune{'1', 'I', '|'}))
			case c == 'i':
				o.WriteRune(pick(r, []rune{'l', '1', 'í'}))
			case c == 'm':
				o.WriteString("rn")
			case c == 'w':
				o.WriteString("vv")
			case c == 'e':
				o.WriteRune('c')
			case c == 'a':
				o.WriteRune('o')
			case c == 'h':
				o.WriteRune('b')
			case c == 'n':
				o.WriteRune('u')
			case c == ',' || c == '.' || c == ';':
				// dropped punctuation
			case c >= 'a' && c <= 'z' && len(rs) > 4:
				o.WriteRune(c)
				o.WriteByte(' ') // a space inside a word
			default:
				o.WriteRune(c)
			}
		}
		ow := o.String()
		if col > 0 {
			switch {
			case r.Float64() < rate*2 && i > 0:
				// lost space: glued to the previous word
			case col+len(ow) > width:
				b.WriteByte('\n')
				col = 0
			default:
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(ow)
		col += len(ow)
	}
	return b.String()
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

var (
	loadCorpus = mtsamples.LoadDefault
	corpusOnce sync.Once
	corpus     []mtsamples.Sample
	corpusErr  error
)

// visitNotes returns MTSamples visit-note texts from the test side of the
// split, or skips the test when the corpus is absent.
func visitNotes(t testing.TB, minWords int) []string {
	t.Helper()
	corpusOnce.Do(func() { corpus, corpusErr = loadCorpus() })
	if errors.Is(corpusErr, mtsamples.ErrNotFound) {
		t.Skip("MTSamples corpus not found (../shared/corpus/mtsamples.csv); skipping corpus test")
	}
	if corpusErr != nil {
		t.Fatalf("load MTSamples: %v", corpusErr)
	}
	var out []string
	for _, s := range corpus {
		if len(strings.Fields(s.Text)) >= minWords {
			out = append(out, s.Text)
		}
	}
	if len(out) < 50 {
		t.Skip("too few MTSamples texts")
	}
	return out
}

// firstWords cuts text to about n words, keeping its line breaks.
func firstWords(text string, n int) string {
	var b strings.Builder
	count := 0
	for _, line := range strings.Split(text, "\n") {
		ws := strings.Fields(line)
		if count+len(ws) > n {
			ws = ws[:max(0, n-count)]
		}
		b.WriteString(strings.Join(ws, " "))
		b.WriteByte('\n')
		count += len(ws)
		if count >= n {
			break
		}
	}
	return b.String()
}
