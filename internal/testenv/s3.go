package testenv

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// VersityGWVersion is the versitygw release the tests run against.
const VersityGWVersion = "v1.8.0"

// S3 is a versitygw (posix backend) owned by one test.
type S3 struct {
	// Endpoint is the base URL for the SDK (path-style addressing).
	Endpoint  string
	Addr      string
	Region    string
	AccessKey string
	SecretKey string
	// Root is the posix backend's directory: each bucket is a directory.
	Root string

	t      testing.TB
	dir    string
	bin    string
	args   []string
	env    []string
	mu     sync.Mutex
	p      *Process
	verDir bool
}

// S3Option configures StartS3.
type S3Option func(*S3)

// WithVersioning enables bucket versioning (versitygw --versioning-dir); a
// bucket still needs PutBucketVersioning to turn it on.
func WithVersioning() S3Option { return func(s *S3) { s.verDir = true } }

// WithEventWebhook makes versitygw POST bucket event notifications to url.
func WithEventWebhook(url string) S3Option {
	return func(s *S3) { s.args = append(s.args, "--event-webhook-url", url) }
}

// WithArgs adds global versitygw flags (before the backend subcommand).
func WithArgs(args ...string) S3Option {
	return func(s *S3) { s.args = append(s.args, args...) }
}

// StartS3 starts versitygw on a free loopback port with root credentials and
// a fresh posix root; t.Cleanup stops it. The binary is built once per
// machine (see VersityGW).
func StartS3(t testing.TB, opts ...S3Option) *S3 {
	t.Helper()
	s := &S3{
		t:         t,
		bin:       VersityGW(t),
		dir:       t.TempDir(),
		Region:    "us-east-1",
		AccessKey: "testenv-access",
		SecretKey: "testenv-secret-key-0123456789",
	}
	for _, o := range opts {
		o(s)
	}
	s.Root = filepath.Join(s.dir, "root")
	if err := os.MkdirAll(s.Root, 0o755); err != nil {
		t.Fatalf("testenv: %v", err)
	}
	s.env = []string{
		"ROOT_ACCESS_KEY=" + s.AccessKey, "ROOT_SECRET_KEY=" + s.SecretKey,
		// Never let the outer environment reconfigure the gateway.
		"VGW_PORT=", "VGW_IAM_DIR=", "VGW_EVENT_FILTER=",
	}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		s.Addr = "127.0.0.1:" + itoa(freePort(t))
		if err = s.start(); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("testenv: versitygw: %v%s", err, tail(s.logPath(), 10))
	}
	s.Endpoint = "http://" + s.Addr
	t.Cleanup(func() { s.Stop() })
	return s
}

func (s *S3) logPath() string { return filepath.Join(s.dir, "versitygw.log") }

func (s *S3) start() error {
	args := []string{"--port", s.Addr, "--region", s.Region, "--quiet"}
	args = append(args, s.args...)
	args = append(args, "posix")
	if s.verDir {
		vd := filepath.Join(s.dir, "versions")
		if err := os.MkdirAll(vd, 0o755); err != nil {
			return err
		}
		args = append(args, "--versioning-dir", vd)
	}
	args = append(args, s.Root)
	p, err := StartProcess(s.logPath(), s.env, s.bin, args...)
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: 500 * time.Millisecond}
	err = waitFor(15*time.Second, p.Done(), func() error {
		// Unsigned requests get 403: any HTTP answer means it is serving.
		resp, err := client.Get("http://" + s.Addr + "/")
		if err != nil {
			return err
		}
		resp.Body.Close()
		return nil
	})
	if err != nil {
		p.Stop(syscall.SIGKILL)
		return err
	}
	s.p = p
	return nil
}

// Stop stops the gateway (an S3 outage); Start brings it back on the same
// address with the same data.
func (s *S3) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.p.Stop(syscall.SIGTERM)
	s.p = nil
}

// Start restarts a stopped gateway on the same address and root.
func (s *S3) Start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p != nil {
		return
	}
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = s.start(); err == nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	s.t.Fatalf("testenv: restart versitygw: %v%s", err, tail(s.logPath(), 10))
}

// MakeBucket creates a bucket directly in the posix root, which versitygw
// serves as a bucket owned by the root account. Tests that want the S3 call
// can use the SDK instead.
func (s *S3) MakeBucket(name string) {
	s.t.Helper()
	if err := os.MkdirAll(filepath.Join(s.Root, name), 0o755); err != nil {
		s.t.Fatalf("testenv: make bucket: %v", err)
	}
}

var (
	buildOnce sync.Once
	buildBin  string
	buildErr  error
)

// CacheDir is where testenv keeps built binaries, outside the repository:
// $IMRPACKET_CACHE, else the user cache dir ($XDG_CACHE_HOME or ~/.cache)
// under imrpacket/bin.
func CacheDir() (string, error) {
	if d := os.Getenv("IMRPACKET_CACHE"); d != "" {
		return filepath.Join(d, "bin"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "imrpacket", "bin"), nil
}

// VersityGW returns the path of a versitygw binary: $VERSITYGW if set, else
// the cached build, building it with `go install` the first time (about two
// minutes on two cores). Concurrent test binaries serialise on a lock file so
// it is built once. The test is skipped only when it cannot be built.
func VersityGW(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() { buildBin, buildErr = buildVersityGW() })
	if buildErr != nil {
		t.Skipf("testenv: versitygw %s unavailable (set VERSITYGW to a binary, or allow `go install github.com/versity/versitygw/cmd/versitygw@%s`): %v",
			VersityGWVersion, VersityGWVersion, buildErr)
	}
	return buildBin
}

func buildVersityGW() (string, error) {
	if p := os.Getenv("VERSITYGW"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("VERSITYGW: %w", err)
		}
		return p, nil
	}
	dir, err := CacheDir()
	if err != nil {
		return "", err
	}
	// One directory per version, so a bump rebuilds instead of reusing.
	dir = filepath.Join(dir, "versitygw-"+VersityGWVersion)
	bin := filepath.Join(dir, "versitygw")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	lock, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil // another process built it while we waited
	}
	goBin := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			return "", fmt.Errorf("no go command: %w", err)
		}
	}
	cmd := exec.Command(goBin, "install", "github.com/versity/versitygw/cmd/versitygw@"+VersityGWVersion)
	cmd.Dir = dir // outside any module, so the repository's go.mod plays no part
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if len(out) > 2000 {
			out = out[len(out)-2000:]
		}
		return "", fmt.Errorf("go install: %v: %s", err, out)
	}
	return bin, nil
}
