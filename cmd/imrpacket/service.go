package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"imrpacket/api"
	"imrpacket/metrics"
	"imrpacket/queue"
	"imrpacket/storage"
	"imrpacket/worker"
)

// serviceConfig is what worker, enqueue and serve share: where Redis and
// storage are and where outputs go.
type serviceConfig struct {
	redisURL  *string
	endpoint  *string
	region    *string
	pathStyle *bool
	localRoot *string
	outBucket *string
	outPrefix *string
}

func serviceFlags(fs *flag.FlagSet) *serviceConfig {
	return &serviceConfig{
		redisURL:  stringFlag(fs, "redis", "REDIS_URL", "redis://127.0.0.1:6379/0", "Redis: redis://, rediss://, redis-socket://, redis-sentinel://MASTER@h1:26379,h2:26379/DB, redis-cluster://h1:6379,h2:6379"),
		endpoint:  stringFlag(fs, "s3-endpoint", "S3_ENDPOINT", "", "S3-compatible endpoint URL (empty: AWS); credentials from the standard chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...)"),
		region:    stringFlag(fs, "s3-region", "AWS_REGION", "", "S3 region (default from the AWS chain, else us-east-1)"),
		pathStyle: boolFlag(fs, "s3-path-style", "S3_PATH_STYLE", true, "path-style bucket addressing (needed by most S3-compatible servers)"),
		localRoot: stringFlag(fs, "local-store", "IMRPACKET_LOCAL_STORE", "", "use a local directory as storage instead of S3 (bucket = subdirectory)"),
		outBucket: stringFlag(fs, "out-bucket", "IMRPACKET_OUT_BUCKET", "", "bucket for outputs (default: the input's bucket)"),
		outPrefix: stringFlag(fs, "out-prefix", "IMRPACKET_OUT_PREFIX", queue.DefaultPrefix, "key prefix for outputs; the input key without .pdf follows it"),
	}
}

func (c *serviceConfig) store(ctx context.Context) (storage.Store, *storage.S3, error) {
	if *c.localRoot != "" {
		l, err := storage.NewLocal(*c.localRoot)
		return l, nil, err
	}
	s, err := storage.NewS3(ctx, storage.S3Config{Endpoint: *c.endpoint, Region: *c.region, PathStyle: *c.pathStyle})
	if err != nil {
		return nil, nil, err
	}
	return s, s, nil
}

func (c *serviceConfig) redis() (asynq.RedisConnOpt, error) {
	return queue.ParseRedisURL(*c.redisURL)
}

// connect resolves Redis and storage, which worker and serve both need.
func (c *serviceConfig) connect(ctx context.Context) (asynq.RedisConnOpt, storage.Store, *storage.S3, error) {
	redisOpt, err := c.redis()
	if err != nil {
		return nil, nil, nil, err
	}
	store, s3, err := c.store(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	return redisOpt, store, s3, nil
}

// newMetrics is a registry with the Go and process collectors and ours.
func newMetrics() (*prometheus.Registry, *metrics.Metrics, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m, err := metrics.New(reg)
	return reg, m, err
}

func runWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sc := serviceFlags(fs)
	pc := pipelineFlags(fs, "info")
	concurrency := intFlag(fs, "concurrency", "WORKER_CONCURRENCY", 1, "packets processed at once (each already uses every core)")
	queues := stringFlag(fs, "queues", "WORKER_QUEUES", "critical=6,default=3,low=1", "queues and their priority weights")
	shutdown := durationFlag(fs, "shutdown-timeout", "WORKER_SHUTDOWN_TIMEOUT", 10*time.Second, "time in-flight packets get on SIGTERM before they are handed back to the queue")
	metricsAddr := stringFlag(fs, "metrics-addr", "IMRPACKET_METRICS_LISTEN", "127.0.0.1:9090", "address of /metrics and /healthz (empty: none)")
	tmp := stringFlag(fs, "tmp", "IMRPACKET_TMP", "", "directory for per-task working files (default: the system's)")
	if err := parseFlags(fs, args, "imrpacket worker [flags]", "Takes packet:process tasks from Redis and writes packets to storage."); err != nil {
		return err
	}
	log := newLogger(stderr, pc.logLevel)
	weights, err := parseWeights(*queues)
	if err != nil {
		return err
	}
	redisOpt, store, s3, err := sc.connect(ctx)
	if err != nil {
		return err
	}
	reg, m, err := newMetrics()
	if err != nil {
		return err
	}
	pipe, closeFn, err := pc.build(ctx, log)
	if err != nil {
		return err
	}
	defer closeFn()
	pipe.Observe = m

	h := worker.NewHandler(store, pipe, worker.HandlerOptions{
		TempDir: *tmp, Logger: log,
		OnTaskDone: func(outcome, class string, d time.Duration) { m.Packet(d, outcome, orNone(class)) },
	})
	srv, err := worker.NewServer(worker.ServerConfig{
		Redis: redisOpt, Concurrency: *concurrency, Queues: weights, ShutdownTimeout: *shutdown, Logger: log,
	}, h)
	if err != nil {
		return err
	}
	if *metricsAddr != "" {
		insp := asynq.NewInspector(redisOpt)
		defer insp.Close()
		reg.MustRegister(metrics.NewQueueCollector(insp, queue.Queues))
		checks := healthChecks(redisOpt, s3, *sc.outBucket)
		go serveMetrics(ctx, log, *metricsAddr, reg, checks)
	}
	// Working directories a killed worker left behind hold uploads (PHI).
	if n, err := worker.RemoveStaleTaskDirs(*tmp, worker.StaleTaskDirAge); err != nil {
		log.Warn("stale task directories", "removed", n, "err", err.Error())
	} else if n > 0 {
		log.Info("stale task directories removed", "removed", n)
	}
	log.Info("worker started", "concurrency", *concurrency, "queues", *queues)
	return srv.Run(ctx)
}

