package dedupe

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"imrpacket/internal/levenshtein"
)

// OCR noise that is no difference between records: digits misread at the
// rate letters are, and specks read as scraps of letters.

// digitsMisread reports whether digit string b can be what OCR made of a
// (or a of b) in one differing stretch: a digit or two misread, lost or
// added, never a number rewritten.
func digitsMisread(a, b string) bool {
	return levenshtein.Distance(a, b) <= 1+max(len(a), len(b))/4
}

// digitBudget is how many digit errors two copies may show. Tesseract
// reads a digit with no word around it to help, and at fax resolution it
// misreads, drops or adds one in every 10 to 50 (0 as 8 or 6, a trailing 0
// lost, a speck read as a 1). It is bounded twice: by the page's numbers,
// and by the letters misread on the same copies, so two copies that read
// their words the same may differ in one digit at most.
func digitBudget(letterErrs, junk, digits int) int {
	return min(1+digits/12, 2*(letterErrs+junk))
}

// numbersAlike reports whether two stretches hold the same numbers once
// leading zeros are dropped: a faint leading 0 is lost, and one form writes
// "05/02/2021" where another writes "5/2/2021", without changing a value.
func numbersAlike(ta, tb []token) bool {
	values := func(ts []token) []string {
		var out []string
		for _, t := range ts {
			if t.numeric {
				v := strings.TrimLeft(t.s, "0")
				if v == "" {
					v = "0"
				}
				out = append(out, v)
			}
		}
		return out
	}
	return slices.Equal(values(ta), values(tb))
}

func lettersOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// junkToken reports whether t looks like a speck or a smudge read as
// letters: a scrap of at most five letters that carries no meaning, or a
// lone digit.
func junkToken(t token) bool {
	if t.numeric {
		return len(t.s) == 1
	}
	if len(t.s) > 5 {
		return false
	}
	_, p := protected[t.s]
	return !p
}

// junkRun reports whether words found on one copy only are specks read as
// letters rather than words the other copy lost: all scraps, and short on
// average (a real line has longer words).
func junkRun(ts []token) bool {
	if len(ts) == 0 {
		return false
	}
	n, words := 0, 0
	for _, t := range ts {
		if !junkToken(t) {
			return false
		}
		n += len(t.s)
		if len(t.s) > 1 && commonWords[t.s] {
			words++ // a lone letter is as often a speck as "a" or "I"
		}
	}
	// Specks make scraps ("ee", "aees", "slsl"), not sentences: a run
	// that is mostly real words is words.
	if len(ts) == 1 && n > 2 {
		return false // one word alone ("bph", "htn") may be a word
	}
	return float64(n)/float64(len(ts)) <= 3.5 && 3*words <= len(ts)
}

