package queue_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"imrpacket/internal/testenv"
	"imrpacket/queue"
	"imrpacket/storage"
)

func put(t *testing.T, st *storage.Local, bucket, key, body string) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(src, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := st.Upload(context.Background(), bucket, key, src, ""); err != nil {
		t.Fatal(err)
	}
}

// TestEnqueueIdempotent runs the enqueue decisions against a real Redis with
// no worker, so every task stays where Enqueue put it.
func TestEnqueueIdempotent(t *testing.T) {
	rd := testenv.StartRedis(t)
	opt, err := queue.ParseRedisURL(rd.URL)
	if err != nil {
		t.Fatal(err)
	}
	st, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, b := range []string{"uploads", "packets"} {
		st.CreateBucket(ctx, b)
	}
	c := queue.NewClient(opt, st)
	defer c.Close()

	put(t, st, "uploads", "claims/A.pdf", "%PDF v1")
	p := queue.Payload{Bucket: "uploads", Key: "claims/A.pdf", OutBucket: "packets", OutPrefix: "indexed/"}
	lay := p.Layout()

	steps := []struct {
		name   string
		before func()
		p      queue.Payload
		force  bool
		want   queue.Status
		state  string
		queue  string
	}{
		{name: "first event", p: p, want: queue.Enqueued, queue: queue.QueueDefault},
		{name: "same upload again", p: p, want: queue.AlreadyQueued, state: "pending", queue: queue.QueueDefault},
		{name: "same upload, expedited", p: func() queue.Payload { q := p; q.Expedited = true; return q }(),
			want: queue.AlreadyQueued, state: "pending", queue: queue.QueueDefault},
		{name: "force replaces pending", p: p, force: true, want: queue.Enqueued, queue: queue.QueueDefault},
		{name: "new upload of the key", before: func() {
			time.Sleep(10 * time.Millisecond) // a new mtime, hence a new local ETag
			put(t, st, "uploads", "claims/A.pdf", "%PDF v2")
		}, p: p, want: queue.Enqueued, queue: queue.QueueDefault},
		{name: "index.json newer than input", before: func() {
			put(t, st, "uploads", "claims/B.pdf", "%PDF b")
			time.Sleep(10 * time.Millisecond)
			put(t, st, "packets", lay.IndexKey("claims/B.pdf"), "{}")
		}, p: func() queue.Payload { q := p; q.Key = "claims/B.pdf"; return q }(), want: queue.AlreadyDone, queue: queue.QueueDefault},
		{name: "done but forced, as reprocessing", p: func() queue.Payload { q := p; q.Key = "claims/B.pdf"; q.Reprocess = true; return q }(),
			force: true, want: queue.Enqueued, queue: queue.QueueLow},
		{name: "re-upload after done", before: func() {
			time.Sleep(10 * time.Millisecond)
			put(t, st, "uploads", "claims/C.pdf", "%PDF c")
			put(t, st, "packets", lay.IndexKey("claims/C.pdf"), "{}")
			time.Sleep(10 * time.Millisecond)
			put(t, st, "uploads", "claims/C.pdf", "%PDF c2")
		}, p: func() queue.Payload { q := p; q.Key = "claims/C.pdf"; return q }(), want: queue.Enqueued, queue: queue.QueueDefault},
	}
	outs := map[string]queue.Outcome{}
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		out, err := c.Enqueue(ctx, s.p, s.force)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if out.Status != s.want || out.Queue != s.queue || (s.state != "" && out.State != s.state) {
			t.Fatalf("%s: got %v, want %v in %s (%s)", s.name, out, s.want, s.queue, s.state)
		}
		outs[s.name] = out
		t.Logf("%s: %v", s.name, out)
	}

	// One task per upload revision: A v1 (replaced by force, so one), A v2, B, C.
	total := 0
	for _, q := range queue.Queues {
		if info, err := c.Inspector().GetQueueInfo(q); err == nil {
			total += info.Pending
		}
	}
	if total != 4 {
		t.Errorf("pending tasks = %d, want 4", total)
	}

	// A missing input is a permanent not-found, before anything is queued.
	_, err = c.Enqueue(ctx, queue.Payload{Bucket: "uploads", Key: "nope.pdf", OutBucket: "packets"}, false)
	if !errors.Is(err, storage.ErrNotFound) || !storage.IsPermanent(err) {
		t.Errorf("missing input: %v", err)
	}
	// Payload read back from Redis is what a person sees in asynq task ls.
	info, err := c.Inspector().GetTaskInfo(queue.QueueDefault, outs["new upload of the key"].TaskID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := queue.ParsePayload(info.Payload)
	if err != nil || got.Key != "claims/A.pdf" || got.TaskID() != info.ID || got.ETag == "" || got.Size == 0 || got.RequestedAt.IsZero() {
		t.Errorf("stored payload %s: %v", info.Payload, err)
	}
	if info.Timeout != queue.Timeout(got.Size) || info.Retention != queue.DefaultRetention {
		t.Errorf("timeout %v retention %v", info.Timeout, info.Retention)
	}
}

// TestEnqueueRedisCluster checks the redis-cluster:// form against a real
// three-node cluster: asynq keeps each queue's keys in one hash slot.
func TestEnqueueRedisCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a three-node redis cluster")
	}
	cl := testenv.StartRedisCluster(t, 3)
	opt, err := queue.ParseRedisURL(cl.URL)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := storage.NewLocal(t.TempDir())
	ctx := context.Background()
	st.CreateBucket(ctx, "uploads")
	st.CreateBucket(ctx, "packets")
	put(t, st, "uploads", "a.pdf", "%PDF")
	c := queue.NewClient(opt, st)
	defer c.Close()
	for _, p := range []queue.Payload{
		{Bucket: "uploads", Key: "a.pdf", OutBucket: "packets", Expedited: true},
		{Bucket: "uploads", Key: "a.pdf", OutBucket: "packets"},
	} {
		out, err := c.Enqueue(ctx, p, false)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(out)
	}
	info, err := c.Inspector().GetQueueInfo(queue.QueueCritical)
	if err != nil || info.Pending != 1 {
		t.Fatalf("critical queue on the cluster: %+v %v", info, err)
	}
}
