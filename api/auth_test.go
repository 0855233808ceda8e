package api

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSigner(t *testing.T) {
	s, err := NewSigner([]byte("0123456789abcdef0123"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	s.now = func() time.Time { return now }
	link := s.Sign("/v1/packets/abc/view", now.Add(time.Hour))
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	other, _ := NewSigner([]byte("another key, also long enough"))
	tamper := func(k, v string) url.Values {
		c := url.Values{}
		for kk, vv := range q {
			c[kk] = vv
		}
		c.Set(k, v)
		return c
	}
	tests := []struct {
		name   string
		signer *Signer
		path   string
		q      url.Values
		now    time.Time
		want   error
	}{
		{"valid", s, u.Path, q, now, nil},
		{"valid at expiry", s, u.Path, q, now.Add(time.Hour), nil},
		{"expired", s, u.Path, q, now.Add(time.Hour + time.Second), ErrLinkExpired},
		{"other path", s, "/v1/packets/abd/view", q, now, ErrBadCredentials},
		{"later expiry", s, u.Path, tamper("exp", "1900000000"), now, ErrBadCredentials},
		{"bad sig hex", s, u.Path, tamper("sig", "zz"), now, ErrBadCredentials},
		{"bad exp", s, u.Path, tamper("exp", "soon"), now, ErrBadCredentials},
		{"other key", other, u.Path, q, now, ErrBadCredentials},
		{"none", s, u.Path, url.Values{}, now, ErrNoCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.signer.now = func() time.Time { return tt.now }
			if err := tt.signer.Verify(tt.path, tt.q); !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := NewSigner([]byte("short")); err == nil {
		t.Fatal("short key accepted")
	}
}

func TestBearerAndTokenEqual(t *testing.T) {
	for _, tt := range []struct {
		header string
		tok    string
		ok     bool
	}{
		{"Bearer abc", "abc", true}, {"bearer  abc ", "abc", true}, {"Basic abc", "", false}, {"Bearer", "", false}, {"", "", false},
	} {
		r, _ := http.NewRequest("GET", "/", nil)
		if tt.header != "" {
			r.Header.Set("Authorization", tt.header)
		}
		tok, ok := bearer(r)
		if tok != tt.tok || ok != tt.ok {
			t.Errorf("bearer(%q) = %q, %v", tt.header, tok, ok)
		}
	}
	if !tokenEqual("secret", "secret") || tokenEqual("secret", "secreT") || tokenEqual("", "") || tokenEqual("s", strings.Repeat("s", 2)) {
		t.Fatal("tokenEqual wrong")
	}
}
