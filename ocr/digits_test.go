package ocr

import (
	"context"
	"image"
	"strings"
	"testing"

	"imrpacket/pdf/pdftest"
)

// wordCrop cuts the first line's first word-sized box off a ScanPage rendering:
// what dedupe cuts round one word of a page.
func wordCrop(img *image.Gray, dpi int, width float64) *image.Gray {
	r := image.Rect(dpi-dpi/20, dpi-dpi/20, dpi+int(width*float64(dpi)), dpi+dpi/4)
	return img.SubImage(r).(*image.Gray)
}

func TestReadDigits(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		text  string
		width float64 // inches
		want  string
	}{
		{"7/30/2021", 1.1, "7/30/2021"},
		{"550", 0.5, "550"},
		{"30", 0.4, "30"},
		{"97110", 0.7, "97110"},
	}
	for _, dpi := range []int{200, 300} {
		for _, tc := range cases {
			img := wordCrop(pdftest.ScanPage(dpi, []string{tc.text}), dpi, tc.width)
			got, err := engine.ReadDigits(ctx, img, dpi)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%d dpi: read %q as %q", dpi, tc.text, got)
			}
		}
	}
	// Letters are no digits: told to read digits, it reads none of them as
	// a word, and the engine reads words again afterwards.
	img := wordCrop(pdftest.ScanPage(300, []string{"within"}), 300, 0.8)
	if got, err := engine.ReadDigits(ctx, img, 300); err != nil || strings.ContainsAny(got, "abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("read letters %q, %v", got, err)
	}
	res, err := engine.Recognize(ctx, pdftest.ScanPage(300, []string{"Request for physical therapy within 30 days"}), 300)
	if err != nil || !strings.Contains(res.Text, "physical therapy within") {
		t.Errorf("after ReadDigits, a page reads %q, %v", res.Text, err)
	}
	if _, err := engine.ReadDigits(ctx, image.NewGray(image.Rect(0, 0, 0, 0)), 300); err == nil {
		t.Error("empty image: no error")
	}
}
