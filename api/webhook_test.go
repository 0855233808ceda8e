package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"imrpacket/queue"
)

// record builds one AWS-format event record; key is encoded as S3 encodes it.
func record(event, bucket, key, etag string) string {
	enc := url.QueryEscape(key) // space -> "+", like S3
	return fmt.Sprintf(`{"eventVersion":"2.1","eventSource":"aws:s3","eventName":%q,"s3":{"s3SchemaVersion":"1.0","bucket":{"name":%q},"object":{"key":%q,"size":%d,"eTag":%q,"sequencer":"0055AED6DCD90281E5"}}}`,
		event, bucket, enc, len(minimalPDF), etag)
}

func records(rs ...string) string { return `{"Records":[` + strings.Join(rs, ",") + `]}` }

func TestWebhook(t *testing.T) {
	e := newEnv(t, envOpts{})
	keys := []string{"claims/2025/Jane Roe+IMR.pdf", "claims/2025/ZQ 8812 é.PDF"}
	for _, k := range keys {
		e.put(inBucket, k, minimalPDF)
	}
	e.put(inBucket, "claims/notes.txt", []byte("x"))

	multi := records(
		record("ObjectCreated:Put", inBucket, keys[0], "e1"),
		record("s3:ObjectCreated:CompleteMultipartUpload", inBucket, keys[1], "e2-2"),
		record("s3:ObjectCreated:Put", inBucket, "claims/notes.txt", "e3"),
		record("s3:ObjectRemoved:Delete", inBucket, "claims/old.pdf", ""),
		record("s3:ObjectCreated:Put", outBucket, outLayout.PDFKey(keys[0]), "e4"),
		record("s3:ObjectCreated:Put", inBucket, "claims/deleted-already.pdf", "e5"),
	)
	tests := []struct {
		name  string
		path  string
		token string
		body  string
		code  int
		want  EventResult
	}{
		{"multi-record", "/v1/events/s3", eventToken, multi, http.StatusOK, EventResult{Enqueued: 2, Ignored: 4}},
		{"repeated event is a no-op", "/v1/events/s3", eventToken, multi, http.StatusOK, EventResult{Duplicate: 2, Ignored: 4}},
		{"token in query (versitygw)", "/v1/events/s3?token=" + eventToken, "", records(record("s3:ObjectCreated:Put", inBucket, keys[0], "e1")), http.StatusOK, EventResult{Duplicate: 1}},
		{"test event", "/v1/events/s3", eventToken, `{"Service":"S3","Event":"s3:TestEvent","Bucket":"uploads"}`, http.StatusOK, EventResult{}},
		{"no token", "/v1/events/s3", "", multi, http.StatusUnauthorized, EventResult{}},
		{"bad token", "/v1/events/s3", "nope", multi, http.StatusUnauthorized, EventResult{}},
		{"bad query token", "/v1/events/s3?token=nope", "", multi, http.StatusUnauthorized, EventResult{}},
		{"reader token is not an event token", "/v1/events/s3", readerToken, multi, http.StatusUnauthorized, EventResult{}},
		{"malformed JSON", "/v1/events/s3", eventToken, `{"Records":[{`, http.StatusBadRequest, EventResult{}},
		{"oversized", "/v1/events/s3", eventToken, `{"Records":[],"pad":"` + strings.Repeat("x", 65<<10) + `"}`, http.StatusRequestEntityTooLarge, EventResult{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := e.do("POST", tt.path, tt.token, strings.NewReader(tt.body))
			body := readAll(t, resp.Body)
			if resp.StatusCode != tt.code {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.code, body)
			}
			if tt.code != http.StatusOK {
				return
			}
			var got EventResult
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("result %+v, want %+v", got, tt.want)
			}
		})
	}

	// Exactly one task per new PDF, with the decoded key and outputs under the layout.
	tasks, err := e.client.Inspector().ListPendingTasks(queue.QueueDefault)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ti := range tasks {
		if ti.Type != queue.TypeProcess {
			t.Errorf("task type %q", ti.Type)
		}
		p, err := queue.ParsePayload(ti.Payload)
		if err != nil {
			t.Fatal(err)
		}
		if p.OutBucket != outBucket || p.OutPrefix != outLayout.Prefix || p.ETag == "" {
			t.Errorf("payload %+v", p)
		}
		got = append(got, p.Key)
	}
	sort.Strings(got)
	sort.Strings(keys)
	if strings.Join(got, "|") != strings.Join(keys, "|") {
		t.Fatalf("queued keys %q, want %q", got, keys)
	}
}

func TestWebhookRedisDown(t *testing.T) {
	e := newEnv(t, envOpts{})
	e.put(inBucket, "a.pdf", minimalPDF)
	e.redis.Stop()
	resp := e.do("POST", "/v1/events/s3", eventToken, strings.NewReader(records(record("s3:ObjectCreated:Put", inBucket, "a.pdf", "x"))))
	body := readAll(t, resp.Body)
	// 503 makes the sender retry; a retried record is a no-op once queued.
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"failed":1`) {
		t.Fatalf("status %d body %s, want 503 with failed 1", resp.StatusCode, body)
	}
}
