package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sort"
	"sync"
)

// Health is the /healthz answer.
type Health struct {
	Status string            `json:"status"` // "ok" or "fail"
	Checks map[string]string `json:"checks"` // name -> "ok" or "fail"
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	names := make([]string, 0, len(s.opt.Checks))
	for n := range s.opt.Checks {
		names = append(names, n)
	}
	sort.Strings(names)
	h := Health{Status: "ok", Checks: make(map[string]string, len(names))}
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(r.Context(), s.opt.HealthTimeout)
			defer cancel()
			errs[i] = s.opt.Checks[n](ctx)
		})
	}
	wg.Wait()
	for i, n := range names {
		h.Checks[n] = "ok"
		if errs[i] != nil {
			h.Status, h.Checks[n] = "fail", "fail"
			s.log.LogAttrs(r.Context(), slog.LevelWarn, "health check failed",
				slog.String("request_id", info(r.Context()).id), slog.String("check", n), slog.String("error", errs[i].Error()))
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if h.Status != "ok" {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(h)
}
