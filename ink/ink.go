// Package ink compares the ink of two scanned pages where their OCR'd words
// are, to tell one page read twice from two different pages.
//
// OCR misreads smudged words and loses lines at fax resolution, so two
// readings of one page can differ as much as two versions of a note do. The
// pixels settle it: after aligning the pages on the words both read alike,
// every word of each page must find the same ink at the same place on the
// other. A changed word, an added line or a missing word leaves a blob of
// ink the other page lacks; fax noise (specks, dropped scan lines, thicker
// or thinner strokes) leaves only dots and slivers within a pixel of the
// other page's ink. One digit changed (6 to 8, even 5 to 3) at 200 dpi
// moves about as much ink as that noise, so the pixels never vouch for a
// number: with Checker.ReadDigits set, numbers the two pages' words read
// differently are read again from both images (numbers.go), and with
// Checker.ReadLine, what that leaves open, and words whose ink is a little
// over its limit, are read with their whole line on both pages.
package ink

import (
	"cmp"
	"image"
	"maps"
	"slices"
	"sync"
	"unicode"

	"imrpacket/internal/otsu"
)

// Word is one OCR'd word in the page's user space (points, origin
// bottom-left).
type Word struct {
	Text               string
	LLX, LLY, URX, URY float64
}

// Page is a rendered page and its words.
type Page struct {
	Image *image.Gray
	// PixelToPage maps pixel (x, y), origin top-left, to user space:
	// ux = m[0]*x + m[2]*y + m[4]; uy = m[1]*x + m[3]*y + m[5].
	PixelToPage [6]float64
	Words       []Word
	// TextLayer marks Words as the PDF's own text rather than a reading of
	// the image. Against a scan, a word the scan's OCR read the same at the
	// same place is then that word, however the glyphs are drawn: a scan of a
	// printed page shows the printer's typeface, not the one the viewer
	// substitutes for an unembedded font, and the two differ in every
	// stroke (Compare).
	TextLayer bool

	ink     *inkMap // Image binarized, made on first use: a page is often in several pairs
	inkOnce sync.Once
	dir     int // textDir, worked out on first use
	dirOnce sync.Once
}

// inkMap returns the page's pixels as ink or paper, binarizing once; safe
// for concurrent Compares of pairs that share the page.
func (p *Page) inkMap() *inkMap {
	p.inkOnce.Do(func() { p.ink = binarize(p.Image) })
	return p.ink
}

// Verdict is what Compare found.
type Verdict struct {
	// Same is set when the pages align and no word of either finds other ink
	// on the other page.
	Same bool
	// Anchors is how many words read alike on both pages aligned them;
	// Residual is their RMS distance after alignment, in points.
	Anchors  int
	Residual float64
	// Compared is how many words were compared; Worst is the largest blob of
	// ink one page has and the other lacks, in units of the page's line
	// height squared (measured: 0.02 to 0.07 between two copies of a page,
	// 0.15 and more for a word changed, 0.2 and more for a line added).
	Compared int
	Worst    float64
	// WorstWord is the index of the word where Worst was found, among the
	// words of b when WorstOnB is set, else of a; -1 when none was compared.
	WorstWord int
	WorstOnB  bool
	// Reread is how many places a number was read again (Checker.ReadDigits);
	// NumbersDiffer is set when the readings there make two numbers (Same is
	// then false). Unsettled are the places the readings settled neither
	// way: Same does not weigh them, the caller decides what they cost.
	Reread        int
	NumbersDiffer bool
	// LinesRead is how many lines were read again for words over their ink
	// limit (Checker.ReadLine): on both pages for a word under MaxLineBlob,
	// on the scan for any word between a text layer and a scan.
	LinesRead int
	Unsettled []Unsettled
}

