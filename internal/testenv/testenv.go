// Package testenv starts real servers for tests: redis-server and versitygw
// (an S3-compatible gateway), each on a free 127.0.0.1 port with a temp dir.
package testenv

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// freePort asks the kernel for an unused loopback port. Another process may
// take it before our server binds; callers retry start-up on failure.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testenv: free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitFor polls ready every 20ms until it returns nil, the process exits, or
// limit passes.
func waitFor(limit time.Duration, exited <-chan struct{}, ready func() error) error {
	deadline := time.Now().Add(limit)
	var err error
	for time.Now().Before(deadline) {
		if err = ready(); err == nil {
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("process exited before it was ready: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	return fmt.Errorf("not ready after %v: %v", limit, err)
}

// proc is one run of a server process.
type proc struct {
	cmd    *exec.Cmd
	exited chan struct{}
	log    *os.File
}

func startProc(logPath string, env []string, name string, args ...string) (*proc, error) {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout = logf
	cmd.Stderr = logf
	cmd.Env = append(os.Environ(), env...)
	// Own process group, so a stop never signals the test binary's group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	p := &proc{cmd: cmd, exited: make(chan struct{}), log: logf}
	go func() {
		cmd.Wait()
		logf.Close()
		close(p.exited)
	}()
	return p, nil
}

// stop sends sig, waits up to 10s, then kills.
func (p *proc) stop(sig syscall.Signal) {
	if p == nil {
		return
	}
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Signal(sig)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
	}
}

// tail returns the last lines of a log file for a failure message.
func tail(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	out := ""
	for _, l := range lines {
		out += "\n  " + l
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
