package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imrpacket/index"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func renderView(t *testing.T, idx *index.Index) []byte {
	t.Helper()
	v := buildView(idx, "/v1/packets/ID/pdf?exp=1&sig=ab", "/v1/packets/ID?exp=1&sig=cd", "/v1/packets?exp=1&sig=ef", time.Unix(1_900_000_000, 0))
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "view.html", v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestViewGolden(t *testing.T) {
	var idx index.Index
	if err := json.Unmarshal(fixture(t), &idx); err != nil {
		t.Fatal(err)
	}
	got := renderView(t, &idx)
	golden := filepath.Join("testdata", "view.golden.html")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./api -run TestViewGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("view.html output differs from %s; if intended, rerun with -update", golden)
	}
}

func TestViewOrderAndEscaping(t *testing.T) {
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	idx := &index.Index{
		Source: index.Source{Name: evil + ".pdf", Pages: 3},
		Documents: []index.Document{
			{ID: "doc-2", Type: "imaging", Title: "second", PacketPages: []int{4, 5}},
			{ID: "doc-3", Type: "other", Title: "all duplicates"},
			{ID: "doc-1", Type: "ur_letter", Subtype: evil, Title: evil, PacketPages: []int{2},
				Treatments: []index.Treatment{{Text: evil, Decision: `denied" onmouseover="x`, Code: evil}}},
		},
		Claim:     &index.Claim{Claimant: &index.Fact{Value: evil}},
		Deadlines: []index.Deadline{{Document: "doc-1", Deadline: "2025-02-13", Basis: evil}},
	}
	page := string(renderView(t, idx))
	if strings.Contains(page, "<script>") || strings.Contains(page, "<img") || strings.Contains(page, `" onmouseover`) {
		t.Fatal("OCR text reached the page unescaped")
	}
	first, second, last := strings.Index(page, "#page=2"), strings.Index(page, "#page=4"), strings.Index(page, "all duplicates")
	if first < 0 || second < first || last < second {
		t.Fatalf("documents not in packet order (%d, %d, %d)", first, second, last)
	}
	if !strings.Contains(page, "4–5") {
		t.Error("page range missing")
	}
}
