package train

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"imrpacket/classify/internal/corpus"
)

// truthFile is the part of the generator's truth file this check reads.
type truthFile struct {
	Pages []struct {
		SourcePage  int    `json:"source_page"`
		Document    string `json:"document"`
		DuplicateOf *int   `json:"duplicate_of"`
	} `json:"pages"`
	Documents []struct {
		ID      string `json:"id"`
		Type    string `json:"type"`
		Subtype string `json:"subtype"`
		Title   string `json:"title"`
	} `json:"documents"`
}

// OCRPackets reads rendered-and-OCR'd generated packets: for each name, the
// truth at truthDir/NAME.truth.json and page texts at ocrDir/NAME/page-N.txt
// (as `tesseract` writes them). Duplicate pages are left out, as the pipeline
// removes them before classifying.
func OCRPackets(truthDir, ocrDir string, names []string) ([][]corpus.Doc, error) {
	var out [][]corpus.Doc
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(truthDir, name+".truth.json"))
		if err != nil {
			return nil, fmt.Errorf("ocr check: %w", err)
		}
		var tf truthFile
		if err := json.Unmarshal(b, &tf); err != nil {
			return nil, fmt.Errorf("ocr check %s: %w", name, err)
		}
		docs := map[string]int{}
		var pk []corpus.Doc
		for _, p := range tf.Pages {
			if p.DuplicateOf != nil {
				continue
			}
			txt, err := os.ReadFile(filepath.Join(ocrDir, name, "page-"+strconv.Itoa(p.SourcePage)+".txt"))
			if err != nil {
				return nil, fmt.Errorf("ocr check: %w", err)
			}
			i, ok := docs[p.Document]
			// A document seen before but not just now would be out of order;
			// the generator keeps a document's pages together.
			if !ok || i != len(pk)-1 {
				for _, d := range tf.Documents {
					if d.ID == p.Document {
						pk = append(pk, corpus.Doc{ID: name + "-" + d.ID, Type: d.Type, Subtype: d.Subtype, Title: d.Title, Source: "synth"})
					}
				}
				docs[p.Document] = len(pk) - 1
				i = len(pk) - 1
			}
			pk[i].Pages = append(pk[i].Pages, string(txt))
			pk[i].KeyDates = append(pk[i].KeyDates, corpus.KeyDate(string(txt)))
		}
		out = append(out, pk)
	}
	return out, nil
}
