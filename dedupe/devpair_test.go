//go:build devset

package dedupe

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var devPair = flag.String("pair", "", "PACKET:A:B, a pair of a dev packet's pages whose differing stretches to print, with how each was judged (generated packets only: this prints page text)")

// TestDevPair prints how compare judged each differing stretch of one pair
// of a dev packet's pages, from the word cache (-words) of ink's harness.
func TestDevPair(t *testing.T) {
	if *devPair == "" || *devWords == "" || *devSetDir == "" {
		t.Skip("needs -dev, -words and -pair")
	}
	f := strings.Split(*devPair, ":")
	if len(f) != 3 {
		t.Fatal("-pair is PACKET:A:B")
	}
	na, _ := strconv.Atoi(f[1])
	nb, _ := strconv.Atoi(f[2])
	b, err := os.ReadFile(filepath.Join(*devWords, filepath.Base(*devSetDir)+"-"+f[0]+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var saved []struct {
		Number int
		Source string
		Text   string
	}
	if err := json.Unmarshal(b, &saved); err != nil {
		t.Fatal(err)
	}
	pol := DefaultPolicy().withDefaults()
	var a, c *prepared
	for _, sp := range saved {
		switch sp.Number {
		case na:
			a = prepare(devPage(sp.Number, sp.Source, sp.Text, nil, time.Now()), 0, pol)
		case nb:
			c = prepare(devPage(sp.Number, sp.Source, sp.Text, nil, time.Now()), 1, pol)
		}
	}
	if a == nil || c == nil {
		t.Fatal("no such pages")
	}
	cmp, v := compare(a, c, pol)
	shared := 0
	if a.sig != nil && c.sig != nil {
		for band := range numBands {
			if bandKey(a.sig, band) == bandKey(c.sig, band) {
				shared++
			}
		}
	}
	t.Logf("thin %v / %v, estimated Jaccard %.2f, LSH bands shared %d of %d, starts %v / %v, cont %v / %v", a.thin, c.thin, estJaccard(a.sig, c.sig), shared, numBands, a.start(), c.start(), a.cont, c.cont)
	t.Logf("verdict %d sim %.3f keys %v / %v counters %v / %v", v, cmp.sim, a.keys, c.keys, a.counters, c.counters)
	a.load()
	c.load()
	hs, _ := diffHunks(a.hashes, c.hashes, 1<<20)
	for _, h := range pairMoves(a, c, trimHunks(a, c, mergeHunks(hs, 2))) {
		j := judgeHunk(a.toks[h.a0:h.a1], c.toks[h.b0:h.b1], pol)
		t.Logf("verdict %d: %q | %q", j.v, join(a.toks[h.a0:h.a1]), join(c.toks[h.b0:h.b1]))
	}
}
