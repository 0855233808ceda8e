package api

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium runs headless Chromium with args, the flags that keep it off the
// network and away from the user's profile, and a bound on time.
func chromium(t *testing.T, args ...string) []byte {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (Debian package chromium)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(),
	}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

func artifactDir(t *testing.T) string {
	t.Helper()
	d := os.Getenv("IMRPACKET_ARTIFACTS")
	if d == "" {
		d = filepath.Join(os.TempDir(), "imrpacket-artifacts")
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPacketPageInChromium opens the reviewer page in a real headless
// Chromium through a signed link (no header, as a reviewer's browser),
// checks the rendered DOM and that every link on it opens, and keeps a
// screenshot as an artefact.
func TestPacketPageInChromium(t *testing.T) {
	e := newEnv(t, envOpts{})
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium not installed (Debian package chromium)")
	}
	id := e.publishPacket(fixtureKey, fixture(t))
	e.publishPacket("claims/2025/A123 second packet.pdf", fixture(t))
	exp := time.Now().Add(time.Hour)
	view := e.http.URL + e.srv.Signer().Sign("/v1/packets/"+id+"/view", exp)
	list := e.http.URL + e.srv.Signer().Sign("/v1/packets", exp)

	dom := chromium(t, "--dump-dom", view)
	for _, want := range []string{
		`id="documents"`, "Utilization review decision", "2025-02-13", "MRI lumbar spine",
		"Zebediah Quibblesworth", "Tramadol ER 100 mg", "#page=3",
	} {
		if !strings.Contains(string(dom), want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	if n := strings.Count(string(dom), `class="doc"`); n != 9 {
		t.Errorf("rendered %d document rows, want 9", n)
	}
	links := hrefs(dom)
	if len(links) < 12 {
		t.Fatalf("only %d links in the rendered page", len(links))
	}
	for _, l := range links {
		checkLink(t, e, l)
	}

	listDOM := chromium(t, "--dump-dom", list)
	if strings.Count(string(listDOM), `class="packet"`) != 2 {
		t.Errorf("list page does not show both packets")
	}
	for _, l := range hrefs(listDOM) {
		checkLink(t, e, l)
	}

	dir := artifactDir(t)
	// One screenshot: each Chromium start costs seconds.
	for name, u := range map[string]string{"packet-page.png": view} {
		shot := filepath.Join(dir, name)
		os.Remove(shot)
		chromium(t, "--screenshot="+shot, "--window-size=1200,1600", u)
		if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
			t.Fatalf("screenshot %s missing or empty: %v", shot, err)
		}
		t.Logf("screenshot: %s", shot)
	}
}
