package index

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Schema is the JSON Schema (draft 2020-12) of index.json, version 1.
//
//go:embed schema.json
var Schema []byte

const schemaURL = "https://imrpacket.invalid/schema/index-v1.json"

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		return nil, fmt.Errorf("index schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("index schema: %w", err)
	}
	return c.Compile(schemaURL)
})

// ValidateJSON checks raw index.json bytes against the JSON Schema and then
// against the contract's cross-field rules (see Check).
func ValidateJSON(b []byte) error {
	sch, err := compiled()
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("index.json: %w", err)
	}
	if err := sch.Validate(doc); err != nil {
		return fmt.Errorf("index.json does not match schema: %w", err)
	}
	var idx Index
	if err := json.Unmarshal(b, &idx); err != nil {
		return fmt.Errorf("index.json: %w", err)
	}
	return Check(&idx)
}

// Validate encodes idx and validates it as ValidateJSON does, so tests check
// exactly what a reader would see.
func Validate(idx *Index) error {
	var buf bytes.Buffer
	if err := Encode(&buf, idx); err != nil {
		return err
	}
	return ValidateJSON(buf.Bytes())
}

// Check enforces the rules of CONTRACT.md that a JSON Schema cannot express:
// every source page appears once; a duplicate points at an earlier-numbered or
// kept page and has no packet page; every kept page belongs to exactly one
// document; document and page views agree.
func Check(idx *Index) error {
	n := idx.Source.Pages
	if len(idx.Pages) != n {
		return fmt.Errorf("index: %d page entries for %d source pages", len(idx.Pages), n)
	}
	byPage := make(map[int]*Page, n)
	for i := range idx.Pages {
		p := &idx.Pages[i]
		if p.SourcePage < 1 || p.SourcePage > n {
			return fmt.Errorf("index: page entry %d has source_page %d out of range", i, p.SourcePage)
		}
		if byPage[p.SourcePage] != nil {
			return fmt.Errorf("index: source page %d listed twice", p.SourcePage)
		}
		byPage[p.SourcePage] = p
	}
	dups := make(map[int]Duplicate, len(idx.Duplicates))
	for _, d := range idx.Duplicates {
		p := byPage[d.SourcePage]
		if p == nil {
			return fmt.Errorf("index: duplicate of unknown page %d", d.SourcePage)
		}
		if p.DuplicateOf == nil || *p.DuplicateOf != d.DuplicateOf {
			return fmt.Errorf("index: page %d duplicate_of disagrees with duplicates list", d.SourcePage)
		}
		kept := byPage[d.DuplicateOf]
		if kept == nil || kept.DuplicateOf != nil {
			return fmt.Errorf("index: page %d is a duplicate of page %d, which is not a kept page", d.SourcePage, d.DuplicateOf)
		}
		dups[d.SourcePage] = d
	}
	packetPages := map[int]int{}
	for _, p := range idx.Pages {
		_, listed := dups[p.SourcePage]
		if (p.DuplicateOf != nil) != listed {
			return fmt.Errorf("index: page %d duplicate_of set but not listed in duplicates (or the reverse)", p.SourcePage)
		}
		if p.DuplicateOf != nil && p.PacketPage != nil {
			return fmt.Errorf("index: duplicate page %d has a packet page", p.SourcePage)
		}
		if p.PacketPage != nil {
			if prev, ok := packetPages[*p.PacketPage]; ok {
				return fmt.Errorf("index: pages %d and %d share packet page %d", prev, p.SourcePage, *p.PacketPage)
			}
			packetPages[*p.PacketPage] = p.SourcePage
		}
	}
	owner := map[int]string{}
	ids := map[string]bool{}
	for _, d := range idx.Documents {
		if ids[d.ID] {
			return fmt.Errorf("index: document id %s used twice", d.ID)
		}
		ids[d.ID] = true
		for _, sp := range d.SourcePages {
			p := byPage[sp]
			if p == nil {
				return fmt.Errorf("index: document %s lists unknown page %d", d.ID, sp)
			}
			if prev, ok := owner[sp]; ok {
				return fmt.Errorf("index: page %d belongs to documents %s and %s", sp, prev, d.ID)
			}
			owner[sp] = d.ID
			if p.Document != d.ID {
				return fmt.Errorf("index: page %d names document %q but is listed in %s", sp, p.Document, d.ID)
			}
		}
		for _, dt := range d.Dates {
			if !contains(d.SourcePages, dt.SourcePage) {
				return fmt.Errorf("index: document %s has a date on page %d outside the document", d.ID, dt.SourcePage)
			}
		}
	}
	for _, p := range idx.Pages {
		if p.DuplicateOf == nil && owner[p.SourcePage] == "" {
			return fmt.Errorf("index: kept page %d belongs to no document", p.SourcePage)
		}
	}
	return nil
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
