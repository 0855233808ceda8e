package worker_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"imrpacket/pdf/pdftest"
	"imrpacket/queue"
	"imrpacket/worker"
)

// Canaries: a claimant's name, date of birth (three spellings) and claim
// number, planted in the page text (text layer and scanned image) and in the
// upload key.
const (
	canaryName    = "Zebediah Quibblesworth"
	canaryDOB     = "07/04/1961"
	canaryDOBISO  = "1961-07-04"
	canaryDOBLong = "July 4, 1961"
	canaryClaim   = "ZQ-8812-4471"
)

func canaryLines() []string {
	return append([]string{
		"UTILIZATION REVIEW DETERMINATION",
		"Injured Worker: " + canaryName,
		"Date of Birth: " + canaryDOB,
		"Claim Number: " + canaryClaim,
		"Date of Injury: 03/15/2024",
		"Patient " + canaryName + " born " + canaryDOBLong + " (" + canaryDOBISO + ").",
	}, pdftest.Sample...)
}

// TestNoPHIInWorkerAndServeLogs runs `imrpacket serve` and `imrpacket
// worker` at debug level through the real pipeline (text layer and OCR) on
// packets that carry canaries in their pages and keys, drives every serve
// route and a failing packet, and asserts no canary is in any log line or
// metric of either process, while the outputs show the pipeline did read
// them.
func TestNoPHIInWorkerAndServeLogs(t *testing.T) {
	s := startService(t, nil)
	text := pdftest.TextPDF(pdftest.TextPage{Lines: canaryLines()}, pdftest.TextPage{Lines: pdftest.Sample})
	scan := pdftest.ImagePDF(300, pdftest.ScanPage(300, canaryLines()))
	keys := map[string][]byte{
		"claims/" + canaryName + " " + canaryDOBISO + ".pdf":    text,
		"claims/" + canaryClaim + " scan " + canaryDOB + ".pdf": scan,
		"claims/" + canaryName + " broken.pdf":                  []byte("%PDF-1.4\n" + canaryName + "\n"),
	}
	for k, b := range keys {
		s.upload(k, b)
	}

	const eventToken, readerToken = "event-token-0123456789", "reader-token-0123456789"
	serveAddr, metricsAddr := freeAddr(t), freeAddr(t)
	serve := startCmd(t, "serve", s.cmdEnv(), append(append([]string{"serve"}, s.cmdFlags()...),
		"--addr", serveAddr, "--event-token", eventToken, "--reader-token", readerToken, "--log-level", "debug")...)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := waitHTTP(ctx, serveAddr); err != nil {
		t.Fatalf("serve not listening: %v\n%s", err, serve.Tail(10))
	}
	w := s.startWorkerCmd("worker", "--log-level", "debug", "--metrics-addr", metricsAddr)

	do := func(method, path, token, body string) (int, string) {
		req, _ := http.NewRequest(method, "http://"+serveAddr+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	var recs []string
	for k, b := range keys {
		recs = append(recs, fmt.Sprintf(`{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":%q},"object":{"key":%q,"size":%d}}}`,
			inBucket, url.QueryEscape(k), len(b)))
	}
	// A gone object and a malformed event exercise the error paths.
	recs = append(recs, fmt.Sprintf(`{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":%q},"object":{"key":%q}}}`,
		inBucket, url.QueryEscape("claims/"+canaryName+" gone.pdf")))
	if code, body := do("POST", "/v1/events/s3", eventToken, `{"Records":[`+strings.Join(recs, ",")+`]}`); code/100 != 2 {
		t.Fatalf("event: %d %s", code, body)
	}
	do("POST", "/v1/events/s3", eventToken, `{"Records":[{"eventName":"`+canaryName+`","s3":{"object":{"key":"`+canaryDOB+`"}}}`)

	lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
	var done []string
	for k := range keys {
		if strings.Contains(k, "broken") {
			continue
		}
		deadline := time.Now().Add(3 * time.Minute)
		for {
			if _, err := s.store.Stat(context.Background(), outBucket, lay.IndexKey(k)); err == nil {
				break
			}
			if time.Now().After(deadline) || w.Exited() {
				t.Fatalf("no index.json for a canary packet; worker log:\n%s", w.Tail(20))
			}
			time.Sleep(200 * time.Millisecond)
		}
		done = append(done, k)
	}
	// The pipeline read the canaries: they are in the outputs, where they
	// belong.
	for _, k := range done {
		idx := string(s.read(outBucket, lay.IndexKey(k)))
		if !strings.Contains(idx, "Quibblesworth") {
			t.Errorf("index.json of a canary packet lacks the claimant: the canary was not read")
		}
	}
	w.WaitLine(60*time.Second, `"task failed"`, `"class":"`+worker.ClassBadInput+`"`)

	for _, k := range done {
		id := queue.PacketID(k)
		for _, p := range []string{"/v1/packets", "/v1/packets/" + id, "/v1/packets/" + id + "/pdf", "/v1/packets/" + id + "/view"} {
			if code, _ := do("GET", p, readerToken, ""); code != http.StatusOK && code != http.StatusFound && code != http.StatusTemporaryRedirect {
				t.Errorf("GET %s: %d", p, code)
			}
		}
	}
	do("GET", "/v1/packets/"+queue.PacketID("claims/"+canaryName+" missing.pdf"), readerToken, "")
	_, serveMetrics := do("GET", "/metrics", "", "")
	resp, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatalf("worker /metrics: %v", err)
	}
	workerMetrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(workerMetrics), "imrpacket_pages_total") {
		t.Errorf("worker /metrics lacks page counts")
	}

	serve.Signal(syscall.SIGTERM)
	w.Signal(syscall.SIGTERM)
	canaries := []string{canaryName, "Zebediah", "Quibblesworth", canaryDOB, canaryDOBISO, canaryDOBLong, canaryClaim,
		url.QueryEscape(canaryName)}
	for k := range keys {
		canaries = append(canaries, queue.PacketID(k))
	}
	sources := map[string][]string{"serve log": serve.Lines(), "worker log": w.Lines(),
		"serve /metrics": strings.Split(serveMetrics, "\n"), "worker /metrics": strings.Split(string(workerMetrics), "\n")}
	debug := 0
	for name, lines := range sources {
		for _, l := range lines {
			if strings.Contains(l, `"level":"DEBUG"`) {
				debug++
			}
			for _, c := range canaries {
				if strings.Contains(l, c) {
					t.Errorf("%s carries %q: %s", name, c, l)
				}
			}
		}
	}
	if debug == 0 {
		t.Errorf("no debug lines: the test did not run at debug level")
	}
	t.Logf("checked %d serve and %d worker log lines (%d at debug)", len(sources["serve log"]), len(sources["worker log"]), debug)
}
