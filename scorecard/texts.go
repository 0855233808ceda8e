package scorecard

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

// Eval keeps each page's text beside a packet's outputs (OUT/text/
// page-NNNN.SOURCE.txt) so later stages can be studied without running OCR
// again; the dev harnesses of extract and dedupe read them back.

// PageText is one saved page's text and where it came from.
type PageText struct {
	Page   int
	Source string // index.SourceTextLayer or index.SourceOCR
	Text   string
}

// WritePageText saves the text of one page of the packet whose outputs are
// in outDir.
func WritePageText(outDir string, page int, source, text string) error {
	dir := filepath.Join(outDir, "text")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, fmt.Sprintf("page-%04d.%s.txt", page, source)), []byte(text), 0o644)
}

var pageTextFile = regexp.MustCompile(`page-(\d+)\.(\w+)\.txt$`)

// ReadPageTexts returns the page texts saved for the packet whose outputs
// are in outDir, in page order; none when eval saved none.
func ReadPageTexts(outDir string) ([]PageText, error) {
	files, err := filepath.Glob(filepath.Join(outDir, "text", "page-*.txt"))
	if err != nil {
		return nil, err
	}
	var out []PageText
	for _, f := range files { // Glob sorts; the page number is zero-padded
		m := pageTextFile.FindStringSubmatch(f)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, PageText{Page: n, Source: m[2], Text: string(b)})
	}
	return out, nil
}
