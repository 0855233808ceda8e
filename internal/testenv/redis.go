package testenv

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Redis is a redis-server owned by one test.
type Redis struct {
	// Addr is host:port; URL is redis://Addr/0 for asynq.ParseRedisURI.
	Addr string
	URL  string
	Dir  string

	t       testing.TB
	persist bool
	cluster bool
	mu      sync.Mutex
	p       *Process
}

// RedisOption configures StartRedis.
type RedisOption func(*Redis)

// WithPersistence turns on the append-only file (fsync always), so data
// survives Restart, as a production Redis would. Without it the server keeps
// nothing on disk and a restart empties it.
func WithPersistence() RedisOption { return func(r *Redis) { r.persist = true } }

func withCluster() RedisOption { return func(r *Redis) { r.cluster = true } }

var errNotReady = errors.New("not ready")

// StartRedis starts redis-server on a free loopback port; t.Cleanup stops it.
// It skips the test when redis-server is not installed.
func StartRedis(t testing.TB, opts ...RedisOption) *Redis {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("testenv: redis-server not installed (Debian package redis-server)")
	}
	r := &Redis{t: t, Dir: t.TempDir()}
	for _, o := range opts {
		o(r)
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port := freePort(t)
		r.Addr = "127.0.0.1:" + itoa(port)
		if lastErr = r.start(bin); lastErr == nil {
			break
		}
	}
	if lastErr != nil {
		t.Fatalf("testenv: redis-server: %v%s", lastErr, tail(filepath.Join(r.Dir, "redis.log"), 10))
	}
	r.URL = "redis://" + r.Addr + "/0"
	t.Cleanup(func() { r.Stop() })
	return r
}

func (r *Redis) start(bin string) error {
	_, port, _ := net.SplitHostPort(r.Addr)
	args := []string{
		"--port", port, "--bind", "127.0.0.1", "--dir", r.Dir,
		"--save", "", "--daemonize", "no", "--protected-mode", "no",
		"--logfile", "",
	}
	if r.cluster {
		args = append(args, "--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(r.Dir, "nodes.conf"),
			"--cluster-node-timeout", "2000")
	}
	if r.persist {
		args = append(args, "--appendonly", "yes", "--appendfsync", "always")
	} else {
		args = append(args, "--appendonly", "no")
	}
	p, err := StartProcess(filepath.Join(r.Dir, "redis.log"), nil, bin, args...)
	if err != nil {
		return err
	}
	if err := waitFor(10*time.Second, p.Done(), func() error { return ping(r.Addr) }); err != nil {
		p.Stop(syscall.SIGKILL)
		return err
	}
	r.p = p
	return nil
}

// Stop shuts the server down (SIGTERM: with persistence, the append-only file
// is complete).
func (r *Redis) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.p.Stop(syscall.SIGTERM)
	r.p = nil
}

// Kill stops the server abruptly (SIGKILL), as a crash would.
func (r *Redis) Kill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.p.Stop(syscall.SIGKILL)
	r.p = nil
}

// Start starts a stopped server again on the same port and directory.
func (r *Redis) Start() {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.p != nil {
		return
	}
	bin, _ := exec.LookPath("redis-server")
	var err error
	// The old socket may linger briefly in TIME_WAIT; redis sets SO_REUSEADDR,
	// but give a racing process a few tries.
	for attempt := 0; attempt < 5; attempt++ {
		if err = r.start(bin); err == nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	r.t.Fatalf("testenv: restart redis-server: %v%s", err, tail(filepath.Join(r.Dir, "redis.log"), 10))
}

// Restart stops and starts the server on the same port.
func (r *Redis) Restart() {
	r.t.Helper()
	r.Stop()
	r.Start()
}

// ping speaks just enough RESP to see a live server.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(500 * time.Millisecond))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return fmt.Errorf("unexpected reply %q", strings.TrimSpace(line))
	}
	return nil
}
