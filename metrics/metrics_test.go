package metrics

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"imrpacket/internal/testenv"
)

func TestLabelsAreFixedEnums(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := New(reg)
	if err != nil {
		t.Fatal(err)
	}
	m.Page("progress_note", "ocr")
	m.Page("Zebediah Quibblesworth", "1961-07-04") // a bug elsewhere must not leak text
	m.Packet(3*time.Second, OutcomeArchived, ClassBadInput)
	m.Task("weird", "claims/Jane Roe.pdf")
	m.TaskDone(OutcomeArchived, "input not found", time.Second)
	m.TaskDone(OutcomeSuccess, "", time.Minute)
	m.TaskDone(OutcomeCanceled, "canceled", time.Second)
	m.S3Event(EventEnqueued, 2)
	m.S3Event(EventIgnored, 0)
	m.OCR(1500 * time.Millisecond)
	m.HTTP("GET /v1/packets/{id}", 200, time.Millisecond)

	tests := []struct {
		name string
		c    prometheus.Collector
		want float64
	}{
		{"page", m.Pages.WithLabelValues("progress_note", "ocr"), 1},
		{"folded page", m.Pages.WithLabelValues("unknown", "unknown"), 1},
		{"archived", m.TaskOutcomes.WithLabelValues("archived", "bad_input"), 1},
		{"folded task", m.TaskOutcomes.WithLabelValues("unknown", "unknown"), 1},
		{"events", m.S3Events.WithLabelValues("enqueued"), 2},
		{"worker class", m.TaskOutcomes.WithLabelValues("archived", "not_found"), 1},
		{"worker success", m.TaskOutcomes.WithLabelValues("success", "none"), 1},
		{"worker canceled", m.TaskOutcomes.WithLabelValues("canceled", "canceled"), 1},
	}
	for _, tt := range tests {
		if got := toFloat64(t, tt.c); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
	if _, err := New(reg); err == nil {
		t.Error("registering twice should fail")
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, mt := range mf.GetMetric() {
			for _, l := range mt.GetLabel() {
				if strings.Contains(l.GetValue(), "Quibblesworth") || strings.Contains(l.GetValue(), "1961") || strings.Contains(l.GetValue(), "Jane") {
					t.Errorf("%s label %s=%q carries free text", mf.GetName(), l.GetName(), l.GetValue())
				}
			}
		}
	}
}

type permErr struct{}

func (permErr) Error() string   { return "bad pdf" }
func (permErr) Permanent() bool { return true }

func TestClassOf(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{nil, ClassNone},
		{context.DeadlineExceeded, ClassTimeout},
		{context.Canceled, ClassCanceled},
		{permErr{}, ClassBadInput},
		{errors.New("x"), ClassOther},
	} {
		if got := ClassOf(tt.err); got != tt.want {
			t.Errorf("ClassOf(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestQueueCollector(t *testing.T) {
	if testing.Short() {
		t.Skip("starts redis-server")
	}
	r := testenv.StartRedis(t)
	opt := asynq.RedisClientOpt{Addr: r.Addr}
	client := asynq.NewClient(opt)
	defer client.Close()
	insp := asynq.NewInspector(opt)
	defer insp.Close()
	for i := 0; i < 3; i++ {
		if _, err := client.Enqueue(asynq.NewTask("packet:process", []byte("{}")), asynq.Queue("default")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := client.Enqueue(asynq.NewTask("packet:process", []byte("{}")), asynq.Queue("low"), asynq.ProcessIn(time.Hour)); err != nil {
		t.Fatal(err)
	}
	c := NewQueueCollector(insp, []string{"critical", "default", "low"})
	reg := prometheus.NewRegistry()
	reg.MustRegister(c)
	if got := gaugeValue(t, reg, "imrpacket_queue_inspect_up", "", ""); got != 1 {
		t.Fatalf("inspect_up = %v", got)
	}
	for _, tt := range []struct {
		queue, state string
		want         float64
	}{
		{"default", "pending", 3}, {"low", "scheduled", 1}, {"critical", "pending", 0}, {"default", "archived", 0},
	} {
		if got := gaugeValue(t, reg, "imrpacket_queue_tasks", tt.queue, tt.state); got != tt.want {
			t.Errorf("%s/%s = %v, want %v", tt.queue, tt.state, got, tt.want)
		}
	}
	// Redis gone: the scrape still answers, saying the sizes are unknown.
	r.Stop()
	if got := gaugeValue(t, reg, "imrpacket_queue_inspect_up", "", ""); got != 0 {
		t.Fatalf("inspect_up with redis down = %v", got)
	}
}

func gaugeValue(t *testing.T, g prometheus.Gatherer, name, queue, state string) float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			lv := map[string]string{}
			for _, l := range m.GetLabel() {
				lv[l.GetName()] = l.GetValue()
			}
			if lv["queue"] == queue && lv["state"] == state {
				return m.GetGauge().GetValue()
			}
		}
	}
	t.Fatalf("no %s{queue=%q,state=%q}", name, queue, state)
	return 0
}

// toFloat64 reads a single counter or gauge (client_golang's testutil would
// need another module in go.sum).
func toFloat64(t *testing.T, c prometheus.Collector) float64 {
	t.Helper()
	ch := make(chan prometheus.Metric, 1)
	c.Collect(ch)
	var m dto.Metric
	if err := (<-ch).Write(&m); err != nil {
		t.Fatal(err)
	}
	if m.Counter != nil {
		return m.Counter.GetValue()
	}
	return m.Gauge.GetValue()
}
