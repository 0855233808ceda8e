package ink

import "math"

// Which way a page's text runs. A scan turned in the PDF (its image drawn
// sideways or upside down, no /Rotate) is read upright by OCR, but its words
// sit in user space as the image has them: along y on a page turned a
// quarter, right to left on one turned half round. Crops read again must
// be drawn along the text, or Tesseract reads sideways digits.

// textDir returns the direction p's text runs in user space, in degrees
// counter-clockwise from +x (0 upright, 90 up the page, 180 upside down,
// 270 down the page), worked out once.
func (p *Page) textDir() int {
	p.dirOnce.Do(func() { p.dir = textDir(p) })
	return p.dir
}

// textDir takes the axis from the words' shapes (runsAlongY) and the sense
// from OCR's reading order: consecutive words of one line follow the text.
func textDir(p *Page) int {
	alongY := runsAlongY(p)
	ext := func(w Word) (along, across, height float64) {
		if alongY {
			return (w.LLY + w.URY) / 2, (w.LLX + w.URX) / 2, w.URX - w.LLX
		}
		return (w.LLX + w.URX) / 2, (w.LLY + w.URY) / 2, w.URY - w.LLY
	}
	forward, back := 0, 0
	for k := 1; k < len(p.Words); k++ {
		a0, c0, h0 := ext(p.Words[k-1])
		a1, c1, h1 := ext(p.Words[k])
		if math.Abs(c1-c0) > math.Max(h0, h1)/2 {
			continue // the next line
		}
		switch {
		case a1 > a0:
			forward++
		case a1 < a0:
			back++
		}
	}
	switch {
	case !alongY && back <= forward:
		return 0
	case !alongY:
		return 180
	case back <= forward:
		return 90
	}
	return 270
}

// axes returns unit vectors in user space along p's text and down across
// it, from the top of a line to its foot.
func axes(dir int) (along, down [2]float64) {
	switch dir {
	case 90:
		return [2]float64{0, 1}, [2]float64{1, 0}
	case 180:
		return [2]float64{-1, 0}, [2]float64{0, 1}
	case 270:
		return [2]float64{0, -1}, [2]float64{-1, 0}
	}
	return [2]float64{1, 0}, [2]float64{0, -1}
}

// span returns the extent of box projected on the unit vector u.
func span(box Word, u [2]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, c := range [4][2]float64{{box.LLX, box.LLY}, {box.URX, box.LLY}, {box.LLX, box.URY}, {box.URX, box.URY}} {
		v := c[0]*u[0] + c[1]*u[1]
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo, hi
}

// pixelTurn returns the clockwise quarter turn that makes p's text upright
// in its pixel grid.
func pixelTurn(p *Page) int {
	toPix, ok := invert(pixelToPage(p.PixelToPage))
	if !ok {
		return 0
	}
	along, _ := axes(p.textDir())
	px := toPix[0]*along[0] + toPix[1]*along[1]
	py := toPix[3]*along[0] + toPix[4]*along[1]
	switch {
	case math.Abs(px) >= math.Abs(py) && px >= 0:
		return 0
	case math.Abs(px) >= math.Abs(py):
		return 180
	case py > 0: // runs down the image: turn it back a quarter
		return 270
	}
	return 90
}