// Limits of a match. A blob over MaxBlob of a line height squared is ink one
// page has and the other has not; under a Strict word, over MaxStrictBlob.
const (
	// MinAnchors is how many words both pages must read alike to be
	// aligned at all: pages with fewer are not compared.
	MinAnchors = 8
	// maxResidual is how far, in points (RMS), the anchors' box centres of
	// one page may land from the other's after the fit. A noisy scan's
	// OCR boxes take in specks word by word (2.65 and 2.9 between true
	// copies of the dev sets); each word's ink is still compared at the
	// shift that lines it up best, so a distinct record's changed word
	// still shows.
	maxResidual   = 3.0
	MaxBlob       = 0.10
	MaxStrictBlob = 0.04
	// MaxLineBlob: with Checker.ReadLine set, a word whose ink is over its
	// limit (MaxBlob, or MaxStrictBlob for a strict word up to MaxBlob) but
	// not over this may still be a smudge: its line is read on both pages,
	// and the pages are one only where the two readings are one text. A
	// word changed leaves 0.15 and more, one letter of a short word ("to"
	// to "on") 0.10 to 0.13, and reading the line tells both apart ("daily"
	// to "weekly" at 0.16, "reevaluation" to "evaluation" at 0.19). A
	// noisy scan's dropped line or blot across a word leaves as much: a
	// clean scan's "mg" stood at 0.185 on its noisy copy (dev set seed
	// 8920), its neighbours at 0.13.
	MaxLineBlob = 0.20
	// maxLayerLines is how many lines of a text layer against a scan may be
	// read again: the ink check comes after the text failed, and a copy
	// whose reading went wrong on more lines than this is read too badly
	// to vouch for (and each reading costs a fortieth of a page's OCR).
	maxLayerLines = 6
)

// Checker compares pages. The zero value compares every word.
type Checker struct {
	// Transmission reports whether a line of text is a fax transmission
	// line (sender, clock, page counter); such lines among the first and
	// last three of a page are left out.
	Transmission func(line string) bool
	// Strict, when set, names words whose ink must agree within
	// MaxStrictBlob: short words that change a record's meaning ("no",
	// "not", "left"), whose whole ink is not much more than MaxBlob.
	Strict func(word string) bool
	// Meaning, when set, names words whose change makes another record (a
	// side, a body part, a decision). Where the two pages read such a word
	// and another word at one place (disputed), the ink cannot vouch for
	// it: "leg" and "hip" share most of their strokes at 200 dpi. Its line
	// is read on both pages, however little ink differs.
	Meaning func(word string) bool
	// ReadDigits, when set, reads a crop of a page's image, scaled to twice
	// the image's resolution, as digits only.
	// Numbers the two pages' words read differently are then read again
	// from both pages at the same place, and must not read differently
	// (numbersAgree); unset, numbers are left to the caller.
	ReadDigits func(crop *image.Gray) (string, error)
	// ReadLine, when set, reads a crop of a page's image, scaled to twice
	// the image's resolution, as one line of text in any characters. A
	// number that reading digits alone leaves unsettled is then read once
	// more with the rest of its line on both pages: Tesseract reads a fax's
	// digits among words more steadily than cut out, and two line readings
	// whose numbers agree make it one number (numbers.go). A word whose
	// ink is a little over its limit (MaxLineBlob) has its line read on
	// both pages too, which must read as one text. Between a text layer and
	// a scan, a word over its limit by any amount has the scan's line read,
	// which must hold the word where the text layer has it.
	ReadLine func(crop *image.Gray) (string, error)
}

