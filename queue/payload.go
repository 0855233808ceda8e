// Package queue defines the packet:process task (payload, task id, queues,
// output locations, packet ids) and enqueues it idempotently with asynq.
package queue

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// TypeProcess is the asynq task type of one packet.
const TypeProcess = "packet:process"

// Queues, highest priority first.
const (
	QueueCritical = "critical" // expedited reviews
	QueueDefault  = "default"
	QueueLow      = "low" // re-processing
)

// Queues lists every queue the service uses.
var Queues = []string{QueueCritical, QueueDefault, QueueLow}

// DefaultWeights are the worker's queue weights: of 10 tasks picked while all
// queues are busy, about 6 are critical, 3 default, 1 low; no queue starves.
var DefaultWeights = map[string]int{QueueCritical: 6, QueueDefault: 3, QueueLow: 1}

// Payload is the JSON body of a packet:process task. Field names are short
// and plain so `asynq task ls` shows a readable record.
type Payload struct {
	Bucket    string `json:"bucket"`
	Key       string `json:"key"`
	VersionID string `json:"version_id,omitempty"`
	ETag      string `json:"etag,omitempty"`
	Size      int64  `json:"size,omitempty"`

	OutBucket string `json:"out_bucket"`
	OutPrefix string `json:"out_prefix"`

	Expedited   bool      `json:"expedited,omitempty"`
	Reprocess   bool      `json:"reprocess,omitempty"`
	RequestedAt time.Time `json:"requested_at"`

	// Pages, when set, limits the task to a page range of the packet. Not
	// used yet: it is the hook for splitting very large packets (see
	// docs/OPERATIONS.md); a task without it processes the whole packet.
	Pages *PageRange `json:"pages,omitempty"`
}

// PageRange is an inclusive, 1-based range of source pages.
type PageRange struct {
	First int `json:"first"`
	Last  int `json:"last"`
}

// ErrPayload marks a task payload that cannot be processed. It is permanent:
// the same bytes fail the same way on every retry.
var ErrPayload = errors.New("invalid task payload")

// PayloadError is a permanent payload error.
type PayloadError struct{ Reason string }

func (e *PayloadError) Error() string   { return ErrPayload.Error() + ": " + e.Reason }
func (e *PayloadError) Is(t error) bool { return t == ErrPayload }

// Permanent reports that retrying cannot help.
func (e *PayloadError) Permanent() bool { return true }

// Validate checks what the worker needs.
func (p Payload) Validate() error {
	switch {
	case p.Bucket == "":
		return &PayloadError{"no bucket"}
	case p.Key == "":
		return &PayloadError{"no key"}
	case p.OutBucket == "":
		return &PayloadError{"no output bucket"}
	case strings.HasPrefix(p.Key, "/"):
		return &PayloadError{"key starts with /"}
	case p.Pages != nil && (p.Pages.First < 1 || p.Pages.Last < p.Pages.First):
		return &PayloadError{"bad page range"}
	}
	return nil
}

// Marshal encodes the payload for asynq.
func (p Payload) Marshal() ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

// ParsePayload decodes and validates a task payload. Unknown fields are an
// error: a payload from a newer producer must not be half-understood.
func ParsePayload(b []byte) (Payload, error) {
	var p Payload
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		// The JSON error may quote payload bytes (a key): keep only its class.
		return Payload{}, &PayloadError{"malformed JSON"}
	}
	if dec.More() {
		return Payload{}, &PayloadError{"trailing data"}
	}
	if err := p.Validate(); err != nil {
		return Payload{}, err
	}
	return p, nil
}

// Queue is the queue a payload belongs in.
func (p Payload) Queue() string {
	switch {
	case p.Expedited:
		return QueueCritical
	case p.Reprocess:
		return QueueLow
	}
	return QueueDefault
}

// Layout returns the output location of the payload.
func (p Payload) Layout() Layout { return Layout{Bucket: p.OutBucket, Prefix: p.OutPrefix} }

// Revision names the upload: its version id on a versioned bucket, else its
// ETag (content hash for single-part uploads), else empty.
func (p Payload) Revision() string {
	if p.VersionID != "" && p.VersionID != "null" {
		return "v:" + p.VersionID
	}
	if p.ETag != "" {
		return "e:" + strings.Trim(p.ETag, `"`)
	}
	return ""
}

// TaskID is the asynq task id of one upload: the same bucket, key and
// revision always give the same id, so a repeated S3 event for one upload is
// refused by asynq (ErrTaskIDConflict) instead of processed twice. The id is
// a hash: task ids are listed by `asynq task ls` and logged, and keys may
// hold a claimant's name. A page range, when present, is part of the id.
func (p Payload) TaskID() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s", p.Bucket, p.Key, p.Revision())
	id := "pkt-" + hex.EncodeToString(h.Sum(nil))[:24]
	if p.Pages != nil {
		id += fmt.Sprintf("-p%d-%d", p.Pages.First, p.Pages.Last)
	}
	return id
}

// LogID is a short, stable, non-reversible id of an input key for logs and
// error messages, where the key itself (maybe a claimant's name) must not go.
func LogID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:6])
}

// Timeout scales the task deadline to the packet: OCR dominates, about one
// page per core-second or two, and a scanned page is 50-100 KB, so 5 minutes
// plus a minute per 2 MB covers a slow machine; capped at 6 hours.
func Timeout(size int64) time.Duration {
	const (
		base  = 5 * time.Minute
		perMB = 30 * time.Second
		max   = 6 * time.Hour
	)
	d := base + time.Duration(size/(1<<20))*perMB
	if d > max {
		d = max
	}
	return d
}

// RetryDelay is the worker's backoff between attempts: 15s, 30s, 1m, 2m...
// capped at 15 minutes, plus up to 20% jitter so a fleet does not retry in
// step after an outage. jitter is a number in [0,1).
func RetryDelay(n int, jitter float64) time.Duration {
	d := 15 * time.Second
	for i := 0; i < n && d < 15*time.Minute; i++ {
		d *= 2
	}
	if d > 15*time.Minute {
		d = 15 * time.Minute
	}
	return d + time.Duration(float64(d)*0.2*jitter)
}
