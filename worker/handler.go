// Package worker runs packets: Pipeline does the whole job on a local file,
// and the asynq handler and server here run it for packet:process tasks.
package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"imrpacket/index"
	"imrpacket/queue"
	"imrpacket/storage"
)

// Processor turns the PDF at inPath into outDir/packet.pdf and
// outDir/index.json. *Pipeline implements it; tests use small real ones.
// Errors with a Permanent() bool method returning true mean bad input.
type Processor interface {
	Process(ctx context.Context, inPath, outDir string) (*index.Index, error)
}

// Task outcomes passed to HandlerOptions.OnTaskDone (and usable as metric
// label values).
const (
	OutcomeSuccess  = "success"
	OutcomeRetry    = "retry"
	OutcomeArchived = "archived"
	OutcomeCanceled = "canceled" // shutdown or deadline: asynq hands the task back
)

// Error classes of a failed task, the first word of its last error.
const (
	ClassPayload  = "bad payload"
	ClassNotFound = "input not found"
	ClassBadInput = "bad input"
	ClassStorage  = "storage"
	ClassInternal = "internal"
	ClassCanceled = "canceled"
)

// TaskError is what the handler returns for a failed task. asynq stores its
// Error() as the task's last error, shown by `asynq task ls`: one line, the
// class of problem and the packet's log id, never the key or page content.
type TaskError struct {
	Class  string
	Packet string // queue.LogID of the input key
	Stage  string // download, process, upload
	Err    error
	perm   bool
}

func (e *TaskError) Error() string {
	msg := fmt.Sprintf("%s: packet %s: %s", e.Class, e.Packet, e.Stage)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	// asynq shows the last error on one line; a multi-line cause would
	// break `asynq task ls` tables.
	msg = strings.Join(strings.Fields(msg), " ")
	if e.perm {
		// Keep asynq's own wording visible, so an operator reading the
		// archived task sees it was not retried on purpose.
		msg += " (permanent: not retried)"
	}
	return msg
}

// Unwrap exposes the cause, and asynq.SkipRetry for permanent errors.
func (e *TaskError) Unwrap() []error {
	if e.perm {
		return []error{e.Err, asynq.SkipRetry}
	}
	return []error{e.Err}
}

// Permanent reports that retrying cannot help.
func (e *TaskError) Permanent() bool { return e.perm }

// Summary is the task result (asynq ResultWriter), kept with the completed
// task for the retention period: counts and output keys, no page content.
type Summary struct {
	Packet      string           `json:"packet"` // queue.LogID of the input key
	TaskID      string           `json:"task_id,omitempty"`
	Input       Revision         `json:"input"`
	OutBucket   string           `json:"out_bucket"`
	PDFKey      string           `json:"pdf_key"`
	IndexKey    string           `json:"index_key"`
	SourcePages int              `json:"source_pages"`
	PacketPages int              `json:"packet_pages,omitempty"`
	Documents   int              `json:"documents"`
	Duplicates  int              `json:"duplicates"`
	NeedsReview int              `json:"needs_review"`
	StageMS     map[string]int64 `json:"stage_ms"`
	FinishedAt  time.Time        `json:"finished_at"`
}

// Revision is the input object that was processed.
type Revision struct {
	VersionID string `json:"version_id,omitempty"`
	ETag      string `json:"etag,omitempty"`
	Size      int64  `json:"size"`
	// Changed is true when the object was replaced after the task was queued:
	// the current object was processed (the operator's "replace and re-run").
	Changed bool `json:"changed,omitempty"`
}

// HandlerOptions tune a Handler.
type HandlerOptions struct {
	// TempDir holds per-task working directories (default os.TempDir()).
	TempDir string
	// Logger receives structured logs (default slog.Default()).
	Logger *slog.Logger
	// OnTaskDone, if set, is called once per attempt with its outcome
	// (Outcome*), the error class ("" on success) and duration; the
	// integrator wires metrics here.
	OnTaskDone func(outcome, class string, d time.Duration)
}

// Handler handles packet:process tasks.
type Handler struct {
	store storage.Store
	proc  Processor
	opts  HandlerOptions
	log   *slog.Logger
}

// NewHandler returns a handler that reads inputs from and writes outputs to
// store and runs proc on each packet.
func NewHandler(store storage.Store, proc Processor, opts HandlerOptions) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Handler{store: store, proc: proc, opts: opts, log: opts.Logger}
}

// ProcessTask implements asynq.Handler.
func (h *Handler) ProcessTask(ctx context.Context, t *asynq.Task) (err error) {
	start := time.Now()
	taskID, _ := asynq.GetTaskID(ctx)
	retry, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	log := h.log.With("task_id", taskID, "attempt", retry+1)

	p, perr := queue.ParsePayload(t.Payload())
	if perr != nil {
		err = &TaskError{Class: ClassPayload, Packet: "-", Stage: "parse", Err: perr, perm: true}
		h.finish(log, start, retry, maxRetry, err)
		return err
	}
	log = log.With("packet", queue.LogID(p.Key), "queue", p.Queue())
	log.Info("task start", "stage", "start", "size", p.Size)

	sum, err := h.run(ctx, log, t, p)
	if err == nil {
		sum.TaskID = taskID
		if w := t.ResultWriter(); w != nil {
			b, _ := json.Marshal(sum)
			if _, werr := w.Write(b); werr != nil {
				// The packet is done and visible; a lost summary is not worth
				// redoing it for.
				log.Warn("write task result", "err", werr)
			}
		}
	}
	h.finish(log, start, retry, maxRetry, err)
	return err
}

