// Package metrics defines the Prometheus collectors that worker and serve share:
// pages, OCR and packet timings, task outcomes, queue depths and HTTP traffic.
package metrics

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
)

// Namespace prefixes every metric name so dashboards can find ours among others.
const Namespace = "imrpacket"

// Task outcomes. An outcome label only ever carries one of these.
const (
	OutcomeSuccess  = "success"
	OutcomeRetry    = "retry"
	OutcomeArchived = "archived"
	OutcomeCanceled = "canceled" // shutdown or deadline: the task goes back to the queue
)

// Error classes for archived and retried tasks. Callers map their errors onto
// these fixed names so a label never carries an error string (which could name
// an object key, and so a claimant).
const (
	ClassNone       = "none"
	ClassBadPayload = "bad_payload" // a task payload that cannot be processed
	ClassBadInput   = "bad_input"   // not a PDF, encrypted, truncated, no pages, over limits
	ClassNotFound   = "not_found"   // the upload is gone
	ClassStorage    = "storage"     // S3 unavailable or refusing
	ClassTimeout    = "timeout"     // the task ran out of time
	ClassCanceled   = "canceled"    // shutdown handed the task back
	ClassInternal   = "internal"    // a bug
	ClassOther      = "other"
)

// ErrorClasses lists every error class label value.
var ErrorClasses = []string{ClassNone, ClassBadPayload, ClassBadInput, ClassNotFound, ClassStorage, ClassTimeout, ClassCanceled, ClassInternal, ClassOther}

// workerClasses maps package worker's error classes (the first words of an
// archived task's last error) onto label values.
var workerClasses = map[string]string{
	"":                ClassNone,
	"bad payload":     ClassBadPayload,
	"input not found": ClassNotFound,
	"bad input":       ClassBadInput,
	"storage":         ClassStorage,
	"internal":        ClassInternal,
	"canceled":        ClassCanceled,
}

// Page types and text sources mirror package index; unknown values are folded
// into "unknown" so a bug elsewhere cannot put free text into a label.
var (
	pageTypes   = set("ur_letter", "progress_note", "imaging", "other")
	textSources = set("text_layer", "ocr", "none")
	outcomes    = set(OutcomeSuccess, OutcomeRetry, OutcomeArchived, OutcomeCanceled)
	classes     = set(ErrorClasses...)
	eventKinds  = set(EventEnqueued, EventDuplicate, EventIgnored, EventFailed)
)

// S3 event results counted by serve's webhook.
const (
	EventEnqueued  = "enqueued"
	EventDuplicate = "duplicate"
	EventIgnored   = "ignored"
	EventFailed    = "failed"
)

// Metrics holds every collector. Build one per process with New.
type Metrics struct {
	Pages         *prometheus.CounterVec
	OCRSeconds    prometheus.Histogram
	PacketSeconds *prometheus.HistogramVec
	TaskOutcomes  *prometheus.CounterVec
	S3Events      *prometheus.CounterVec
	HTTPRequests  *prometheus.CounterVec
	HTTPSeconds   *prometheus.HistogramVec
}

// New creates the collectors and registers them with reg (a fresh
// prometheus.NewRegistry() in tests; prometheus.DefaultRegisterer in main).
// It returns an error when a name is already registered with reg.
func New(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		Pages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "pages_total",
			Help: "Source pages read, by page type and text source.",
		}, []string{"type", "text_source"}),
		OCRSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "ocr_seconds",
			Help: "Seconds spent rendering and OCRing one page.",
			// Tesseract on one core takes from a fraction of a second to tens of seconds.
			Buckets: []float64{0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64},
		}),
		PacketSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "packet_duration_seconds",
			Help: "Seconds to process one packet, by outcome.",
			// Packets run from a few pages to thousands.
			Buckets: prometheus.ExponentialBuckets(1, 2, 14),
		}, []string{"outcome"}),
		TaskOutcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "task_outcomes_total",
			Help: "packet:process task outcomes, by outcome and error class.",
		}, []string{"outcome", "error_class"}),
		S3Events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "s3_event_records_total",
			Help: "S3 event notification records received by serve, by result.",
		}, []string{"result"}),
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "http_requests_total",
			Help: "HTTP requests served, by route pattern and status code.",
		}, []string{"route", "code"}),
		HTTPSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "http_request_duration_seconds",
			Help:    "HTTP request latency, by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
	}
	for _, c := range []prometheus.Collector{m.Pages, m.OCRSeconds, m.PacketSeconds, m.TaskOutcomes, m.S3Events, m.HTTPRequests, m.HTTPSeconds} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Page counts one source page.
func (m *Metrics) Page(pageType, textSource string) {
	m.Pages.WithLabelValues(only(pageTypes, pageType), only(textSources, textSource)).Inc()
}

