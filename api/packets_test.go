package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

const fixtureKey = "claims/2025/Zebediah Quibblesworth IMR.pdf"

func TestDownloads(t *testing.T) {
	e := newEnv(t, envOpts{})
	idx := fixture(t)
	id := e.publishPacket(fixtureKey, idx)
	// An output directory without index.json is not done and must not be listed.
	e.put(outBucket, outLayout.PDFKey("claims/half-done.pdf"), minimalPDF)
	base := "/v1/packets/" + id
	s := e.srv.Signer()
	future := time.Now().Add(time.Hour)

	tests := []struct {
		name, path, token string
		code              int
		contains          []string
	}{
		{"list without credentials", "/v1/packets", "", http.StatusUnauthorized, nil},
		{"index without credentials", base, "", http.StatusUnauthorized, nil},
		{"pdf without credentials", base + "/pdf", "", http.StatusUnauthorized, nil},
		{"view without credentials", base + "/view", "", http.StatusUnauthorized, nil},
		{"bad bearer", base, "wrong", http.StatusUnauthorized, nil},
		{"event token cannot read", base, eventToken, http.StatusUnauthorized, nil},
		{"bad signature", base + "?exp=9999999999&sig=00ff", "", http.StatusForbidden, nil},
		{"expired link", s.Sign(base, time.Now().Add(-time.Minute)), "", http.StatusForbidden, nil},
		{"link for another path", strings.Replace(s.Sign(base+"/view", future), "/view", "", 1), "", http.StatusForbidden, nil},
		{"index with bearer", base, readerToken, http.StatusOK, []string{`"schema_version": 1`}},
		{"index with signed link", s.Sign(base, future), "", http.StatusOK, []string{`"schema_version": 1`}},
		{"unknown packet", "/v1/packets/bm9wZQ", readerToken, http.StatusNotFound, nil},
		{"not done packet", "/v1/packets/Y2xhaW1zL2hhbGYtZG9uZQ", readerToken, http.StatusNotFound, nil},
		{"bad id", "/v1/packets/..%2F..", readerToken, http.StatusNotFound, nil},
		{"list", "/v1/packets", readerToken, http.StatusOK, []string{"claims/2025/Zebediah Quibblesworth IMR", base + "/view?exp="}},
		{"view", base + "/view", readerToken, http.StatusOK, []string{
			"Utilization review decision", "2025-02-13", "Physical therapy 2x6 lumbar spine", "denied",
			"O&#39;Brien &amp; Associates &lt;Orthopedics&gt;", "#page=3", "#page=9",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := e.do("GET", tt.path, tt.token, nil)
			body := readAll(t, resp.Body)
			if resp.StatusCode != tt.code {
				t.Fatalf("status %d, want %d: %.200s", resp.StatusCode, tt.code, body)
			}
			for _, c := range tt.contains {
				if !bytes.Contains(body, []byte(c)) {
					t.Errorf("body lacks %q", c)
				}
			}
			if cc := resp.Header.Get("Cache-Control"); tt.code == http.StatusOK && !strings.Contains(cc, "no-store") {
				t.Errorf("Cache-Control %q", cc)
			}
		})
	}

	t.Run("list leaves out unfinished packets", func(t *testing.T) {
		body := readAll(t, e.do("GET", "/v1/packets", readerToken, nil).Body)
		if bytes.Contains(body, []byte("half-done")) {
			t.Fatal("packet without index.json listed")
		}
	})

	t.Run("list as JSON for scripts", func(t *testing.T) {
		var list []struct{ ID, Name string }
		if err := json.Unmarshal(readAll(t, e.do("GET", "/v1/packets?format=json", readerToken, nil).Body), &list); err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != id || list[0].Name != "claims/2025/Zebediah Quibblesworth IMR" {
			t.Fatalf("list %+v", list)
		}
	})

	t.Run("index served verbatim", func(t *testing.T) {
		body := readAll(t, e.do("GET", base, readerToken, nil).Body)
		if !bytes.Equal(body, idx) {
			t.Fatal("index.json differs from the stored one")
		}
	})

	t.Run("pdf redirects to a presigned URL that downloads", func(t *testing.T) {
		resp := e.do("GET", base+"/pdf", readerToken, nil)
		if resp.StatusCode != http.StatusFound {
			t.Fatalf("status %d", resp.StatusCode)
		}
		loc := resp.Header.Get("Location")
		u, err := url.Parse(loc)
		if err != nil || !strings.HasPrefix(loc, e.s3.Endpoint) || u.Query().Get("X-Amz-Signature") == "" {
			t.Fatalf("Location %q is not a presigned URL on the S3 endpoint", loc)
		}
		got, err := http.Get(loc) // no credentials: the signature is the credential
		if err != nil {
			t.Fatal(err)
		}
		defer got.Body.Close()
		if b := readAll(t, got.Body); got.StatusCode != http.StatusOK || !bytes.Equal(b, minimalPDF) {
			t.Fatalf("presigned GET: status %d, %d bytes", got.StatusCode, len(b))
		}
	})

	t.Run("page links are signed and resolve", func(t *testing.T) {
		body := readAll(t, e.do("GET", base+"/view", readerToken, nil).Body)
		links := hrefs(body)
		if len(links) < 10 {
			t.Fatalf("only %d links", len(links))
		}
		for _, l := range links {
			checkLink(t, e, l)
		}
	})
}

var hrefRE = regexp.MustCompile(`href="([^"]+)"`)

func hrefs(page []byte) []string {
	var out []string
	for _, m := range hrefRE.FindAllSubmatch(page, -1) {
		out = append(out, strings.ReplaceAll(string(m[1]), "&amp;", "&"))
	}
	return out
}

// checkLink GETs a page link without credentials: the signature alone must
// open it (200, or 302 to the PDF).
func checkLink(t *testing.T, e *env, link string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("link %q: %v", link, err)
	}
	if u.Host != "" && "http://"+u.Host != e.http.URL {
		t.Fatalf("link %q leaves the server", link)
	}
	resp := e.do("GET", u.RequestURI(), "", nil)
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusFound {
		t.Errorf("link %s: status %d", u.Path, resp.StatusCode)
	}
}