func orNone(class string) string {
	if class == "" {
		return metrics.ClassNone
	}
	return class
}

func parseWeights(s string) (map[string]int, error) {
	out := map[string]int{}
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n := 0
		if _, err := fmt.Sscanf(w, "%d", &n); !ok || err != nil || n <= 0 || name == "" {
			return nil, fmt.Errorf("--queues: %q is not NAME=WEIGHT", part)
		}
		out[name] = n
	}
	return out, nil
}

func healthChecks(redisOpt asynq.RedisConnOpt, s3 *storage.S3, bucket string) map[string]api.Check {
	checks := map[string]api.Check{}
	rc, _ := api.NewRedisCheck(redisOpt)
	checks["redis"] = rc
	if s3 != nil && bucket != "" {
		checks["s3"] = api.S3Check(s3, bucket)
	}
	return checks
}

// serveMetrics exposes the worker's /metrics and /healthz.
func serveMetrics(ctx context.Context, log *slog.Logger, addr string, reg *prometheus.Registry, checks map[string]api.Check) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		status := http.StatusOK
		var failed []string
		for name, check := range checks {
			cctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			if err := check(cctx); err != nil {
				status = http.StatusServiceUnavailable
				failed = append(failed, name)
			}
			cancel()
		}
		w.WriteHeader(status)
		if len(failed) > 0 {
			fmt.Fprintf(w, "fail: %s\n", strings.Join(failed, ","))
			return
		}
		fmt.Fprintln(w, "ok")
	})
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("metrics server stopped", "err", err.Error())
	}
}

