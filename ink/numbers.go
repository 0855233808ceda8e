package ink

import (
	"cmp"
	"image"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Numbers. The ink of one digit changed (6 to 8, even 5 to 3) is no more
// than a fax's noise, so pixels cannot vouch for a number; and at fax
// resolution a full-page OCR reads a number two ways on two copies ("30"
// and "ns", "1266" and "1200") as often as it reads it one way. Where the
// two pages' words read a number differently, the number is read again from
// both pages at the same place, alone and as digits only (Checker.ReadDigits).
// Readings that agree settle the number; readings that differ, where each
// page reads its own number steadily, make two numbers; anything else is
// left to the caller (Verdict.Unsettled).

// numbersAgree reads again every number of a and of b that the other
// page's words read otherwise (t maps a's user space to b's, inv back) and
// records in v how many places it read, whether a number read again
// differs, and the places the readings settled neither way.
//
// over names the words of a (over[0]) and of b whose ink differs
// beyond MaxStrictBlob. Such a number is read again even where both pages'
// words read it alike (two readings misled alike by one smudge; 551 read as
// 550). The result reports whether every one of them was settled: read
// again alike on both pages, or, where both pages' words agree, read again
// with no digit the words lack. A place that is not is neither unsettled
// nor two numbers: the ink has already told the pages apart.
func (c Checker) numbersAgree(a, b *Page, t, inv affine, over [2]map[int]bool, v *Verdict) (overSettled bool) {
	overSettled = true
	skipA := transmissionWords(a, c.Transmission)
	skipB := transmissionWords(b, c.Transmission)
	doneA, doneB := map[int]bool{}, map[int]bool{}
	// unsettled records a place page a first, whichever page it started from.
	unsettled := func(fromA bool, wx, wy, rx, ry []string, dateMisread bool, gx, gy bool) {
		u := Unsettled{
			Words:       [2]string{strings.Join(wx, " "), strings.Join(wy, " ")},
			Reread:      [2]string{strings.Join(rx, " "), strings.Join(ry, " ")},
			DateMisread: dateMisread,
			Garbled:     [2]bool{gx, gy},
		}
		if !fromA {
			u.Words[0], u.Words[1] = u.Words[1], u.Words[0]
			u.Reread[0], u.Reread[1] = u.Reread[1], u.Reread[0]
			u.Garbled[0], u.Garbled[1] = u.Garbled[1], u.Garbled[0]
		}
		v.Unsettled = append(v.Unsettled, u)
	}
	check := func(fromA bool, from, to *Page, m, back affine, skipFrom, skipTo, doneFrom, doneTo map[int]bool) {
		for k, w := range from.Words {
			if skipFrom[k] || doneFrom[k] || len(digitRuns(w.Text)) == 0 {
				continue
			}
			// The place: the word, the words the other page read there,
			// and the words this page read there. OCR splits and joins a
			// number otherwise on each copy ("(M54." "2)." and "(M54.2)."),
			// and both readings must see the whole of it.
			region := w
			theirs := overlapping(to.Words, mapBox(region, m), skipTo)
			for _, j := range theirs {
				region = union(region, mapBox(to.Words[j], back))
			}
			mine := overlapping(from.Words, region, skipFrom)
			for _, j := range mine {
				region = union(region, from.Words[j])
			}
			for _, j := range mine {
				doneFrom[j] = true
			}
			for _, j := range theirs {
				doneTo[j] = true
			}
			f, o := 0, 1
			if !fromA {
				f, o = 1, 0
			}
			inkDiffers := slices.ContainsFunc(mine, func(j int) bool { return over[f][j] }) ||
				slices.ContainsFunc(theirs, func(j int) bool { return over[o][j] })
			wx, wy := runsOf(from.Words, mine), runsOf(to.Words, theirs)
			if slices.Equal(wx, wy) && !inkDiffers {
				continue
			}
			v.Reread++
			there := mapBox(region, m)
			x, okX := c.readAt(from, region, 2)
			y, okY := c.readAt(to, there, 2)
			rx, ry := digitRuns(x), digitRuns(y)
			if slices.Equal(wx, wy) {
				// Both pages' words read one number where the ink differs.
				// Reading again at twice the size often loses digits of a
				// fax's number, so it vouches for the words unless it reads
				// a digit they lack (551 where the words read 550).
				overSettled = overSettled && okX && okY && len(rx)+len(ry) > 0 &&
					losesOnly(rx, wx) && losesOnly(ry, wy)
				continue
			}
			if inkDiffers && !(okX && okY && len(rx) > 0 && slices.Equal(rx, ry)) {
				// The ink differs and reading again does not make it one
				// number.
				overSettled = false
				continue
			}
			// Two readings that find no number vouch for nothing. Only where
			// the words differ by a lone digit on one page (a speck read as
			// a 1, whose ink the check has weighed) may they find none.
			speck := speckOnly(wx, wy)
			// Only a place left unsettled, or two steady numbers, asks
			// whether it holds a date no calendar has.
			impossible := func() bool { return misreadDate(textOf(from.Words, mine), textOf(to.Words, theirs)) }
			leave := func(rx, ry []string, dateMisread bool) {
				unsettled(fromA, wx, wy, rx, ry, dateMisread, garbled(from.Words, mine), garbled(to.Words, theirs))
			}
			switch {
			case !okX || !okY:
				if !c.linesAgree(from, to, w, m) {
					leave(nil, nil, impossible())
				}
			case slices.Equal(rx, ry) && (len(rx) > 0 || speck), speck && speckOnly(rx, ry):
				// the same number, or the same speck
			case len(rx) > 0 && len(ry) > 0 && (slices.Equal(rx, wx) || len(wx) == 0) && (slices.Equal(ry, wy) || len(wy) == 0) &&
				!partOf(rx, ry) && !partOf(ry, rx) &&
				c.readsAgain(from, region, rx) && c.readsAgain(to, there, ry):
				// Each page read its number the same way twice (or only
				// now, where its words had lost it), and the pages differ:
				// two numbers. Not where one page's numbers are some of
				// the other's ("2" against "1 2"): the place reached past
				// one page's word there ("-Page'1 of-2", the 1 glued to a
				// word the place did not take), and the ink under every
				// word has already shown whether a number is missing.
				// Against a text layer, the layer's number is the page's
				// own, and a scan that reads it otherwise cut out may still
				// hold it in its line ("1/9/2023" read "4/9/2023" alone):
				// read in place with its line, it is that number. So with
				// a number one page's OCR lost, whose reading then rests on
				// the crop alone ("301" for "30,"): both pages' lines read
				// with the same digits make it one number.
				if (from.TextLayer != to.TextLayer || len(wx) == 0 || len(wy) == 0) && c.linesAgree(from, to, w, m) {
					continue
				}
				// A letter read as the digit it looks like, glued to the
				// number, on one page's words and so in both its readings
				// ("656.02" for "G56.02": the crop is read as digits only)
				// is that letter, not another number.
				if slices.Equal(foldedRuns(from.Words, mine), foldedRuns(to.Words, theirs)) {
					continue
				}
				// A date no calendar has ("10/32/22"), read so twice: the
				// glyph misleads every reading alike, and no record prints
				// it. It is the other page's date misread, for the caller
				// to count as one.
				if impossible() {
					leave(rx, ry, true)
					continue
				}
				v.NumbersDiffer = true
				return
			default:
				// A reading that disagrees with itself settles nothing,
				// unless the number's whole line reads alike on both pages:
				// the caller weighs what the words and the readings show.
				if !c.linesAgree(from, to, w, m) {
					leave(rx, ry, impossible())
				}
			}
		}
	}
	check(true, a, b, t, inv, skipA, skipB, doneA, doneB)
	if !v.NumbersDiffer {
		check(false, b, a, inv, t, skipB, skipA, doneB, doneA)
	}
	return overSettled
}

// losesOnly reports whether the digits of runs are the digits of words
// with some left out: a reading that lost digits, not one of another number.
func losesOnly(runs, words []string) bool {
	r, w := strings.Join(runs, ""), strings.Join(words, "")
	for i := 0; i < len(w) && r != ""; i++ {
		if w[i] == r[0] {
			r = r[1:]
		}
	}
	return r == ""
}

// runsOf returns the digit runs of the words idx of ws, in order.
func runsOf(ws []Word, idx []int) []string {
	var out []string
	for _, j := range idx {
		out = append(out, digitRuns(ws[j].Text)...)
	}
	return out
}

// foldedRuns is runsOf with each letter that looks like a digit and
// touches one in its word read as that digit (G56.02 as 656.02, L5-S1 as
// L5-51): OCR reads the one for the other either way.
func foldedRuns(ws []Word, idx []int) []string {
	var out []string
	for _, j := range idx {
		r := []rune(ws[j].Text)
		digit := func(i int) bool { return i >= 0 && i < len(r) && r[i] >= '0' && r[i] <= '9' }
		folded := slices.Clone(r)
		for i, c := range r {
			if d, ok := lookalikeDigit[c]; ok && (digit(i-1) || digit(i+1)) {
				folded[i] = d
			}
		}
		out = append(out, digitRuns(string(folded))...)
	}
	return out
}

// lookalikeDigit maps letters to the digits OCR takes them for.
var lookalikeDigit = map[rune]rune{'O': '0', 'o': '0', 'D': '0', 'Q': '0', 'I': '1', 'l': '1', '|': '1', 'Z': '2', 'S': '5', 'G': '6', 'B': '8'}

func union(p, q Word) Word {
	return Word{LLX: math.Min(p.LLX, q.LLX), LLY: math.Min(p.LLY, q.LLY), URX: math.Max(p.URX, q.URX), URY: math.Max(p.URY, q.URY)}
}

// readsAgain reports whether p reads runs at box once more, at another
// scale: a page whose full reading and second reading misread a number
// alike (the same smudge misleads both) often reads it otherwise there.
func (c Checker) readsAgain(p *Page, box Word, runs []string) bool {
	s, ok := c.readAt(p, box, 3)
	return ok && slices.Equal(digitRuns(s), runs)
}

// linesAgree reads the line of from that holds word, and the same place on
// to (m maps from's user space to to's), each as one line of text
// (Checker.ReadLine), and reports whether the two readings hold the same
// digits, at least one. It is asked only where the digit readings settled
// nothing, so it is the last word on a number only in the pages' favour:
// two line readings that differ leave the place as unsettled as before.
func (c Checker) linesAgree(from, to *Page, word Word, m affine) bool {
	if from.TextLayer != to.TextLayer {
		// The text layer's number is the page's own: the scan must read it
		// in place, as a word over its ink limit.
		text, scan, box, toScan := from, to, word, m
		if !from.TextLayer {
			inv, ok := invert(m)
			if !ok {
				return false
			}
			text, scan, box, toScan = to, from, mapBox(word, m), inv
		}
		var read int
		targets := overlapping(text.Words, box, nil)
		return len(targets) > 0 && c.layerTargetsRead(text, scan, toScan, targets, &read)
	}
	// The digits alone: a line read twice splits and joins its numbers
	// otherwise ("7996 63646", "7996363646"), as reading a page does.
	digits := func(s string) string { return strings.Join(lineDigits(s), "") }
	x, y, ok := c.readLines(from, to, word, m, numberLinePad, func(x string) bool { return digits(x) != "" })
	return ok && digits(x) == digits(y)
}

// linesReadAlike reports whether the line of from that holds its word k
// and the same place on to read the word alike between the same
// neighbours (sameAround). The word is a word (a number goes to
// numbersAgree, which reads the line's numbers itself). Only the word's
// place is weighed, not the whole line: the line's other words had their
// own ink compared, and one over its limit is read for itself; a fax's
// misread of a neighbour ("Fhabo" for "Thabo", "pouinds") says nothing
// about the word in question.
// A line at the page's edge that reads as a fax transmission line is the
// fax machine's, whatever the other page has there, digits and all: OCR
// had misread it past recognising (transmissionWords), reading the line
// alone does not.
func (c Checker) linesReadAlike(from, to *Page, k int, m affine) bool {
	fax := func(x string) bool { return c.Transmission != nil && c.Transmission(x) && edgeWord(from, k) }
	// The readings are compared on their letters: they can speak for a
	// word, never for a digit ("L5", "3rd"), so a word with one is the
	// fax machine's or nothing.
	word := from.Words[k].Text
	digit := strings.ContainsFunc(word, unicode.IsDigit)
	x, y, ok := c.readLines(from, to, from.Words[k], m, wordLinePad, func(x string) bool { return !digit && len(letterWords(x)) > 0 && !fax(x) })
	if !ok {
		return fax(x)
	}
	return sameAround(letterWords(x), letterWords(y), letterWords(word))
}

// sameAround reports whether target, a word's letter runs, stands in x
// with a neighbour on each side (where the line has one), and the same run
// stands in y: the target exactly, a neighbour of five letters or more
// misread by one letter at most (containsRun). Where x has the target more
// than once, each place must read alike: which one was over its ink limit
// is not known here.
func sameAround(x, y, target []string) bool {
	found := false
	for i := 0; len(target) > 0 && i+len(target) <= len(x); i++ {
		if !slices.Equal(x[i:i+len(target)], target) {
			continue
		}
		lo, hi := max(i-1, 0), min(i+len(target)+1, len(x))
		least := make([]int, hi-lo)
		for j := range least {
			if j+lo < i || j+lo >= i+len(target) {
				least[j] = misreadLetters
			}
		}
		if !containsRun(y, x[lo:hi], least) {
			return false
		}
		found = true
	}
	return found
}

// letterWords is a reading's runs of letters, lower case and accents off:
// what a line reading can vouch for. Digits and punctuation split runs and
// are dropped.
func letterWords(s string) []string {
	if f, _, err := transform.String(foldMarks(), s); err == nil {
		s = f
	}
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
}

// A layerLine is a line of a text layer whose words over their ink limit
// (targets) are read again on the scan.
type layerLine struct {
	box     Word  // in the text layer's user space
	words   []int // the text layer's words on the line
	targets []int
}

// layerLineReads settles the words over their ink limit on one line of a
// text layer against a scan: the scan's line there, read again, must hold
// each target word in its place, between the same words as on the text
// layer, digits and all (punctuation, case, accents and OCR's 1/l/i and
// 0/o aside; a word of five letters or more may be misread by one letter).
// The text layer's words are the page's own, so no misreading can agree
// with them by chance; a changed word, a number rewritten or a word added
// next to one reads otherwise. Only the scan is read: the text
// layer's reading is its words.
func (c Checker) layerLineReads(text, scan *Page, l layerLine, toScan affine) bool {
	if c.ReadLine == nil || len(l.words) == 0 {
		return false
	}
	got, err := c.ReadLine(lineCrop(text, l.box, toScan, scan))
	if err != nil {
		return false
	}
	along, _ := axes(text.textDir())
	order := slices.Clone(l.words)
	slices.SortStableFunc(order, func(i, j int) int {
		li, _ := span(text.Words[i], along)
		lj, _ := span(text.Words[j], along)
		return cmp.Compare(li, lj)
	})
	var have []string
	for _, f := range strings.Fields(got) {
		have = append(have, wordParts(f)...)
	}
	for _, k := range l.targets {
		at := slices.Index(order, k)
		if at < 0 {
			return false
		}
		// A number's parts exactly; a word's, and its neighbours', as
		// read: a word of five letters or more misread by one letter is
		// still that word in that place ("Puideline"), and no misreading
		// makes a number of another.
		number := strings.ContainsFunc(text.Words[k].Text, unicode.IsDigit)
		var window []string
		var least []int
		var sides [2][]int // the parts of the neighbour before and after
		for i := max(at-1, 0); i <= min(at+1, len(order)-1); i++ {
			// A neighbour only pins the place: its own ink was compared
			// (or it is a target itself), so four letters may be misread
			// by one ("Dake" for "Date").
			l := neighbourLetters
			switch {
			case i == at && number:
				l = 0
			case i == at:
				l = misreadLetters
			}
			for _, p := range wordParts(text.Words[order[i]].Text) {
				switch {
				case i < at:
					sides[0] = append(sides[0], len(window))
				case i > at:
					sides[1] = append(sides[1], len(window))
				}
				window, least = append(window, p), append(least, l)
			}
		}
		if len(window) == 0 || !containsRun(have, window, least) && !oneSideReads(have, window, least, sides) {
			return false
		}
	}
	return true
}

// How long a word must be before a line reading may misread one of its
// letters: a word in question, and a neighbour of a number read from a
// text layer's line, which only pins the number's place.
const (
	misreadLetters   = 5
	neighbourLetters = 4
)

// oneSideReads is containsRun where the word has a neighbour on each side
// (sides: their parts' places in run) and one of them may read as
// anything: a fax garbles a long word beyond one letter ("rogmlratory" for
// "respiratory", its own ink within its limit), and the other neighbour
// then pins the place alone.
func oneSideReads(s, run []string, least []int, sides [2][]int) bool {
	if len(sides[0]) == 0 || len(sides[1]) == 0 {
		return false
	}
	for _, side := range sides {
		loose := slices.Clone(least)
		for _, j := range side {
			loose[j] = -1
		}
		if containsRun(s, run, loose) {
			return true
		}
	}
	return false
}

// containsRun reports whether run appears in s as consecutive elements:
// each the same or, where least[j] is not 0 and the word has least[j]
// letters or more, one letter misread; where least[j] is negative, any
// element.
func containsRun(s, run []string, least []int) bool {
	for i := 0; i+len(run) <= len(s); i++ {
		ok := true
		for j, r := range run {
			if least[j] < 0 {
				continue
			}
			if s[i+j] != r && (least[j] == 0 || !oneLetterOff(s[i+j], r, least[j])) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// oneLetterOff reports whether two words of least letters or more, no
// digit, differ in one letter: a neighbour OCR misread ("platetet").
func oneLetterOff(x, y string, least int) bool {
	rx, ry := []rune(x), []rune(y)
	if len(rx) != len(ry) || len(rx) < least || strings.ContainsFunc(x+y, unicode.IsDigit) {
		return false
	}
	diff := 0
	for i := range rx {
		if rx[i] != ry[i] {
			diff++
		}
	}
	return diff == 1
}

// wordParts is a word's letters and digits in the pieces its punctuation
// makes ("1/10/2025" is 1, 10, 2025; OCR joins and spaces punctuation
// otherwise), folded as a line reading's misreads of the same glyphs go:
// lower case, accents off, 1, l, i and | as one, 0, o and q as one (a
// scan's "P.Q," for "P.O.": a Q is an O with a tail, which specks make).
func wordParts(s string) []string {
	if f, _, err := transform.String(foldMarks(), s); err == nil {
		s = f
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '|' }) {
		out = append(out, strings.Map(func(r rune) rune {
			switch r = unicode.ToLower(r); r {
			case '1', 'i', '|':
				return 'l'
			case '0', 'q':
				return 'o'
			}
			return r
		}, p))
	}
	return out
}

// foldMarks takes accents off letters: OCR reads "San Jose" as "San José".
// A chain holds state, so each use makes its own.
func foldMarks() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// Room above and below a line read again, in heights of the line's words
// (their median). A word over its ink limit is often a heading's, whose OCR box
// is tighter than its bold letters; a number is read among body text, whose
// lines lie close (measured on dev packets: more room for numbers lets
// neighbouring lines in, less for words cuts a heading's letters).
const (
	numberLinePad = 0.25
	wordLinePad   = 1.0 / 3
)

// readLines reads the line of from that holds word, and the same place on
// to, each drawn in from's frame (lineCrop), with pad line heights above
// and below. The place on to is read only where worth(x), from's reading,
// holds: ok is then set.
func (c Checker) readLines(from, to *Page, word Word, m affine, pad float64, worth func(x string) bool) (x, y string, ok bool) {
	if c.ReadLine == nil {
		return "", "", false
	}
	line, _ := lineAround(from, word, pad)
	x, err := c.ReadLine(lineCrop(from, line, affine{1, 0, 0, 0, 1, 0}, from))
	if err != nil || !worth(x) {
		return x, "", false
	}
	y, err = c.ReadLine(lineCrop(from, line, m, to))
	return x, y, err == nil
}

// lineAround returns the box, in from's user space, of the line of from
// that holds word, with pad line heights above and below, and the indices
// of the line's words.
func lineAround(from *Page, word Word, pad float64) (Word, []int) {
	along, down := axes(from.textDir())
	c0, c1 := span(word, down)
	var words []int
	var heights []float64
	for k, w := range from.Words {
		// A word of the same line: its middle within the word's height.
		if lo, hi := span(w, down); (lo+hi)/2 > c0 && (lo+hi)/2 < c1 {
			words = append(words, k)
			heights = append(heights, hi-lo)
		}
	}
	if len(words) == 0 {
		heights = []float64{c1 - c0}
	}
	// The line's height is its words', not one word's: OCR's box of a
	// word on a noisy scan can take in a speck or a stroke of the next
	// line ("moderate" at twice the line's height), and a crop that tall
	// holds three lines, which Tesseract reads as none.
	slices.Sort(heights)
	h := heights[len(heights)/2]
	a0, a1 := span(word, along)
	d0, d1 := math.Inf(1), math.Inf(-1)
	for _, k := range words {
		w := from.Words[k]
		lo, hi := span(w, along)
		a0, a1 = min(a0, lo), max(a1, hi)
		if lo, hi := span(w, down); hi-lo <= 1.5*h {
			d0, d1 = min(d0, lo), max(d1, hi)
		}
	}
	if d0 > d1 {
		d0, d1 = c0, c1
	}
	// A little room round the line; what of the neighbouring lines reaches
	// into it, lineCrop takes out.
	return spansBox(along, down, a0-h, a1+h, d0-h*pad, d1+h*pad), words
}

// spansBox is the box in user space that spans a0 to a1 along the text
// and d0 to d1 down it.
func spansBox(along, down [2]float64, a0, a1, d0, d1 float64) Word {
	x0, y0 := a0*along[0]+d0*down[0], a0*along[1]+d0*down[1]
	x1, y1 := a1*along[0]+d1*down[0], a1*along[1]+d1*down[1]
	return Word{LLX: min(x0, x1), LLY: min(y0, y1), URX: max(x0, x1), URY: max(y0, y1)}
}

// lineDigits returns the digit runs of a line reading, an "@" beside a
// digit read as the zero it is: read among letters, a dotted or slashed
// zero comes out as "@" ("55@ mg", "@2/12/2024"), which reading digits
// only never does.
func lineDigits(s string) []string {
	r := []rune(s)
	digit := func(i int) bool { return i >= 0 && i < len(r) && r[i] >= '0' && r[i] <= '9' }
	for i := range r {
		if r[i] == '@' && (digit(i-1) || digit(i+1)) {
			r[i] = '0'
		}
	}
	return digitRuns(string(r))
}

// lineCrop draws box, in frame's user space, from page p (m maps frame's
// user space to p's) at frame's resolution and upright in frame's pixel
// grid, twice the size, on a border of the paper's shade: a copy's skew
// and shift taken out, the two pages' crops of one line hold the same text
// in the same place.
func lineCrop(frame *Page, box Word, m affine, p *Page) *image.Gray {
	const scale = 2
	fm := frame.PixelToPage
	perPx := math.Hypot(fm[0], fm[1]) / scale // points a crop pixel spans
	toPix, ok := invert(pixelToPage(p.PixelToPage))
	// The crop runs along frame's text and down across it, from the box's
	// corner where the line starts at its top.
	along, down := axes(frame.textDir())
	a0, a1 := span(box, along)
	d0, d1 := span(box, down)
	w, h := int((a1-a0)/perPx), int((d1-d0)/perPx)
	if !ok || w <= 0 || h <= 0 || perPx == 0 {
		return image.NewGray(image.Rect(0, 0, 1, 1))
	}
	ox := a0*along[0] + d0*down[0]
	oy := a0*along[1] + d0*down[1]
	border := h
	crop := image.NewGray(image.Rect(0, 0, w+2*border, h+2*border))
	src, b := p.Image, p.Image.Bounds()
	var hist [256]int
	for j := range h {
		for i := range w {
			fa, fd := (float64(i)+0.5)*perPx, (float64(j)+0.5)*perPx
			ux, uy := m.apply(ox+fa*along[0]+fd*down[0], oy+fa*along[1]+fd*down[1])
			sx, sy := toPix.apply(ux, uy)
			v := sample(src, b, sx-0.5, sy-0.5)
			crop.Pix[(j+border)*crop.Stride+i+border] = v
			hist[v]++
		}
	}
	// The border takes the paper's shade (a scan's gray, not white): an
	// edge round the text is read as a character.
	paper, seen := uint8(0xff), 0
	for v := 255; v >= 0; v-- {
		if seen += hist[v]; seen*2 >= w*h {
			paper = uint8(v)
			break
		}
	}
	for j := range h + 2*border {
		row := crop.Pix[j*crop.Stride : j*crop.Stride+w+2*border]
		for i := range row {
			if j < border || j >= border+h || i < border || i >= border+w {
				row[i] = paper
			}
		}
	}
	// The neighbouring lines' descenders and ascenders reach into the band
	// and touch its top or bottom edge, where the line's own letters do not:
	// Tesseract reads a line with such slivers as garbage ("2" for "1.
	// Lateral epicondylitis ... (M77.11)"), so they go.
	ink := uint8(0)
	for v, seen := 0, 0; v < 256; v++ {
		if seen += hist[v]; seen*100 >= w*h {
			ink = uint8(v)
			break
		}
	}
	dark := func(x, y int) bool { return crop.Pix[y*crop.Stride+x] < ink/2+paper/2 }
	// The strokes' gray edges go with them: left behind, they draw the
	// neighbouring line in outline, which Tesseract reads as letters and
	// which spoils the line's own ("5. Carpal une! syne" for "3. Carpal
	// tunnel syndrome"). An edge is gray, lighter than the strokes' middle,
	// and is taken only next to what was taken, so a letter of the line that
	// a neighbour's descender touches keeps its dark middle.
	edge := func(x, y int) bool { v := crop.Pix[y*crop.Stride+x]; return v < paper-(paper-ink)/5 && !dark(x, y) }
	inside := func(q image.Point) bool { return q.X >= border && q.X < border+w && q.Y >= border && q.Y < border+h }
	taken := make([]bool, len(crop.Pix))
	var stack, edges []image.Point
	for i := border; i < border+w; i++ {
		for _, j := range []int{border, border + h - 1} {
			switch k := j*crop.Stride + i; {
			case dark(i, j):
				stack = append(stack, image.Point{i, j})
			case edge(i, j):
				// The gray edge of a stroke whose dark middle stops
				// short of the band's edge.
				crop.Pix[k], taken[k] = paper, true
				edges = append(edges, image.Point{i, j})
			}
		}
	}
	around := [...]image.Point{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}}
	for len(stack) > 0 {
		q := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !inside(q) || !dark(q.X, q.Y) {
			continue
		}
		crop.Pix[q.Y*crop.Stride+q.X] = paper
		taken[q.Y*crop.Stride+q.X] = true
		edges = append(edges, q)
		for _, d := range around {
			stack = append(stack, q.Add(d))
		}
	}
	for len(edges) > 0 {
		q := edges[len(edges)-1]
		edges = edges[:len(edges)-1]
		for _, d := range around {
			n := q.Add(d)
			if i := n.Y*crop.Stride + n.X; inside(n) && !taken[i] && edge(n.X, n.Y) {
				crop.Pix[i], taken[i] = paper, true
				edges = append(edges, n)
			}
		}
	}
	return crop
}

// sample blends the four pixels of src round (x, y), pixel centres at
// whole numbers; outside b is paper.
func sample(src *image.Gray, b image.Rectangle, x, y float64) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(x, y int) float64 {
		if !(image.Point{x, y}).In(b) {
			return 0xff
		}
		return float64(src.Pix[src.PixOffset(x, y)])
	}
	top := at(x0, y0)*(1-fx) + at(x0+1, y0)*fx
	bottom := at(x0, y0+1)*(1-fx) + at(x0+1, y0+1)*fx
	return uint8(top*(1-fy) + bottom*fy + 0.5)
}

// Unsettled is a place where a number was read again and the readings
// settled nothing: the digit runs the two pages' words hold there, and the
// runs each page's second reading found (space-separated, leading zeros
// dropped; page a first).
type Unsettled struct {
	Words, Reread [2]string
	// DateMisread is set where one page's words there read a date no
	// calendar has and the other page's words the same date but for one
	// digit, with every other number the same (misreadDate).
	DateMisread bool
	// Garbled marks a page whose words there mix letters into digits
	// ("TO2" for "128/62", "7ve4ge?"): OCR read its number partly as
	// letters (or the place holds a code such as "S33.5XXA").
	Garbled [2]bool
}

// garbled reports whether any of the words idx of ws has both a letter and
// a digit.
func garbled(ws []Word, idx []int) bool {
	for _, j := range idx {
		t := ws[j].Text
		if strings.ContainsFunc(t, unicode.IsLetter) && strings.ContainsFunc(t, unicode.IsDigit) {
			return true
		}
	}
	return false
}

// dateShape is a numeric date as records print it: month, day, year.
var dateShape = regexp.MustCompile(`(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})`)

// misreadDate reports whether texts x and y (two pages' words at one
// place) each hold one numeric date, the same numbers around it, dates
// written alike but for one digit, and just one of the two a real
// calendar date ("10/32/22" against "10/22/22"): a misread, not another
// record's date. Two real dates a digit apart are two dates.
func misreadDate(x, y string) bool {
	mx, my := dateShape.FindAllStringSubmatch(x, -1), dateShape.FindAllStringSubmatch(y, -1)
	if len(mx) != 1 || len(my) != 1 {
		return false
	}
	if !slices.Equal(digitRuns(dateShape.ReplaceAllString(x, " ")), digitRuns(dateShape.ReplaceAllString(y, " "))) {
		return false
	}
	differ := 0
	for i := 1; i <= 3; i++ {
		a, b := mx[0][i], my[0][i]
		if len(a) != len(b) {
			return false
		}
		for j := range len(a) {
			if a[j] != b[j] {
				differ++
			}
		}
	}
	return differ == 1 && calendarDate(mx[0][1:]) != calendarDate(my[0][1:])
}

// calendarDate reports whether month, day and year (two or four digits)
// name a day of the calendar.
func calendarDate(mdy []string) bool {
	m, _ := strconv.Atoi(mdy[0])
	d, _ := strconv.Atoi(mdy[1])
	y, _ := strconv.Atoi(mdy[2])
	if len(mdy[2]) == 2 {
		y += 2000
	}
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// textOf joins the texts of the words idx of ws.
func textOf(ws []Word, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = ws[j].Text
	}
	return strings.Join(parts, " ")
}

// partOf reports whether xs are some of ys, fewer and in order.
func partOf(xs, ys []string) bool {
	if len(xs) >= len(ys) {
		return false
	}
	for _, y := range ys {
		if len(xs) > 0 && xs[0] == y {
			xs = xs[1:]
		}
	}
	return len(xs) == 0
}

// speckOnly reports whether two readings of one place differ only by a
// lone digit on one side: a speck read as a 1 where the other page has
// none. The ink check has already weighed that speck.
func speckOnly(x, y []string) bool {
	if len(x) > len(y) {
		x, y = y, x
	}
	return len(x) == 0 && len(y) == 1 && len(y[0]) == 1
}

// digitRuns returns the runs of digits in s, leading zeros dropped ("05/02"
// and "5/2" are one date).
func digitRuns(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		if v := strings.TrimLeft(f, "0"); v != "" {
			out = append(out, v)
		} else {
			out = append(out, "0")
		}
	}
	return out
}

