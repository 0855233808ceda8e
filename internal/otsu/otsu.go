// Package otsu finds the gray level that best splits a page's histogram into
// ink and paper (Otsu's method), for the checks that binarize scans themselves.
package otsu

// Level returns the gray level at or below which a pixel is ink: the level
// whose split of hist leaves the largest variance between the two classes.
// split is false when no level parts the pixels into two classes that
// differ (a page of one shade, or no pixels); level is then 127.
func Level(hist *[256]int) (level int, split bool) {
	var total, sum float64
	for i, n := range hist {
		total += float64(n)
		sum += float64(i * n)
	}
	var sumB, wB float64
	best, level := -1.0, 127
	for i, n := range hist {
		wB += float64(n)
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i * n)
		mB, mF := sumB/wB, (sum-sumB)/wF
		if between := wB * wF * (mB - mF) * (mB - mF); between > best {
			best, level = between, i
		}
	}
	return level, best > 0
}
