// Package mtsamples reads the MTSamples clinical transcription corpus, merges rows
// that share a text, labels each text with a coarse page class and splits train/test by text.
package mtsamples

import (
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// EnvPath names the environment variable that overrides the corpus location.
const EnvPath = "IMRPACKET_MTSAMPLES"

// relPath is where the corpus sits relative to a directory beside the repo.
const relPath = "shared/corpus/mtsamples.csv"

// ErrNotFound means the corpus file could not be located; tests skip on it
// because the corpus is licensed for research use and is not in the repo.
var ErrNotFound = errors.New("mtsamples: corpus not found (set " + EnvPath + " or place ../shared/corpus/mtsamples.csv beside the repo)")

// ErrFormat means the file is not the expected CSV (header or columns missing).
var ErrFormat = errors.New("mtsamples: bad corpus format")

// Split is one side of the train/test split.
type Split string

// The two sides of the split, and All for both.
const (
	Train Split = "train"
	Test  Split = "test"
	All   Split = ""
)

// trainPercent is the share of unique texts assigned to Train.
const trainPercent = 80

// Sample is one unique transcription text. Rows of the CSV with the same
// normalised text are merged: MTSamples lists most texts under about two specialties.
type Sample struct {
	// ID is the smallest sample_id among the merged rows, as printed in the CSV.
	ID          string
	Specialties []string // sorted, unique
	Name        string   // sample_name of the first row
	Description string
	Keywords    string
	Text        string // the transcription as in the CSV
	// Class is index.TypeImaging, index.TypeProgressNote or index.TypeOther (see Classify).
	Class string
	Split Split
}

// HasSpecialty reports whether the sample is listed under specialty s.
func (s Sample) HasSpecialty(sp string) bool {
	for _, x := range s.Specialties {
		if x == sp {
			return true
		}
	}
	return false
}

// DefaultPath finds the corpus: $IMRPACKET_MTSAMPLES, else shared/corpus/mtsamples.csv
// in the working directory or any parent (the repo sits beside shared/).
func DefaultPath() (string, error) {
	if p := os.Getenv(EnvPath); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%w: %s: %v", ErrNotFound, EnvPath, err)
		}
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	for {
		p := filepath.Join(dir, relPath)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNotFound
		}
		dir = parent
	}
}

// LoadDefault loads the corpus from DefaultPath.
func LoadDefault() ([]Sample, error) {
	p, err := DefaultPath()
	if err != nil {
		return nil, err
	}
	return Load(p)
}

// Load reads the CSV at path and returns one Sample per unique text, in a
// stable order (by ID).
func Load(path string) ([]Sample, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, filepath.Base(path))
		}
		return nil, fmt.Errorf("mtsamples: open %s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	return Read(f)
}

// Read parses the corpus CSV from r; see Load.
func Read(r io.Reader) ([]Sample, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrFormat, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"sample_id", "medical_specialty", "sample_name", "transcription"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%w: no column %q", ErrFormat, need)
		}
	}
	get := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	byText := map[string]*Sample{}
	line := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return nil, fmt.Errorf("%w: record %d: %v", ErrFormat, line, err)
		}
		text := get(rec, "transcription")
		key := Normalize(text)
		if key == "" {
			continue
		}
		id := get(rec, "sample_id")
		sp := get(rec, "medical_specialty")
		s, ok := byText[key]
		if !ok {
			s = &Sample{ID: id, Name: get(rec, "sample_name"), Description: get(rec, "description"),
				Keywords: get(rec, "keywords"), Text: text, Split: splitOf(key)}
			byText[key] = s
		} else if idLess(id, s.ID) {
			s.ID = id
		}
		if sp != "" && !s.HasSpecialty(sp) {
			s.Specialties = append(s.Specialties, sp)
		}
	}
	out := make([]Sample, 0, len(byText))
	for _, s := range byText {
		sort.Strings(s.Specialties)
		s.Class = Classify(*s)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return idLess(out[i].ID, out[j].ID)
		}
		return out[i].Text < out[j].Text
	})
	return out, nil
}

// idLess orders numeric ids numerically, others as strings.
func idLess(a, b string) bool {
	if len(a) != len(b) && isDigits(a) && isDigits(b) {
		return len(a) < len(b)
	}
	return a < b
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Normalize returns the text lower-cased with runs of space and punctuation
// collapsed to one space: the key rows are merged and split on, so a text
// listed twice with different line breaks or trailing commas stays on one side.
func Normalize(text string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// splitOf assigns a normalised text to a side by its hash, so the split is
// stable across corpus versions and row orders.
func splitOf(key string) Split {
	h := fnv.New64a()
	io.WriteString(h, key)
	if h.Sum64()%100 < trainPercent {
		return Train
	}
	return Test
}

// Filter returns the samples on the given side of the split (All for both)
// and, when class is not empty, of that class.
func Filter(samples []Sample, split Split, class string) []Sample {
	var out []Sample
	for _, s := range samples {
		if split != All && s.Split != split {
			continue
		}
		if class != "" && s.Class != class {
			continue
		}
		out = append(out, s)
	}
	return out
}
