package ink

import "image"

// LineCrop is the crop the ink check reads for the line of p's word k, as
// Checker.ReadLine is given it (numberLinePad: the closest lines).
func LineCrop(p *Page, k int) *image.Gray {
	box, _ := lineAround(p, p.Words[k], numberLinePad)
	return lineCrop(p, box, affine{1, 0, 0, 0, 1, 0}, p)
}
