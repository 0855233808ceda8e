package queue

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLayout(t *testing.T) {
	tests := []struct {
		prefix, key      string
		wantPDF, wantIdx string
	}{
		{"indexed/", "claims/2025/A123.pdf", "indexed/claims/2025/A123/packet.pdf", "indexed/claims/2025/A123/index.json"},
		{"indexed", "A.PDF", "indexed/A/packet.pdf", "indexed/A/index.json"},
		{"/out/x/", "a b+c.pdf", "out/x/a b+c/packet.pdf", "out/x/a b+c/index.json"},
		{"", "scan", "scan/packet.pdf", "scan/index.json"},
	}
	for _, tc := range tests {
		l := Layout{Bucket: "out", Prefix: tc.prefix}
		if got := l.PDFKey(tc.key); got != tc.wantPDF {
			t.Errorf("PDFKey(%q,%q) = %q, want %q", tc.prefix, tc.key, got, tc.wantPDF)
		}
		if got := l.IndexKey(tc.key); got != tc.wantIdx {
			t.Errorf("IndexKey(%q,%q) = %q, want %q", tc.prefix, tc.key, got, tc.wantIdx)
		}
		if !l.IsOutput("out", l.PDFKey(tc.key)) || !l.IsOutput("out", l.IndexKey(tc.key)) {
			t.Errorf("outputs of %q not recognised as outputs", tc.key)
		}
		id := PacketID(tc.key)
		pdf, idx, err := l.PacketKeys(id)
		if err != nil || pdf != tc.wantPDF || idx != tc.wantIdx {
			t.Errorf("PacketKeys(PacketID(%q)) = %q %q %v", tc.key, pdf, idx, err)
		}
		if got, ok := l.PacketIDFromIndexKey(idx); !ok || got != id {
			t.Errorf("PacketIDFromIndexKey(%q) = %q %v, want %q", idx, got, ok, id)
		}
	}
	l := Layout{Bucket: "out", Prefix: "indexed/"}
	for _, c := range []struct {
		bucket, key string
		out         bool
	}{
		{"in", "indexed/a/packet.pdf", false},
		{"out", "uploads/a.pdf", false},
		{"out", "indexed/a/index.json", true},
		{"out", "indexed/anything.pdf", true},
	} {
		if got := l.IsOutput(c.bucket, c.key); got != c.out {
			t.Errorf("IsOutput(%q,%q) = %v", c.bucket, c.key, got)
		}
	}
	if _, ok := l.PacketIDFromIndexKey("indexed/a/packet.pdf"); ok {
		t.Error("packet.pdf taken for an index key")
	}
}

func TestPacketIDRejects(t *testing.T) {
	for _, id := range []string{"", "***", "Li4", "Ly9ldGM", "YS8uLi9i"} { // "", bad, "..", "//etc", "a/../b"
		if _, err := StemFromPacketID(id); !errors.Is(err, ErrPacketID) {
			t.Errorf("StemFromPacketID(%q) = %v, want ErrPacketID", id, err)
		}
	}
}

func FuzzPacketID(f *testing.F) {
	f.Add("claims/2025/A123.pdf")
	f.Add("a")
	f.Fuzz(func(t *testing.T, key string) {
		id := PacketID(key)
		stem, err := StemFromPacketID(id)
		if err != nil {
			return // keys with . or .. segments are refused, by design
		}
		if stem != Stem(key) {
			t.Fatalf("round trip %q -> %q", Stem(key), stem)
		}
		if !utf8.ValidString(id) {
			t.Fatal("id not text")
		}
		for _, r := range id {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				t.Fatalf("id %q not URL-safe", id)
			}
		}
	})
}

func TestParseRedisURL(t *testing.T) {
	good := []string{
		"redis://127.0.0.1:6379/0",
		"redis://:pw@host:6379",
		"rediss://host:6380/1",
		"redis-socket:///run/redis.sock?db=2",
		"redis-sentinel://:pw@s1:26379,s2:26379?master=mymaster",
		"redis-cluster://n1:7000,n2:7001,n3:7002",
		"redis-cluster://user:p%40ss@n1:7000?tls=1",
	}
	for _, s := range good {
		if _, err := ParseRedisURL(s); err != nil {
			t.Errorf("ParseRedisURL(%q): %v", s, err)
		}
	}
	bad := []string{"", "localhost:6379", "http://x", "redis://:pw@host:6379/notanumber", "redis-sentinel://s1:26379", "redis-cluster://", "redis-cluster://n1"}
	for _, s := range bad {
		_, err := ParseRedisURL(s)
		if !errors.Is(err, ErrRedisURL) {
			t.Errorf("ParseRedisURL(%q) = %v, want ErrRedisURL", s, err)
		}
	}
	if _, err := ParseRedisURL("redis-cluster://u:hunter2@n1"); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error leaks password or passes: %v", err)
	}
}
