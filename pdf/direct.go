package pdf

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"math"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/requests"
	"golang.org/x/image/ccitt"
)

// A scanned or faxed page is one image drawn over the page. PDFium inside
// WebAssembly turns such an image into pixels slowly: measured on this
// project's scanned packets, 1 to 5 s per page at 300 dpi (its per-pixel
// colour conversion of 4-bit and bilevel images dominates), against 0.1 to
// 0.3 s for decoding the same image in Go and scaling it onto the page. So a
// page that is exactly one image in a format Go decodes (JPEG, Flate samples,
// CCITT Group 4), with no annotations, is drawn here; anything else, or any
// doubt, goes to PDFium. See docs/PERFORMANCE.md.

// errNotDirect means the page is not a single image this file can draw.
var errNotDirect = errors.New("not a single directly decodable image")

// directImage decodes the page's only image and draws it, as PDFium would,
// onto a w x h white canvas whose pixels map to user space by m.
func directImage(inst pdfium.Pdfium, ref requests.Page, w, h int, m [6]float64) (*image.Gray, error) {
	cnt, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: ref})
	if err != nil || cnt.Count != 1 {
		return nil, errNotDirect
	}
	// Stamps and handwriting-like marks live in annotations; PDFium draws them.
	ac, err := inst.FPDFPage_GetAnnotCount(&requests.FPDFPage_GetAnnotCount{Page: ref})
	if err != nil || ac.Count != 0 {
		return nil, errNotDirect
	}
	obj, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: ref, Index: 0})
	if err != nil {
		return nil, errNotDirect
	}
	typ, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
	if err != nil || typ.Type != enums.FPDF_PAGEOBJ_IMAGE {
		return nil, errNotDirect
	}
	fc, err := inst.FPDFImageObj_GetImageFilterCount(&requests.FPDFImageObj_GetImageFilterCount{ImageObject: obj.PageObject})
	if err != nil || fc.Count > 1 {
		return nil, errNotDirect
	}
	filter := ""
	if fc.Count == 1 {
		f, err := inst.FPDFImageObj_GetImageFilter(&requests.FPDFImageObj_GetImageFilter{ImageObject: obj.PageObject, Index: 0})
		if err != nil {
			return nil, errNotDirect
		}
		filter = f.ImageFilter
	}
	md, err := inst.FPDFImageObj_GetImageMetadata(&requests.FPDFImageObj_GetImageMetadata{ImageObject: obj.PageObject, Page: ref})
	if err != nil {
		return nil, errNotDirect
	}
	iw, ih := int(md.ImageMetadata.Width), int(md.ImageMetadata.Height)
	if iw < 1 || ih < 1 || iw > 30000 || ih > 30000 {
		return nil, errNotDirect
	}
	cs := md.ImageMetadata.Colorspace
	mx, err := inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj.PageObject})
	if err != nil {
		return nil, errNotDirect
	}

	var src *image.Gray
	switch filter {
	case "DCTDecode":
		if cs != enums.FPDF_COLORSPACE_DEVICEGRAY && cs != enums.FPDF_COLORSPACE_DEVICERGB {
			return nil, errNotDirect
		}
		raw, err := inst.FPDFImageObj_GetImageDataRaw(&requests.FPDFImageObj_GetImageDataRaw{ImageObject: obj.PageObject})
		if err != nil {
			return nil, errNotDirect
		}
		src, err = decodeJPEG(raw.Data, iw, ih)
		if err != nil {
			return nil, errNotDirect
		}
	case "CCITTFaxDecode":
		if cs != enums.FPDF_COLORSPACE_DEVICEGRAY && cs != enums.FPDF_COLORSPACE_UNKNOWN {
			return nil, errNotDirect
		}
		raw, err := inst.FPDFImageObj_GetImageDataRaw(&requests.FPDFImageObj_GetImageDataRaw{ImageObject: obj.PageObject})
		if err != nil {
			return nil, errNotDirect
		}
		// PDFium does not expose /DecodeParms; Group 4 with black as 0 is
		// what fax servers write. Another K fails to decode, and an inverted
		// page (BlackIs1) is caught by mostlyDark below.
		src = image.NewGray(image.Rect(0, 0, iw, ih))
		if err := ccitt.DecodeIntoGray(src, bytes.NewReader(raw.Data), ccitt.MSB, ccitt.Group4, nil); err != nil {
			return nil, errNotDirect
		}
	case "FlateDecode", "":
		if cs != enums.FPDF_COLORSPACE_DEVICEGRAY && cs != enums.FPDF_COLORSPACE_DEVICERGB {
			return nil, errNotDirect
		}
		// PDFium undoes Flate and any predictor; the samples stay packed.
		dec, err := inst.FPDFImageObj_GetImageDataDecoded(&requests.FPDFImageObj_GetImageDataDecoded{ImageObject: obj.PageObject})
		if err != nil {
			return nil, errNotDirect
		}
		comps := 1
		if cs == enums.FPDF_COLORSPACE_DEVICERGB {
			comps = 3
		}
		src, err = unpackSamples(dec.Data, iw, ih, comps)
		if err != nil {
			return nil, errNotDirect
		}
	default:
		return nil, errNotDirect
	}
	// A /Decode array or BlackIs1 (which PDFium does not report) would
	// invert the image; scans are dark text on light paper, so a mostly
	// dark result is left to PDFium, which reads the whole dictionary.
	if mostlyDark(src) {
		return nil, errNotDirect
	}
	im := [6]float64{float64(mx.Matrix.A), float64(mx.Matrix.B), float64(mx.Matrix.C),
		float64(mx.Matrix.D), float64(mx.Matrix.E), float64(mx.Matrix.F)}
	out, ok := drawImage(src, im, w, h, m)
	if !ok {
		return nil, errNotDirect
	}
	return out, nil
}

