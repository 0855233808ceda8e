package pdf

import (
	"context"
	"image"
	"math"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/requests"
)

// PageInfo describes a page's geometry.
type PageInfo struct {
	// WidthPt and HeightPt are the page size in points as displayed, that is
	// after /Rotate is applied.
	WidthPt, HeightPt float64
	// Rotate is the page's /Rotate in degrees clockwise: 0, 90, 180 or 270.
	Rotate int
	// Box is the visible box (crop box within media box) in default user space.
	Box Rect
}

// Rect is a rectangle in PDF points, origin bottom-left.
type Rect struct{ X0, Y0, X1, Y1 float64 }

func pageRef(d *Doc, page int) requests.Page {
	return requests.Page{ByIndex: &requests.PageByIndex{Document: d.doc, Index: page - 1}}
}

// Info returns the geometry of page (1-based).
func (d *Doc) Info(ctx context.Context, page int) (PageInfo, error) {
	var pi PageInfo
	err := d.do(ctx, page, "info", func(inst pdfium.Pdfium) error {
		ref := pageRef(d, page)
		sz, err := inst.GetPageSize(&requests.GetPageSize{Page: ref})
		if err != nil {
			return err
		}
		rot, err := inst.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: ref})
		if err != nil {
			return err
		}
		bb, err := inst.FPDF_GetPageBoundingBox(&requests.FPDF_GetPageBoundingBox{Page: ref})
		if err != nil {
			return err
		}
		pi = PageInfo{
			WidthPt:  sz.Width,
			HeightPt: sz.Height,
			Rotate:   int(rot.PageRotation) * 90,
			Box: Rect{X0: float64(bb.Rect.Left), Y0: float64(bb.Rect.Bottom),
				X1: float64(bb.Rect.Right), Y1: float64(bb.Rect.Top)},
		}
		return nil
	})
	return pi, err
}

// Text returns the page's text layer as PDFium extracts it, in reading order
// as drawn. Characters from fonts without a Unicode map come out as U+FFFD,
// control or private-use characters; judging usability is the caller's job.
func (d *Doc) Text(ctx context.Context, page int) (string, error) {
	var text string
	err := d.do(ctx, page, "text", func(inst pdfium.Pdfium) error {
		tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: pageRef(d, page)})
		if err != nil {
			return err
		}
		defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
		cnt, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
		if err != nil {
			return err
		}
		if cnt.Count <= 0 {
			return nil
		}
		// One call for the whole page: per-character calls cross the
		// WebAssembly boundary thousands of times per page.
		res, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, Count: cnt.Count})
		if err != nil {
			return err
		}
		text = res.Text
		return nil
	})
	return text, err
}

// Rendered is a page rendered to grayscale, with the mapping from its pixels
// back to the page's default user space.
type Rendered struct {
	Image *image.Gray
	// DPI is the resolution actually used: lower than asked when the page
	// would have exceeded Limits.MaxPixels.
	DPI float64
	// Downscaled is set when DPI was lowered to respect the pixel limit.
	Downscaled bool
	// m maps pixel (x, y), origin top-left, to user space (origin bottom-left):
	// ux = m[0]*x + m[2]*y + m[4]; uy = m[1]*x + m[3]*y + m[5].
	m [6]float64
	// direct is set when the page's image was drawn without PDFium.
	direct bool
}

// ToPage maps a point in image pixels (origin top-left) to the page's
// default user space in points (origin bottom-left, /Rotate undone), the
// space of the page's content stream where an invisible text layer goes.
func (r *Rendered) ToPage(x, y float64) (float64, float64) {
	return r.m[0]*x + r.m[2]*y + r.m[4], r.m[1]*x + r.m[3]*y + r.m[5]
}

// PixelToPage returns the map ToPage applies: ux = m[0]*x + m[2]*y + m[4],
// uy = m[1]*x + m[3]*y + m[5].
func (r *Rendered) PixelToPage() [6]float64 { return r.m }

