package worker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/pdfcpu/pdfcpu/pkg/api"

	"imrpacket/index"
	"imrpacket/internal/testenv"
	"imrpacket/queue"
	"imrpacket/storage"
	"imrpacket/worker"
)

// badPDFError is the test processor's permanent error, like the pdf package's.
type badPDFError struct{ reason string }

func (e *badPDFError) Error() string   { return "not a valid PDF: " + e.reason }
func (e *badPDFError) Permanent() bool { return true }

// validatingProcessor is a small real Processor: pdfcpu validates the input
// (bad PDFs fail permanently), packet.pdf is a copy and index.json lists the
// pages. It stands in for worker.Pipeline where the test is about the
// service, not the pipeline.
type validatingProcessor struct{}

func (validatingProcessor) Process(ctx context.Context, inPath, outDir string) (*index.Index, error) {
	if err := api.ValidateFile(inPath, nil); err != nil {
		return nil, &badPDFError{"validation failed"}
	}
	n, err := api.PageCountFile(inPath)
	if err != nil {
		return nil, &badPDFError{"no page count"}
	}
	b, err := os.ReadFile(inPath)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(outDir, queue.PDFName), b, 0o644); err != nil {
		return nil, err
	}
	idx := &index.Index{SchemaVersion: index.SchemaVersion, Source: index.Source{Name: "input.pdf", Pages: n},
		Pages: []index.Page{}, Documents: []index.Document{}, Duplicates: []index.Duplicate{}}
	for i := 1; i <= n; i++ {
		pp := i
		idx.Pages = append(idx.Pages, index.Page{SourcePage: i, Type: index.TypeOther, TextSource: index.SourceNone, PacketPage: &pp})
	}
	idx.Packet = &index.Output{Name: queue.PDFName, Pages: n}
	return idx, index.Write(filepath.Join(outDir, queue.IndexName), idx)
}