// mapBox maps a word's box through m and returns the box round the result.
func mapBox(w Word, m affine) Word {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, c := range [][2]float64{{w.LLX, w.LLY}, {w.LLX, w.URY}, {w.URX, w.LLY}, {w.URX, w.URY}} {
		x, y := m.apply(c[0], c[1])
		x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
	}
	return Word{LLX: x0, LLY: y0, URX: x1, URY: y1}
}

// overlapping returns the words, in page order, that share at least a
// third of the smaller of their box and box: the words OCR read where box
// lands, however it split or joined them.
func overlapping(ws []Word, box Word, skip map[int]bool) []int {
	var out []int
	for j, w := range ws {
		if skip[j] {
			continue
		}
		if shared, small := intersection(w, box); shared > 0 && shared >= small/3 {
			out = append(out, j)
		}
	}
	return out
}

// readAt reads the digits of p's image inside box (user space), widened by
// a third of its height on every side so a box a pixel or two off still
// holds the whole number, scaled scale times.
func (c Checker) readAt(p *Page, box Word, scale int) (string, bool) {
	crop, ok := digitCrop(p, box, scale)
	if !ok {
		return "", false
	}
	s, err := c.ReadDigits(crop)
	return s, err == nil
}

// digitCrop cuts box out of p, upright, scale times the size, on a white
// border.
func digitCrop(p *Page, box Word, scale int) (*image.Gray, bool) {
	toPix, ok := invert(pixelToPage(p.PixelToPage))
	if !ok {
		return nil, false
	}
	px := mapBox(box, toPix)
	m := math.Min(px.URX-px.LLX, px.URY-px.LLY) / 3
	r := image.Rect(int(px.LLX-m), int(px.LLY-m), int(math.Ceil(px.URX+m)), int(math.Ceil(px.URY+m))).Intersect(p.Image.Bounds())
	if r.Empty() {
		return nil, false
	}
	// scale times the size (2 for the second reading, 3 for the third), on
	// a white border: a fax's digits are some 15 pixels tall at 200 dpi,
	// half what Tesseract reads best, and it reads a number cut tight
	// against the edge of its image worse than one on a page.
	turn := pixelTurn(p)
	w, h := r.Dx(), r.Dy()
	if turn == 90 || turn == 270 {
		w, h = h, w // the number's size as it reads
	}
	border := h
	crop := image.NewGray(image.Rect(0, 0, scale*w+2*border, scale*h+2*border))
	for i := range crop.Pix {
		crop.Pix[i] = 0xff
	}
	if turn == 0 {
		dst := image.Rect(border, border, border+scale*w, border+scale*h)
		draw.CatmullRom.Scale(crop, dst, p.Image, r, draw.Src, nil)
	} else {
		// On a page whose image is turned, the number is drawn turned
		// upright: read sideways, its digits are noise.
		draw.CatmullRom.Transform(crop, turnedCrop(r, turn, float64(scale), float64(border)), p.Image, r, draw.Src, nil)
	}
	return crop, true
}

// turnedCrop maps the pixels of r, turned clockwise by turn and scaled,
// into a crop with border pixels round them.
func turnedCrop(r image.Rectangle, turn int, scale, border float64) f64.Aff3 {
	x0, y0 := float64(r.Min.X), float64(r.Min.Y)
	w, h := float64(r.Dx()), float64(r.Dy())
	switch turn {
	case 90: // (x, y) -> (h - y, x)
		return f64.Aff3{0, -scale, border + scale*(h+y0), scale, 0, border - scale*x0}
	case 180: // (x, y) -> (w - x, h - y)
		return f64.Aff3{-scale, 0, border + scale*(w+x0), 0, -scale, border + scale*(h+y0)}
	}
	// 270: (x, y) -> (y, w - x)
	return f64.Aff3{0, scale, border - scale*y0, -scale, 0, border + scale*(w+x0)}
}
