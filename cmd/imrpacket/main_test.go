package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"imrpacket/index"
	"imrpacket/scorecard"
)

// The command is tested as users run it: a built binary, its exit code,
// stdout, stderr and output files.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "imrpacket-bin-")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "imrpacket")
	out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

func runBin(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(os.Environ(), env...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, so.String(), se.String()}
}

const (
	scannedSample     = "../../testdata/packets/scanned.pdf"
	bornDigitalSample = "../../testdata/packets/born_digital.pdf"
)

func TestProcessSamples(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ocr  bool // whether the sample has scanned pages
	}{
		{"scanned", scannedSample, true},
		// The born-digital sample holds two rescanned copies of its pages.
		{"born digital", bornDigitalSample, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.ocr {
				t.Skip("OCR of a whole packet is slow; skipped in -short")
			}
			out := t.TempDir()
			r := runBin(t, nil, "process", tc.in, "--out", out)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			b, err := os.ReadFile(filepath.Join(out, "index.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := index.ValidateJSON(b); err != nil {
				t.Fatalf("index.json invalid: %v", err)
			}
			idx, err := index.Read(filepath.Join(out, "index.json"))
			if err != nil {
				t.Fatal(err)
			}
			if len(idx.Pages) != idx.Source.Pages || idx.Source.Pages == 0 {
				t.Fatalf("%d page entries for %d pages", len(idx.Pages), idx.Source.Pages)
			}
			truth, err := scorecard.ReadTruth(strings.TrimSuffix(tc.in, ".pdf") + ".truth.json")
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range idx.Pages {
				// A page drawn as text has a usable layer; a scan or fax has none.
				want := index.SourceOCR
				if truth.Pages[i].Rendering == "born_digital" {
					want = index.SourceTextLayer
				}
				if p.TextSource != want {
					t.Errorf("page %d (%s) text_source %s, want %s", p.SourcePage, truth.Pages[i].Rendering, p.TextSource, want)
				}
			}
			if err := exec.Command("qpdf", "--check", filepath.Join(out, "packet.pdf")).Run(); err != nil {
				t.Errorf("qpdf --check packet.pdf: %v", err)
			}
			for _, want := range []string{"documents:", "duplicates removed:", "packet:", "index:"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("summary lacks %q:\n%s", want, r.stdout)
				}
			}
		})
	}
}

func TestProcessBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sample, err := os.ReadFile(bornDigitalSample)
	if err != nil {
		t.Fatal(err)
	}
	encrypted := filepath.Join(dir, "encrypted.pdf")
	if out, err := exec.Command("qpdf", "--encrypt", "user", "owner", "256", "--", bornDigitalSample, encrypted).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --encrypt: %v %s", err, out)
	}
	tests := []struct {
		name  string
		in    string
		extra []string
		want  string // the error line must name the problem
	}{
		{"not a PDF", write("notes.pdf", []byte("Patient seen today. Plan: PT 2x6.\n")), nil, "not a pdf"},
		{"empty", write("empty.pdf", nil), nil, "empty"},
		{"truncated", write("truncated.pdf", sample[:len(sample)/2]), nil, "truncated"},
		{"encrypted", encrypted, nil, "encrypted"},
		{"over page limit", bornDigitalSample, []string{"--max-pages", "2"}, "pages"},
		{"missing file", filepath.Join(dir, "absent.pdf"), nil, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			r := runBin(t, nil, append([]string{"process", tc.in, "--out", out}, tc.extra...)...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1; stderr: %s", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 {
				t.Fatalf("error is %d lines, want one:\n%s", len(lines), r.stderr)
			}
			if !strings.Contains(strings.ToLower(lines[0]), tc.want) {
				t.Errorf("error %q does not name %q", lines[0], tc.want)
			}
			if _, err := os.Stat(filepath.Join(out, "index.json")); err == nil {
				t.Errorf("index.json written for bad input")
			}
		})
	}
}

func TestUsage(t *testing.T) {
	if r := runBin(t, nil); r.code != 2 || !strings.Contains(r.stderr, "process") {
		t.Errorf("no args: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runBin(t, nil, "frobnicate"); r.code != 2 {
		t.Errorf("unknown command: exit %d", r.code)
	}
	// --help lists every setting with its environment variable.
	for cmd, envs := range map[string][]string{
		"process": {"IMRPACKET_WORKERS", "IMRPACKET_ORDER", "LOG_LEVEL"},
		"worker":  {"REDIS_URL", "S3_ENDPOINT", "IMRPACKET_OUT_BUCKET", "WORKER_CONCURRENCY"},
		"serve":   {"REDIS_URL", "IMRPACKET_EVENT_TOKEN", "IMRPACKET_LISTEN"},
		"enqueue": {"REDIS_URL", "S3_ENDPOINT"},
	} {
		r := runBin(t, nil, cmd, "--help")
		for _, e := range envs {
			if !strings.Contains(r.stderr, e) {
				t.Errorf("%s --help does not list %s", cmd, e)
			}
		}
	}
}