// Compare aligns a and b on the words both read alike and compares the ink
// under every word of each. It keeps each page's binarized image on the
// page for later comparisons; pairs that share a page may be compared
// concurrently.
func (c Checker) Compare(a, b *Page) Verdict {
	v := Verdict{WorstWord: -1}
	t, n, res, ok := align(a.Words, b.Words)
	v.Anchors, v.Residual = n, res
	if !ok || n < MinAnchors || res > maxResidual {
		return v
	}
	inv, ok := invert(t)
	if !ok {
		return v
	}
	ia, ib := a.inkMap(), b.inkMap()
	strictOK := true
	// Strict words over MaxStrictBlob. A number among them (digits and
	// punctuation only) may still be the same number under fax noise: read
	// again alike from both pages, it is (numbers.go).
	numbersOver := [2]map[int]bool{{}, {}}
	// Words over their limit but under MaxLineBlob, whose lines are read
	// on both pages (Checker.ReadLine) before the pages can be one.
	var lineOver []place
	overOK := true
	byLine := c.ReadLine != nil
	// Between a text layer and a scan, a word over its limit is read again
	// on the scan with its line, however far over: the text layer is the
	// page's own text, and its typeface is the viewer's, not the printer's
	// (layerLineReads).
	var layerOver []place
	layer := byLine && a.TextLayer != b.TextLayer
	// Words each page reads as another meaning word at the other's place
	// (disputed), each with that word: the pair's line readings must
	// hold one of the two words, the same on both pages.
	var dis [2]map[int]int
	disputedOver := map[[2]int]bool{} // a's word, b's word
	track := func(p *Page, onB bool) func(k int, blob float64) {
		side := 0
		if onB {
			side = 1
		}
		return func(k int, blob float64) {
			v.Compared++
			if blob > v.Worst {
				v.Worst, v.WorstWord, v.WorstOnB = blob, k, onB
			}
			text := p.Words[k].Text
			strict := c.Strict != nil && c.Strict(text)
			other, isDisputed := dis[side][k]
			if layer && (blob > MaxBlob || strict && blob > MaxStrictBlob || isDisputed) {
				layerOver = append(layerOver, place{onB, k})
				return
			}
			if isDisputed {
				// Another word read there: only its line can say which.
				switch {
				case !byLine || blob > MaxLineBlob:
					overOK = false
				case onB:
					disputedOver[[2]int{other, k}] = true
				default:
					disputedOver[[2]int{k, other}] = true
				}
				return
			}
			switch {
			case blob > MaxStrictBlob && strict && c.ReadDigits != nil && numeral(text):
				numbersOver[side][k] = true
			case blob > MaxStrictBlob && strict && byLine && blob <= MaxBlob:
				lineOver = append(lineOver, place{onB, k})
			case blob > MaxStrictBlob && strict:
				strictOK = false
			case blob > MaxBlob && byLine && blob <= MaxLineBlob:
				lineOver = append(lineOver, place{onB, k})
			}
			if blob > MaxBlob && (strict || !byLine || blob > MaxLineBlob) {
				overOK = false
			}
		}
	}
	skipA, skipB := transmissionWords(a, c.Transmission), transmissionWords(b, c.Transmission)
	alike := 0
	if a.TextLayer != b.TextLayer {
		// Only the words OCR read otherwise are in question; their ink
		// still has to agree.
		n := len(skipA) + len(skipB)
		skipA, skipB = readAlike(a.Words, b.Words, t, skipA), readAlike(b.Words, a.Words, inv, skipB)
		alike = len(skipA) + len(skipB) - n
	}
	if c.Meaning != nil {
		dis[0], dis[1] = disputed(a.Words, b.Words, t, skipA, c.Meaning), disputed(b.Words, a.Words, inv, skipB, c.Meaning)
	}
	okA := compareWords(a, ia, b, ib, t, skipA, track(a, false))
	okB := compareWords(b, ib, a, ia, inv, skipB, track(b, true))
	v.Same = okA && okB && v.Compared+alike > 0 && overOK && strictOK
	if v.Same && len(layerOver) > 0 {
		v.Same = c.layerLinesRead(a, b, t, inv, layerOver, &v.LinesRead)
	}
	for _, p := range lineOver {
		if !v.Same {
			break
		}
		from, to, m := a, b, t
		if p.onB {
			from, to, m = b, a, inv
		}
		v.LinesRead++
		v.Same = c.linesReadAlike(from, to, p.k, m)
	}
	for _, kj := range slices.SortedFunc(maps.Keys(disputedOver), func(x, y [2]int) int {
		return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
	}) {
		if !v.Same {
			break
		}
		// One page's OCR misread the word: both lines read as the other's.
		v.LinesRead++
		v.Same = c.linesReadAlike(a, b, kj[0], t) || c.linesReadAlike(b, a, kj[1], inv)
	}
	if v.Same && c.ReadDigits != nil {
		// Only pages whose ink agrees are worth reading again.
		overSettled := c.numbersAgree(a, b, t, inv, numbersOver, &v)
		v.Same = !v.NumbersDiffer && overSettled
	}
	return v
}

// A place is a word of a page Compare was given: of b when onB is set.
type place struct {
	onB bool
	k   int
}

