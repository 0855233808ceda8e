package ink

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// edgeLines is how many lines at each end of a page may be a fax
// transmission line (dedupe's faxEdge: OCR may split one header in two, and
// a page faxed twice carries two).
const edgeLines = 3

// transmissionWords returns the indexes of the words on the first and last
// edgeLines lines of p that make up a line isTransmission accepts. A fax
// machine prints its number, clock and page counter over the page it sends;
// a copy faxed again carries other ones, and the page is the same page.
func transmissionWords(p *Page, isTransmission func(string) bool) map[int]bool {
	if isTransmission == nil || len(p.Words) == 0 {
		return nil
	}
	lines, along := pageLines(p)
	out := map[int]bool{}
	for n, l := range lines {
		if n >= edgeLines && n < len(lines)-edgeLines {
			continue
		}
		slices.SortFunc(l, func(a, b int) int { return cmp.Compare(along(p.Words[a]), along(p.Words[b])) })
		var sb strings.Builder
		for _, i := range l {
			sb.WriteString(p.Words[i].Text)
			sb.WriteByte(' ')
		}
		if isTransmission(sb.String()) {
			for _, i := range l {
				out[i] = true
			}
		}
	}
	return out
}

// edgeWord reports whether word k of p is on one of the first or last
// edgeLines lines of the page, where a fax machine prints.
func edgeWord(p *Page, k int) bool {
	lines, _ := pageLines(p)
	for n, l := range lines {
		if slices.Contains(l, k) {
			return n < edgeLines || n >= len(lines)-edgeLines
		}
	}
	return false
}

// pageLines groups p's words into lines, top to bottom, and returns the
// position of a word along its line.
func pageLines(p *Page) (lines [][]int, along func(Word) float64) {
	// Text runs along x when most long words are wider than tall; on a page
	// turned a quarter it runs along y.
	wide, long := 0, 0
	for _, w := range p.Words {
		if len([]rune(w.Text)) >= 4 {
			long++
			if w.URX-w.LLX > w.URY-w.LLY {
				wide++
			}
		}
	}
	across := func(w Word) (float64, float64) { return w.LLY, w.URY }
	along = func(w Word) float64 { return w.LLX }
	if long > 0 && 2*wide < long {
		across = func(w Word) (float64, float64) { return w.LLX, w.URX }
		along = func(w Word) float64 { return w.LLY }
	}
	order := make([]int, len(p.Words))
	for i := range order {
		order[i] = i
	}
	mid := func(i int) float64 { lo, hi := across(p.Words[i]); return (lo + hi) / 2 }
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(mid(a), mid(b)) })
	// A line: words whose centres lie within half a word height of the
	// line's first word.
	for _, i := range order {
		lo, hi := across(p.Words[i])
		if n := len(lines); n > 0 {
			f := lines[n-1][0]
			flo, fhi := across(p.Words[f])
			if math.Abs(mid(i)-mid(f)) <= math.Max(hi-lo, fhi-flo)/2 {
				lines[n-1] = append(lines[n-1], i)
				continue
			}
		}
		lines = append(lines, []int{i})
	}
	return lines, along
}
