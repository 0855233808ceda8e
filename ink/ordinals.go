package ink

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strconv"
)

// ordinal is a numbered list item's number opening a word: "12." or "3)",
// alone or glued to the item's first word ("42.:Lipitor"), but not a
// decimal ("12.5").
var ordinal = regexp.MustCompile(`^(\d{1,3})[.)](\D|$)`)

// MendOrdinals returns ws with each numbered list item's number mended
// where OCR misread it between its neighbours: an item that opens its line
// with "N." or "N)", between the items above and below it in the same
// column numbered n-1 and n+1, is item n. A fax reads "12." as "42." in
// its words and cut out alike, which would make two numbers of one; the
// list's order says which it is, and a list's numbering tells no two
// records apart. ws is not changed; the result shares it when nothing was
// mended. Words are in user space (y up), as OCR'd pages give them.
func MendOrdinals(ws []Word) []Word {
	type item struct {
		k, n int
		x, y float64 // left edge and vertical centre
		h    float64
	}
	var items []item
	for k, w := range ws {
		m := ordinal.FindStringSubmatch(w.Text)
		if m == nil || !opensLine(ws, k) {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		items = append(items, item{k: k, n: n, x: w.LLX, y: centre(w)[1], h: w.URY - w.LLY})
	}
	if len(items) < 3 {
		return ws
	}
	// Top of the page first.
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(b.y, a.y) })
	out := ws
	for i, it := range items {
		// The nearest items of its column above and below it.
		above, below := -1, -1
		for j := i - 1; j >= 0 && above < 0; j-- {
			if math.Abs(items[j].x-it.x) <= it.h {
				above = j
			}
		}
		for j := i + 1; j < len(items) && below < 0; j++ {
			if math.Abs(items[j].x-it.x) <= it.h {
				below = j
			}
		}
		if above < 0 || below < 0 {
			continue
		}
		want := items[above].n + 1
		if items[below].n != want+1 || it.n == want {
			continue
		}
		if &out[0] == &ws[0] {
			out = slices.Clone(ws)
		}
		w := out[it.k]
		loc := ordinal.FindStringSubmatchIndex(w.Text)
		w.Text = strconv.Itoa(want) + w.Text[loc[3]:]
		out[it.k] = w
	}
	return out
}

// opensLine reports whether ws[k] is the first word of its line: no word
// sharing most of its height ends left of its middle.
func opensLine(ws []Word, k int) bool {
	w := ws[k]
	mid := (w.LLX + w.URX) / 2
	for j, o := range ws {
		if j == k || o.URX > mid {
			continue
		}
		shared := min(w.URY, o.URY) - max(w.LLY, o.LLY)
		if shared > 0.5*min(w.URY-w.LLY, o.URY-o.LLY) {
			return false
		}
	}
	return true
}
