package index

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestValidateJSON(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateJSON(valid); err != nil {
		t.Fatalf("valid index rejected: %v", err)
	}

	// Each case breaks one rule of the contract; the validator must name it.
	tests := []struct {
		name   string
		mutate func(*Index)
		want   string
	}{
		{"wrong type", func(x *Index) { x.Pages[0].Type = "letter" }, "schema"},
		{"bad date", func(x *Index) { x.Documents[0].Date = "01/14/2025" }, "schema"},
		{"bad decision", func(x *Index) { x.Documents[0].Treatments[0].Decision = "certified" }, "schema"},
		{"confidence over 1", func(x *Index) { x.Pages[1].Confidence = 1.2 }, "schema"},
		{"page missing", func(x *Index) { x.Pages = x.Pages[:2] }, "2 page entries"},
		{"page twice", func(x *Index) { x.Pages[2].SourcePage = 1 }, "listed twice"},
		{"duplicate with packet page", func(x *Index) { p := 9; x.Pages[2].PacketPage = &p }, "has a packet page"},
		{"duplicate not listed", func(x *Index) { x.Duplicates = nil }, "not listed"},
		{"duplicate of a duplicate", func(x *Index) {
			one := 3
			x.Pages[0].DuplicateOf = &one
			x.Pages[0].PacketPage = nil
			x.Duplicates = append(x.Duplicates, Duplicate{SourcePage: 1, DuplicateOf: 3, Kind: "near", Similarity: 0.9})
		}, "not a kept page"},
		{"kept page without document", func(x *Index) { x.Documents = x.Documents[:1] }, "belongs to no document"},
		{"page in two documents", func(x *Index) { x.Documents[1].SourcePages = []int{1, 2} }, "belongs to documents"},
		{"shared packet page", func(x *Index) { p := 3; x.Pages[0].PacketPage = &p }, "share packet page"},
		{"date outside document", func(x *Index) { x.Documents[0].Dates[0].SourcePage = 1 }, "outside the document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var idx Index
			if err := json.Unmarshal(valid, &idx); err != nil {
				t.Fatal(err)
			}
			tc.mutate(&idx)
			err := Validate(&idx)
			if err == nil {
				t.Fatalf("invalid index accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestWriteIsAtomic(t *testing.T) {
	dir := t.TempDir()
	var idx Index
	b, _ := os.ReadFile("testdata/valid.json")
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	path := dir + "/index.json"
	if err := Write(path, &idx); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(got); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}
