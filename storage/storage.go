// Package storage reads and writes packet files in object storage: S3 or any
// S3-compatible server (aws-sdk-go-v2), or a local directory tree.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Object describes one stored object.
type Object struct {
	Bucket    string
	Key       string
	VersionID string // empty when the bucket is unversioned
	ETag      string // without surrounding quotes
	Size      int64
	// LastModified has one-second resolution on S3.
	LastModified time.Time
}

// Store is object storage. Both implementations (S3 and Local) are real: the
// worker runs against S3 in service mode, tests and single-machine setups use
// Local.
type Store interface {
	// Stat returns the metadata of the current version of an object.
	Stat(ctx context.Context, bucket, key string) (Object, error)
	// Open streams an object (current version when versionID is empty).
	// The caller closes the reader.
	Open(ctx context.Context, bucket, key, versionID string) (io.ReadCloser, Object, error)
	// Download streams an object to dstPath through a temporary file in the
	// same directory, so dstPath is either absent or complete.
	Download(ctx context.Context, bucket, key, versionID, dstPath string) (Object, error)
	// Upload stores the file at srcPath, replacing any object under key.
	Upload(ctx context.Context, bucket, key, srcPath, contentType string) error
	// Presign returns a URL that GETs the object without credentials until ttl
	// passes. Local returns ErrNotSupported.
	Presign(ctx context.Context, bucket, key string, ttl time.Duration) (string, error)
	// List returns every object whose key starts with prefix, sorted by key.
	List(ctx context.Context, bucket, prefix string) ([]Object, error)
	// Delete removes an object; deleting a missing object is not an error.
	Delete(ctx context.Context, bucket, key string) error
}

// Error classes. Callers branch with errors.Is; ErrNotFound, ErrNoBucket,
// ErrAccessDenied and ErrInvalid are permanent (retrying cannot help), every
// other error from a Store is transient.
var (
	ErrNotFound     = errors.New("object not found")
	ErrNoBucket     = errors.New("bucket not found")
	ErrAccessDenied = errors.New("access denied")
	ErrInvalid      = errors.New("invalid bucket or key")
	ErrNotSupported = errors.New("not supported by this store")
)

// Error is what a Store returns. It names the operation and bucket but never
// the key: keys may carry a claimant's name (PHI).
type Error struct {
	Op     string // stat, open, download, upload, presign, list, delete
	Bucket string
	Class  error // one of the Err* sentinels, or nil when transient
	Err    error // the underlying cause
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("storage %s bucket %q", e.Op, e.Bucket)
	if e.Class != nil {
		msg += ": " + e.Class.Error()
	}
	if e.Err != nil && e.Err != e.Class {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap exposes both the class sentinel and the cause to errors.Is/As.
func (e *Error) Unwrap() []error {
	var out []error
	if e.Class != nil {
		out = append(out, e.Class)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// Permanent reports whether retrying the operation cannot succeed.
func (e *Error) Permanent() bool {
	switch e.Class {
	case ErrNotFound, ErrNoBucket, ErrAccessDenied, ErrInvalid, ErrNotSupported:
		return true
	}
	return false
}

// IsPermanent reports whether err, or anything it wraps, says retrying cannot
// help (a Permanent() bool method returning true).
func IsPermanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}
