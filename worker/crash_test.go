package worker_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/redis/go-redis/v9"

	"imrpacket/index"
	"imrpacket/queue"
)

// generatePacket writes a generated packet with the real command and returns
// its bytes.
func generatePacket(t *testing.T, mix string, pages int, seed int) []byte {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command(imrpacketBinary(t), "generate", "--out", dir, "--n", "1",
		"--seed", itoa(seed), "--mix", mix, "--pages", itoa(pages)).CombinedOutput()
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "packet-001.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// outputWatch polls the output bucket for the whole test and records any
// moment at which index.json is visible without a complete packet.pdf
// beside it: what a reader treating index.json as "done" would trip on.
type outputWatch struct {
	s       *service
	key     string
	mu      sync.Mutex
	bad     []string
	checked bool
	stop    chan struct{}
	done    chan struct{}
}

func watchOutputs(s *service, key string) *outputWatch {
	w := &outputWatch{s: s, key: key, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for {
			select {
			case <-w.stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			w.check()
		}
	}()
	return w
}

func (w *outputWatch) check() {
	ctx := context.Background()
	lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
	if _, err := w.s.store.Stat(ctx, outBucket, lay.IndexKey(w.key)); err != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.checked {
		return // the first sighting is the one that matters
	}
	w.checked = true
	if msg := completePacket(w.s, w.key); msg != "" {
		w.bad = append(w.bad, msg)
	}
}

// completePacket returns "" when index.json and packet.pdf agree: a valid
// PDF with the page count the index claims.
func completePacket(s *service, key string) string {
	ctx := context.Background()
	lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
	r, _, err := s.store.Open(ctx, outBucket, lay.IndexKey(key), "")
	if err != nil {
		return "index.json unreadable: " + err.Error()
	}
	var idx index.Index
	err = json.NewDecoder(r).Decode(&idx)
	r.Close()
	if err != nil || idx.Packet == nil {
		return "index.json not a complete index"
	}
	p := filepath.Join(s.t.TempDir(), "packet.pdf")
	if _, err := s.store.Download(ctx, outBucket, lay.PDFKey(key), "", p); err != nil {
		return "index.json visible without packet.pdf: " + err.Error()
	}
	if err := api.ValidateFile(p, nil); err != nil {
		return "packet.pdf beside index.json is not a valid PDF: " + err.Error()
	}
	n, err := api.PageCountFile(p)
	if err != nil || n != idx.Packet.Pages {
		return "packet.pdf page count differs from index.json"
	}
	return ""
}

func (w *outputWatch) Stop() []string {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.bad
}

// ageLease moves the task's lease deadline a minute into the past, as if
// the 60 seconds asynq waits (30s lease plus 30s for clock skew) had gone
// by, so a starting worker's recoverer takes the task at once. asynq
// hard-codes both durations and rechecks only once a minute; with
// IMRPACKET_REAL_LEASE=1 the test waits them out instead (about 2 minutes).
func ageLease(t *testing.T, s *service, qname, taskID string) {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: s.redis.Addr})
	defer rdb.Close()
	key := "asynq:{" + qname + "}:lease"
	ctx := context.Background()
	if _, err := rdb.ZScore(ctx, key, taskID).Result(); err != nil {
		t.Fatalf("no lease for the active task in %s: %v", key, err)
	}
	past := float64(time.Now().Add(-90 * time.Second).Unix())
	if err := rdb.ZAdd(ctx, key, redis.Z{Score: past, Member: taskID}).Err(); err != nil {
		t.Fatal(err)
	}
}