// minimalPDF builds a valid PDF of n blank pages with a correct xref table.
func minimalPDF(n int) []byte {
	var objs []string
	kids := []string{}
	for i := 0; i < n; i++ {
		kids = append(kids, fmt.Sprintf("%d 0 R", 3+i))
	}
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>")
	objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	for i := 0; i < n; i++ {
		objs = append(objs, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := []int{}
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// logBuffer collects the worker's JSON logs for the PHI check.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// service is a worker, an enqueue client and their real Redis and S3.
type service struct {
	t      *testing.T
	redis  *testenv.Redis
	gw     *testenv.S3
	store  *storage.S3
	client *queue.Client
	insp   *asynq.Inspector
	logs   *logBuffer
}

const (
	inBucket  = "uploads"
	outBucket = "packets"
	outPrefix = "indexed/"
)

func startService(t *testing.T, proc worker.Processor, ropts ...testenv.RedisOption) *service {
	t.Helper()
	if testing.Short() {
		t.Skip("starts redis-server, versitygw and a worker")
	}
	s := &service{t: t, redis: testenv.StartRedis(t, ropts...), gw: testenv.StartS3(t), logs: &logBuffer{}}
	ctx := context.Background()
	var err error
	s.store, err = storage.NewS3(ctx, storage.S3Config{
		Endpoint: s.gw.Endpoint, Region: s.gw.Region, PathStyle: true,
		AccessKey: s.gw.AccessKey, SecretKey: s.gw.SecretKey,
		MaxAttempts: 2, MaxBackoff: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{inBucket, outBucket} {
		if err := s.store.CreateBucket(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	opt, err := queue.ParseRedisURL(s.redis.URL)
	if err != nil {
		t.Fatal(err)
	}
	s.client = queue.NewClient(opt, s.store)
	t.Cleanup(func() { s.client.Close() })
	s.insp = s.client.Inspector()

	if proc != nil {
		s.startWorker(proc, 2*time.Second)
	}
	return s
}

// startWorker starts one worker on the service's Redis and S3 and returns a
// function that stops it as SIGTERM would (also called by t.Cleanup).
func (s *service) startWorker(proc worker.Processor, shutdown time.Duration) (stop func()) {
	return s.startWorkerWith(proc, func(c *worker.ServerConfig) { c.ShutdownTimeout = shutdown })
}

// startWorkerWith is startWorker with the test's server config adjusted by
// tune (retry delays, shutdown timeout).
func (s *service) startWorkerWith(proc worker.Processor, tune func(*worker.ServerConfig)) (stop func()) {
	t := s.t
	opt, err := queue.ParseRedisURL(s.redis.URL)
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewJSONHandler(s.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := worker.NewHandler(s.store, proc, worker.HandlerOptions{TempDir: t.TempDir(), Logger: logger})
	cfg := worker.ServerConfig{
		Redis: opt, Concurrency: 2, Logger: logger, ShutdownTimeout: 2 * time.Second,
		RetryDelay: func(int, error) time.Duration { return 300 * time.Millisecond },
		Tune: func(c *asynq.Config) {
			c.TaskCheckInterval = 50 * time.Millisecond
			c.DelayedTaskCheckInterval = 100 * time.Millisecond
		},
	}
	if tune != nil {
		tune(&cfg)
	}
	srv, err := worker.NewServer(cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Run(runCtx); close(done) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

func (s *service) upload(key string, data []byte) {
	s.t.Helper()
	p := filepath.Join(s.t.TempDir(), "up.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		s.t.Fatal(err)
	}
	if err := s.store.Upload(context.Background(), inBucket, key, p, "application/pdf"); err != nil {
		s.t.Fatal(err)
	}
}

func (s *service) payload(key string) queue.Payload {
	return queue.Payload{Bucket: inBucket, Key: key, OutBucket: outBucket, OutPrefix: outPrefix}
}

func (s *service) enqueue(p queue.Payload, force bool) queue.Outcome {
	s.t.Helper()
	out, err := s.client.Enqueue(context.Background(), p, force)
	if err != nil {
		s.t.Fatalf("enqueue: %v", err)
	}
	return out
}

// wait polls the task until it reaches state (bounded; not a timing assertion).
func (s *service) wait(qname, id string, state asynq.TaskState) *asynq.TaskInfo {
	s.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var last *asynq.TaskInfo
	for time.Now().Before(deadline) {
		info, err := s.insp.GetTaskInfo(qname, id)
		if err == nil {
			last = info
			if info.State == state {
				return info
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if last != nil {
		s.t.Fatalf("task %s: state %v (last error %q), want %v", id, last.State, last.LastErr, state)
	}
	s.t.Fatalf("task %s never seen", id)
	return nil
}

func (s *service) read(bucket, key string) []byte {
	s.t.Helper()
	r, _, err := s.store.Open(context.Background(), bucket, key, "")
	if err != nil {
		s.t.Fatalf("read output: %v", err)
	}
	defer r.Close()
	b, _ := io.ReadAll(r)
	return b
}

// checkNoPHI fails if the worker logged the raw key (a stand-in for a
// claimant name).
func (s *service) checkNoPHI(secret string) {
	s.t.Helper()
	if strings.Contains(s.logs.String(), secret) {
		s.t.Errorf("worker logs contain %q", secret)
	}
}

func TestServiceHappyPathAndDoneRefusal(t *testing.T) {
	s := startService(t, validatingProcessor{})
	key := "claims/Jane Roe 2025.pdf"
	s.upload(key, minimalPDF(3))
	out := s.enqueue(s.payload(key), false)
	if out.Status != queue.Enqueued {
		t.Fatalf("first enqueue: %v", out)
	}
	info := s.wait(out.Queue, out.TaskID, asynq.TaskStateCompleted)

	var sum worker.Summary
	if err := json.Unmarshal(info.Result, &sum); err != nil {
		t.Fatalf("result %q: %v", info.Result, err)
	}
	lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
	if sum.SourcePages != 3 || sum.PDFKey != lay.PDFKey(key) || sum.IndexKey != lay.IndexKey(key) || sum.Input.ETag == "" {
		t.Errorf("summary %+v", sum)
	}
	if !bytes.Equal(s.read(outBucket, lay.PDFKey(key)), minimalPDF(3)) {
		t.Error("packet.pdf differs")
	}
	var idx index.Index
	if err := json.Unmarshal(s.read(outBucket, lay.IndexKey(key)), &idx); err != nil || idx.Source.Pages != 3 {
		t.Errorf("index.json: %v %+v", err, idx.Source)
	}

	// Same upload again: the retained completed task says done.
	if o := s.enqueue(s.payload(key), false); o.Status != queue.AlreadyDone {
		t.Errorf("repeat enqueue: %v", o)
	}
	// With the task gone from Redis, index.json still says done.
	if err := s.insp.DeleteTask(out.Queue, out.TaskID); err != nil {
		t.Fatal(err)
	}
	if o := s.enqueue(s.payload(key), false); o.Status != queue.AlreadyDone {
		t.Errorf("enqueue of a done packet: %v", o)
	}
	// --force redoes it, as low-priority re-processing.
	p := s.payload(key)
	p.Reprocess = true
	o := s.enqueue(p, true)
	if o.Status != queue.Enqueued || o.Queue != queue.QueueLow {
		t.Fatalf("forced enqueue: %v", o)
	}
	s.wait(o.Queue, o.TaskID, asynq.TaskStateCompleted)
	// And --force on a still-retained completed task replaces it.
	o2 := s.enqueue(p, true)
	if o2.Status != queue.Enqueued || o2.Replaced != "completed" {
		t.Fatalf("forced enqueue over completed task: %v", o2)
	}
	s.wait(o2.Queue, o2.TaskID, asynq.TaskStateCompleted)
	s.checkNoPHI("Jane Roe")
}

func TestServiceCorruptUploadArchivedThenRerun(t *testing.T) {
	s := startService(t, validatingProcessor{})
	key := "claims/John Doe.pdf"
	s.upload(key, []byte("%PDF-1.4\nthis is not really a pdf\n"))
	out := s.enqueue(s.payload(key), false)
	info := s.wait(out.Queue, out.TaskID, asynq.TaskStateArchived)
	if info.Retried != 0 {
		t.Errorf("bad PDF was retried %d times", info.Retried)
	}
	t.Logf("archived with last error: %s", info.LastErr)
	if !strings.HasPrefix(info.LastErr, worker.ClassBadInput+": packet ") || strings.Contains(info.LastErr, "John") ||
		strings.Contains(info.LastErr, "\n") || !strings.Contains(info.LastErr, "not a valid PDF") {
		t.Errorf("last error %q: want one line naming the class, no key", info.LastErr)
	}
	lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
	if _, err := s.store.Stat(context.Background(), outBucket, lay.IndexKey(key)); err == nil {
		t.Error("a failed packet has an index.json")
	}
	// A repeated event for the same upload is a no-op, not a second failure.
	if o := s.enqueue(s.payload(key), false); o.Status != queue.AlreadyQueued || o.State != "archived" {
		t.Errorf("repeat enqueue of archived upload: %v", o)
	}

	// The operator replaces the object and runs the archived task, as
	// `asynq task run --queue default --id ID` does.
	s.upload(key, minimalPDF(2))
	if err := s.insp.RunTask(out.Queue, out.TaskID); err != nil {
		t.Fatal(err)
	}
	info = s.wait(out.Queue, out.TaskID, asynq.TaskStateCompleted)
	var sum worker.Summary
	json.Unmarshal(info.Result, &sum)
	if sum.SourcePages != 2 || !sum.Input.Changed {
		t.Errorf("summary after re-run: %+v", sum)
	}
	s.checkNoPHI("John Doe")
}

func TestServiceMissingObjectArchived(t *testing.T) {
	s := startService(t, validatingProcessor{})
	// Enqueued directly (an event for an object deleted since): Enqueue
	// itself refuses missing inputs.
	p := s.payload("claims/gone.pdf")
	p.ETag = "0123"
	body, _ := p.Marshal()
	c := asynq.NewClient(asynq.RedisClientOpt{Addr: s.redis.Addr})
	defer c.Close()
	if _, err := c.Enqueue(asynq.NewTask(queue.TypeProcess, body, asynq.TaskID(p.TaskID()))); err != nil {
		t.Fatal(err)
	}
	info := s.wait(queue.QueueDefault, p.TaskID(), asynq.TaskStateArchived)
	if info.Retried != 0 || !strings.HasPrefix(info.LastErr, worker.ClassNotFound+": ") || strings.Contains(info.LastErr, "gone") {
		t.Errorf("missing object: retried %d, last error %q", info.Retried, info.LastErr)
	}
}

func TestServiceS3OutageRetried(t *testing.T) {
	s := startService(t, validatingProcessor{})
	key := "claims/outage.pdf"
	s.upload(key, minimalPDF(1))
	// Hold the queue so the outage starts before the worker takes the task.
	if err := s.insp.PauseQueue(queue.QueueDefault); err != nil {
		t.Fatal(err)
	}
	out := s.enqueue(s.payload(key), false)
	s.gw.Stop()
	if err := s.insp.UnpauseQueue(queue.QueueDefault); err != nil {
		t.Fatal(err)
	}
	// The worker fails on the dead endpoint and schedules a retry.
	deadline := time.Now().Add(30 * time.Second)
	for {
		info, err := s.insp.GetTaskInfo(out.Queue, out.TaskID)
		if err == nil && info.Retried >= 1 {
			t.Logf("during outage: state %v, last error %q", info.State, info.LastErr)
			if !strings.HasPrefix(info.LastErr, worker.ClassStorage+": ") || strings.Contains(info.LastErr, "outage") {
				t.Errorf("outage last error %q", info.LastErr)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no retry during outage: %+v %v", info, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.gw.Start()
	info := s.wait(out.Queue, out.TaskID, asynq.TaskStateCompleted)
	if info.Retried < 1 {
		t.Errorf("completed without a retry")
	}
}

// blockingProcessor runs until its context ends, like a long packet.
type blockingProcessor struct{ started chan struct{} }

func (b blockingProcessor) Process(ctx context.Context, inPath, outDir string) (*index.Index, error) {
	select {
	case b.started <- struct{}{}:
	default:
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestServiceShutdownHandsTaskBack stops a worker in the middle of a packet:
// the task goes back to pending with no retry spent and no output written,
// and the next worker completes it.
func TestServiceShutdownHandsTaskBack(t *testing.T) {
	s := startService(t, nil)
	key := "claims/shutdown.pdf"
	s.upload(key, minimalPDF(1))
	out := s.enqueue(s.payload(key), false)

	started := make(chan struct{}, 1)
	stop := s.startWorker(blockingProcessor{started}, 200*time.Millisecond)
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("worker never started the task")
	}
	stop() // what SIGTERM does in the command
	info, err := s.insp.GetTaskInfo(out.Queue, out.TaskID)
	if err != nil {
		t.Fatal(err)
	}
	if info.State != asynq.TaskStatePending || info.Retried != 0 {
		t.Errorf("after shutdown: state %v retried %d, want pending 0", info.State, info.Retried)
	}
	lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
	if _, err := s.store.Stat(context.Background(), outBucket, lay.PDFKey(key)); err == nil {
		t.Error("an interrupted packet wrote output")
	}
	s.startWorker(validatingProcessor{}, time.Second)
	info = s.wait(out.Queue, out.TaskID, asynq.TaskStateCompleted)
	if info.Retried != 0 {
		t.Errorf("shutdown spent a retry: %d", info.Retried)
	}
}

// orderStore records uploads and can fail the index.json upload once: a
// fault a real server does not produce on demand.
type orderStore struct {
	storage.Store
	mu       sync.Mutex
	uploads  []string
	failOnce bool
}

func (o *orderStore) Upload(ctx context.Context, bucket, key, src, ct string) error {
	o.mu.Lock()
	o.uploads = append(o.uploads, filepath.Base(key))
	fail := o.failOnce && strings.HasSuffix(key, queue.IndexName)
	if fail {
		o.failOnce = false
	}
	o.mu.Unlock()
	if fail {
		return &storage.Error{Op: "upload", Bucket: bucket, Err: fmt.Errorf("injected connection reset")}
	}
	return o.Store.Upload(ctx, bucket, key, src, ct)
}

func TestHandlerUploadOrder(t *testing.T) {
	dir := t.TempDir()
	local, err := storage.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	local.CreateBucket(ctx, inBucket)
	local.CreateBucket(ctx, outBucket)
	src := filepath.Join(t.TempDir(), "in.pdf")
	os.WriteFile(src, minimalPDF(2), 0o644)
	local.Upload(ctx, inBucket, "a.pdf", src, "")

	st := &orderStore{Store: local, failOnce: true}
	tmp := t.TempDir()
	h := worker.NewHandler(st, validatingProcessor{}, worker.HandlerOptions{TempDir: tmp,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	p := queue.Payload{Bucket: inBucket, Key: "a.pdf", OutBucket: outBucket, OutPrefix: outPrefix}
	body, _ := p.Marshal()
	task := asynq.NewTask(queue.TypeProcess, body)

	// First attempt: packet.pdf lands, index.json fails: not done, retryable.
	err = h.ProcessTask(ctx, task)
	if err == nil || storage.IsPermanent(err) {
		t.Fatalf("first attempt: %v, want a transient error", err)
	}
	lay := p.Layout()
	if _, err := local.Stat(ctx, outBucket, lay.IndexKey("a.pdf")); err == nil {
		t.Fatal("index.json visible after a failed attempt")
	}
	// Retry: both land, index.json last.
	if err := h.ProcessTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	want := []string{"packet.pdf", "index.json", "packet.pdf", "index.json"}
	if fmt.Sprint(st.uploads) != fmt.Sprint(want) {
		t.Errorf("upload order %v, want %v", st.uploads, want)
	}
	// The per-task working directories are gone.
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temp files left behind: %d", len(left))
	}
}
