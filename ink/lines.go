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
	lines = joinSplitLines(p, lines)
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

// joinSplitLines joins neighbouring lines that are pieces of one printed
// line: they share its height and their words sit side by side along it,
// none over another. A fax header of small type on a page skewed by a
// degree drifts by more than half its height across the page, and
// pageLines cuts it into pieces ("FROM:" on one, the number and "TO:" on the
// next, the page counter on a third) that each fail to read as a
// transmission line.
func joinSplitLines(p *Page, lines [][]int) [][]int {
	if len(lines) < 2 {
		return lines
	}
	along, down := axes(p.textDir())
	across := func(l []int) (lo, hi float64) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, i := range l {
			c0, c1 := span(p.Words[i], down)
			lo, hi = math.Min(lo, c0), math.Max(hi, c1)
		}
		return lo, hi
	}
	sideBySide := func(l, m []int) bool {
		for _, i := range l {
			a0, a1 := span(p.Words[i], along)
			for _, j := range m {
				if b0, b1 := span(p.Words[j], along); math.Min(a1, b1) > math.Max(a0, b0) {
					return false
				}
			}
		}
		return true
	}
	out := [][]int{slices.Clone(lines[0])}
	for _, l := range lines[1:] {
		last := out[len(out)-1]
		c0, c1 := across(last)
		d0, d1 := across(l)
		overlap := math.Min(c1, d1) - math.Max(c0, d0)
		if overlap >= 0.5*math.Min(c1-c0, d1-d0) && sideBySide(last, l) {
			out[len(out)-1] = append(last, l...)
			continue
		}
		out = append(out, slices.Clone(l))
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

// runsAlongY reports whether p's text runs along y: on a page turned a
// quarter most long words are taller than wide.
func runsAlongY(p *Page) bool {
	wide, long := 0, 0
	for _, w := range p.Words {
		if len([]rune(w.Text)) >= 4 {
			long++
			if w.URX-w.LLX > w.URY-w.LLY {
				wide++
			}
		}
	}
	return long > 0 && 2*wide < long
}

// pageLines groups p's words into lines, top to bottom, and returns the
// position of a word along its line.
func pageLines(p *Page) (lines [][]int, along func(Word) float64) {
	across := func(w Word) (float64, float64) { return w.LLY, w.URY }
	along = func(w Word) float64 { return w.LLX }
	if runsAlongY(p) {
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
