package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"

	"imrpacket/internal/testenv"
	"imrpacket/metrics"
	"imrpacket/queue"
	"imrpacket/storage"
)

const (
	eventToken  = "event-secret-0123456789"
	readerToken = "reader-secret-0123456789"
	inBucket    = "uploads"
	outBucket   = "packets"
)

var outLayout = queue.Layout{Bucket: outBucket, Prefix: "indexed/"}

// env is one serve instance on real parts: redis-server, versitygw, the
// queue client and this package's handler behind an httptest server.
type env struct {
	t      *testing.T
	redis  *testenv.Redis
	s3     *testenv.S3
	store  *storage.S3
	client *queue.Client
	srv    *Server
	http   *httptest.Server
	reg    *prometheus.Registry
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type envOpts struct {
	s3opts []testenv.S3Option
	// beforeS3 runs with the handler's base URL before versitygw starts
	// (versitygw tests its webhook at start-up and refuses to start if the
	// URL does not answer).
	webhook bool
}

func newEnv(t *testing.T, o envOpts) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("starts redis-server and versitygw")
	}
	e := &env{t: t, logs: &syncBuffer{}, reg: prometheus.NewRegistry()}
	e.redis = testenv.StartRedis(t)
	m, err := metrics.New(e.reg)
	if err != nil {
		t.Fatal(err)
	}
	// The handler exists before versitygw so versitygw's start-up webhook
	// test finds it; storage is wired in once the gateway is up.
	var h http.Handler
	var mu sync.RWMutex
	e.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.RLock()
		hh := h
		mu.RUnlock()
		if hh == nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		hh.ServeHTTP(w, r)
	}))
	t.Cleanup(e.http.Close)
	opts := o.s3opts
	if o.webhook {
		opts = append(opts, testenv.WithEventWebhook(e.http.URL+"/v1/events/s3?token="+eventToken))
	}
	e.s3 = testenv.StartS3(t, opts...)
	ctx := context.Background()
	e.store, err = storage.NewS3(ctx, storage.S3Config{
		Endpoint: e.s3.Endpoint, Region: e.s3.Region, PathStyle: true,
		AccessKey: e.s3.AccessKey, SecretKey: e.s3.SecretKey, MaxAttempts: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{inBucket, outBucket} {
		if err := e.store.CreateBucket(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	redisOpt := asynq.RedisClientOpt{Addr: e.redis.Addr}
	e.client = queue.NewClient(redisOpt, e.store)
	t.Cleanup(func() { e.client.Close() })
	reg := e.reg
	reg.MustRegister(metrics.NewQueueCollector(e.client.Inspector(), queue.Queues))
	redisCheck, closeRedis := NewRedisCheck(redisOpt)
	t.Cleanup(func() { closeRedis() })
	logger := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.srv, err = NewServer(Options{
		EventToken: eventToken, ReaderToken: readerToken,
		MaxEventBytes: 64 << 10,
		Logger:        logger, Metrics: m, Gatherer: reg,
		Checks: map[string]Check{"redis": redisCheck, "s3": S3Check(e.store, outBucket)},
	}, QueueJobs{Client: e.client, Out: outLayout}, StorePackets{Store: e.store, Out: outLayout})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	h = e.srv
	mu.Unlock()
	return e
}

// put uploads body under bucket/key.
func (e *env) put(bucket, key string, body []byte) {
	e.t.Helper()
	p := filepath.Join(e.t.TempDir(), "obj")
	if err := os.WriteFile(p, body, 0o644); err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.Upload(context.Background(), bucket, key, p, "application/octet-stream"); err != nil {
		e.t.Fatal(err)
	}
}

// publishPacket stores a finished packet for input key: packet.pdf, then
// index.json, as the worker does.
func (e *env) publishPacket(inputKey string, indexJSON []byte) string {
	e.t.Helper()
	e.put(outBucket, outLayout.PDFKey(inputKey), minimalPDF)
	e.put(outBucket, outLayout.IndexKey(inputKey), indexJSON)
	return queue.PacketID(inputKey)
}

// do sends a request to the test server without following redirects.
func (e *env) do(method, path, token string, body io.Reader) *http.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

var noRedirect = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func readAll(t *testing.T, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// minimalPDF is a valid one-page PDF; its content does not matter here.
var minimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

func fixture(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
