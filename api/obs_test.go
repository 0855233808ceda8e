package api

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"imrpacket/queue"
)

func TestMetricsAndHealth(t *testing.T) {
	e := newEnv(t, envOpts{})
	e.put(inBucket, "a.pdf", minimalPDF)
	e.do("POST", "/v1/events/s3", eventToken, strings.NewReader(records(record("s3:ObjectCreated:Put", inBucket, "a.pdf", "x"))))
	e.srv.opt.Metrics.Page("imaging", "ocr")
	e.srv.opt.Metrics.OCR(time.Second)
	e.srv.opt.Metrics.Packet(time.Minute, "success", "none")

	body := string(readAll(t, e.do("GET", "/metrics", "", nil).Body))
	for _, name := range []string{
		"imrpacket_pages_total", "imrpacket_ocr_seconds_bucket", "imrpacket_packet_duration_seconds_bucket",
		"imrpacket_task_outcomes_total", `imrpacket_queue_tasks{queue="default",state="pending"} 1`,
		"imrpacket_queue_latency_seconds", "imrpacket_queue_inspect_up 1",
		`imrpacket_s3_event_records_total{result="enqueued"} 1`,
		`imrpacket_http_requests_total{code="200",route="POST /v1/events/s3"} 1`,
	} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}

	health := func() (int, Health) {
		resp := e.do("GET", "/healthz", "", nil)
		var h Health
		if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, h
	}
	if code, h := health(); code != http.StatusOK || h.Checks["redis"] != "ok" || h.Checks["s3"] != "ok" {
		t.Fatalf("healthz with both up: %d %+v", code, h)
	}
	e.redis.Stop()
	if code, h := health(); code != http.StatusServiceUnavailable || h.Checks["redis"] != "fail" || h.Checks["s3"] != "ok" {
		t.Fatalf("healthz with redis down: %d %+v", code, h)
	}
	e.s3.Stop()
	if code, h := health(); code != http.StatusServiceUnavailable || h.Checks["s3"] != "fail" {
		t.Fatalf("healthz with S3 down: %d %+v", code, h)
	}
}

// TestNoPHIInLogsOrMetrics plants canaries (a claimant's name, a date of
// birth, a claim number) in the upload key and the index, drives every route
// with debug logging, and looks for them in every log line and metric label.
func TestNoPHIInLogsOrMetrics(t *testing.T) {
	e := newEnv(t, envOpts{})
	const name, dob, dobUS, claimNo = "Zebediah Quibblesworth", "1961-07-04", "07/04/1961", "ZQ-8812-4471"
	key := "claims/" + name + " " + dob + ".pdf"
	e.put(inBucket, key, minimalPDF)
	id := e.publishPacket(key, fixture(t))
	base := "/v1/packets/" + id

	ev := records(record("s3:ObjectCreated:Put", inBucket, key, "e1"), record("s3:ObjectCreated:Put", inBucket, "claims/"+name+" gone.pdf", "e2"))
	e.do("POST", "/v1/events/s3", eventToken, strings.NewReader(ev))
	e.do("POST", "/v1/events/s3", eventToken, strings.NewReader(ev))
	e.do("POST", "/v1/events/s3", eventToken, strings.NewReader(`{"Records":[{"eventName":"`+name+`","s3":{"bucket":{"name":"x"},"object":{"key":"`+dob+`"}}}`))
	e.do("POST", "/v1/events/s3?token="+eventToken, "", strings.NewReader(`{"Records":[{"s3":{"object":{"key":"`+name+`.pdf","size":"`+dob+`"}}}]}`))
	for _, p := range []string{"/v1/packets", base, base + "/pdf", base + "/view", "/v1/packets/" + base64.RawURLEncoding.EncodeToString([]byte(name)), "/metrics", "/healthz"} {
		e.do("GET", p, readerToken, nil)
	}
	e.do("GET", e.srv.Signer().Sign(base+"/view", time.Now().Add(time.Hour)), "", nil)
	e.do("GET", base+"/view?exp=1&sig=00", "", nil)
	e.redis.Stop() // error paths log too
	e.do("POST", "/v1/events/s3", eventToken, strings.NewReader(ev))
	metricsText := string(readAll(t, e.do("GET", "/metrics", "", nil).Body))

	logs := e.logs.String()
	if !strings.Contains(logs, `"level":"DEBUG"`) || strings.Count(logs, "\n") < 10 {
		t.Fatalf("expected debug logging from every request, got:\n%s", logs)
	}
	if testing.Verbose() {
		t.Logf("serve log:\n%s", logs)
	}
	canaries := []string{name, "Quibblesworth", "Zebediah", dob, dobUS, claimNo, id, "Jane"}
	for _, line := range strings.Split(logs, "\n") {
		for _, c := range canaries {
			if strings.Contains(line, c) {
				t.Errorf("log line carries %q: %s", c, line)
			}
		}
	}
	for _, line := range strings.Split(metricsText, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, c := range canaries {
			if strings.Contains(line, c) {
				t.Errorf("metric carries %q: %s", c, line)
			}
		}
	}
}

func TestPacketRefMatchesWorkerLogID(t *testing.T) {
	key := "claims/2025/A123.pdf"
	if got, want := PacketRef(queue.PacketID(key)), queue.LogID(key); got != want {
		t.Fatalf("PacketRef = %s, want queue.LogID = %s", got, want)
	}
	if PacketRef("not base64!") == "" {
		t.Fatal("empty ref for a bad id")
	}
}
