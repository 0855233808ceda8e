// Package api is `imrpacket serve`: it turns S3 event notifications into
// packet:process tasks and serves finished packets to reviewers, with /metrics and /healthz.
package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"imrpacket/metrics"
	"imrpacket/queue"
)

// Outcome is what became of one uploaded object handed to Jobs.
type Outcome int

const (
	// Enqueued: a new task was created.
	Enqueued Outcome = iota
	// Duplicate: a task for this object version already exists (a repeated
	// event), or the packet is already done; nothing was changed.
	Duplicate
)

// Jobs is what the webhook needs from the queue: one implementation wraps
// package queue; tests inject a failing one, a fault real Redis cannot give on
// demand in the middle of a request.
type Jobs interface {
	// Submit enqueues one packet:process task for an uploaded object.
	Submit(ctx context.Context, obj Object) (Outcome, error)
	// IsOutput reports whether bucket/key is one of the service's own outputs,
	// which must never be processed (that would loop).
	IsOutput(bucket, key string) bool
}

// PacketInfo is one finished packet in a listing.
type PacketInfo struct {
	ID      string    // opaque, URL-safe
	Name    string    // what the reviewer sees: the input key
	Updated time.Time // when index.json was written
}

// ErrPacketNotFound is returned by Packets for an unknown id or a packet not
// yet done (no index.json).
var ErrPacketNotFound = errors.New("packet not found")

// Packets is read access to finished packets. The real implementation is
// StorePackets (S3 or local files through storage.Store).
type Packets interface {
	List(ctx context.Context) ([]PacketInfo, error)
	// Index returns the raw index.json.
	Index(ctx context.Context, id string) ([]byte, error)
	// PDFURL returns a URL the browser can GET packet.pdf from for ttl.
	PDFURL(ctx context.Context, id string, ttl time.Duration) (string, error)
}

// Check probes one dependency for /healthz; it must honour ctx's deadline.
type Check func(ctx context.Context) error

// Options configures a Server. Zero durations and sizes take the defaults.
type Options struct {
	// EventToken authenticates S3 event senders: "Authorization: Bearer
	// TOKEN", or ?token=TOKEN for senders that cannot set headers (versitygw).
	EventToken string
	// ReaderToken authenticates reviewers and scripts: "Authorization: Bearer TOKEN".
	ReaderToken string
	// LinkKey signs the links in HTML pages (HMAC-SHA256, at least 16 bytes).
	LinkKey []byte
	// LinkTTL is how long a signed link from a bearer-authenticated page stays
	// valid (default 12h: a reviewer's working day).
	LinkTTL time.Duration
	// PresignTTL is how long the redirect URL to packet.pdf works (default 5m).
	PresignTTL time.Duration
	// MaxEventBytes bounds an event request body (default 1 MiB).
	MaxEventBytes int64
	// HealthTimeout bounds each /healthz check (default 2s).
	HealthTimeout time.Duration

	Logger   *slog.Logger        // default slog.Default()
	Metrics  *metrics.Metrics    // required
	Gatherer prometheus.Gatherer // what /metrics exposes (default prometheus.DefaultGatherer)
	// Checks are run by /healthz, by name (e.g. "redis", "s3").
	Checks map[string]Check
}

// Server is the serve HTTP handler.
type Server struct {
	opt     Options
	jobs    Jobs
	packets Packets
	signer  *Signer
	log     *slog.Logger
	m       *metrics.Metrics
	mux     *http.ServeMux
	now     func() time.Time
}

