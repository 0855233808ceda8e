package ink

import (
	"strings"
	"unicode"

	"imrpacket/internal/levenshtein"
)

// disputed returns the words of from (those not in skip) that the other
// page reads as another word at the same place, each with that word of to,
// both readings meaning words: one word of to covers the word's box mapped
// by t, both readings are letters only, and they differ in two letters or
// more once OCR's look-alikes are folded. A word changed for one of like
// shape ("leg" for "hip") moves no more ink than a fax's noise does, so the
// ink cannot vouch for such a word: its line is read on both pages. A
// misreading one letter off ("dake") is left to the ink, and so is any
// other word, and a meaning word read as garbage ("euoulier"): on a noisy
// scan OCR makes other words of many, and reading all their lines refused
// a sixth of the dev sets' copies.
func disputed(from, to []Word, t affine, skip map[int]bool, meaning func(string) bool) map[int]int {
	out := map[int]int{}
	for i, w := range from {
		if skip[i] || !meaning(w.Text) {
			continue
		}
		x := letterKey(w.Text)
		if x == "" {
			continue
		}
		box := mapBox(w, t)
		js := overlapping(to, box, nil)
		if len(js) != 1 || !covers(box, to[js[0]]) {
			continue // split, joined or lost: the ink's to judge
		}
		o := to[js[0]].Text
		if !meaning(o) {
			continue // OCR's garbage reads as no such word
		}
		if y := letterKey(o); y != "" && levenshtein.Distance(x, y) >= 2 {
			out[i] = js[0]
		}
	}
	return out
}

// letterKey is a word's letters, folded as wordParts folds them; "" for a
// word with a digit or with no letter.
func letterKey(s string) string {
	if strings.ContainsFunc(s, unicode.IsDigit) {
		return ""
	}
	k := strings.Join(wordParts(s), "")
	if !strings.ContainsFunc(k, unicode.IsLetter) {
		return ""
	}
	return k
}