// layerLinesRead settles the words over their ink limit (over) between a
// text layer and a scan, a and b in either order (t maps a's user space to
// b's, inv back): each word, or where the word is the scan's, the text
// layer's words at its place, must be read again in place on the scan
// (layerTargetsRead). It counts the lines read in *read.
func (c Checker) layerLinesRead(a, b *Page, t, inv affine, over []place, read *int) bool {
	text, scan, toScan, toText := a, b, t, inv
	if b.TextLayer {
		text, scan, toScan, toText = b, a, inv, t
	}
	var targets []int
	for _, p := range over {
		if onText := p.onB == b.TextLayer; onText {
			targets = append(targets, p.k)
			continue
		}
		// A scan's word: the text layer's words at its place are the ones
		// to find there.
		w := scan.Words[p.k]
		js := overlapping(text.Words, mapBox(w, toText), nil)
		if len(js) == 0 {
			js = sameWordNear(text.Words, w, mapBox(w, toText))
		}
		if len(js) == 0 {
			return false // ink where the page's own text has none
		}
		targets = append(targets, js...)
	}
	return c.layerTargetsRead(text, scan, toScan, targets, read)
}

// sameWordNear returns the words of ws that read as w and lie on its line
// (box, w mapped to ws's page) within a line height of it. The printer's
// typeface spaces a line otherwise than the viewer's, so a narrow word (a
// "|" between an address's parts) can land clear of itself on the text
// layer; only the same text is taken for it, and it must then be read in
// place on the scan like any other target.
func sameWordNear(ws []Word, w, box Word) []int {
	h := box.URY - box.LLY
	near := Word{LLX: box.LLX - h, LLY: box.LLY, URX: box.URX + h, URY: box.URY}
	var out []int
	for j, o := range ws {
		if o.Text != w.Text {
			continue
		}
		if shared, _ := intersection(o, near); shared > 0 && centreOn(o, box) {
			out = append(out, j)
		}
	}
	return out
}

// centreOn reports whether o's vertical centre lies within box's height:
// the same line, not the one above or below.
func centreOn(o, box Word) bool {
	c := centre(o)[1]
	return c >= box.LLY && c <= box.URY
}

// layerTargetsRead reads again on scan the line of each of text's words
// targets (toScan maps text's user space to scan's), once a line, at most
// maxLayerLines lines, and reports whether every target was read in place
// (layerLineReads). It counts the lines read in *read.
func (c Checker) layerTargetsRead(text, scan *Page, toScan affine, targets []int, read *int) bool {
	var lines []layerLine
	at := map[Word]int{}
	for _, k := range targets {
		box, words := lineAround(text, text.Words[k], numberLinePad)
		i, ok := at[box]
		if !ok {
			i, at[box] = len(lines), len(lines)
			lines = append(lines, layerLine{box: box, words: words})
		}
		if !slices.Contains(lines[i].targets, k) {
			lines[i].targets = append(lines[i].targets, k)
		}
	}
	if len(lines) == 0 || len(lines) > maxLayerLines {
		return false
	}
	for _, l := range lines {
		*read++
		if !c.layerLineReads(text, scan, l, toScan) {
			return false
		}
	}
	return true
}

// numeral reports whether a word is a number and nothing else: digits with
// the punctuation of dates, codes and amounts, no letter.
func numeral(w string) bool {
	digits := false
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case unicode.IsLetter(r):
			return false
		}
	}
	return digits
}

// inkMap is a page's pixels as ink or paper.
type inkMap struct {
	w, h int
	ink  []bool
}

func (m *inkMap) at(x, y int) bool {
	if x < 0 || y < 0 || x >= m.w || y >= m.h {
		return false
	}
	return m.ink[y*m.w+x]
}

// binarize thresholds a page at Otsu's level: scans differ in paper tone
// and ink darkness, faxes are already black and white.
func binarize(g *image.Gray) *inkMap {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	var hist [256]int
	for y := 0; y < h; y++ {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:w]
		for _, p := range row {
			hist[p]++
		}
	}
	thr, _ := otsu.Level(&hist)
	m := &inkMap{w: w, h: h, ink: make([]bool, w*h)}
	for y := 0; y < h; y++ {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):][:w]
		for x, p := range row {
			m.ink[y*w+x] = int(p) <= thr
		}
	}
	return m
}
