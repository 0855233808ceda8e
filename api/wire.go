package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"imrpacket/queue"
	"imrpacket/storage"
)

// QueueJobs is Jobs on package queue: one idempotent packet:process task per
// uploaded object, outputs under Out.
type QueueJobs struct {
	Client *queue.Client
	Out    queue.Layout
	// ExpeditedPrefix, when set, sends uploads whose key starts with it to
	// the critical queue (e.g. "expedited/": the uploader chooses the folder).
	ExpeditedPrefix string
}

// Submit implements Jobs. A task that exists for the same upload, or a
// packet already done, is a Duplicate.
func (j QueueJobs) Submit(ctx context.Context, o Object) (Outcome, error) {
	p := queue.Payload{
		Bucket: o.Bucket, Key: o.Key, VersionID: o.VersionID, ETag: o.ETag, Size: o.Size,
		OutBucket: j.Out.Bucket, OutPrefix: j.Out.Prefix,
		Expedited: j.ExpeditedPrefix != "" && strings.HasPrefix(o.Key, j.ExpeditedPrefix),
	}
	out, err := j.Client.Enqueue(ctx, p, false)
	if err != nil {
		return 0, err
	}
	if out.Status == queue.Enqueued {
		return Enqueued, nil
	}
	return Duplicate, nil
}

// IsOutput implements Jobs.
func (j QueueJobs) IsOutput(bucket, key string) bool { return j.Out.IsOutput(bucket, key) }

// maxIndexBytes bounds how much of an index.json serve reads into memory; a
// 2,000-page packet's index is a few MB.
const maxIndexBytes = 64 << 20

// StorePackets is Packets on a storage.Store with the queue's output layout.
type StorePackets struct {
	Store storage.Store
	Out   queue.Layout
	// Presigner signs PDF download URLs; set it to a Store whose endpoint the
	// reviewers' browsers can reach when Store's is internal (SigV4 signs
	// the host, so a URL cannot be rewritten afterwards). Default Store.
	Presigner storage.Store
}

func (p StorePackets) prefix() string {
	pre := strings.TrimLeft(p.Out.Prefix, "/")
	if pre != "" && !strings.HasSuffix(pre, "/") {
		pre += "/"
	}
	return pre
}

// List implements Packets: every packet whose index.json exists.
func (p StorePackets) List(ctx context.Context) ([]PacketInfo, error) {
	objs, err := p.Store.List(ctx, p.Out.Bucket, p.prefix())
	if err != nil {
		return nil, fmt.Errorf("list packets: %w", err)
	}
	var out []PacketInfo
	for _, o := range objs {
		id, ok := p.Out.PacketIDFromIndexKey(o.Key)
		if !ok {
			continue
		}
		stem := strings.TrimSuffix(strings.TrimPrefix(o.Key, p.prefix()), "/"+queue.IndexName)
		out = append(out, PacketInfo{ID: id, Name: stem, Updated: o.LastModified})
	}
	return out, nil
}

// Index implements Packets.
func (p StorePackets) Index(ctx context.Context, id string) ([]byte, error) {
	_, indexKey, err := p.Out.PacketKeys(id)
	if err != nil {
		return nil, ErrPacketNotFound
	}
	rc, _, err := p.Store.Open(ctx, p.Out.Bucket, indexKey, "")
	if errors.Is(err, storage.ErrNotFound) {
		return nil, ErrPacketNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxIndexBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	if len(b) > maxIndexBytes {
		return nil, fmt.Errorf("read index: larger than %d bytes", maxIndexBytes)
	}
	return b, nil
}

// PDFURL implements Packets.
func (p StorePackets) PDFURL(ctx context.Context, id string, ttl time.Duration) (string, error) {
	pdfKey, _, err := p.Out.PacketKeys(id)
	if err != nil {
		return "", ErrPacketNotFound
	}
	s := p.Presigner
	if s == nil {
		s = p.Store
	}
	u, err := s.Presign(ctx, p.Out.Bucket, pdfKey, ttl)
	if err != nil {
		return "", fmt.Errorf("presign packet: %w", err)
	}
	return u, nil
}