// commonWords are short English words common in records (folded as
// tokens are). A changed phrase of short words is made of them; specks
// rarely are.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor of to in on at by for from as is are was were be
		been being has have had do does did done he she it its his her him hers they them their we us our
		you your my me i this that these those there then than so if can may will would could should shall
		must might all any some more most less such only also very well up out over into onto after about
		above below under again once here when what which who whom whose why how per each both two one three
		four five six seven eight nine ten day days week weeks month year years time times pain back neck
		knee hand hands arm arms leg legs foot feet hip hips low high mg ml tab tabs daily prn bid tid qid
		care work note visit date plan exam test given taken seen noted since last same still while due
		prior new old good fair poor dr md do pt mr mrs ms sig see per via use used uses need needs needed
		make made take takes let got get gets go goes went come came able help her him see saw say said
		show shows shown find found feel feels felt keep kept like near off own put set way ago yet each
		other first next may pm am rn er ed or icd cpt`) {
		m[foldWord([]rune(w))] = true
	}
	return m
}()

// specks reports whether ts is nothing or a run of specks.
func specks(ts []token) bool { return len(ts) == 0 || junkRun(ts) }

func numerics(ts []token) int {
	n := 0
	for _, t := range ts {
		if t.numeric {
			n++
		}
	}
	return n
}

// trim keeps ts[lo:hi] of a differing stretch ts; the rest are specks.
type trim struct{ lo, hi int }

// maxTrimTokens bounds the stretches whose speck cuts are all tried.
const maxTrimTokens = 16

// speckTrims lists the ways to cut runs of specks off the start and the end
// of ts, keeping nothing at all when ts is all specks.
func speckTrims(ts []token) []trim {
	out := []trim{{0, len(ts)}}
	if len(ts) > maxTrimTokens {
		return out
	}
	los := []int{0}
	for i := 1; i <= len(ts); i++ {
		if junkRun(ts[:i]) {
			los = append(los, i)
		}
	}
	for _, lo := range los {
		for hi := len(ts); hi >= lo; hi-- {
			if (lo == 0 && hi == len(ts)) || (hi < len(ts) && !junkRun(ts[hi:])) {
				continue
			}
			if lo == hi && lo > 0 && hi < len(ts) {
				continue // all specks is the cut (0, 0)
			}
			out = append(out, trim{lo, hi})
		}
	}
	return out
}

// dateWindow is how many tokens around a differing stretch may belong to
// a date it touches ("01 / 14 / 2025" is three tokens).
const dateWindow = 4

// dateChanged reports whether a differing stretch changed a date: both
// copies read a valid date around it and the dates differ, and one of them
// is a record date of either page (or neither page has any, so nothing
// tells a date of service from another). A date only one copy reads as a
// date ("82/21/2023") is a misread; a date of service that reads another
// valid date is the copy-forward note of another visit, unless it is a
// date of birth, which every record of the patient shares.
func dateChanged(a, b *prepared, a0, a1, b0, b1 int) bool {
	da := tokenDates(a.toks[max(0, a0-dateWindow):min(len(a.toks), a1+dateWindow)])
	db := tokenDates(b.toks[max(0, b0-dateWindow):min(len(b.toks), b1+dateWindow)])
	onlyA, onlyB := minus(da, db), minus(db, da)
	if len(onlyA) == 0 || len(onlyB) == 0 || yearsMisread(onlyA, onlyB) {
		return false
	}
	if len(a.keys) == 0 && len(b.keys) == 0 {
		return true
	}
	for _, d := range append(onlyA, onlyB...) {
		if slices.Contains(a.keys, d) || slices.Contains(b.keys, d) {
			return true
		}
	}
	return false
}

// minus returns the members of sorted set a not in sorted set b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			out = append(out, x)
		}
	}
	return out
}

var monthPrefix = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

func monthOf(t token) int {
	if t.numeric || len(t.s) < 3 {
		return 0
	}
	for i, m := range monthPrefix {
		if strings.HasPrefix(t.s, m) {
			return i + 1
		}
	}
	return 0
}

// tokenDates returns the dates written in ts (numeric m/d/y or y/m/d, or
// with the month's name) that are no date of birth, as sorted "y-m-d".
func tokenDates(ts []token) []string {
	num := func(k int) int {
		if k < 0 || k >= len(ts) || !ts[k].numeric || len(ts[k].s) > 4 {
			return -1
		}
		n, _ := strconv.Atoi(ts[k].s)
		return n
	}
	year := func(k int) bool { return k < len(ts) && ts[k].numeric && (len(ts[k].s) == 2 || len(ts[k].s) == 4) }
	var out []string
	add := func(start int, y, m, d int) {
		for k := max(0, start-dateWindow); k < start; k++ {
			if s := ts[k].s; s == "dob" || s == "blrth" || s == "bom" || s == "born" {
				return
			}
		}
		switch {
		case y >= 100 && y < 1900, y > time.Now().Year()+1:
			return // a digit lost, added or misread ("2621"): no valid date
		case y < 100:
			y += 2000
			if y > time.Now().Year()+1 {
				y -= 100
			}
		}
		out = append(out, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
	}
	for k := range ts {
		switch {
		case num(k) >= 1 && num(k) <= 12 && num(k+1) >= 1 && num(k+1) <= 31 && year(k+2):
			add(k, num(k+2), num(k), num(k+1))
		case len(ts[k].s) == 4 && num(k) >= 1900 && num(k+1) >= 1 && num(k+1) <= 12 && num(k+2) >= 1 && num(k+2) <= 31:
			add(k, num(k), num(k+1), num(k+2))
		case monthOf(ts[k]) > 0 && num(k+1) >= 1 && num(k+1) <= 31 && year(k+2):
			add(k, num(k+2), monthOf(ts[k]), num(k+1))
		case num(k) >= 1 && num(k) <= 31 && k+2 < len(ts) && monthOf(ts[k+1]) > 0 && year(k+2):
			add(k, num(k+2), monthOf(ts[k+1]), num(k))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// maxGarble is the most tokens on either side of a stretch OCR may read
// beyond recognition ("address" as "soles", "medically necessary" as
// "le beressany"). A changed sentence is longer.
const maxGarble = 3

// garble reports whether a differing stretch may be a smudge: short on both
// sides and of like length, with no number and no protected word.
func garble(ta, tb []token) bool {
	if len(ta) > maxGarble || len(tb) > maxGarble {
		return false
	}
	// A smudge blurs letters; it does not turn a short word into a line.
	if la, lb := len(join(ta)), len(join(tb)); 5*min(la, lb) < 2*max(la, lb) {
		return false
	}
	for _, ts := range [][]token{ta, tb} {
		for _, t := range ts {
			if t.numeric {
				return false
			}
			if _, p := protected[t.s]; p {
				return false
			}
		}
	}
	return true
}

// garbleBudget is how many smudged stretches a page of n words may show:
// one, and one more per 100 words, and no more than one per four letters
// misread or specks elsewhere on the same copies: a copy that reads clean
// around a changed word has not smudged it.
func garbleBudget(n, noise int) int {
	return min(1+n/100, noise/4)
}

// lookalikeDigits are the digit pairs Tesseract confuses on a fax or a
// noisy scan. 1 and 4 is the commonest in Liberation Serif and Sans: of
// the digits two OCR'd copies of one page read differently in set14's
// packets, 25 were 1/4, 11 were 0/6, no other pair more than 7.
var lookalikeDigits = map[[2]byte]bool{
	{'0', '6'}: true, {'0', '8'}: true, {'6', '8'}: true, {'3', '8'}: true,
	{'5', '6'}: true, {'1', '7'}: true, {'0', '9'}: true, {'1', '4'}: true,
}

// yearsMisread reports whether every date one copy alone reads pairs with
// one the other alone reads on the same day and month, a year apart by one
// look-alike digit and at least two years ("7/3/2020" and "7/3/2026"): no
// note is cloned on the same day years later, so it is the year misread.
func yearsMisread(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i] // "yyyy-mm-dd", both sorted: pairs line up only if each differs alike
		if len(x) != 10 || len(y) != 10 || x[4:] != y[4:] {
			return false
		}
		diff := 0
		var pair [2]byte
		for k := range 4 {
			if x[k] != y[k] {
				diff++
				pair = [2]byte{min(x[k], y[k]), max(x[k], y[k])}
			}
		}
		if diff != 1 || !lookalikeDigits[pair] {
			return false
		}
		if yx, yy := atoi(x[:4]), atoi(y[:4]); yx-yy < 2 && yy-yx < 2 {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
