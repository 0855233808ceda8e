// Package index defines index.json, the machine-readable description of an
// indexed packet (schema version 1, see ../shared/CONTRACT.md), and validates it.
package index

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// SchemaVersion is the index.json schema version this package writes.
const SchemaVersion = 1

// Page types. Finer kinds go in Subtype.
const (
	TypeURLetter     = "ur_letter"
	TypeProgressNote = "progress_note"
	TypeImaging      = "imaging"
	TypeOther        = "other"
)

// Types lists the page and document types in reviewer order.
var Types = []string{TypeURLetter, TypeProgressNote, TypeImaging, TypeOther}

// Text sources of a page.
const (
	SourceTextLayer = "text_layer"
	SourceOCR       = "ocr"
	// SourceNone marks a page with no text at all (blank, or OCR found nothing).
	SourceNone = "none"
)

// Date kinds.
const (
	DateDecision        = "decision"
	DateRequestReceived = "request_received"
	DateService         = "service"
	DateExam            = "exam"
	DateInjury          = "injury"
	DateBirth           = "birth"
	DateLetter          = "letter"
	DateOther           = "other"
)

// DateKinds lists every date kind.
var DateKinds = []string{DateDecision, DateRequestReceived, DateService, DateExam, DateInjury, DateBirth, DateLetter, DateOther}

// Treatment decisions.
const (
	DecisionApproved  = "approved"
	DecisionModified  = "modified"
	DecisionDenied    = "denied"
	DecisionDelayed   = "delayed"
	DecisionUnknown   = "unknown"
	DecisionRequested = "requested"
)

// Duplicate kinds.
const (
	DuplicateExact = "exact"
	DuplicateNear  = "near"
)

// Index is the whole of index.json.
type Index struct {
	SchemaVersion int         `json:"schema_version"`
	Source        Source      `json:"source"`
	Pages         []Page      `json:"pages"`
	Documents     []Document  `json:"documents"`
	Duplicates    []Duplicate `json:"duplicates"`

	// Fields beyond the contract's minimum; readers ignore what they do not know.
	Claim       *Claim     `json:"claim,omitempty"`
	Deadlines   []Deadline `json:"imr_deadlines,omitempty"`
	Packet      *Output    `json:"packet,omitempty"`
	Generator   string     `json:"generator,omitempty"`
	CreatedAt   string     `json:"created_at,omitempty"`
	NeedsReview int        `json:"needs_review_count"`
}

// Source describes the uploaded PDF.
type Source struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Pages  int    `json:"pages"`
	Bytes  int64  `json:"bytes,omitempty"`
}

// Output describes the produced packet.pdf.
type Output struct {
	Name  string `json:"name"`
	Pages int    `json:"pages"`
	// FrontPages is how many contents pages precede the first document.
	FrontPages int `json:"front_pages"`
}

// Page is one source page.
type Page struct {
	SourcePage    int     `json:"source_page"`
	Type          string  `json:"type"`
	Subtype       string  `json:"subtype,omitempty"`
	Confidence    float64 `json:"confidence"`
	TextSource    string  `json:"text_source"`
	Document      string  `json:"document,omitempty"`
	DuplicateOf   *int    `json:"duplicate_of"`
	PacketPage    *int    `json:"packet_page"`
	NeedsReview   bool    `json:"needs_review,omitempty"`
	Rotation      int     `json:"rotation,omitempty"`
	OCRConfidence float64 `json:"ocr_confidence,omitempty"`
}

// Document is a run of consecutive source pages that form one record.
type Document struct {
	ID          string      `json:"id"`
	Type        string      `json:"type"`
	Subtype     string      `json:"subtype,omitempty"`
	Title       string      `json:"title"`
	Confidence  float64     `json:"confidence"`
	NeedsReview bool        `json:"needs_review,omitempty"`
	SourcePages []int       `json:"source_pages"`
	PacketPages []int       `json:"packet_pages"`
	Date        string      `json:"date,omitempty"`
	Dates       []Date      `json:"dates"`
	Treatments  []Treatment `json:"treatments"`
	Provider    string      `json:"provider,omitempty"`
	// DuplicateOf names the document this one repeats as a whole, if any.
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// Date is one date printed in a document.
type Date struct {
	Kind       string `json:"kind"`
	Date       string `json:"date"`
	SourcePage int    `json:"source_page"`
	Text       string `json:"text"`
}

// Treatment is one requested treatment and its decision.
type Treatment struct {
	Text       string `json:"text"`
	Code       string `json:"code,omitempty"`
	Quantity   string `json:"quantity,omitempty"`
	Frequency  string `json:"frequency,omitempty"`
	BodyPart   string `json:"body_part,omitempty"`
	Decision   string `json:"decision"`
	SourcePage int    `json:"source_page"`
}

// Duplicate records a source page left out because it repeats a kept page.
type Duplicate struct {
	SourcePage  int     `json:"source_page"`
	DuplicateOf int     `json:"duplicate_of"`
	Kind        string  `json:"kind"`
	Similarity  float64 `json:"similarity"`
}

// Claim holds packet-level claim facts, each with the pages it came from.
type Claim struct {
	ClaimNumber         *Fact `json:"claim_number,omitempty"`
	InjuryDate          *Fact `json:"date_of_injury,omitempty"`
	Claimant            *Fact `json:"claimant,omitempty"`
	Employer            *Fact `json:"employer,omitempty"`
	ClaimsAdministrator *Fact `json:"claims_administrator,omitempty"`
	RequestingPhysician *Fact `json:"requesting_physician,omitempty"`
	URReviewer          *Fact `json:"ur_reviewer,omitempty"`
}

// Fact is one claim fact and where it was read.
type Fact struct {
	Value       string `json:"value"`
	SourcePages []int  `json:"source_pages"`
}

// Deadline is the IMR filing deadline computed for one UR decision letter.
type Deadline struct {
	Document     string `json:"document"`
	DecisionDate string `json:"decision_date"`
	Deadline     string `json:"deadline"`
	Basis        string `json:"basis"`
}

// Write writes idx as indented JSON to path, via a temporary file and a rename
// so a reader never sees a half-written index.
func Write(path string, idx *Index) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".index-*.json")
	if err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	defer os.Remove(f.Name())
	if err := Encode(f, idx); err != nil {
		f.Close()
		return fmt.Errorf("write index: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	return nil
}

// Encode writes idx as indented JSON. Nil lists are written as [] because
// the contract's readers expect arrays, never null.
func Encode(w io.Writer, idx *Index) error {
	idx.fillEmpty()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(idx)
}

// Read reads an index.json file.
func Read(path string) (*Index, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	var idx Index
	if err := json.Unmarshal(b, &idx); err != nil {
		return nil, fmt.Errorf("read index %s: %w", filepath.Base(path), err)
	}
	return &idx, nil
}

func (idx *Index) fillEmpty() {
	if idx.Pages == nil {
		idx.Pages = []Page{}
	}
	if idx.Documents == nil {
		idx.Documents = []Document{}
	}
	if idx.Duplicates == nil {
		idx.Duplicates = []Duplicate{}
	}
	for i := range idx.Documents {
		d := &idx.Documents[i]
		if d.Dates == nil {
			d.Dates = []Date{}
		}
		if d.Treatments == nil {
			d.Treatments = []Treatment{}
		}
		if d.PacketPages == nil {
			d.PacketPages = []int{}
		}
	}
}
