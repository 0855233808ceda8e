package api

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"imrpacket/metrics"
)

func TestServeStopsWithContext(t *testing.T) {
	reg := metrics.NewRegistry()
	m, err := metrics.New(reg)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(Options{Metrics: m, Gatherer: reg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, srv, nil) }()
	base := "http://" + ln.Addr().String()
	for _, tt := range []struct {
		path string
		code int
	}{
		{"/healthz", http.StatusOK},                    // no checks configured
		{"/metrics", http.StatusOK},                    // with process collectors
		{"/v1/packets", http.StatusServiceUnavailable}, // downloads not configured
		{"/nope", http.StatusNotFound},
	} {
		resp, err := http.Get(base + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.code {
			t.Errorf("%s: %d, want %d", tt.path, resp.StatusCode, tt.code)
		}
		if tt.path == "/metrics" && !strings.Contains(string(body), "process_resident_memory_bytes") {
			t.Error("no process collector")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
