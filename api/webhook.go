package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"imrpacket/metrics"
	"imrpacket/queue"
	"imrpacket/storage"
)

// EventResult is the webhook's JSON answer.
type EventResult struct {
	Enqueued  int `json:"enqueued"`
	Duplicate int `json:"duplicate"`
	Ignored   int `json:"ignored"`
	Failed    int `json:"failed,omitempty"`
}

func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) {
	ri := info(r.Context())
	ri.stage = "event"
	if s.jobs == nil {
		httpError(w, http.StatusServiceUnavailable, "event intake is not configured")
		return
	}
	tok, ok := bearer(r)
	if !ok {
		// versitygw's webhook cannot set headers; the secret then rides in the
		// URL, which is why the access log never records queries.
		tok = r.URL.Query().Get("token")
	}
	if tok == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="imrpacket events"`)
		httpError(w, http.StatusUnauthorized, "missing event token")
		return
	}
	if !tokenEqual(tok, s.opt.EventToken) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="imrpacket events", error="invalid_token"`)
		httpError(w, http.StatusUnauthorized, "bad event token")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opt.MaxEventBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		httpError(w, http.StatusRequestEntityTooLarge, "event body too large")
		return
	}
	if err != nil {
		httpError(w, http.StatusBadRequest, "could not read event body")
		return
	}
	objs, err := ParseEvent(bytes.NewReader(body))
	if err != nil {
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "bad S3 event", slog.String("request_id", ri.id), slog.String("error", err.Error()))
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	var res EventResult
	for _, o := range objs {
		switch s.submit(r, o) {
		case resultEnqueued:
			res.Enqueued++
		case resultDuplicate:
			res.Duplicate++
		case resultIgnored:
			res.Ignored++
		default:
			res.Failed++
		}
	}
	s.m.S3Event(metrics.EventEnqueued, res.Enqueued)
	s.m.S3Event(metrics.EventDuplicate, res.Duplicate)
	s.m.S3Event(metrics.EventIgnored, res.Ignored)
	s.m.S3Event(metrics.EventFailed, res.Failed)
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "S3 event",
		slog.String("request_id", ri.id), slog.Int("records", len(objs)),
		slog.Int("enqueued", res.Enqueued), slog.Int("duplicate", res.Duplicate),
		slog.Int("ignored", res.Ignored), slog.Int("failed", res.Failed))
	code := http.StatusOK
	if res.Failed > 0 {
		// Senders retry on 5xx; a repeated record is a no-op, so retrying
		// the whole request is safe.
		code = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(res)
}

type recordResult int

const (
	resultEnqueued recordResult = iota
	resultDuplicate
	resultIgnored
	resultFailed
)

// submit enqueues one record. When the key is ambiguous (encoded by AWS rules
// or sent as is) and the first reading names no object, the other is tried.
func (s *Server) submit(r *http.Request, o Object) recordResult {
	ri := info(r.Context())
	if !o.Created() {
		return resultIgnored
	}
	var err error
	for _, key := range o.Keys() {
		if !IsPDF(key) || s.jobs.IsOutput(o.Bucket, key) {
			return resultIgnored
		}
		o.Key = key
		var out Outcome
		out, err = s.jobs.Submit(r.Context(), o)
		if err == nil && out == Duplicate {
			return resultDuplicate
		}
		if err == nil {
			return resultEnqueued
		}
		if !errors.Is(err, storage.ErrNotFound) {
			break
		}
	}
	if storage.IsPermanent(err) {
		// The object is gone or unreadable for good (deleted right after
		// upload, access denied): retrying the event cannot help.
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "event object not processable",
			slog.String("request_id", ri.id), slog.String("stage", "enqueue"),
			slog.String("packet", queue.LogID(o.Key)), slog.String("error", err.Error()))
		return resultIgnored
	}
	// err comes from the queue and storage packages, which keep keys out of
	// their messages.
	s.log.LogAttrs(r.Context(), slog.LevelError, "enqueue failed",
		slog.String("request_id", ri.id), slog.String("stage", "enqueue"),
		slog.String("packet", queue.LogID(o.Key)), slog.String("error", err.Error()))
	return resultFailed
}
