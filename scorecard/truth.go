// Package scorecard scores index.json outputs against the generator's truth
// files: page types, segmentation, dates, treatments, duplicates and speed.
package scorecard

import (
	"encoding/json"
	"fmt"
	"os"
)

// Truth is the part of a generator truth file (packet-NNN.truth.json) that
// scoring needs. It is read as JSON, not as synth's Go types, so the scorer
// judges what the generator wrote, not what it meant to.
type Truth struct {
	Pages     []TruthPage     `json:"pages"`
	Documents []TruthDocument `json:"documents"`
}

// TruthPage is one source page of a generated packet.
type TruthPage struct {
	SourcePage  int    `json:"source_page"`
	Type        string `json:"type"`
	Subtype     string `json:"subtype"`
	Document    string `json:"document"`
	DuplicateOf *int   `json:"duplicate_of"`
	Rendering   string `json:"rendering"`
}

// TruthDocument is one generated record.
type TruthDocument struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Subtype     string `json:"subtype"`
	SourcePages []int  `json:"source_pages"`
	// DuplicatePages repeat pages of this document; together with
	// SourcePages they are every page whose content is this document.
	DuplicatePages []int            `json:"duplicate_pages"`
	Date           string           `json:"date"`
	Dates          []TruthDate      `json:"dates"`
	Treatments     []TruthTreatment `json:"treatments"`
}

// TruthDate is a date printed in a generated document.
type TruthDate struct {
	Kind       string `json:"kind"`
	Date       string `json:"date"`
	SourcePage int    `json:"source_page"`
}

// TruthTreatment is a requested treatment with its decision.
type TruthTreatment struct {
	Text     string `json:"text"`
	Code     string `json:"code"`
	Decision string `json:"decision"`
}

// ReadTruth reads a truth file.
func ReadTruth(path string) (*Truth, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read truth: %w", err)
	}
	var t Truth
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("read truth %s: %w", path, err)
	}
	return &t, nil
}

// Pages returns every source page holding this document's content.
func (d TruthDocument) Pages() []int {
	return append(append([]int{}, d.SourcePages...), d.DuplicatePages...)
}
