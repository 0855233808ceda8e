package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Local is a Store on a directory tree: bucket is a directory under root and
// key a slash-separated path under it. It has no versions; its ETag is derived
// from size and modification time (not content), which is enough to tell one
// upload from the next without reading the file.
type Local struct {
	root string
}

var _ Store = (*Local)(nil)

// NewLocal returns a Store rooted at root (created if missing).
func NewLocal(root string) (*Local, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("storage: local root: %w", sanitize(err))
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("storage: local root: %w", err)
	}
	return &Local{root: abs}, nil
}

// path maps bucket and key to a file path, refusing anything that could
// escape the bucket directory.
func (l *Local) path(bucket, key string) (string, error) {
	if bucket == "" || strings.ContainsAny(bucket, `/\`) || bucket == "." || bucket == ".." {
		return "", ErrInvalid
	}
	if key == "" {
		return filepath.Join(l.root, bucket), nil
	}
	if strings.HasPrefix(key, "/") || strings.Contains(key, `\`) {
		return "", ErrInvalid
	}
	for _, part := range strings.Split(key, "/") {
		if part == ".." || part == "." {
			return "", ErrInvalid
		}
	}
	return filepath.Join(l.root, bucket, filepath.FromSlash(key)), nil
}

func (l *Local) bucketDir(op, bucket string) (string, error) {
	dir, err := l.path(bucket, "")
	if err != nil {
		return "", &Error{Op: op, Bucket: bucket, Class: ErrInvalid}
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", &Error{Op: op, Bucket: bucket, Class: ErrNoBucket}
	}
	return dir, nil
}

func (l *Local) file(op, bucket, key string) (string, error) {
	if _, err := l.bucketDir(op, bucket); err != nil {
		return "", err
	}
	p, err := l.path(bucket, key)
	if err != nil || key == "" {
		return "", &Error{Op: op, Bucket: bucket, Class: ErrInvalid}
	}
	return p, nil
}

// CreateBucket creates a bucket directory.
func (l *Local) CreateBucket(ctx context.Context, bucket string) error {
	dir, err := l.path(bucket, "")
	if err != nil {
		return &Error{Op: "create-bucket", Bucket: bucket, Class: ErrInvalid}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &Error{Op: "create-bucket", Bucket: bucket, Err: sanitize(err)}
	}
	return nil
}

func localObject(bucket, key string, st fs.FileInfo) Object {
	return Object{
		Bucket: bucket, Key: key,
		ETag:         fmt.Sprintf("%x-%x", st.ModTime().UnixNano(), st.Size()),
		Size:         st.Size(),
		LastModified: st.ModTime(),
	}
}

func localErr(op, bucket string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &Error{Op: op, Bucket: bucket, Class: ErrNotFound}
	}
	if errors.Is(err, fs.ErrPermission) {
		return &Error{Op: op, Bucket: bucket, Class: ErrAccessDenied}
	}
	return &Error{Op: op, Bucket: bucket, Err: sanitize(err)}
}

// Stat implements Store.
func (l *Local) Stat(ctx context.Context, bucket, key string) (Object, error) {
	p, err := l.file("stat", bucket, key)
	if err != nil {
		return Object{}, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return Object{}, localErr("stat", bucket, err)
	}
	if st.IsDir() {
		return Object{}, &Error{Op: "stat", Bucket: bucket, Class: ErrNotFound}
	}
	return localObject(bucket, key, st), nil
}

// Open implements Store. versionID must be empty: Local has no versions.
func (l *Local) Open(ctx context.Context, bucket, key, versionID string) (io.ReadCloser, Object, error) {
	if versionID != "" {
		return nil, Object{}, &Error{Op: "open", Bucket: bucket, Class: ErrNotFound, Err: errors.New("local store has no versions")}
	}
	p, err := l.file("open", bucket, key)
	if err != nil {
		return nil, Object{}, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, Object{}, localErr("open", bucket, err)
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return nil, Object{}, &Error{Op: "open", Bucket: bucket, Class: ErrNotFound}
	}
	return f, localObject(bucket, key, st), nil
}

// Download implements Store.
func (l *Local) Download(ctx context.Context, bucket, key, versionID, dstPath string) (Object, error) {
	r, obj, err := l.Open(ctx, bucket, key, versionID)
	if err != nil {
		return Object{}, relabel(err, "download")
	}
	defer r.Close()
	if _, err := writeFileAtomic(dstPath, ctxReader{ctx, r}); err != nil {
		return Object{}, &Error{Op: "download", Bucket: bucket, Err: sanitize(err)}
	}
	return obj, nil
}

// Upload implements Store. The object appears whole or not at all (temporary
// file and rename), as on S3.
func (l *Local) Upload(ctx context.Context, bucket, key, srcPath, contentType string) error {
	p, err := l.file("upload", bucket, key)
	if err != nil {
		return err
	}
	src, err := os.Open(srcPath)
	if err != nil {
		return &Error{Op: "upload", Bucket: bucket, Class: ErrInvalid, Err: fmt.Errorf("open source: %w", sanitize(err))}
	}
	defer src.Close()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return localErr("upload", bucket, err)
	}
	if _, err := writeFileAtomic(p, ctxReader{ctx, src}); err != nil {
		return localErr("upload", bucket, err)
	}
	return nil
}

// Presign implements Store: a local file has no URL.
func (l *Local) Presign(ctx context.Context, bucket, key string, ttl time.Duration) (string, error) {
	return "", &Error{Op: "presign", Bucket: bucket, Class: ErrNotSupported}
}

// List implements Store.
func (l *Local) List(ctx context.Context, bucket, prefix string) ([]Object, error) {
	dir, err := l.bucketDir("list", bucket)
	if err != nil {
		return nil, err
	}
	var out []Object
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".dl-") {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !strings.HasPrefix(key, prefix) {
			return nil
		}
		st, err := d.Info()
		if err != nil {
			return nil // removed while walking
		}
		out = append(out, localObject(bucket, key, st))
		return nil
	})
	if err != nil {
		return nil, localErr("list", bucket, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// Delete implements Store.
func (l *Local) Delete(ctx context.Context, bucket, key string) error {
	p, err := l.file("delete", bucket, key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return localErr("delete", bucket, err)
	}
	return nil
}

// ctxReader stops a long copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
