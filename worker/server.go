package worker

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"time"

	"github.com/hibiken/asynq"

	"imrpacket/queue"
)

// ServerConfig configures the asynq server of `imrpacket worker`.
type ServerConfig struct {
	// Redis is the connection, usually from queue.ParseRedisURL(REDIS_URL).
	Redis asynq.RedisConnOpt
	// Concurrency is how many packets this process runs at once (default 1:
	// the pipeline already spreads one packet's pages over every core).
	Concurrency int
	// Queues maps queue name to weight (default queue.DefaultWeights).
	Queues map[string]int
	// ShutdownTimeout is how long a stopping worker lets in-flight packets
	// finish before cancelling them and handing them back to the queue
	// (default 10s: a packet can take many minutes, so waiting for it would
	// only delay a deploy; the task restarts on another worker).
	ShutdownTimeout time.Duration
	// RetryDelay is the backoff before retry n (default queue.RetryDelay
	// with jitter). Tests shorten it.
	RetryDelay func(n int, err error) time.Duration
	// Logger receives the server's and asynq's logs (default slog.Default()).
	Logger *slog.Logger
	// Tune, if set, adjusts the asynq config last (polling intervals in
	// tests, health-check hooks); it sees every default already applied.
	Tune func(*asynq.Config)
}

// Server is a running or runnable asynq worker.
type Server struct {
	srv *asynq.Server
	mux *asynq.ServeMux
	log *slog.Logger
}

// NewServer builds a worker server that sends packet:process tasks to h.
func NewServer(cfg ServerConfig, h *Handler) (*Server, error) {
	if cfg.Redis == nil {
		return nil, fmt.Errorf("worker: no redis connection")
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 1
	}
	if len(cfg.Queues) == 0 {
		cfg.Queues = queue.DefaultWeights
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 10 * time.Second
	}
	if cfg.RetryDelay == nil {
		cfg.RetryDelay = func(n int, _ error) time.Duration { return queue.RetryDelay(n, rand.Float64()) }
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	acfg := asynq.Config{
		Concurrency:     cfg.Concurrency,
		Queues:          cfg.Queues,
		ShutdownTimeout: cfg.ShutdownTimeout,
		RetryDelayFunc: func(n int, err error, _ *asynq.Task) time.Duration {
			return cfg.RetryDelay(n, err)
		},
		Logger:   slogAdapter{cfg.Logger.With("component", "asynq")},
		LogLevel: asynq.InfoLevel,
	}
	if cfg.Tune != nil {
		cfg.Tune(&acfg)
	}
	srv := asynq.NewServer(cfg.Redis, acfg)
	mux := asynq.NewServeMux()
	mux.Handle(queue.TypeProcess, h)
	return &Server{srv: srv, mux: mux, log: cfg.Logger}, nil
}

// Run serves tasks until ctx ends (the command cancels it on SIGTERM or
// SIGINT), then shuts down gracefully: no new tasks, in-flight ones get
// ShutdownTimeout to finish, the rest are cancelled and requeued.
func (s *Server) Run(ctx context.Context) error {
	if err := s.srv.Start(s.mux); err != nil {
		return fmt.Errorf("worker: start: %w", err)
	}
	s.log.Info("worker started", "stage", "start")
	<-ctx.Done()
	s.log.Info("worker stopping", "stage", "shutdown")
	s.srv.Shutdown()
	s.log.Info("worker stopped", "stage", "shutdown")
	return nil
}

// slogAdapter gives asynq a log/slog logger. asynq's messages carry task ids
// and Redis errors, never payloads.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...)) }
func (a slogAdapter) Info(args ...any)  { a.l.Info(fmt.Sprint(args...)) }
func (a slogAdapter) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...)) }
func (a slogAdapter) Error(args ...any) { a.l.Error(fmt.Sprint(args...)) }
func (a slogAdapter) Fatal(args ...any) {
	a.l.Error(fmt.Sprint(args...))
	os.Exit(1)
}
