package storage_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"imrpacket/internal/testenv"
	"imrpacket/storage"
)

// newS3 starts a versitygw and returns a store on it with bucket "bkt".
func newS3(t *testing.T) (*storage.S3, *testenv.S3) {
	t.Helper()
	gw := testenv.StartS3(t)
	ctx := context.Background()
	s, err := storage.NewS3(ctx, storage.S3Config{
		Endpoint: gw.Endpoint, Region: gw.Region, PathStyle: true,
		AccessKey: gw.AccessKey, SecretKey: gw.SecretKey,
		MaxAttempts: 2, MaxBackoff: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateBucket(ctx, "bkt"); err != nil {
		t.Fatal(err)
	}
	return s, gw
}

func newLocal(t *testing.T) *storage.Local {
	t.Helper()
	l, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := l.CreateBucket(context.Background(), "bkt"); err != nil {
		t.Fatal(err)
	}
	return l
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "src")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestStores runs the same contract against both implementations.
func TestStores(t *testing.T) {
	stores := map[string]func(t *testing.T) storage.Store{
		"local": func(t *testing.T) storage.Store { return newLocal(t) },
		"s3": func(t *testing.T) storage.Store {
			if testing.Short() {
				t.Skip("starts versitygw")
			}
			s, _ := newS3(t)
			return s
		},
	}
	for name, mk := range stores {
		t.Run(name, func(t *testing.T) {
			st := mk(t)
			ctx := context.Background()
			// A multipart-sized body proves the transfer manager path uploads
			// intact without checksum trailers; small keeps the test quick.
			big := bytes.Repeat([]byte("0123456789abcdef"), (9<<20)/16+7)
			for _, tc := range []struct {
				key  string
				data []byte
			}{
				{"in/A 1+b.pdf", []byte("%PDF-1.4 small")},
				{"in/deep/dir/x.pdf", big},
				{"empty.pdf", nil},
			} {
				src := writeFile(t, tc.data)
				if err := st.Upload(ctx, "bkt", tc.key, src, "application/pdf"); err != nil {
					t.Fatalf("upload %s: %v", tc.key, err)
				}
				obj, err := st.Stat(ctx, "bkt", tc.key)
				if err != nil || obj.Size != int64(len(tc.data)) || obj.ETag == "" || obj.LastModified.IsZero() {
					t.Fatalf("stat %s: %+v %v", tc.key, obj, err)
				}
				dst := filepath.Join(t.TempDir(), "dst")
				got, err := st.Download(ctx, "bkt", tc.key, "", dst)
				if err != nil || got.Size != int64(len(tc.data)) {
					t.Fatalf("download %s: %+v %v", tc.key, got, err)
				}
				b, _ := os.ReadFile(dst)
				if !bytes.Equal(b, tc.data) {
					t.Fatalf("download %s: content differs (%d vs %d bytes)", tc.key, len(b), len(tc.data))
				}
				r, _, err := st.Open(ctx, "bkt", tc.key, "")
				if err != nil {
					t.Fatal(err)
				}
				b, _ = io.ReadAll(r)
				r.Close()
				if !bytes.Equal(b, tc.data) {
					t.Fatalf("open %s: content differs", tc.key)
				}
			}
			// Re-upload replaces.
			if err := st.Upload(ctx, "bkt", "empty.pdf", writeFile(t, []byte("v2")), ""); err != nil {
				t.Fatal(err)
			}
			if o, _ := st.Stat(ctx, "bkt", "empty.pdf"); o.Size != 2 {
				t.Fatalf("re-upload did not replace: %+v", o)
			}
			objs, err := st.List(ctx, "bkt", "in/")
			if err != nil || len(objs) != 2 || objs[0].Key != "in/A 1+b.pdf" || objs[1].Key != "in/deep/dir/x.pdf" {
				t.Fatalf("list: %+v %v", objs, err)
			}

			// Missing things are permanent ErrNotFound / ErrNoBucket.
			for _, c := range []struct {
				name string
				err  error
				want error
			}{
				{"stat missing", errOnly(st.Stat(ctx, "bkt", "nope/secret-name.pdf")), storage.ErrNotFound},
				{"download missing", errOnly(st.Download(ctx, "bkt", "nope/secret-name.pdf", "", filepath.Join(t.TempDir(), "x"))), storage.ErrNotFound},
				{"stat no bucket", errOnly(st.Stat(ctx, "nobucket", "a.pdf")), nil},
				{"list no bucket", errOnly(st.List(ctx, "nobucket", "")), storage.ErrNoBucket},
			} {
				if c.err == nil {
					t.Errorf("%s: no error", c.name)
					continue
				}
				if c.want != nil && !errors.Is(c.err, c.want) {
					t.Errorf("%s: %v, want %v", c.name, c.err, c.want)
				}
				if !storage.IsPermanent(c.err) {
					t.Errorf("%s: %v not permanent", c.name, c.err)
				}
				if strings.Contains(c.err.Error(), "secret-name") {
					t.Errorf("%s: error %q leaks the key", c.name, c.err)
				}
			}

			if err := st.Delete(ctx, "bkt", "empty.pdf"); err != nil {
				t.Fatal(err)
			}
			if err := st.Delete(ctx, "bkt", "empty.pdf"); err != nil {
				t.Fatalf("delete twice: %v", err)
			}
			if _, err := st.Stat(ctx, "bkt", "empty.pdf"); !errors.Is(err, storage.ErrNotFound) {
				t.Fatalf("after delete: %v", err)
			}
		})
	}
}

func errOnly[T any](_ T, err error) error { return err }

func TestS3Presign(t *testing.T) {
	if testing.Short() {
		t.Skip("starts versitygw")
	}
	s, _ := newS3(t)
	ctx := context.Background()
	data := []byte("%PDF-1.7 presigned body")
	if err := s.Upload(ctx, "bkt", "out/a b.pdf", writeFile(t, data), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	url, err := s.Presign(ctx, "bkt", "out/a b.pdf", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(body, data) {
		t.Fatalf("presigned GET: %d %q", resp.StatusCode, body)
	}
	// Without the signature the server refuses: the URL is the credential.
	plain := strings.SplitN(url, "?", 2)[0]
	resp, err = http.Get(plain)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("unsigned GET: %d", resp.StatusCode)
	}
}

func TestS3Errors(t *testing.T) {
	if testing.Short() {
		t.Skip("starts versitygw")
	}
	s, gw := newS3(t)
	ctx := context.Background()

	bad, err := storage.NewS3(ctx, storage.S3Config{Endpoint: gw.Endpoint, Region: gw.Region, PathStyle: true,
		AccessKey: gw.AccessKey, SecretKey: "wrong-secret", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Stat(ctx, "bkt", "a.pdf")
	if err == nil || !storage.IsPermanent(err) {
		t.Errorf("bad credentials: %v, want a permanent error", err)
	}
	if err := bad.Upload(ctx, "bkt", "a.pdf", writeFile(t, []byte("x")), ""); !errors.Is(err, storage.ErrAccessDenied) {
		t.Errorf("bad credentials upload: %v, want ErrAccessDenied", err)
	}

	// An outage is transient, and the message names no key.
	gw.Stop()
	_, err = s.Stat(ctx, "bkt", "secret-name.pdf")
	if err == nil || storage.IsPermanent(err) {
		t.Errorf("outage: %v, want a transient error", err)
	}
	if err != nil && strings.Contains(err.Error(), "secret-name") {
		t.Errorf("outage error %q leaks the key", err)
	}
	gw.Start()
	if _, err := s.List(ctx, "bkt", ""); err != nil {
		t.Errorf("after restart: %v", err)
	}
}

func TestLocalRejectsEscapes(t *testing.T) {
	l := newLocal(t)
	ctx := context.Background()
	src := writeFile(t, []byte("x"))
	for _, c := range []struct{ bucket, key string }{
		{"bkt", "../escape.pdf"}, {"bkt", "a/../../x"}, {"../b", "a"}, {"bkt", "/abs"}, {"", "a"}, {"bkt", ""},
	} {
		err := l.Upload(ctx, c.bucket, c.key, src, "")
		if err == nil || !storage.IsPermanent(err) {
			t.Errorf("Upload(%q,%q) = %v, want permanent error", c.bucket, c.key, err)
		}
	}
	if _, err := l.Presign(ctx, "bkt", "a", time.Minute); !errors.Is(err, storage.ErrNotSupported) {
		t.Errorf("Presign: %v", err)
	}
}
