package api

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hibiken/asynq"

	"imrpacket/index"
	"imrpacket/queue"
	"imrpacket/worker"
)

// TestVersityGWWebhook: a real versitygw sends its bucket notifications to the
// webhook; an upload through the AWS SDK becomes a queued task with no manual
// enqueue, and writing the outputs does not loop back into the queue.
func TestVersityGWWebhook(t *testing.T) {
	e := newEnv(t, envOpts{webhook: true})
	ctx := context.Background()
	// Awkward keys: versitygw sends keys unencoded, so "+" and "%" are ambiguous.
	keys := []string{"incoming/Jane Roe (IMR) 50%+.pdf", "incoming/a+b.pdf", "incoming/plain.pdf"}
	for _, k := range keys {
		_, err := e.store.Client().PutObject(ctx, &s3.PutObjectInput{
			Bucket: aws.String(inBucket), Key: aws.String(k),
			Body: bytes.NewReader(minimalPDF), ContentType: aws.String("application/pdf"),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Not a PDF, and an output: both must be ignored.
	e.put(inBucket, "incoming/readme.txt", []byte("x"))
	e.put(outBucket, outLayout.PDFKey("incoming/done.pdf"), minimalPDF)
	e.put(outBucket, outLayout.IndexKey("incoming/done.pdf"), []byte("{}"))

	// versitygw posts asynchronously after answering the upload.
	want := map[string]bool{keys[0]: true, keys[1]: true, keys[2]: true}
	deadline := time.Now().Add(15 * time.Second)
	var got map[string]bool
	for time.Now().Before(deadline) {
		got = map[string]bool{}
		tasks, err := e.client.Inspector().ListPendingTasks(queue.QueueDefault)
		if err != nil && len(tasks) == 0 {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		for _, ti := range tasks {
			p, err := queue.ParsePayload(ti.Payload)
			if err != nil {
				t.Fatal(err)
			}
			got[p.Key] = true
		}
		if len(got) >= len(want) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Give stray events (the .txt, the outputs) time to arrive before judging.
	time.Sleep(300 * time.Millisecond)
	tasks, _ := e.client.Inspector().ListPendingTasks(queue.QueueDefault)
	if len(tasks) != len(want) {
		t.Errorf("%d tasks queued, want %d", len(tasks), len(want))
	}
	for k := range want {
		if !got[k] {
			t.Errorf("no task for uploaded key %q (got %v)", k, got)
		}
	}
	if t.Failed() {
		t.Logf("serve log:\n%s", e.logs.String())
	}
}

// fixtureProcessor is a small real worker.Processor: it copies the upload as
// packet.pdf and writes the fixture index.json. It stands in for
// worker.Pipeline (built by cmd/imrpacket) where the test is about the
// upload → event → task → outputs → download path, not page processing.
type fixtureProcessor struct{ index []byte }

func (p fixtureProcessor) Process(ctx context.Context, inPath, outDir string) (*index.Index, error) {
	in, err := os.ReadFile(inPath)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(outDir, queue.PDFName), in, 0o644); err != nil {
		return nil, err
	}
	var idx index.Index
	if err := json.Unmarshal(p.index, &idx); err != nil {
		return nil, err
	}
	return &idx, index.Write(filepath.Join(outDir, queue.IndexName), &idx)
}

// TestUploadToReviewerEndToEnd: an SDK upload to versitygw becomes a
// processed packet a reviewer can open, with no manual enqueue; the worker's
// own outputs raise events too, and those must not loop back as tasks.
func TestUploadToReviewerEndToEnd(t *testing.T) {
	e := newEnv(t, envOpts{webhook: true})
	fix := fixture(t)
	logger := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := worker.NewHandler(e.store, fixtureProcessor{fix}, worker.HandlerOptions{
		TempDir: t.TempDir(), Logger: logger, OnTaskDone: e.srv.opt.Metrics.TaskDone,
	})
	srv, err := worker.NewServer(worker.ServerConfig{
		Redis: asynq.RedisClientOpt{Addr: e.redis.Addr}, Concurrency: 1, Logger: logger,
		Tune: func(c *asynq.Config) { c.TaskCheckInterval = 50 * time.Millisecond },
	}, h)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	key := "incoming/Roe, Jane 2025-01.pdf"
	if _, err := e.store.Client().PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(inBucket), Key: aws.String(key), Body: bytes.NewReader(minimalPDF),
	}); err != nil {
		t.Fatal(err)
	}
	id := queue.PacketID(key)
	var body []byte
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp := e.do("GET", "/v1/packets/"+id, readerToken, nil)
		if resp.StatusCode == 200 {
			body = readAll(t, resp.Body)
			break
		}
	}
	if body == nil {
		t.Fatalf("packet never became available\n%s", e.logs.String())
	}
	var got index.Index
	if err := json.Unmarshal(body, &got); err != nil || len(got.Documents) != 9 {
		t.Fatalf("served index: %v, %d documents", err, len(got.Documents))
	}
	resp := e.do("GET", "/v1/packets/"+id+"/pdf", readerToken, nil)
	if resp.StatusCode != 302 {
		t.Fatalf("pdf: status %d", resp.StatusCode)
	}
	pdf, err := http.Get(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	defer pdf.Body.Close()
	if b := readAll(t, pdf.Body); !bytes.Equal(b, minimalPDF) {
		t.Fatalf("downloaded packet.pdf differs (%d bytes)", len(b))
	}

	// The two outputs were written to S3 and announced to the webhook too:
	// they must be ignored, leaving exactly one task, completed.
	time.Sleep(500 * time.Millisecond)
	metricsText := string(readAll(t, e.do("GET", "/metrics", "", nil).Body))
	for _, want := range []string{
		`imrpacket_s3_event_records_total{result="enqueued"} 1`,
		`imrpacket_s3_event_records_total{result="ignored"} 2`,
		`imrpacket_task_outcomes_total{error_class="none",outcome="success"} 1`,
	} {
		if !strings.Contains(metricsText, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, q := range queue.Queues {
		for _, list := range []func(string, ...asynq.ListOption) ([]*asynq.TaskInfo, error){
			e.client.Inspector().ListPendingTasks, e.client.Inspector().ListActiveTasks, e.client.Inspector().ListRetryTasks,
		} {
			if ts, _ := list(q); len(ts) != 0 {
				t.Errorf("queue %s still holds %d tasks: outputs looped back?", q, len(ts))
			}
		}
	}
}
