package worker_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"imrpacket/internal/testenv"
)

// The crash, PHI and load tests run the real `imrpacket` command, as
// production does, so what they see is what an operator would: its flags,
// its logs, its reaction to signals.
var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// imrpacketBinary builds cmd/imrpacket once per test run.
func imrpacketBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "imrpacket-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "imrpacket")
		out, err := exec.Command("go", "build", "-o", binPath, "imrpacket/cmd/imrpacket").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// cmdProc is one run of the imrpacket command with its combined output in a
// file the test reads (logs are JSON lines on stderr).
type cmdProc struct {
	*testenv.Process
	t *testing.T
}

// startCmd runs imrpacket with args; env is added to the test's environment.
// t.Cleanup kills it if the test has not stopped it.
func startCmd(t *testing.T, name string, env []string, args ...string) *cmdProc {
	t.Helper()
	p, err := testenv.StartProcess(filepath.Join(t.TempDir(), name+".log"), env, imrpacketBinary(t), args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Stop(syscall.SIGKILL) })
	return &cmdProc{Process: p, t: t}
}

// Signal sends sig and waits for the process to end (SIGKILL after 20s).
func (p *cmdProc) Signal(sig syscall.Signal) { p.Stop(sig) }

// Lines returns the output so far.
func (p *cmdProc) Lines() []string {
	f, err := os.Open(p.Log)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// WaitLine waits until a line contains every one of subs (bounded; not a
// timing assertion).
func (p *cmdProc) WaitLine(limit time.Duration, subs ...string) string {
	p.t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		for _, l := range p.Lines() {
			if containsAll(l, subs) {
				return l
			}
		}
		if p.Exited() {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("no log line with %q within %v (exited %v); log tail:\n%s", subs, limit, p.Exited(), p.Tail(15))
	return ""
}

// Tail returns the last n lines of output.
func (p *cmdProc) Tail(n int) string {
	l := p.Lines()
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// serviceEnv is the environment and flags `imrpacket worker` and `serve`
// need to reach the test's Redis and S3.
func (s *service) cmdEnv() []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + s.gw.AccessKey, "AWS_SECRET_ACCESS_KEY=" + s.gw.SecretKey,
		"AWS_PROFILE=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
	}
}

func (s *service) cmdFlags() []string {
	return []string{"--redis", s.redis.URL, "--s3-endpoint", s.gw.Endpoint, "--s3-region", s.gw.Region,
		"--s3-path-style=true", "--out-bucket", outBucket, "--out-prefix", outPrefix}
}

// startWorkerCmd runs `imrpacket worker` against the service's Redis and S3.
func (s *service) startWorkerCmd(name string, extra ...string) *cmdProc {
	s.t.Helper()
	args := append([]string{"worker"}, s.cmdFlags()...)
	args = append(args, "--tmp", s.t.TempDir(), "--shutdown-timeout", "2s", "--metrics-addr", "")
	args = append(args, extra...)
	p := startCmd(s.t, name, s.cmdEnv(), args...)
	p.WaitLine(60*time.Second, "worker started")
	return p
}

// freeAddr returns a loopback address nobody listens on (yet).
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitHTTP is a small readiness poll for a server the test started.
func waitHTTP(ctx context.Context, addr string) error {
	for ctx.Err() == nil {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return ctx.Err()
}
