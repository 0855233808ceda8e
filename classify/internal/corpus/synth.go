package corpus

import (
	"fmt"
	"math/rand/v2"

	"imrpacket/mtsamples"
	"imrpacket/synth"
)

// SynthPackets generates count packets of about perPacket documents each, packet
// i from seed base+i (one claim per packet, as the generator makes them), with
// bodies from the given side of the MTSamples split. Half the packets keep the
// generator's order (copy-forward chains adjacent, as in chronological records);
// the others are shuffled, as packets often arrive.
func SynthPackets(base int64, count, perPacket int, samples []mtsamples.Sample, split mtsamples.Split) [][]Doc {
	var out [][]Doc
	for i := 0; i < count; i++ {
		seed := base + int64(i)
		var pk []Doc
		for _, d := range synth.Documents(seed, samples, split, perPacket) {
			if len(d.Pages) == 0 {
				continue
			}
			pk = append(pk, Doc{ID: fmt.Sprintf("s%d-%s", seed, d.ID), Type: d.Type, Subtype: d.Subtype, Title: d.Title,
				Pages: d.Pages, KeyDates: KeyDates(d.Pages), Source: "synth"})
		}
		rng := rand.New(rand.NewPCG(uint64(seed), 7))
		if rng.IntN(2) == 0 {
			rng.Shuffle(len(pk), func(a, b int) { pk[a], pk[b] = pk[b], pk[a] })
		}
		out = append(out, pk)
	}
	return out
}