// TestWorkerSIGKILLMidPacket kills a real worker process in the middle of a
// packet: the task must come back after asynq's lease recovery, another
// worker must complete it, index.json must never be visible without a
// complete packet.pdf, and there must be exactly one set of outputs.
func TestWorkerSIGKILLMidPacket(t *testing.T) {
	start := time.Now()
	s := startService(t, nil)
	key := "claims/crash test.pdf"
	s.upload(key, generatePacket(t, "scanned", 3, 11))
	watch := watchOutputs(s, key)
	t.Logf("%.1fs: packet uploaded", time.Since(start).Seconds())

	out := s.enqueue(s.payload(key), false)
	a := s.startWorkerCmd("worker-a")
	t.Logf("%.1fs: worker A started", time.Since(start).Seconds())
	// The input is downloaded and the pipeline is reading pages: mid-packet.
	a.WaitLine(60*time.Second, `"stage done"`, `"stage":"download"`)
	time.Sleep(500 * time.Millisecond)
	info, err := s.insp.GetTaskInfo(out.Queue, out.TaskID)
	if err != nil || info.State != asynq.TaskStateActive {
		t.Fatalf("before the kill: %+v %v, want active", info, err)
	}
	a.Signal(syscall.SIGKILL)
	for _, l := range a.Lines() {
		if strings.Contains(l, `"task done"`) || strings.Contains(l, `"stage":"upload"`) {
			t.Fatalf("worker A got past processing before the kill: %s", l)
		}
	}
	lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
	if objs, _ := s.store.List(context.Background(), outBucket, outPrefix); len(objs) != 0 {
		t.Fatalf("a killed worker left %d output objects", len(objs))
	}
	info, _ = s.insp.GetTaskInfo(out.Queue, out.TaskID)
	t.Logf("%.1fs: SIGKILL with the task %v", time.Since(start).Seconds(), info.State)

	limit := 90 * time.Second
	if os.Getenv("IMRPACKET_REAL_LEASE") == "" {
		ageLease(t, s, out.Queue, out.TaskID)
	} else {
		limit = 5 * time.Minute
	}
	b := s.startWorkerCmd("worker-b")
	info = s.waitLong(out.Queue, out.TaskID, asynq.TaskStateCompleted, limit)
	t.Logf("%.1fs: completed by worker B (retried %d, last error %q)", time.Since(start).Seconds(), info.Retried, info.LastErr)

	if info.Retried != 1 {
		t.Errorf("retried %d times, want 1 (the expired lease)", info.Retried)
	}
	if bad := watch.Stop(); len(bad) > 0 {
		t.Errorf("output invariant broken: %v", bad)
	}
	if msg := completePacket(s, key); msg != "" {
		t.Error(msg)
	}
	objs, err := s.store.List(context.Background(), outBucket, outPrefix)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range objs {
		keys = append(keys, o.Key)
	}
	if want := []string{lay.IndexKey(key), lay.PDFKey(key)}; strings.Join(keys, ",") != strings.Join(sorted(want), ",") {
		t.Errorf("outputs %q, want exactly %q", keys, want)
	}
	if n := countLines(b, `"task done"`); n != 1 {
		t.Errorf("worker B finished %d tasks, want 1", n)
	}
	if n := countLines(b, `"lease expired"`) + countLines(b, "recoverer"); n == 0 {
		t.Logf("worker B did not log the recovery (asynq logs it at debug/warn only)")
	}
	b.Signal(syscall.SIGTERM)
	if !b.Exited() {
		t.Error("worker B did not stop on SIGTERM")
	}
}

// waitLong is wait with a caller-chosen bound.
func (s *service) waitLong(qname, id string, state asynq.TaskState, limit time.Duration) *asynq.TaskInfo {
	s.t.Helper()
	deadline := time.Now().Add(limit)
	var last *asynq.TaskInfo
	for time.Now().Before(deadline) {
		if info, err := s.insp.GetTaskInfo(qname, id); err == nil {
			last = info
			if info.State == state {
				return info
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	if last != nil {
		s.t.Fatalf("task %s: state %v (retried %d, last error %q) after %v, want %v", id, last.State, last.Retried, last.LastErr, limit, state)
	}
	s.t.Fatalf("task %s never seen", id)
	return nil
}

func countLines(p *cmdProc, sub string) int {
	n := 0
	for _, l := range p.Lines() {
		if strings.Contains(l, sub) {
			n++
		}
	}
	return n
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
