package synth

import (
	"math/rand/v2"

	"imrpacket/mtsamples"
)

// Documents generates n records of one claim, deterministic from seed, with
// bodies drawn from the given side of the MTSamples split. The mix follows
// real IMR packets: UR episodes (RFA, UR letter, sometimes the IMR
// application, proof of service and final determination), runs of progress
// notes with copy-forward chains, imaging reports, fax covers, billing and
// other reports. Documents come in generation order; Generate shuffles.
func Documents(seed int64, samples []mtsamples.Sample, split mtsamples.Split, n int) []Document {
	g := newGen(newRand(seed), samples, split)
	docs := g.documents(n)
	out := make([]Document, len(docs))
	for i, d := range docs {
		out[i] = *d
	}
	return out
}

func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))
}

// documents draws units of related records until there are n documents.
func (g *gen) documents(n int) []*Document {
	var docs []*Document
	add := func(ds ...*Document) { docs = append(docs, ds...) }
	episodes := 0
	for len(docs) < n {
		switch k := g.r.IntN(100); {
		case k < 22 && (episodes < 3 || g.chance(0.2)):
			episodes++
			e := g.newEpisode(1 + g.r.IntN(4))
			if g.chance(0.5) {
				add(g.faxCover(e.rfaDate, 2+g.r.IntN(4)))
			}
			add(g.rfa(e), g.urLetter(e))
			if g.chance(0.35) {
				add(g.proofOfService(e.decision, "UTILIZATION REVIEW DETERMINATION"))
			}
			if g.chance(0.5) {
				add(g.imrApplication(e))
				if g.chance(0.4) {
					add(g.imrDetermination(e))
				}
			}
		case k < 60:
			add(g.progressChain(1 + g.r.IntN(4))...)
		case k < 75:
			add(g.imagingReport())
		case k < 84:
			add(g.otherReport())
		case k < 90:
			add(g.billing())
		case k < 96:
			add(g.faxCover(g.c.dateIn(g.r), 1+g.r.IntN(30)))
		default:
			e := g.newEpisode(1 + g.r.IntN(3))
			add(g.rfa(e))
		}
	}
	return docs[:n]
}