// RenderSize returns the pixel size and effective DPI of rendering a page
// of w x h points at dpi within maxPixels.
func RenderSize(w, h float64, dpi, maxPixels int) (pw, ph int, eff float64, down bool) {
	eff = float64(dpi)
	pw = int(math.Ceil(w * eff / 72))
	ph = int(math.Ceil(h * eff / 72))
	if pw < 1 {
		pw = 1
	}
	if ph < 1 {
		ph = 1
	}
	if pw*ph <= maxPixels && pw <= 30000 && ph <= 30000 {
		return pw, ph, eff, false
	}
	scale := math.Sqrt(float64(maxPixels) / (float64(pw) * float64(ph)))
	if s := 30000 / float64(max(pw, ph)); s < scale {
		scale = s
	}
	eff *= scale
	pw = max(1, int(math.Floor(w*eff/72)))
	ph = max(1, int(math.Floor(h*eff/72)))
	return pw, ph, eff, true
}

// Render renders page (1-based) to grayscale at dpi (0 means 300), lowering
// the DPI when the page would exceed Limits.MaxPixels: a 100,000-point media
// box comes out small, never as gigabytes. A page that is one scanned image
// is drawn from the decoded image (direct.go), several times faster than
// PDFium in WebAssembly; every other page is rendered by PDFium.
func (d *Doc) Render(ctx context.Context, page, dpi int) (*Rendered, error) {
	if dpi <= 0 {
		dpi = 300
	}
	var out *Rendered
	err := d.do(ctx, page, "render", func(inst pdfium.Pdfium) error {
		ref := pageRef(d, page)
		sz, err := inst.GetPageSize(&requests.GetPageSize{Page: ref})
		if err != nil {
			return err
		}
		pw, ph, eff, down := RenderSize(sz.Width, sz.Height, dpi, d.e.opts.Limits.MaxPixels)
		m, err := deviceToPage(inst, ref, pw, ph)
		if err != nil {
			return err
		}
		if !d.e.opts.PDFiumOnly {
			if img, err := directImage(inst, ref, pw, ph, m); err == nil {
				out = &Rendered{Image: img, DPI: eff, Downscaled: down, m: m, direct: true}
				return nil
			}
		}
		res, err := inst.RenderPageInPixels(&requests.RenderPageInPixels{
			Page: ref, Width: pw, Height: ph,
			ImageFormat: requests.RenderImageFormatGrayscale,
			// Annotations carry stamps and handwriting-like marks in scanned
			// faxes; a reviewer sees them, so OCR should too.
			RenderFlags: enums.FPDF_RENDER_FLAG_ANNOT,
		})
		if err != nil {
			return err
		}
		// The pixels live in WebAssembly memory until Cleanup: copy them out.
		src, ok := res.Result.RenderedImage.(*image.Gray)
		if !ok {
			res.Cleanup()
			return errUnexpectedImage
		}
		// Row by row: PDFium pads each row to 4 bytes, so src.Stride is
		// wider than the image whenever the width is not a multiple of 4.
		img := image.NewGray(image.Rect(0, 0, src.Rect.Dx(), src.Rect.Dy()))
		for y := 0; y < img.Rect.Dy(); y++ {
			so := src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+y)
			copy(img.Pix[y*img.Stride:(y+1)*img.Stride], src.Pix[so:so+img.Stride])
		}
		res.Cleanup()
		out = &Rendered{Image: img, DPI: eff, Downscaled: down, m: m}
		return nil
	})
	return out, err
}

// deviceToPage derives the affine pixel-to-user-space map from three
// corners, letting PDFium account for /Rotate and the crop box origin.
func deviceToPage(inst pdfium.Pdfium, ref requests.Page, w, h int) ([6]float64, error) {
	pt := func(x, y int) (float64, float64, error) {
		r, err := inst.FPDF_DeviceToPage(&requests.FPDF_DeviceToPage{
			Page: ref, SizeX: w, SizeY: h, Rotate: enums.FPDF_PAGE_ROTATION_NONE, DeviceX: x, DeviceY: y})
		if err != nil {
			return 0, 0, err
		}
		return r.PageX, r.PageY, nil
	}
	ox, oy, err := pt(0, 0)
	if err != nil {
		return [6]float64{}, err
	}
	xx, xy, err := pt(w, 0)
	if err != nil {
		return [6]float64{}, err
	}
	yx, yy, err := pt(0, h)
	if err != nil {
		return [6]float64{}, err
	}
	return [6]float64{(xx - ox) / float64(w), (xy - oy) / float64(w),
		(yx - ox) / float64(h), (yy - oy) / float64(h), ox, oy}, nil
}
