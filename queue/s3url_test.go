package queue

import (
	"errors"
	"testing"
)

func TestParseS3URL(t *testing.T) {
	tests := []struct {
		in, bucket, key string
		ok              bool
	}{
		{"s3://uploads/claims/2025/A 1.pdf", "uploads", "claims/2025/A 1.pdf", true},
		{"s3://b/k", "b", "k", true},
		{"s3+encoded://b/a%20b%2Bc.pdf", "b", "a b+c.pdf", true},
		{"s3://b/", "", "", false},
		{"s3://b", "", "", false},
		{"s3:///k", "", "", false},
		{"s3://b/dir/", "", "", false},
		{"http://b/k", "", "", false},
		{"s3+encoded://b/%zz", "", "", false},
	}
	for _, tc := range tests {
		b, k, err := ParseS3URL(tc.in)
		if tc.ok != (err == nil) || b != tc.bucket || k != tc.key {
			t.Errorf("ParseS3URL(%q) = %q %q %v", tc.in, b, k, err)
		}
		if err != nil && !errors.Is(err, ErrS3URL) {
			t.Errorf("ParseS3URL(%q): error class %v", tc.in, err)
		}
	}
}

func FuzzParseS3URL(f *testing.F) {
	f.Add("s3://uploads/claims/a.pdf")
	f.Add("s3+encoded://b/a%20b.pdf")
	f.Fuzz(func(t *testing.T, s string) {
		b, k, err := ParseS3URL(s)
		if err != nil {
			if !errors.Is(err, ErrS3URL) {
				t.Fatalf("error class: %v", err)
			}
			return
		}
		if b == "" || k == "" {
			t.Fatalf("empty part from %q", s)
		}
	})
}

func FuzzParseRedisURL(f *testing.F) {
	for _, s := range []string{"redis://127.0.0.1:6379/0", "redis-cluster://u:p@n1:7000,n2:7001?tls=1",
		"redis-sentinel://:pw@s1:26379?master=m", "redis-socket:///tmp/r.sock?db=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		opt, err := ParseRedisURL(s)
		if err != nil {
			if !errors.Is(err, ErrRedisURL) {
				t.Fatalf("error class: %v", err)
			}
			return
		}
		if opt == nil {
			t.Fatal("nil options without error")
		}
	})
}
