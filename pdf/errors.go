package pdf

import (
	"errors"
	"fmt"
)

// Sentinels for the classes of bad input a caller branches on (errors.Is).
// Each is carried inside an *InputError, which is permanent: retrying the
// same file can never succeed.
var (
	ErrNotPDF    = errors.New("not a PDF")
	ErrEncrypted = errors.New("encrypted PDF needs a password")
	ErrTruncated = errors.New("truncated PDF")
	ErrDamaged   = errors.New("damaged PDF beyond repair")
	ErrNoPages   = errors.New("PDF has no pages")
	ErrTooLarge  = errors.New("PDF over limit")
)

// ErrPageTimeout marks a page whose rendering or text extraction ran past
// its time limit; the page fails, the document stays usable.
var ErrPageTimeout = errors.New("page time limit exceeded")

// InputError reports a file that cannot be read as a PDF. Its message names
// the problem and the file's base name only, never any content (PHI).
type InputError struct {
	Class  error  // one of the Err* sentinels above
	File   string // base name of the file
	Detail string // non-PHI detail such as a limit, may be empty
	Err    error  // underlying engine error, may be nil
}

func (e *InputError) Error() string {
	msg := fmt.Sprintf("%s: %v", e.File, e.Class)
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg
}

// Unwrap lets errors.Is match both the class sentinel and the engine error.
func (e *InputError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Class}
	}
	return []error{e.Class, e.Err}
}

// Permanent reports that retrying cannot help: the input itself is bad.
func (e *InputError) Permanent() bool { return true }

// PageError reports one page that could not be read or rendered. It is not
// fatal to the document: the caller records the page with no text.
type PageError struct {
	Page int    // 1-based page number
	Op   string // "text", "render", "info"
	Err  error
}

func (e *PageError) Error() string {
	return fmt.Sprintf("page %d: %s: %v", e.Page, e.Op, e.Err)
}

func (e *PageError) Unwrap() error { return e.Err }

var errUnexpectedImage = errors.New("renderer returned an unexpected image type")