// NewServer checks opts and builds the handler. jobs or packets may be nil to
// serve only the other half (the routes of a nil half answer 503).
func NewServer(opts Options, jobs Jobs, packets Packets) (*Server, error) {
	if opts.EventToken == "" && jobs != nil {
		return nil, errors.New("api: an event token is required for the S3 webhook")
	}
	if opts.ReaderToken == "" && packets != nil {
		return nil, errors.New("api: a reader token is required to serve packets")
	}
	if opts.Metrics == nil {
		return nil, errors.New("api: Metrics is required")
	}
	if opts.LinkTTL <= 0 {
		opts.LinkTTL = 12 * time.Hour
	}
	if opts.PresignTTL <= 0 {
		opts.PresignTTL = 5 * time.Minute
	}
	if opts.MaxEventBytes <= 0 {
		opts.MaxEventBytes = 1 << 20
	}
	if opts.HealthTimeout <= 0 {
		opts.HealthTimeout = 2 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Gatherer == nil {
		opts.Gatherer = prometheus.DefaultGatherer
	}
	key := opts.LinkKey
	if len(key) == 0 {
		// Derive from the reader token so a one-secret setup works; a
		// separate key lets the token rotate without breaking sent links.
		k := sha256.Sum256([]byte("imrpacket link key\n" + opts.ReaderToken))
		key = k[:]
	}
	signer, err := NewSigner(key)
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	s := &Server{opt: opts, jobs: jobs, packets: packets, signer: signer, log: opts.Logger, m: opts.Metrics, now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/events/s3", s.handleEvent)
	mux.Handle("GET /v1/packets", s.reader(s.handleList))
	mux.Handle("GET /v1/packets/{id}", s.reader(s.handleIndex))
	mux.Handle("GET /v1/packets/{id}/pdf", s.reader(s.handlePDF))
	mux.Handle("GET /v1/packets/{id}/view", s.reader(s.handleView))
	mux.Handle("GET /metrics", promhttp.HandlerFor(opts.Gatherer, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux = mux
	return s, nil
}

// Signer returns the link signer, so a command can print a signed link to the
// packet list for a reviewer.
func (s *Server) Signer() *Signer { return s.signer }

// reqInfo carries what the access log line needs from inside handlers.
type reqInfo struct {
	id     string
	packet string // hash of the packet id
	stage  string
	status int
	// linkExp is when links signed for this response expire.
	linkExp time.Time
	bytes   int64
}

type ctxKey struct{}

func info(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(ctxKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// statusWriter records the status code and size for the access log.
type statusWriter struct {
	http.ResponseWriter
	ri *reqInfo
}

func (w *statusWriter) WriteHeader(code int) {
	if w.ri.status == 0 {
		w.ri.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.ri.status == 0 {
		w.ri.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.ri.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP logs one JSON line per request: request id, route pattern (never
// the raw path or query, which carry packet ids and secrets), status,
// duration and a hash of the packet id.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.now()
	ri := &reqInfo{id: newRequestID()}
	w.Header().Set("X-Request-Id", ri.id)
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, ri))
	s.mux.ServeHTTP(&statusWriter{ResponseWriter: w, ri: ri}, r)
	d := s.now().Sub(start)
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	if ri.status == 0 {
		ri.status = http.StatusOK
	}
	s.m.HTTP(route, ri.status, d)
	attrs := []slog.Attr{
		slog.String("request_id", ri.id),
		slog.String("route", route),
		slog.Int("status", ri.status),
		slog.Int64("bytes", ri.bytes),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
	}
	if ri.packet != "" {
		attrs = append(attrs, slog.String("packet", ri.packet))
	}
	if ri.stage != "" {
		attrs = append(attrs, slog.String("stage", ri.stage))
	}
	lvl := slog.LevelInfo
	if route == "GET /metrics" || route == "GET /healthz" {
		// Scrapes and probes arrive every few seconds; keep them out of info logs.
		lvl = slog.LevelDebug
	}
	if ri.status >= 500 {
		lvl = slog.LevelWarn
	}
	s.log.LogAttrs(r.Context(), lvl, "http request", attrs...)
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// PacketRef is how logs name a packet: queue.LogID of its input key, as the
// worker logs it (for an input named *.pdf in lower case), never the id
// itself, which encodes the key and so maybe a claimant's name.
func PacketRef(id string) string {
	if stem, err := queue.StemFromPacketID(id); err == nil {
		return queue.LogID(stem + ".pdf")
	}
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:6])
}

// httpError writes a short plain-text error. msg must hold no PHI.
func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	fmt.Fprintln(w, msg)
}
