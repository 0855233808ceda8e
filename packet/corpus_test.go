package packet

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"imrpacket/index"
)

// corpusDir holds real malformed and tricky PDFs (../shared, outside the repo).
const corpusDir = "../../shared/corpus/pdf_robustness"

// TestAssembleCorpus runs every PDF of the robustness corpus through Assemble as one
// document: each either fails with a permanent ErrSource, or yields a packet qpdf accepts
// and poppler renders.
func TestAssembleCorpus(t *testing.T) {
	var files []string
	filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".pdf") || strings.HasSuffix(p, ".fuzz")) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skipf("corpus not found at %s", corpusDir)
	}
	for _, f := range files {
		name, _ := filepath.Rel(corpusDir, f)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if st, err := os.Stat(f); testing.Short() && (err != nil || st.Size() > 200<<10) {
				t.Skip("large file")
			}
			n := pageCount(f)
			if n == 0 {
				n = 1 // let Assemble find out what is wrong
			}
			pages := make([]int, n)
			for i := range pages {
				pages[i] = i + 1
			}
			plan := Plan{Documents: []Document{{ID: "doc-001", Type: index.TypeOther, Title: "Everything", SourcePages: pages}},
				Words: map[int][]Word{1: {{Text: "corpusword", LLX: 10, LLY: 10, URX: 60, URY: 20}}}}
			out := filepath.Join(t.TempDir(), "packet.pdf")
			res, err := Assemble(context.Background(), f, plan, Options{}, out)
			if err != nil {
				var pe *PermanentError
				if !errors.As(err, &pe) || !(errors.Is(err, ErrSource) || errors.Is(err, ErrPlan)) {
					t.Fatalf("error is neither a permanent source nor plan error: %v", err)
				}
				t.Logf("refused: %v", err)
				return
			}
			if b, err := exec.Command("qpdf", "--check", out).CombinedOutput(); err != nil {
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
					t.Errorf("qpdf --check: %v\n%s", err, b)
				}
			}
			// Poppler takes seconds to render a 35000-pixel JBIG2 or a 200-inch page.
			if strings.Contains(name, "hugemono") || strings.Contains(name, "enormous") {
				return
			}
			if b, err := exec.Command("pdftoppm", "-r", "10", "-png", "-f", "2", "-l", "2", out, filepath.Join(t.TempDir(), "p")).CombinedOutput(); err != nil {
				t.Errorf("pdftoppm: %v\n%s", err, b)
			}
			t.Logf("ok: %d pages", res.Pages)
		})
	}
}

// pageCount asks poppler, which reads damaged files much as the pipeline's pdfium does,
// how many pages f has; 0 when it cannot tell.
func pageCount(f string) int {
	out, err := exec.Command("pdfinfo", f).Output()
	if err != nil {
		return 0
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
