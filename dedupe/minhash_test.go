package dedupe

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMinhashMatchesDefinition holds minhash, which takes its grams four at
// a time, to the signature's definition: for each hash, the least value
// over the text's 5-grams, one gram for a text shorter than that.
func TestMinhashMatchesDefinition(t *testing.T) {
	define := func(s string) []uint64 {
		sig := make([]uint64, numHash)
		for j := range sig {
			sig[j] = ^uint64(0)
		}
		for i := 0; i == 0 || i+gram <= len(s); i++ {
			var g uint64
			for k := i; k < i+gram && k < len(s); k++ {
				g = g<<8 | uint64(s[k])
			}
			h := mix(g)
			for j := range sig {
				sig[j] = min(sig[j], h*hashA[j]+hashB[j])
			}
		}
		return sig
	}
	r := rand.New(rand.NewPCG(7, 8))
	texts := []string{"", "a", "abcd", "abcde", "abcdef", "abcdefgh", "abcdefghi", "thepatientreturnsforfollowup"}
	for range 200 {
		b := make([]byte, r.IntN(300))
		for i := range b {
			b[i] = "abcdefghij0123456789"[r.IntN(20)]
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		if got, want := minhash(s), define(s); !slices.Equal(got, want) {
			t.Fatalf("minhash of a %d-byte text differs from the definition", len(s))
		}
	}
}