func (h *Handler) finish(log *slog.Logger, start time.Time, retry, maxRetry int, err error) {
	d := time.Since(start)
	outcome, class := OutcomeSuccess, ""
	if err != nil {
		var te *TaskError
		class = ClassInternal
		if errors.As(err, &te) {
			class = te.Class
		}
		switch {
		case class == ClassCanceled:
			outcome = OutcomeCanceled
		case errors.Is(err, asynq.SkipRetry) || retry >= maxRetry:
			outcome = OutcomeArchived
		default:
			outcome = OutcomeRetry
		}
		log.Warn("task failed", "stage", "done", "outcome", outcome, "class", class, "err", err.Error(), "ms", d.Milliseconds())
	} else {
		log.Info("task done", "stage", "done", "outcome", outcome, "ms", d.Milliseconds())
	}
	if h.opts.OnTaskDone != nil {
		h.opts.OnTaskDone(outcome, class, d)
	}
}

func (h *Handler) run(ctx context.Context, log *slog.Logger, t *asynq.Task, p queue.Payload) (*Summary, error) {
	packet := queue.LogID(p.Key)
	fail := func(stage string, err error) error {
		te := &TaskError{Packet: packet, Stage: stage, Err: err}
		switch {
		case ctx.Err() != nil:
			te.Class = ClassCanceled
		case errors.Is(err, storage.ErrNotFound) && stage == "download":
			te.Class, te.perm = ClassNotFound, true
		case stage == "process" && storage.IsPermanent(err):
			te.Class, te.perm = ClassBadInput, true
		case stage == "process":
			te.Class = ClassInternal
		default:
			te.Class, te.perm = ClassStorage, storage.IsPermanent(err)
		}
		return te
	}
	if p.Pages != nil {
		return nil, &TaskError{Class: ClassPayload, Packet: packet, Stage: "parse",
			Err: errors.New("page-range tasks are not supported by this worker"), perm: true}
	}

	dir, err := os.MkdirTemp(h.opts.TempDir, taskDirPrefix)
	if err != nil {
		return nil, fail("setup", err)
	}
	defer os.RemoveAll(dir)
	inPath := filepath.Join(dir, "input.pdf")
	outDir := filepath.Join(dir, "out")
	if err := os.Mkdir(outDir, 0o755); err != nil {
		return nil, fail("setup", err)
	}
	stages := map[string]int64{}
	stage := func(name string, t0 time.Time) {
		stages[name] = time.Since(t0).Milliseconds()
		log.Info("stage done", "stage", name, "ms", stages[name])
	}

	t0 := time.Now()
	version := p.VersionID
	if version == "null" {
		version = "" // S3's name for "unversioned"
	}
	obj, err := h.store.Download(ctx, p.Bucket, p.Key, version, inPath)
	if err != nil {
		return nil, fail("download", err)
	}
	stage("download", t0)
	rev := Revision{VersionID: obj.VersionID, ETag: obj.ETag, Size: obj.Size}
	if version == "" && p.ETag != "" && strings.Trim(p.ETag, `"`) != obj.ETag {
		// Replaced since queued (or re-run after a fix): process what is
		// there now. A newer upload's own task then finds it done.
		rev.Changed = true
		log.Info("input replaced since enqueue; processing the current object", "stage", "download")
	}

	t0 = time.Now()
	idx, err := h.proc.Process(ctx, inPath, outDir)
	if err != nil {
		return nil, fail("process", err)
	}
	stage("process", t0)
	pdfPath := filepath.Join(outDir, queue.PDFName)
	idxPath := filepath.Join(outDir, queue.IndexName)
	for _, f := range []string{pdfPath, idxPath} {
		if _, err := os.Stat(f); err != nil {
			return nil, fail("process", fmt.Errorf("processor wrote no %s", filepath.Base(f)))
		}
	}
	if idx == nil {
		if idx, err = index.Read(idxPath); err != nil {
			return nil, fail("process", errors.New("processor wrote an unreadable index.json"))
		}
	}

	// packet.pdf first, index.json last: a reader that sees index.json
	// finds the packet complete, and a crash in between leaves the old
	// index.json (or none), never a new index pointing at a half packet.
	t0 = time.Now()
	lay := p.Layout()
	pdfKey, idxKey := lay.PDFKey(p.Key), lay.IndexKey(p.Key)
	if err := h.store.Upload(ctx, p.OutBucket, pdfKey, pdfPath, "application/pdf"); err != nil {
		return nil, fail("upload", err)
	}
	if err := h.store.Upload(ctx, p.OutBucket, idxKey, idxPath, "application/json"); err != nil {
		return nil, fail("upload", err)
	}
	stage("upload", t0)

	sum := &Summary{
		Packet: packet, Input: rev,
		OutBucket: p.OutBucket, PDFKey: pdfKey, IndexKey: idxKey,
		SourcePages: idx.Source.Pages, Documents: len(idx.Documents),
		Duplicates: len(idx.Duplicates), NeedsReview: idx.NeedsReview,
		StageMS: stages, FinishedAt: time.Now().UTC(),
	}
	if idx.Packet != nil {
		sum.PacketPages = idx.Packet.Pages
	}
	return sum, nil
}
