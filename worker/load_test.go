package worker_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"imrpacket/index"
	"imrpacket/queue"
)

// The load test takes many minutes, so it runs only from scripts/load.sh
// (make load), which sets IMRPACKET_LOAD=1 and the sizes below.
func loadEnv(t *testing.T, name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("%s=%q", name, v)
		}
		return n
	}
	return def
}

// loadReport collects the markdown the script puts in docs/RELIABILITY.md.
type loadReport struct {
	mu    sync.Mutex
	lines []string
}

func (r *loadReport) add(t *testing.T, format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	line := fmt.Sprintf(format, args...)
	t.Log(line)
	r.lines = append(r.lines, line)
}

func (r *loadReport) write(t *testing.T) {
	if p := os.Getenv("LOAD_REPORT"); p != "" {
		r.mu.Lock()
		defer r.mu.Unlock()
		if err := os.WriteFile(p, []byte(strings.Join(r.lines, "\n")+"\n"), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// generateMany writes n packets (seeds seed..seed+n-1) with the real
// command and returns their paths.
func generateMany(t *testing.T, n, seed int, mix string, pages int) []string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command(imrpacketBinary(t), "generate", "--out", dir, "--n", itoa(n), "--seed", itoa(seed),
		"--mix", mix, "--pages", itoa(pages), "--dup-rate", "0").CombinedOutput()
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	var paths []string
	for i := 1; i <= n; i++ {
		paths = append(paths, filepath.Join(dir, fmt.Sprintf("packet-%03d.pdf", i)))
	}
	return paths
}

func (s *service) uploadFile(key, path string) {
	s.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		s.t.Fatal(err)
	}
	s.upload(key, b)
}

// TestLoad: LOAD_PACKETS packets (default 200) enqueued at once to two
// worker processes must all complete, none lost and none processed twice;
// then one worker OCRs LOAD_OCR_PAGES scanned pages (default 2,000) and its
// RSS at the end must be within 20% of its RSS after the first tenth.
func TestLoad(t *testing.T) {
	if os.Getenv("IMRPACKET_LOAD") == "" {
		t.Skip("minutes long: run scripts/load.sh (make load)")
	}
	rep := &loadReport{}
	defer rep.write(t)
	t.Run("burst", func(t *testing.T) { loadBurst(t, rep) })
	t.Run("rss", func(t *testing.T) { loadRSS(t, rep) })
}

func loadBurst(t *testing.T, rep *loadReport) {
	n := loadEnv(t, "LOAD_PACKETS", 200)
	pages := loadEnv(t, "LOAD_PAGES", 3)
	mix := os.Getenv("LOAD_MIX")
	if mix == "" {
		mix = "mixed"
	}
	s := startService(t, nil)
	paths := generateMany(t, n, 5000, mix, pages)
	keys := make([]string, n)
	for i, p := range paths {
		keys[i] = fmt.Sprintf("load/packet %03d.pdf", i+1)
		s.uploadFile(keys[i], p)
	}
	w1 := s.startWorkerCmd("worker-1")
	w2 := s.startWorkerCmd("worker-2")

	start := time.Now()
	type task struct{ queue, id string }
	tasks := make([]task, n)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out, err := s.client.Enqueue(context.Background(), s.payload(keys[i]), false)
			if err != nil || out.Status != queue.Enqueued {
				t.Errorf("enqueue %d: %v %v", i, out, err)
				return
			}
			tasks[i] = task{out.Queue, out.TaskID}
		}(i)
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	limit := time.Duration(n) * 2 * time.Minute
	for i, tk := range tasks {
		info := s.waitLong(tk.queue, tk.id, asynq.TaskStateCompleted, limit-time.Since(start))
		if info.Retried != 0 {
			t.Errorf("packet %d retried %d times: %s", i+1, info.Retried, info.LastErr)
		}
	}
	wall := time.Since(start)

	// None lost: one index.json (and packet.pdf) per packet.
	lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
	objs, err := s.store.List(context.Background(), outBucket, outPrefix)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, o := range objs {
		have[o.Key] = true
	}
	for _, k := range keys {
		if !have[lay.IndexKey(k)] || !have[lay.PDFKey(k)] {
			t.Errorf("outputs of %s missing", k)
		}
	}
	if len(objs) != 2*n {
		t.Errorf("%d output objects, want %d", len(objs), 2*n)
	}
	// None processed twice: each packet's log id finishes once, over both
	// workers, and no attempt failed.
	doneBy := map[string]int{}
	perWorker := map[string]int{}
	for name, w := range map[string]*cmdProc{"worker-1": w1, "worker-2": w2} {
		for _, l := range w.Lines() {
			var rec struct {
				Msg    string `json:"msg"`
				Packet string `json:"packet"`
			}
			if json.Unmarshal([]byte(l), &rec) != nil {
				continue
			}
			switch rec.Msg {
			case "task done":
				doneBy[rec.Packet]++
				perWorker[name]++
			case "task failed":
				t.Errorf("%s: %s", name, l)
			}
		}
	}
	twice := 0
	for _, k := range keys {
		if c := doneBy[queue.LogID(k)]; c != 1 {
			twice++
			t.Errorf("%s processed %d times", k, c)
		}
	}
	if perWorker["worker-1"] == 0 || perWorker["worker-2"] == 0 {
		t.Errorf("work not shared: %v", perWorker)
	}
	rep.add(t, "- Burst: %d %s packets of about %d pages enqueued at once to 2 worker processes (concurrency 1 each): "+
		"%d completed (the test stops at the first that does not), %d output objects, %d processed other than once, retries 0 expected; "+
		"split %d/%d between the workers; %.1f minutes (%.1f packets/minute).",
		n, mix, pages, n, len(objs), twice, perWorker["worker-1"], perWorker["worker-2"],
		wall.Minutes(), float64(n)/wall.Minutes())
}

