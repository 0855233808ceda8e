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

// Process is one run of a program whose combined output goes to a log file:
// the servers here, and the tests' own runs of the imrpacket command.
type Process struct {
	cmd    *exec.Cmd
	exited chan struct{}
	// Log is the file stdout and stderr are appended to.
	Log string
}

// StartProcess runs name with args, env added to the test's environment,
// output appended to logPath. The process dies with the test binary and is
// never in its process group, so stopping it never signals the tests.
func StartProcess(logPath string, env []string, name string, args ...string) (*Process, error) {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout = logf
	cmd.Stderr = logf
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	p := &Process{cmd: cmd, exited: make(chan struct{}), Log: logPath}
	go func() {
		cmd.Wait()
		logf.Close()
		close(p.exited)
	}()
	return p, nil
}

// Stop sends sig and waits for the process to end, killing it after 20s.
func (p *Process) Stop(sig syscall.Signal) {
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
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
	}
}

// Exited reports whether the process has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// Pid is the process id (for reading its /proc entries).
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Done is closed when the process has ended.
func (p *Process) Done() <-chan struct{} { return p.exited }

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
