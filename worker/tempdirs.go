package worker

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// taskDirPrefix names per-task working directories under HandlerOptions.TempDir.
const taskDirPrefix = "imrpacket-task-"

// StaleTaskDirAge is how old a task directory must be before a starting
// worker removes it: longer than any task may run (queue.Timeout caps at 6 h),
// so a directory still in use by another worker on the same machine is never
// taken.
const StaleTaskDirAge = 7 * time.Hour

// RemoveStaleTaskDirs deletes task working directories under dir (default
// os.TempDir()) last modified more than olderThan ago. A worker killed with
// SIGKILL cannot clean up after itself; its downloaded upload (PHI) would
// otherwise stay on disk. It returns how many it removed.
func RemoveStaleTaskDirs(dir string, olderThan time.Duration) (int, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	cutoff := time.Now().Add(-olderThan)
	var n int
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), taskDirPrefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(cutoff) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}