func loadRSS(t *testing.T, rep *loadReport) {
	target := loadEnv(t, "LOAD_OCR_PAGES", 2000)
	per := loadEnv(t, "LOAD_RSS_PAGES", 10)
	dpi := loadEnv(t, "LOAD_DPI", 300)
	s := startService(t, nil)
	n := (target + per - 1) / per
	paths := generateMany(t, n, 7000, "scanned", per)
	keys := make([]string, n)
	for i, p := range paths {
		keys[i] = fmt.Sprintf("rss/packet %03d.pdf", i+1)
		s.uploadFile(keys[i], p)
	}
	w := s.startWorkerCmd("worker", "--dpi", itoa(dpi))
	pid := w.Pid()
	base := vmRSS(pid)
	start := time.Now()
	lay := queue.Layout{Bucket: outBucket, Prefix: outPrefix}
	ocrPages, checkpointAt := 0, target/10
	var rssCheckpoint, rssEnd, rssMax int
	var samples []string
	for i, k := range keys {
		out := s.enqueue(s.payload(k), false)
		// One at a time, so each sample follows a known number of pages.
		s.waitLong(out.Queue, out.TaskID, asynq.TaskStateCompleted, 30*time.Minute)
		var idx index.Index
		if err := json.Unmarshal(s.read(outBucket, lay.IndexKey(k)), &idx); err != nil {
			t.Fatal(err)
		}
		for _, p := range idx.Pages {
			if p.TextSource == index.SourceOCR {
				ocrPages++
			}
		}
		rss := vmRSS(pid)
		rssMax = max(rssMax, rss)
		if rssCheckpoint == 0 && ocrPages >= checkpointAt {
			rssCheckpoint = rss
		}
		if (i+1)%max(1, n/10) == 0 || i == n-1 {
			samples = append(samples, fmt.Sprintf("%d:%d", ocrPages, rss))
		}
		rssEnd = rss
	}
	wall := time.Since(start)
	growth := float64(rssEnd)/float64(rssCheckpoint) - 1
	rep.add(t, "- RSS: one worker process, %d scanned packets of %d pages at %d dpi, one after another: "+
		"%d OCR'd pages in %.1f minutes; VmRSS %d MB idle, **%d MB after %d pages, %d MB after %d (%+.0f%%)**, max sampled %d MB. "+
		"Samples (OCR'd pages:MB): %s.",
		n, per, dpi, ocrPages, wall.Minutes(), base, rssCheckpoint, checkpointAt, rssEnd, ocrPages, 100*growth, rssMax,
		strings.Join(samples, " "))
	if ocrPages < target*9/10 {
		t.Errorf("only %d of %d pages were OCR'd", ocrPages, target)
	}
	if growth > 0.20 {
		t.Errorf("RSS grew %.0f%% from %d to %d OCR'd pages, want within 20%%", 100*growth, checkpointAt, ocrPages)
	}
}

// vmRSS is the process's resident set in MB (/proc/PID/status).
func vmRSS(pid int) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb / 1024
		}
	}
	return -1
}
