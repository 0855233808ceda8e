package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"imrpacket/storage"
)

// Status says what Enqueue did.
type Status int

const (
	// Enqueued: a new task was queued.
	Enqueued Status = iota
	// AlreadyQueued: a task for this upload exists (pending, active,
	// scheduled, retry or archived: Outcome.State says which); nothing done.
	AlreadyQueued
	// AlreadyDone: index.json at the output location is newer than the
	// upload, or the task completed and is still retained; nothing done.
	AlreadyDone
)

func (s Status) String() string {
	switch s {
	case Enqueued:
		return "enqueued"
	case AlreadyQueued:
		return "already queued"
	case AlreadyDone:
		return "already done"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Outcome is the result of Enqueue.
type Outcome struct {
	Status Status
	TaskID string
	Queue  string
	// State is the asynq state of the existing task when AlreadyQueued or
	// AlreadyDone came from the queue ("pending", "archived", ...).
	State string
	// Replaced is the state of an older task that force deleted, if any.
	Replaced string
}

func (o Outcome) String() string {
	s := fmt.Sprintf("%s: task %s in queue %s", o.Status, o.TaskID, o.Queue)
	if o.State != "" {
		s += " (" + o.State + ")"
	}
	if o.Replaced != "" {
		s += ", replaced a " + o.Replaced + " task"
	}
	return s
}

// Defaults for tasks.
const (
	DefaultMaxRetry  = 10
	DefaultRetention = 7 * 24 * time.Hour
)

// Client enqueues packet:process tasks idempotently.
type Client struct {
	client *asynq.Client
	insp   *asynq.Inspector
	store  storage.Store

	// MaxRetry bounds retries of transient failures (default DefaultMaxRetry).
	MaxRetry int
	// Retention keeps a completed task, with its result summary, visible in
	// `asynq task ls --state completed` (default DefaultRetention).
	Retention time.Duration
	// Now is the clock (tests replace it).
	Now func() time.Time
}

// NewClient connects to Redis (no I/O until the first call). store is where
// the done check looks for index.json; nil skips that check.
func NewClient(redis asynq.RedisConnOpt, store storage.Store) *Client {
	return &Client{
		client:    asynq.NewClient(redis),
		insp:      asynq.NewInspector(redis),
		store:     store,
		MaxRetry:  DefaultMaxRetry,
		Retention: DefaultRetention,
		Now:       time.Now,
	}
}

// Close releases the Redis connections.
func (c *Client) Close() error {
	return errors.Join(c.client.Close(), c.insp.Close())
}

// Inspector is the asynq Inspector on the same Redis (queue depths, tasks).
func (c *Client) Inspector() *asynq.Inspector { return c.insp }

// Enqueue queues one upload unless it is already queued or done.
//
// Without force it is idempotent: the task id is derived from the upload's
// version (or ETag), so a repeated event is refused whatever queue holds the
// first task, and an upload whose index.json is newer than it is done.
//
// With force it redoes the packet: a retained task for the same upload
// (pending, scheduled, retry, archived or completed, in any queue) is deleted
// and a fresh one queued under the same id, so `asynq task ls` never shows
// two tasks for one upload. A task that is running now cannot be replaced:
// the outcome is AlreadyQueued with State "active".
//
// The payload's missing facts (version, ETag, size) are filled from a Stat of
// the input; a missing input is an error wrapping storage.ErrNotFound.
func (c *Client) Enqueue(ctx context.Context, p Payload, force bool) (Outcome, error) {
	if err := p.Validate(); err != nil {
		return Outcome{}, err
	}
	if p.RequestedAt.IsZero() {
		p.RequestedAt = c.Now().UTC().Truncate(time.Second)
	}
	var input storage.Object
	if c.store != nil {
		var err error
		input, err = c.store.Stat(ctx, p.Bucket, p.Key)
		if err != nil {
			return Outcome{}, fmt.Errorf("enqueue packet %s: input: %w", LogID(p.Key), err)
		}
		if p.VersionID == "" && p.ETag == "" {
			p.VersionID, p.ETag = input.VersionID, input.ETag
		}
		if p.Size == 0 {
			p.Size = input.Size
		}
	}
	out := Outcome{TaskID: p.TaskID(), Queue: p.Queue()}

	// A task with this id may sit in another queue (the first event was
	// expedited, a later one not): look in all of them.
	for _, q := range Queues {
		info, err := c.insp.GetTaskInfo(q, out.TaskID)
		if errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound) {
			continue
		}
		if err != nil {
			return Outcome{}, fmt.Errorf("enqueue packet %s: look up task: %w", LogID(p.Key), err)
		}
		state := info.State.String()
		if info.State == asynq.TaskStateActive || !force {
			o := Outcome{Status: AlreadyQueued, TaskID: out.TaskID, Queue: q, State: state}
			if info.State == asynq.TaskStateCompleted {
				o.Status = AlreadyDone
			}
			return o, nil
		}
		if err := c.insp.DeleteTask(q, out.TaskID); err != nil && !errors.Is(err, asynq.ErrTaskNotFound) {
			return Outcome{}, fmt.Errorf("enqueue packet %s: replace %s task: %w", LogID(p.Key), state, err)
		}
		out.Replaced = state
	}

	if !force && c.store != nil {
		done, err := c.isDone(ctx, p, input)
		if err != nil {
			return Outcome{}, err
		}
		if done {
			out.Status = AlreadyDone
			return out, nil
		}
	}

	body, err := p.Marshal()
	if err != nil {
		return Outcome{}, err
	}
	task := asynq.NewTask(TypeProcess, body,
		asynq.TaskID(out.TaskID),
		asynq.Queue(out.Queue),
		asynq.MaxRetry(c.MaxRetry),
		asynq.Timeout(Timeout(p.Size)),
		asynq.Retention(c.Retention),
	)
	if _, err := c.client.EnqueueContext(ctx, task); err != nil {
		if errors.Is(err, asynq.ErrTaskIDConflict) {
			// Lost a race with an identical event.
			out.Status = AlreadyQueued
			out.State = "pending"
			return out, nil
		}
		return Outcome{}, fmt.Errorf("enqueue packet %s: %w", LogID(p.Key), err)
	}
	out.Status = Enqueued
	return out, nil
}

// isDone reports whether index.json exists and is no older than the input.
// S3 stamps both times on the same server clock, so the comparison holds
// across machines; a re-upload after processing has a later time and is
// processed again.
func (c *Client) isDone(ctx context.Context, p Payload, input storage.Object) (bool, error) {
	idx, err := c.store.Stat(ctx, p.OutBucket, p.Layout().IndexKey(p.Key))
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("enqueue packet %s: output: %w", LogID(p.Key), err)
	}
	return !idx.LastModified.Before(input.LastModified), nil
}
