// Package packet assembles the reviewer's packet.pdf from the source PDF: documents in
// reviewer order behind contents pages, with an outline, page stamps and invisible OCR text.
//
// It works on pdfcpu's object model and never decodes page images, so memory stays near
// the size of the source file however many pages it has. It does not import the pipeline's
// other stages: callers describe what to build in a Plan.
package packet

import (
	"errors"
	"fmt"

	"imrpacket/index"
)

// Reviewer orders accepted by Options.Order and Order.
const (
	// OrderGrouped puts UR letters first, then RFAs, then progress notes and imaging in one
	// chronology, then everything else.
	OrderGrouped = "grouped"
	// OrderChronological puts every document in one chronology.
	OrderChronological = "chronological"
)

// SubtypeRFA is the subtype of a Request for Authorization, whatever its type.
const SubtypeRFA = "rfa"

// Document is one record in the packet.
type Document struct {
	ID      string
	Type    string // index.Type*
	Subtype string
	Title   string
	// Date is the primary date, YYYY-MM-DD, or "" when unknown.
	Date     string
	Provider string
	// SourcePages are the document's pages in reading order. Pages listed as duplicates in
	// the Plan are left out of the packet even when they appear here.
	SourcePages []int
	Treatments  []index.Treatment
	NeedsReview bool
}

// Word is one OCR'd word to lay down as invisible text.
type Word struct {
	Text string
	// The word's box in PDF points in the page's default user space: the coordinates the
	// page's own content stream uses, before /Rotate, origin bottom-left, MediaBox offsets
	// included.
	LLX, LLY, URX, URY float64
	// Dir is the direction the text runs in user space, counter-clockwise: 0 (left to
	// right), 90 (upwards), 180, 270 (downwards).
	Dir int
}

// Scan is OCR output in the coordinates of the rendered page image, for callers that have
// pixels rather than PDF points. Assemble maps it onto the page using the page's own
// CropBox and /Rotate, which the caller then need not know.
type Scan struct {
	// Width and Height of the rendered image in pixels; the image shows the page's visible
	// box as displayed (after /Rotate).
	Width, Height int
	Words         []ScanWord
}

// ScanWord is a word box on the rendered image.
type ScanWord struct {
	Text string
	// Pixels, origin top-left of the image.
	X0, Y0, X1, Y1 float64
	// Dir is the direction the text runs on the image, counter-clockwise: 0, 90, 180, 270.
	Dir int
}

// Plan is everything Assemble needs besides the source PDF.
type Plan struct {
	Documents []Document
	// Duplicates are left out of the packet and listed at the end of the contents.
	Duplicates []index.Duplicate
	// Deadlines are the IMR filing deadlines, one per UR letter, shown at the top.
	Deadlines []index.Deadline
	// Words are the invisible text for OCR'd source pages, keyed by source page.
	Words map[int][]Word
	// Scans are an alternative to Words in image pixels, keyed by source page. A page
	// with both uses Words.
	Scans map[int]Scan
	// SourceName is the uploaded file's name, shown on the contents page.
	SourceName string
	// Turn is how far to turn source pages clockwise for display (90, 180
	// or 270), keyed by source page: scans fed in sideways or upside down,
	// as OCR found them, so the reviewer reads every page upright. Word
	// boxes stay in user space, which turning the display does not move.
	Turn map[int]int
}

// Options tune the packet.
type Options struct {
	// Order is OrderGrouped (the default when empty) or OrderChronological.
	Order string
	// StampPrefix is the Bates prefix, "IMR" when empty.
	StampPrefix string
	// StampDigits is the zero-padded width of the Bates number, 6 when zero.
	StampDigits int
}

// Result tells the caller where every page went.
type Result struct {
	// PacketPage maps each kept source page to its 1-based page in packet.pdf.
	PacketPage map[int]int
	// FrontPages is how many contents pages precede the first document.
	FrontPages int
	// Pages is the packet's page count.
	Pages int
	// DocumentPages maps a document ID to its packet pages in order.
	DocumentPages map[string][]int
	// Order is the documents in the order they appear in the packet.
	Order []string
}

// Error classes callers branch on.
var (
	// ErrSource means pdfcpu cannot read the source PDF (malformed beyond repair,
	// encrypted, or not a PDF). Permanent.
	ErrSource = errors.New("source PDF unreadable for assembly")
	// ErrPlan means the Plan contradicts itself or the source (a page out of range, a page
	// in two documents, a kept page in no document). Permanent.
	ErrPlan = errors.New("invalid packet plan")
	// ErrOptions means Options hold an unknown value. Permanent.
	ErrOptions = errors.New("invalid packet options")
)

// PermanentError marks an error that retrying cannot fix.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap lets errors.Is see the class sentinel.
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent reports true: the same input fails the same way.
func (e *PermanentError) Permanent() bool { return true }

func permanent(class error, format string, args ...any) error {
	return &PermanentError{Err: fmt.Errorf("packet: %w: "+format, append([]any{class}, args...)...)}
}
