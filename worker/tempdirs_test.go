package worker

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRemoveStaleTaskDirs(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-8 * time.Hour)
	mk := func(name string, mtime time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "sub"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "sub", "input.pdf"), []byte("%PDF-"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name     string
		mtime    time.Time
		wantGone bool
	}{
		{taskDirPrefix + "killed", old, true},
		{taskDirPrefix + "running", time.Now(), false},
		{"someone-else", old, false},
	}
	for _, tt := range tests {
		mk(tt.name, tt.mtime)
	}
	n, err := RemoveStaleTaskDirs(dir, StaleTaskDirAge)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("removed %d, want 1", n)
	}
	for _, tt := range tests {
		_, err := os.Stat(filepath.Join(dir, tt.name))
		if gone := os.IsNotExist(err); gone != tt.wantGone {
			t.Errorf("%s: gone = %v, want %v", tt.name, gone, tt.wantGone)
		}
	}
}
