package dedupe

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchBodies returns MTSamples texts when the corpus is present, else
// sentences of words drawn from the test templates, so the benchmark runs
// anywhere.
func benchBodies(b *testing.B) []string {
	corpusOnce.Do(func() { corpus, corpusErr = loadCorpus() })
	if corpusErr == nil {
		var out []string
		for _, s := range corpus {
			if len(strings.Fields(s.Text)) >= 120 {
				out = append(out, s.Text)
			}
		}
		if len(out) > 50 {
			return out
		}
	}
	b.Log("MTSamples corpus absent: benchmarking on generated words")
	vocab := strings.Fields(noteTmpl + urTmpl + rfaTmpl)
	r := rand.New(rand.NewPCG(3, 3))
	var out []string
	for range 500 {
		var sb strings.Builder
		for range 30 + r.IntN(30) {
			for range 6 + r.IntN(12) {
				sb.WriteString(vocab[r.IntN(len(vocab))])
				sb.WriteByte(' ')
			}
			sb.WriteString(". ")
		}
		out = append(out, sb.String())
	}
	return out
}

// packetOf generates a packet of exactly n pages, about 30% of them copies.
func packetOf(b *testing.B, n int) []Page {
	bodies := benchBodies(b)
	r := rand.New(rand.NewPCG(uint64(n), 1))
	sp := genPacket(r, bodies, n/2+10, 0.43, 0.03)
	for len(sp.pages) < n {
		more := genPacket(r, bodies, n/4+10, 0.43, 0.03)
		for _, p := range more.pages {
			p.Number = len(sp.pages) + 1
			sp.pages = append(sp.pages, p)
		}
	}
	return sp.pages[:n]
}

// BenchmarkFind reports ns/page; 5,000 pages should cost about ten times
// 500 (no all-pairs comparison).
func BenchmarkFind(b *testing.B) {
	for _, n := range []int{500, 5000} {
		pages := packetOf(b, n)
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			dups := 0
			for b.Loop() {
				dups = len(Find(pages, Policy{}).Duplicates)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/page")
			b.ReportMetric(float64(dups), "duplicates")
		})
	}
}
