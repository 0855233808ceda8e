package worker_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"imrpacket/index"
	"imrpacket/internal/testenv"
	"imrpacket/queue"
	"imrpacket/worker"
)

// gatedProcessor is validatingProcessor held at a gate: each packet reports
// that it started, then waits until the test opens the gate, so the test
// can break Redis or S3 while packets are provably in flight. It counts
// completed runs by input content.
type gatedProcessor struct {
	started chan string
	gate    chan struct{}
	mu      sync.Mutex
	runs    map[string]int
}

func newGated() *gatedProcessor {
	return &gatedProcessor{started: make(chan string, 100), gate: make(chan struct{}), runs: map[string]int{}}
}

func (g *gatedProcessor) Process(ctx context.Context, inPath, outDir string) (*index.Index, error) {
	b, err := os.ReadFile(inPath)
	if err != nil {
		return nil, err
	}
	sum := fmt.Sprintf("%x", sha256.Sum256(b))
	g.started <- sum
	select {
	case <-g.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	idx, err := validatingProcessor{}.Process(ctx, inPath, outDir)
	if err == nil {
		g.mu.Lock()
		g.runs[sum]++
		g.mu.Unlock()
	}
	return idx, err
}

func (g *gatedProcessor) open() { close(g.gate) }

func (g *gatedProcessor) count(sum string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.runs[sum]
}

func (g *gatedProcessor) waitStarted(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		select {
		case <-g.started:
		case <-time.After(30 * time.Second):
			t.Fatalf("only %d of %d packets started", i, n)
		}
	}
}

// TestRedisRestartLosesNothing restarts a persistent Redis (append-only,
// fsync always, as production runs it) while tasks are queued and two are
// in the middle of processing: every task must complete, each packet exactly
// once, and the worker must reconnect by itself.
func TestRedisRestartLosesNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		down func(*testenv.Redis)
	}{
		{"SIGTERM", (*testenv.Redis).Stop},
		{"crash (SIGKILL)", (*testenv.Redis).Kill},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startService(t, nil, testenv.WithPersistence())
			const n = 6
			type task struct{ key, sum, queue, id string }
			var tasks []task
			for i := 0; i < n; i++ {
				key := fmt.Sprintf("claims/restart-%d.pdf", i)
				data := minimalPDF(i + 1) // distinct content per packet
				s.upload(key, data)
				out := s.enqueue(s.payload(key), false)
				tasks = append(tasks, task{key, fmt.Sprintf("%x", sha256.Sum256(data)), out.Queue, out.TaskID})
			}
			g := newGated()
			s.startWorker(g, 2*time.Second) // concurrency 2
			g.waitStarted(t, 2)

			tc.down(s.redis)
			// The in-flight packets finish and upload while Redis is away;
			// asynq must record their completion once it is back.
			g.open()
			time.Sleep(1500 * time.Millisecond)
			s.redis.Start()

			for _, tk := range tasks {
				info := s.wait(tk.queue, tk.id, asynq.TaskStateCompleted)
				if info.Retried != 0 {
					t.Errorf("%s: retried %d times (last error %q)", tk.key, info.Retried, info.LastErr)
				}
				if c := g.count(tk.sum); c != 1 {
					t.Errorf("%s: processed %d times, want 1", tk.key, c)
				}
				lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
				if _, err := s.store.Stat(context.Background(), outBucket, lay.IndexKey(tk.key)); err != nil {
					t.Errorf("%s: no index.json: %v", tk.key, err)
				}
			}
		})
	}
}

// TestServiceS3OutageDuringUpload takes S3 away after the packet is
// processed and before its outputs are written: the attempt fails as a
// storage error and is retried with growing delays, nothing is visible as
// done meanwhile, and once S3 is back the packet completes with one set of
// outputs.
func TestServiceS3OutageDuringUpload(t *testing.T) {
	s := startService(t, nil)
	key := "claims/upload outage.pdf"
	s.upload(key, minimalPDF(2))
	out := s.enqueue(s.payload(key), false)

	var mu sync.Mutex
	var delays []int // the retry counts asynq asked a delay for
	g := newGated()
	stop := s.startWorkerWith(g, func(cfg *worker.ServerConfig) {
		cfg.RetryDelay = func(n int, _ error) time.Duration {
			mu.Lock()
			delays = append(delays, n)
			mu.Unlock()
			return time.Duration(n+1) * 200 * time.Millisecond
		}
	})
	defer stop()
	g.waitStarted(t, 1)
	s.gw.Stop()
	g.open()

	// Let it fail at least twice against the dead endpoint.
	deadline := time.Now().Add(60 * time.Second)
	var info *asynq.TaskInfo
	for {
		var err error
		info, err = s.insp.GetTaskInfo(out.Queue, out.TaskID)
		if err == nil && info.Retried >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than 2 retries during the outage: %+v %v", info, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("during outage: %v, retried %d, last error %q", info.State, info.Retried, info.LastErr)
	// The first attempt fails at upload; retries redo the task and fail
	// earlier, at download.
	if !strings.HasPrefix(info.LastErr, worker.ClassStorage+": packet ") || strings.Contains(info.LastErr, "outage") ||
		strings.Contains(info.LastErr, "\n") || strings.Contains(info.LastErr, "permanent") {
		t.Errorf("last error %q: want one transient storage-class line, no key", info.LastErr)
	}
	if msg := s.logs.String(); !strings.Contains(msg, `"stage":"upload"`) && !strings.Contains(msg, ": upload: ") {
		t.Errorf("no attempt failed at upload")
	}
	s.gw.Start()
	s.wait(out.Queue, out.TaskID, asynq.TaskStateCompleted)

	mu.Lock()
	got := fmt.Sprint(delays)
	mu.Unlock()
	if !strings.HasPrefix(got, "[0 1") {
		t.Errorf("retry delays asked for attempts %s, want 0, 1, ... (growing backoff)", got)
	}
	if msg := completePacket(s, key); msg != "" {
		t.Error(msg)
	}
	objs, _ := s.store.List(context.Background(), outBucket, outPrefix)
	if len(objs) != 2 {
		t.Errorf("%d output objects, want packet.pdf and index.json", len(objs))
	}
}

// TestServiceMissingOutputBucketArchived: a permanent S3 error on the output
// side (NoSuchBucket) is not retried; the archived task says why on one line.
func TestServiceMissingOutputBucketArchived(t *testing.T) {
	s := startService(t, validatingProcessor{})
	key := "claims/Jane Roe nowhere.pdf"
	s.upload(key, minimalPDF(1))
	p := s.payload(key)
	p.OutBucket = "no-such-bucket"
	out := s.enqueue(p, false)
	info := s.wait(out.Queue, out.TaskID, asynq.TaskStateArchived)
	t.Logf("archived with last error: %s", info.LastErr)
	if info.Retried != 0 || !strings.HasPrefix(info.LastErr, worker.ClassStorage+": packet ") ||
		!strings.Contains(info.LastErr, "bucket not found") || !strings.Contains(info.LastErr, "(permanent: not retried)") ||
		strings.Contains(info.LastErr, "Jane") || strings.Contains(info.LastErr, "\n") {
		t.Errorf("retried %d, last error %q", info.Retried, info.LastErr)
	}
	s.checkNoPHI("Jane Roe")
}
