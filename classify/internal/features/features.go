// Package features turns the text of one page into a sparse hashed feature vector
// that tolerates OCR noise; the classifier and its training command share it.
package features

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bits is the size of the hash space features are reduced to before a model masks
// them to its own, smaller, dimension.
const Bits = 24

// Vector is a sparse feature vector: Index sorted ascending, no repeats.
type Vector struct {
	Index []uint32
	Value []float32
}

// Feature groups, each hashed with its own seed and normalised on its own so that
// the many character n-grams do not drown the few layout features.
const (
	gWord = iota + 1
	gBigram
	gChar
	gTop
	gMark
	gCue
)

// groupWeight scales each group after per-group L2 normalisation.
var groupWeight = map[uint32]float32{
	gWord:   1.0,
	gBigram: 0.7,
	gChar:   1.0,
	gTop:    1.2,
	gMark:   0.8,
	gCue:    1.0,
}

// topLines is how many non-empty lines count as the page's head, where letterheads
// and titles sit.
const topLines = 6

// Extract computes the feature vector of a page's text. It is deterministic and
// allocates only its output and a few scratch slices.
func Extract(text string) Vector {
	var hs []uint64 // group<<56 | hash
	add := func(g uint32, h uint64) { hs = append(hs, uint64(g)<<56|(h&(1<<56-1))) }

	hs = make([]uint64, 0, len(text)*2)
	nonEmpty := 0
	letters := make([]byte, 0, len(text)) // the page's letters, spaces removed, for char n-grams
	topEnd := -1                          // len(letters) when the head ends
	var prev uint64
	havePrev := false
	nTok := 0
	var tok, folded []byte
	for line := range strings.SplitSeq(text, "\n") {
		lineToks := 0
		top := nonEmpty < topLines
		if !top && topEnd < 0 {
			topEnd = len(letters)
		}
		emit := func() {
			if len(tok) == 0 {
				return
			}
			if lineToks == 0 {
				nonEmpty++
			}
			lineToks++
			nTok++
			folded = foldInto(folded[:0], tok)
			tok = tok[:0]
			if isNumberBytes(folded) {
				havePrev = false
				return
			}
			h := hashBytes(folded)
			add(gWord, h)
			if top {
				add(gTop, h)
			}
			if havePrev {
				bg := prev*0x9E3779B97F4A7C15 ^ h
				add(gBigram, bg)
				if top {
					add(gTop, bg)
				}
			}
			prev, havePrev = h, true
			letters = append(letters, folded...)
		}
		for _, r := range line {
			switch {
			case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
				tok = append(tok, byte(r))
			case r >= 'A' && r <= 'Z':
				tok = append(tok, byte(r+'a'-'A'))
			case r == '|':
				tok = append(tok, 'l')
			case r >= utf8.RuneSelf && unicode.IsLetter(r):
				tok = utf8.AppendRune(tok, unicode.ToLower(foldAccent(r)))
			default:
				emit()
			}
		}
		emit()
	}
	// Character 5-grams over the letter stream survive dropped spaces and most
	// single-character OCR confusions that break whole words.
	const n = 5
	for i := 0; i+n <= len(letters); i++ {
		add(gChar, hashBytes(letters[i:i+n]))
	}
	for _, m := range Marks(text, nTok) {
		add(gMark, hashString(m))
	}
	if topEnd < 0 {
		topEnd = len(letters)
	}
	// The head is read a little past its six lines: letterheads push titles down.
	head := letters[:min(len(letters), topEnd+120)]
	var cs []int
	for _, i := range appendCues(cs, head, true) {
		add(gCue, uint64(i)*0x9E3779B97F4A7C15+1)
	}
	for _, i := range appendCues(cs[:0], letters, false) {
		add(gCue, uint64(i)*0x9E3779B97F4A7C15+2)
	}
	return build(hs)
}

// build turns group-tagged hashes into a normalised sparse vector.
func build(hs []uint64) Vector {
	slices.Sort(hs)
	type entry struct {
		g   uint32
		idx uint32
		c   float32
	}
	es := make([]entry, 0, len(hs))
	for i := 0; i < len(hs); {
		j := i
		for j < len(hs) && hs[j] == hs[i] {
			j++
		}
		g := uint32(hs[i] >> 56)
		h := hs[i] & (1<<56 - 1)
		idx := uint32(mix(h^uint64(g)*0xBF58476D1CE4E5B9) >> (64 - Bits))
		es = append(es, entry{g, idx, 1 + float32(math.Log(float64(j-i)))})
		i = j
	}
	var norms [8]float64
	for _, e := range es {
		norms[e.g] += float64(e.c * e.c)
	}
	var scale [8]float32
	for g := range norms {
		if norms[g] > 0 {
			scale[g] = groupWeight[uint32(g)] / float32(math.Sqrt(norms[g]))
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return int(a.idx) - int(b.idx) })
	v := Vector{Index: make([]uint32, 0, len(es)), Value: make([]float32, 0, len(es))}
	for _, e := range es {
		val := e.c * scale[e.g]
		if k := len(v.Index); k > 0 && v.Index[k-1] == e.idx {
			v.Value[k-1] += val // hash collision across groups
			continue
		}
		v.Index = append(v.Index, e.idx)
		v.Value = append(v.Value, val)
	}
	return v
}