// decodeJPEG decodes a baseline or progressive JPEG to gray, refusing CMYK
// (Adobe inverts it) and a size other than the PDF says.
func decodeJPEG(data []byte, w, h int) (*image.Gray, error) {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		return nil, errNotDirect
	}
	switch im := img.(type) {
	case *image.Gray:
		return im, nil
	case *image.YCbCr:
		// The luma plane is the gray image (ITU-R BT.601, as PDFium uses).
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			copy(g.Pix[y*w:(y+1)*w], im.Y[im.YOffset(0, y):im.YOffset(0, y)+w])
		}
		return g, nil
	}
	return nil, errNotDirect
}

// unpackSamples turns packed 1, 2, 4 or 8-bit gray, or 8-bit RGB, rows into
// 8-bit gray. The depth follows from the length: PDFium's metadata reports
// the depth it renders at, not the stream's.
func unpackSamples(data []byte, w, h, comps int) (*image.Gray, error) {
	bpc := 0
	for _, b := range []int{1, 2, 4, 8} {
		if (w*b*comps+7)/8*h == len(data) {
			bpc = b
			break
		}
	}
	if bpc == 0 || (comps == 3 && bpc != 8) {
		return nil, errNotDirect
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	row := (w*bpc*comps + 7) / 8
	maxv := (1 << bpc) - 1
	// Below 8 bits a sample byte holds several pixels: look up all of a
	// byte's gray levels at once (a fax page is 4 million 1-bit pixels).
	per := 8 / bpc
	var levels [256][8]uint8
	if bpc < 8 {
		for b := range levels {
			for i := range per {
				v := (b >> (8 - bpc*(i+1))) & maxv
				levels[b][i] = uint8(v * 255 / maxv)
			}
		}
	}
	for y := 0; y < h; y++ {
		in := data[y*row : (y+1)*row]
		out := g.Pix[y*w : (y+1)*w]
		switch {
		case comps == 3:
			for x := range out {
				r, gg, b := int(in[3*x]), int(in[3*x+1]), int(in[3*x+2])
				out[x] = uint8((299*r + 587*gg + 114*b + 500) / 1000)
			}
		case bpc == 8:
			copy(out, in)
		default:
			full := w / per
			for i, b := range in[:full] {
				copy(out[i*per:i*per+per], levels[b][:per])
			}
			if rest := w - full*per; rest > 0 {
				copy(out[full*per:], levels[in[full]][:rest])
			}
		}
	}
	return g, nil
}

// mostlyDark samples the image and reports whether most of it is dark.
func mostlyDark(g *image.Gray) bool {
	var dark, n int
	step := max(1, len(g.Pix)/20000)
	for i := 0; i < len(g.Pix); i += step {
		n++
		if g.Pix[i] < 128 {
			dark++
		}
	}
	return dark*2 > n
}

// drawImage draws src, placed by the image matrix im (unit square to user
// space), on a white w x h canvas whose pixel (x, y) is user-space point
// m(x, y), with bilinear sampling as PDFium's smoothed image rendering does.
func drawImage(src *image.Gray, im [6]float64, w, h int, m [6]float64) (*image.Gray, bool) {
	// Device pixel -> user space -> unit square -> source pixel, composed
	// into one affine map.
	det := im[0]*im[3] - im[1]*im[2]
	if math.Abs(det) < 1e-9 {
		return nil, false
	}
	// Inverse of the image matrix: user (ux, uy) -> unit (u, v).
	ia, ib := im[3]/det, -im[1]/det
	ic, id := -im[2]/det, im[0]/det
	sw, sh := float64(src.Rect.Dx()), float64(src.Rect.Dy())
	// source x = u*sw, source y = (1-v)*sh (image rows run top to bottom).
	// u = ia*(ux-e) + ic*(uy-f); v = ib*(ux-e) + id*(uy-f).
	// ux = m0*x + m2*y + m4; uy = m1*x + m3*y + m5.
	ux0, uy0 := m[4]-im[4], m[5]-im[5]
	u0 := ia*ux0 + ic*uy0
	v0 := ib*ux0 + id*uy0
	udx, vdx := ia*m[0]+ic*m[1], ib*m[0]+id*m[1]
	udy, vdy := ia*m[2]+ic*m[3], ib*m[2]+id*m[3]
	sx0, sy0 := u0*sw, (1-v0)*sh
	sxdx, sydx := udx*sw, -vdx*sh
	sxdy, sydy := udy*sw, -vdy*sh

	out := image.NewGray(image.Rect(0, 0, w, h))
	sp, stride := src.Pix, src.Stride
	maxX, maxY := src.Rect.Dx()-1, src.Rect.Dy()-1
	if sydx == 0 && sxdy == 0 {
		// An upright scan, the usual page: the source column under each
		// device column is the same on every row, so it is worked out once.
		drawUpright(out, sp, stride, maxX, maxY, sx0, sy0, sxdx, sydy)
	} else {
		drawAffine(out, sp, stride, maxX, maxY, sx0, sy0, sxdx, sydx, sxdy, sydy)
	}
	return out, true
}

// drawAffine samples src (sp, stride) bilinearly at every pixel centre of
// out, source position (sx0, sy0) plus the steps per device pixel.
func drawAffine(out *image.Gray, sp []uint8, stride, maxX, maxY int, sx0, sy0, sxdx, sydx, sxdy, sydy float64) {
	w, h := out.Rect.Dx(), out.Rect.Dy()
	for y := 0; y < h; y++ {
		fy := float64(y) + 0.5
		// Sample at pixel centres, shifted by half a source pixel so that
		// bilinear weights centre on source pixels too.
		sx := sx0 + sxdx*0.5 + sxdy*fy - 0.5
		sy := sy0 + sydx*0.5 + sydy*fy - 0.5
		row := out.Pix[y*out.Stride : y*out.Stride+w]
		for x := range row {
			if sx < -0.5 || sy < -0.5 || sx > float64(maxX)+0.5 || sy > float64(maxY)+0.5 {
				row[x] = 255
			} else {
				x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
				fx, fy := sx-float64(x0), sy-float64(y0)
				x1, y1 := min(x0+1, maxX), min(y0+1, maxY)
				x0, y0 = max(x0, 0), max(y0, 0)
				row[x] = bilinear(sp[y0*stride+x0], sp[y0*stride+x1], sp[y1*stride+x0], sp[y1*stride+x1], fx, fy)
			}
			sx += sxdx
			sy += sydx
		}
	}
}

// drawUpright is drawImage's sampling where the image is neither rotated
// nor skewed: source x depends on the device column only, source y on the
// row only. It does the same arithmetic in the same order as the general
// loop, so its pixels are the same, at a fraction of the work: a 300-dpi
// render of a 200-dpi scan spent most of its time finding source pixels.
// Each source row's blend across (bilinear's top and bot) is computed once
// and kept while the rows that sample it are drawn: a 300-dpi render of a
// 200-dpi scan draws every source row one and a half times.
func drawUpright(out *image.Gray, sp []uint8, stride, maxX, maxY int, sx0, sy0, sxdx, sydy float64) {
	w := out.Rect.Dx()
	cols := make([]struct {
		x0, x1 int
		fx     float64
		in     bool
	}, w)
	sx := sx0 + sxdx*0.5 - 0.5
	for x := range cols {
		c := &cols[x]
		c.in = sx >= -0.5 && sx <= float64(maxX)+0.5
		x0 := int(math.Floor(sx))
		c.fx = sx - float64(x0)
		c.x1, c.x0 = min(x0+1, maxX), max(x0, 0)
		sx += sxdx
	}
	// across holds two source rows blended across, by row number; used
	// says which was asked for last.
	var across [2]struct {
		row int
		v   []float64
	}
	across[0].row, across[1].row = -1, -1
	used := 0
	blended := func(sy int) []float64 {
		for i := range across {
			if across[i].row == sy {
				used = i
				return across[i].v
			}
		}
		i := 1 - used
		used = i
		if across[i].v == nil {
			across[i].v = make([]float64, w)
		}
		across[i].row = sy
		r, v := sp[sy*stride:], across[i].v
		for x := range cols {
			if c := &cols[x]; c.in {
				v[x] = lerp(float64(r[c.x0]), float64(r[c.x1]), c.fx)
			}
		}
		return v
	}
	for y := 0; y < out.Rect.Dy(); y++ {
		sy := sy0 + sydy*(float64(y)+0.5) - 0.5
		row := out.Pix[y*out.Stride : y*out.Stride+w]
		if sy < -0.5 || sy > float64(maxY)+0.5 {
			for x := range row {
				row[x] = 255
			}
			continue
		}
		y0 := int(math.Floor(sy))
		fy := sy - float64(y0)
		y1 := min(y0+1, maxY)
		y0 = max(y0, 0)
		top, bot := blended(y0), blended(y1)
		for x := range row {
			if !cols[x].in {
				row[x] = 255
				continue
			}
			row[x] = uint8(lerp(top[x], bot[x], fy) + 0.5)
		}
	}
}

// bilinear blends the four source pixels round a sample point, fx and fy
// its offsets from the top-left one, rounded to the nearest level.
func bilinear(p00, p10, p01, p11 uint8, fx, fy float64) uint8 {
	top := lerp(float64(p00), float64(p10), fx)
	bot := lerp(float64(p01), float64(p11), fx)
	return uint8(lerp(top, bot, fy) + 0.5)
}

// lerp is the blend both samplers use, so that drawUpright's pixels are
// bilinear's to the bit.
func lerp(a, b, f float64) float64 { return a + (b-a)*f }
