package queue

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPayloadQueueAndTaskID(t *testing.T) {
	base := Payload{Bucket: "in", Key: "claims/A 1.pdf", ETag: `"abc"`, OutBucket: "out", OutPrefix: "indexed/"}
	tests := []struct {
		name  string
		p     func(Payload) Payload
		queue string
	}{
		{"default", func(p Payload) Payload { return p }, QueueDefault},
		{"expedited", func(p Payload) Payload { p.Expedited = true; return p }, QueueCritical},
		{"reprocess", func(p Payload) Payload { p.Reprocess = true; return p }, QueueLow},
		{"expedited wins", func(p Payload) Payload { p.Expedited, p.Reprocess = true, true; return p }, QueueCritical},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p(base)
			if got := p.Queue(); got != tc.queue {
				t.Errorf("Queue() = %q, want %q", got, tc.queue)
			}
			// Queue and flags must not change the id: one upload, one task.
			if p.TaskID() != base.TaskID() {
				t.Errorf("TaskID changed with flags")
			}
		})
	}
	ids := map[string]string{}
	for name, p := range map[string]Payload{
		"base":       base,
		"other etag": {Bucket: "in", Key: "claims/A 1.pdf", ETag: "abd", OutBucket: "out"},
		"version":    {Bucket: "in", Key: "claims/A 1.pdf", VersionID: "v1", ETag: "abc", OutBucket: "out"},
		"other key":  {Bucket: "in", Key: "claims/A 2.pdf", ETag: "abc", OutBucket: "out"},
		"bucket":     {Bucket: "in2", Key: "claims/A 1.pdf", ETag: "abc", OutBucket: "out"},
		"range":      {Bucket: "in", Key: "claims/A 1.pdf", ETag: "abc", OutBucket: "out", Pages: &PageRange{1, 50}},
	} {
		id := p.TaskID()
		if other, dup := ids[id]; dup {
			t.Errorf("%s and %s share task id %s", name, other, id)
		}
		ids[id] = name
		if strings.Contains(id, "claims") || strings.Contains(id, "A 1") {
			t.Errorf("task id %q leaks the key", id)
		}
	}
	// Quotes around an ETag are transport noise, not a new revision.
	q := base
	q.ETag = "abc"
	if q.TaskID() != base.TaskID() {
		t.Error("quoted and unquoted ETag give different ids")
	}
}

func TestParsePayload(t *testing.T) {
	good := Payload{Bucket: "in", Key: "a.pdf", OutBucket: "out", OutPrefix: "indexed/", ETag: "e", RequestedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	b, err := good.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParsePayload(b)
	if err != nil || got.Key != good.Key || !got.RequestedAt.Equal(good.RequestedAt) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	bad := []string{
		``, `{`, `[]`, `{"bucket":"in"}`,
		`{"bucket":"in","key":"a.pdf"}`,
		`{"bucket":"in","key":"a.pdf","out_bucket":"o","extra":1}`,
		`{"bucket":"in","key":"a.pdf","out_bucket":"o"} {}`,
		`{"bucket":"in","key":"/a.pdf","out_bucket":"o"}`,
		`{"bucket":"in","key":"a.pdf","out_bucket":"o","pages":{"first":0,"last":3}}`,
		`{"bucket":"in","key":"secret-name.pdf","out_bucket":"o","requested_at":"not a time"}`,
	}
	for _, s := range bad {
		_, err := ParsePayload([]byte(s))
		if !errors.Is(err, ErrPayload) {
			t.Errorf("ParsePayload(%q) = %v, want ErrPayload", s, err)
			continue
		}
		var pe *PayloadError
		if !errors.As(err, &pe) || !pe.Permanent() {
			t.Errorf("ParsePayload(%q): error not permanent", s)
		}
		if strings.Contains(err.Error(), "secret-name") {
			t.Errorf("error %q leaks the key", err)
		}
	}
}

func FuzzParsePayload(f *testing.F) {
	f.Add([]byte(`{"bucket":"in","key":"a.pdf","out_bucket":"out","out_prefix":"indexed/","etag":"x","requested_at":"2026-01-02T03:04:05Z"}`))
	f.Add([]byte(`{"bucket":"in","key":"a.pdf","out_bucket":"o","pages":{"first":1,"last":3}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePayload(b)
		if err != nil {
			if !errors.Is(err, ErrPayload) {
				t.Fatalf("error class: %v", err)
			}
			return
		}
		// What parses must re-encode and parse to the same task.
		b2, err := p.Marshal()
		if err != nil {
			t.Fatalf("marshal valid payload: %v", err)
		}
		p2, err := ParsePayload(b2)
		if err != nil || p2.TaskID() != p.TaskID() || p2.Queue() != p.Queue() {
			t.Fatalf("round trip changed the task: %v", err)
		}
	})
}

func TestTimeoutAndRetryDelay(t *testing.T) {
	if Timeout(0) != 5*time.Minute {
		t.Errorf("Timeout(0) = %v", Timeout(0))
	}
	if Timeout(100<<20) <= Timeout(10<<20) {
		t.Error("timeout does not grow with size")
	}
	if Timeout(1<<40) != 6*time.Hour {
		t.Errorf("Timeout not capped: %v", Timeout(1<<40))
	}
	prev := time.Duration(0)
	for n := 0; n < 20; n++ {
		d := RetryDelay(n, 0)
		if d < prev || d > 15*time.Minute {
			t.Fatalf("RetryDelay(%d) = %v after %v", n, d, prev)
		}
		prev = d
		if j := RetryDelay(n, 0.999); j < d || j > d+d/5 {
			t.Fatalf("jitter out of bounds: %v vs %v", j, d)
		}
	}
}