// Marks returns layout features: page-number markers, size of the page and a few
// shapes that words alone do not capture.
func Marks(text string, nTok int) []string {
	var ms []string
	switch {
	case nTok == 0:
		ms = append(ms, "len:0")
	case nTok < 40:
		ms = append(ms, "len:tiny")
	case nTok < 150:
		ms = append(ms, "len:short")
	case nTok < 400:
		ms = append(ms, "len:mid")
	default:
		ms = append(ms, "len:long")
	}
	if OpensMidSentence(text) {
		ms = append(ms, "flow:opens-mid")
	}
	if EndsMidSentence(text) {
		ms = append(ms, "flow:ends-mid")
	}
	if k, m, ok := PageOf(text); ok {
		switch {
		case k == 1:
			ms = append(ms, "pageof:first")
		case k == m:
			ms = append(ms, "pageof:last")
		default:
			ms = append(ms, "pageof:mid")
		}
	} else if k, ok := PageNumber(text); ok {
		if k == 1 {
			ms = append(ms, "pageno:first")
		} else {
			ms = append(ms, "pageno:later")
		}
	}
	return ms
}

// Tokens splits a line into lower-case tokens with common OCR confusions folded
// (0→o, 1/i/|→l, 5→s inside words; rn→m; vv→w), so that a noisy scan and the
// clean text map to the same tokens.
func Tokens(line string) []string {
	var toks []string
	var b []byte
	flush := func() {
		if len(b) > 0 {
			toks = append(toks, fold(b))
			b = b[:0]
		}
	}
	for _, r := range line {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b = append(b, byte(r))
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r+'a'-'A'))
		case r == '|':
			b = append(b, 'l')
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			b = utf8.AppendRune(b, unicode.ToLower(foldAccent(r)))
		default:
			flush()
		}
	}
	flush()
	return toks
}

func foldAccent(r rune) rune {
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'Á', 'À', 'Â', 'Ä', 'Ã':
		return 'a'
	case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê', 'Ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï', 'Í', 'Ì', 'Î', 'Ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ', 'Ó', 'Ò', 'Ô', 'Ö', 'Õ':
		return 'o'
	case 'ú', 'ù', 'û', 'ü', 'Ú', 'Ù', 'Û', 'Ü':
		return 'u'
	case 'ñ', 'Ñ':
		return 'n'
	}
	return r
}

// fold maps a raw token to its OCR-tolerant form.
func fold(b []byte) string { return string(foldInto(nil, b)) }

// foldInto appends the folded form of b to out.
func foldInto(out, b []byte) []byte {
	letters := 0
	for _, c := range b {
		if c >= 'a' && c <= 'z' || c >= utf8.RuneSelf {
			letters++
		}
	}
	if letters == 0 {
		return append(out, b...) // a number stays a number
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case '0':
			c = 'o'
		case '1', 'i':
			c = 'l'
		case '5':
			c = 's'
		case 'r':
			if i+1 < len(b) && b[i+1] == 'n' {
				c = 'm'
				i++
			}
		case 'v':
			if i+1 < len(b) && b[i+1] == 'v' {
				c = 'w'
				i++
			}
		}
		out = append(out, c)
	}
	return out
}

func isNumberBytes(t []byte) bool {
	for _, c := range t {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isNumber(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

// PageOf finds a "Page K of M" marker (also "Pg K/M", "page K of M" with OCR
// noise in the digits) and returns K and M.
func PageOf(text string) (k, m int, ok bool) {
	low := strings.ToLower(text)
	for off := 0; ; {
		i := strings.Index(low[off:], "pag")
		if i < 0 {
			return 0, 0, false
		}
		i += off
		off = i + 3
		rest := low[i+3:]
		if strings.HasPrefix(rest, "e") {
			rest = rest[1:]
		}
		rest = strings.TrimLeft(rest, " .:#")
		a, rest, okA := leadingInt(rest)
		if !okA {
			continue
		}
		rest = strings.TrimLeft(rest, " ")
		switch {
		case strings.HasPrefix(rest, "of"):
			rest = rest[2:]
		case strings.HasPrefix(rest, "/"):
			rest = rest[1:]
		default:
			continue
		}
		rest = strings.TrimLeft(rest, " ")
		bn, _, okB := leadingInt(rest)
		if !okB || a < 1 || bn < a || bn > 999 {
			continue
		}
		return a, bn, true
	}
}

// PageNumber finds a page number printed on a line of its own without its
// total ("Page 2", "- 2 -"); PageOf finds those with one.
func PageNumber(text string) (k int, ok bool) {
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if len(line) > 12 || len(line) < 3 {
			continue
		}
		low := strings.ToLower(line)
		var rest string
		switch {
		case strings.HasPrefix(low, "page"):
			rest = strings.TrimLeft(low[4:], " .:#")
		case strings.HasPrefix(low, "-") && strings.HasSuffix(low, "-") && len(low) > 2:
			rest = strings.TrimSpace(low[1 : len(low)-1])
		default:
			continue
		}
		n, tail, ok := leadingInt(rest)
		if ok && n >= 1 && strings.TrimSpace(tail) == "" {
			return n, true
		}
	}
	return 0, false
}

// leadingInt reads up to three digits, accepting O/o for 0 and l/I for 1 as OCR
// produces them.
func leadingInt(s string) (int, string, bool) {
	var d []byte
	i := 0
	for ; i < len(s) && len(d) < 3; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			d = append(d, c)
		case c == 'o' && len(d) > 0:
			d = append(d, '0')
		case c == 'l' || c == 'i' || c == '|':
			d = append(d, '1')
		default:
			goto done
		}
	}
done:
	if len(d) == 0 {
		return 0, s, false
	}
	n, err := strconv.Atoi(string(d))
	if err != nil {
		return 0, s, false
	}
	return n, s[i:], true
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func hashBytes(s []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range s {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// mix is splitmix64's finaliser: FNV's low bits are poor, so bits are mixed
// before taking the top ones as an index.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}
