package corpus

import "imrpacket/mtsamples"

// SynthDocs generates n documents from seed with bodies from the given side of
// the MTSamples split.
func SynthDocs(seed int64, samples []mtsamples.Sample, split mtsamples.Split, n int) []Doc {
	return nil // the generator has not landed yet
}