// OCR records the time spent on one page's OCR.
func (m *Metrics) OCR(d time.Duration) { m.OCRSeconds.Observe(d.Seconds()) }

// Packet records one packet's processing time and the task's outcome.
// errorClass is ClassNone on success.
func (m *Metrics) Packet(d time.Duration, outcome, errorClass string) {
	outcome = only(outcomes, outcome)
	m.PacketSeconds.WithLabelValues(outcome).Observe(d.Seconds())
	m.Task(outcome, errorClass)
}

// TaskDone records one task attempt: its duration by outcome, and the
// outcome with its error class. Its signature is worker.HandlerOptions'
// OnTaskDone, so main wires it directly; class may be a worker class ("bad
// input") or one of the Class* values.
func (m *Metrics) TaskDone(outcome, class string, d time.Duration) {
	if c, ok := workerClasses[class]; ok {
		class = c
	}
	m.Packet(d, outcome, class)
}

// Task counts one task outcome without a duration (e.g. a task that failed
// before processing started).
func (m *Metrics) Task(outcome, errorClass string) {
	m.TaskOutcomes.WithLabelValues(only(outcomes, outcome), only(classes, errorClass)).Inc()
}

// S3Event counts n event records with the given result (EventEnqueued, ...).
func (m *Metrics) S3Event(result string, n int) {
	if n > 0 {
		m.S3Events.WithLabelValues(only(eventKinds, result)).Add(float64(n))
	}
}

// HTTP records one served request. route must be a registered mux pattern
// (e.g. "GET /v1/packets/{id}"), never the raw path: paths carry packet ids,
// which encode object keys.
func (m *Metrics) HTTP(route string, code int, d time.Duration) {
	m.HTTPRequests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.HTTPSeconds.WithLabelValues(route).Observe(d.Seconds())
}

// ClassOf maps an error to an error class using the Permanent() bool
// convention of the project: permanent errors are bad input unless a more
// specific class is given by the caller.
func ClassOf(err error) string {
	var p interface{ Permanent() bool }
	switch {
	case err == nil:
		return ClassNone
	case errors.Is(err, context.DeadlineExceeded):
		return ClassTimeout
	case errors.Is(err, context.Canceled):
		return ClassCanceled
	case errors.As(err, &p) && p.Permanent():
		return ClassBadInput
	default:
		return ClassOther
	}
}

func only(allowed map[string]bool, v string) string {
	if allowed[v] {
		return v
	}
	return "unknown"
}

func set(vs ...string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

// queueStates are the asynq task states exported as queue depth.
var queueStates = []string{"pending", "active", "scheduled", "retry", "archived", "completed", "aggregating"}

// QueueCollector reports asynq queue depths, asking Redis at scrape time so the
// numbers are never stale and no background goroutine is needed.
type QueueCollector struct {
	insp   *asynq.Inspector
	queues []string
	size   *prometheus.Desc
	lat    *prometheus.Desc
	up     *prometheus.Desc
}

// NewQueueCollector reports the depth of each named queue (a fixed list, e.g.
// critical, default, low, so label values stay bounded). Register it with the
// same registry as New's collectors.
func NewQueueCollector(insp *asynq.Inspector, queues []string) *QueueCollector {
	return &QueueCollector{
		insp:   insp,
		queues: append([]string(nil), queues...),
		size: prometheus.NewDesc(Namespace+"_queue_tasks",
			"Tasks in an asynq queue, by state.", []string{"queue", "state"}, nil),
		lat: prometheus.NewDesc(Namespace+"_queue_latency_seconds",
			"Age of the oldest pending task in an asynq queue.", []string{"queue"}, nil),
		up: prometheus.NewDesc(Namespace+"_queue_inspect_up",
			"1 if the queue sizes could be read from Redis at this scrape.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *QueueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.size
	ch <- c.lat
	ch <- c.up
}

// Collect implements prometheus.Collector.
func (c *QueueCollector) Collect(ch chan<- prometheus.Metric) {
	up := 1.0
	// GetQueueInfo's not-found error is internal to asynq, so ask which queues
	// exist first: a queue nobody has used yet is empty, not broken.
	existing, err := c.insp.Queues()
	if err != nil {
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 0)
		return
	}
	exists := set(existing...)
	for _, q := range c.queues {
		info := &asynq.QueueInfo{Queue: q}
		if exists[q] {
			if info, err = c.insp.GetQueueInfo(q); err != nil {
				up = 0
				continue
			}
		}
		counts := []int{info.Pending, info.Active, info.Scheduled, info.Retry, info.Archived, info.Completed, info.Aggregating}
		for i, s := range queueStates {
			ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(counts[i]), q, s)
		}
		ch <- prometheus.MustNewConstMetric(c.lat, prometheus.GaugeValue, info.Latency.Seconds(), q)
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, up)
}
