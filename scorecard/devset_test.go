//go:build devset

package scorecard

// The dev-set harness: scores the index.json files `imrpacket eval DIR`
// wrote (DIR/out/packet-NNN) against their truths and names each missed
// date by packet, kind, page, rendering and the stage that lost it, so a
// miss is put down to extraction, segmentation or duplicates before anyone
// tunes for it. It prints no page text and no date.
//
//	go test -tags devset -run TestDevSet -v ./scorecard -args -dev /work/dev/set9

import (
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"imrpacket/index"
)

var devSetDir = flag.String("dev", "", "a directory `imrpacket eval` ran over")

func TestDevSet(t *testing.T) {
	if *devSetDir == "" {
		t.Skip("no -dev directory")
	}
	truths, _ := filepath.Glob(filepath.Join(*devSetDir, "packet-*.truth.json"))
	slices.Sort(truths)
	c := NewCard()
	for _, tf := range truths {
		name := strings.TrimSuffix(filepath.Base(tf), ".truth.json")
		idx, err := index.Read(filepath.Join(*devSetDir, "out", name, "index.json"))
		if err != nil {
			t.Logf("%s: %v", name, err)
			continue
		}
		truth, err := ReadTruth(tf)
		if err != nil {
			t.Fatal(err)
		}
		before := len(c.DateMisses)
		c.Add(idx, truth, 0)
		for _, m := range c.DateMisses[before:] {
			t.Logf("%s MISS %s page %d (%s): %s", name, m.Kind, m.Page, m.Rendering, m.Cause)
		}
	}
	for _, k := range ScoredDateKinds {
		d := c.Dates[k]
		t.Logf("dates %-16s tp %3d fp %2d fn %2d  recall %.3f precision %.3f", k, d.TP, d.FP, d.FN, d.Recall(), d.Precision())
	}
	t.Logf("duplicates %+v recall %.3f, false merges %d; documents exact %d of %d", c.Duplicates, c.Duplicates.Recall(), c.FalseMerges, c.DocExact, c.DocTotal)
}