func runEnqueue(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("enqueue", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sc := serviceFlags(fs)
	force := fs.Bool("force", false, "process again even when the packet is queued or done")
	expedited := fs.Bool("expedited", false, "expedited review: use the critical queue")
	reprocess := fs.Bool("reprocess", false, "re-processing: use the low queue")
	target, err := parseWithPositional(fs, args)
	if err != nil {
		return err
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "s3" || u.Host == "" || strings.TrimPrefix(u.Path, "/") == "" {
		fmt.Fprintf(stderr, "Usage: imrpacket enqueue s3://BUCKET/KEY [--force] [--expedited] [--reprocess]\n\n")
		fs.PrintDefaults()
		return errUsage
	}
	bucket, key := u.Host, strings.TrimPrefix(u.Path, "/")
	store, _, err := sc.store(ctx)
	if err != nil {
		return err
	}
	obj, err := store.Stat(ctx, bucket, key)
	if err != nil {
		return err
	}
	redisOpt, err := sc.redis()
	if err != nil {
		return err
	}
	client := queue.NewClient(redisOpt, store)
	defer client.Close()
	outBucket := *sc.outBucket
	if outBucket == "" {
		outBucket = bucket
	}
	p := queue.Payload{
		Bucket: bucket, Key: key, VersionID: obj.VersionID, ETag: obj.ETag, Size: obj.Size,
		OutBucket: outBucket, OutPrefix: *sc.outPrefix,
		Expedited: *expedited, Reprocess: *reprocess, RequestedAt: time.Now().UTC(),
	}
	out, err := client.Enqueue(ctx, p, *force)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, out.String())
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sc := serviceFlags(fs)
	addr := stringFlag(fs, "addr", "IMRPACKET_LISTEN", "127.0.0.1:8080", "HTTP listen address")
	eventToken := stringFlag(fs, "event-token", "IMRPACKET_EVENT_TOKEN", "", "shared secret S3 event senders present as a bearer token (required)")
	readerToken := stringFlag(fs, "reader-token", "IMRPACKET_READER_TOKEN", "", "bearer token for reviewers and scripts (required)")
	linkKey := stringFlag(fs, "link-key", "IMRPACKET_LINK_KEY", "", "secret (16+ bytes) that signs links in reviewer pages (default: derived from the reader token)")
	expedited := stringFlag(fs, "expedited-prefix", "IMRPACKET_EXPEDITED_PREFIX", "expedited/", "uploads under this key prefix go to the critical queue")
	logLevel := logLevelFlag(fs, "info")
	publicS3 := stringFlag(fs, "s3-public-endpoint", "S3_PUBLIC_ENDPOINT", "", "S3 endpoint reviewers' browsers reach, for presigned PDF links (default: --s3-endpoint)")
	if err := parseFlags(fs, args, "imrpacket serve [flags]", "HTTP: S3 event notifications in, reviewer downloads out, /metrics, /healthz."); err != nil {
		return err
	}
	if *eventToken == "" || *readerToken == "" {
		return errors.New("serve needs --event-token (IMRPACKET_EVENT_TOKEN) and --reader-token (IMRPACKET_READER_TOKEN)")
	}
	if *linkKey == "" {
		// Rotating the reader token then also retires every signed link.
		sum := sha256.Sum256([]byte("imrpacket signed links\x00" + *readerToken))
		*linkKey = hex.EncodeToString(sum[:])
	}
	if len(*linkKey) < 16 {
		return errors.New("--link-key (IMRPACKET_LINK_KEY) must be at least 16 bytes")
	}
	log := newLogger(stderr, logLevel)
	redisOpt, store, s3, err := sc.connect(ctx)
	if err != nil {
		return err
	}
	var presigner storage.Store = store
	if *publicS3 != "" {
		if presigner, err = storage.NewS3(ctx, storage.S3Config{Endpoint: *publicS3, Region: *sc.region, PathStyle: *sc.pathStyle}); err != nil {
			return err
		}
	}
	reg, m, err := newMetrics()
	if err != nil {
		return err
	}
	client := queue.NewClient(redisOpt, store)
	defer client.Close()
	reg.MustRegister(metrics.NewQueueCollector(client.Inspector(), queue.Queues))
	if *sc.outBucket == "" {
		return errors.New("serve needs --out-bucket (IMRPACKET_OUT_BUCKET): the bucket where packets are written")
	}
	out := queue.Layout{Bucket: *sc.outBucket, Prefix: *sc.outPrefix}
	srv, err := api.NewServer(api.Options{
		EventToken: *eventToken, ReaderToken: *readerToken, LinkKey: []byte(*linkKey),
		Logger: log, Metrics: m, Gatherer: reg, Checks: healthChecks(redisOpt, s3, *sc.outBucket),
	}, api.QueueJobs{Client: client, Out: out, ExpeditedPrefix: *expedited},
		api.StorePackets{Store: store, Out: out, Presigner: presigner})
	if err != nil {
		return err
	}
	hs := &http.Server{Addr: *addr, Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	log.Info("serve listening", "addr", *addr)
	if err := hs.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// parseFlags parses a command with no positional arguments.
func parseFlags(fs *flag.FlagSet, args []string, use, about string) error {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\n%s\n\n", use, about)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %v\n", fs.Args())
		return errUsage
	}
	return nil
}
