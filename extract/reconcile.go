package extract

import "imrpacket/index"

// ReconcileInjury corrects, in place, each document's injury date that OCR
// misread by one digit ("12/28/2020" on one page where the packet prints
// 12/20/2020 everywhere else): a date one digit away from the claim's date of
// injury, read from at least three pages, is taken as that date. A document
// citing an injury date that differs by more than a digit keeps it: a packet
// may hold more than one injury. A document with no injury date that prints
// the claim's date of injury under a label OCR garbled past reading (kind
// other: "lnjnry Dale", "D/l:") has it as its injury date: the packet has
// already said what that date is. It is run after Claim, over the packet's
// documents.
func ReconcileInjury(docs []index.Document, claim *index.Claim) {
	if claim == nil || claim.InjuryDate == nil || len(claim.InjuryDate.SourcePages) < 3 {
		return
	}
	want := claim.InjuryDate.Value
	for i := range docs {
		ds := docs[i].Dates
		has := false
		for _, d := range ds {
			has = has || d.Kind == index.DateInjury && d.Date == want
		}
		out := ds[:0]
		for _, d := range ds {
			if d.Kind == index.DateInjury && oneDigitOff(d.Date, want) {
				if has {
					continue // the document prints the right date too
				}
				d.Date, has = want, true
			}
			out = append(out, d)
		}
		if !has {
			for j := range out {
				if out[j].Kind == index.DateOther && out[j].Date == want {
					out[j].Kind = index.DateInjury
					break
				}
			}
		}
		docs[i].Dates = out
	}
}

// oneDigitOff reports two YYYY-MM-DD dates that differ in exactly one digit.
func oneDigitOff(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	n := 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			n++
		}
	}
	return n == 1
}
