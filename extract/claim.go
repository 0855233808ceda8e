package extract

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"imrpacket/index"
)

// ClaimDoc is one document of a packet as Claim reads it.
type ClaimDoc struct {
	DocType string // index.Type*
	Subtype string
	Pages   []PageText
}

// Claim fields, in the order of index.Claim.
const (
	fClaimNumber = iota
	fInjury
	fClaimant
	fEmployer
	fAdministrator
	fRequesting
	fReviewer
	nFields
)

// claimLabels name each fact as real letters, forms and notes print it.
var claimLabels = [nFields]*regexp.Regexp{
	fClaimNumber:   regexp.MustCompile(`(?i)\b(?:claim\s*(?:no\.?|number|num\.?|#)|claim)\s*[:#.]?\s*(?:#\s*)?`),
	fClaimant:      regexp.MustCompile(`(?i)\b(?:claimant(?:\s+name)?|patient(?:\s+name)?|employee(?:\s+name)?|injured\s+(?:worker|employee)(?:\s+name)?|applicant(?:\s+name)?|worker)\s*:\s*`),
	fEmployer:      regexp.MustCompile(`(?i)\bemployer(?:\s+name)?\s*:\s*`),
	fAdministrator: regexp.MustCompile(`(?i)\b(?:claims?\s+administrator|insurer|insurance\s+(?:carrier|company)|carrier|third[-\s]party\s+administrator|tpa|claims\s+(?:administrator|examiner\s+company))\s*:\s*`),
	fRequesting:    regexp.MustCompile(`(?i)\b(?:requesting\s+(?:physician|provider|doctor)|(?:primary\s+)?treating\s+physician|ptp|referring\s+physician)(?:\s+name)?\s*:\s*`),
	fReviewer:      regexp.MustCompile(`(?i)\b(?:(?:ur\s+)?physician\s+reviewer|peer\s+reviewer|reviewing\s+physician|physician\s+advisor|reviewer(?:\s+name)?|reviewed\s+by)\s*:\s*`),
}

// anyLabel finds where the next label starts on a line, which ends the value
// before it when OCR has lost the column gap.
var anyLabel = regexp.MustCompile(`(?i)\s(?:claim\s*(?:no\.?|number|#)|claimant|patient|employee|employer|insurer|carrier|claims\s+administrator|requesting\s+(?:physician|provider)|treating\s+physician|reviewer|date\s+of|dob|doi|d\.o\.[bi]|ssn|phone|tel|fax|address|adj\s*(?:no|#)|wcab|case\s+(?:no|number)|rfa|dos|npi|specialty)\b`)

var (
	reClaimValue  = regexp.MustCompile(`^([A-Z0-9][A-Za-z0-9\-/]{3,29})`)
	reNameValue   = regexp.MustCompile(`^(\p{Lu}[\p{L}'’.\-]*(?:,?\s\p{Lu}[\p{L}'’.\-]*){0,4}(?:,\s*(?:M\.?D\.?|D\.?O\.?|D\.?C\.?|MD|DO|DC|PA-C|NP))?)`)
	reAddressTail = regexp.MustCompile(`(?i),\s*(?:p\.?\s?o\.?\s+box|\d|suite|ste\.?\s)`)
	reOrgValue    = regexp.MustCompile(`^([\p{L}0-9&][\p{L}0-9&'’.,\- ]{1,80})`)
	// A UR letter's closing: "Sincerely," or "Physician Reviewer:" over the
	// signing physician's name.
	reClosingSig = regexp.MustCompile(`(?i)(?:sincerely|respectfully|physician\s+reviewer|reviewed\s+by|peer\s+reviewer|reviewing\s+physician)\s*[,:]?[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*(?:/s/\s*)?((?-i:(?:Dr\.\s+)?\p{Lu}[\p{L}.'’\-]+(?:\s+\p{Lu}[\p{L}.'’\-]*){1,3},?\s+(?:M\.D\.|D\.O\.|D\.C\.|MD|DO|DC)))`)
	// A signature block: a physician's name over the line that says it is the reviewer.
	reReviewerSig = regexp.MustCompile(`(?m)^\s*(?:/s/\s*)?((?:Dr\.\s+)?\p{Lu}[\p{L}.'’\-]+(?:\s+\p{Lu}[\p{L}.'’\-]*){1,3},?\s+(?:M\.?D\.?|D\.?O\.?|D\.?C\.?|MD|DO|DC))\s*\n\s*(?i:[^\n]{0,40}\b)?(?i:physician\s+reviewer|peer\s+reviewer|reviewing\s+physician|physician\s+advisor|ur\s+reviewer|medical\s+reviewer|reviewer)\b`)
)

// vote tallies the values read for one fact.
type vote struct {
	value  string
	weight int
	pages  map[int]bool
	first  int // order first seen, to break ties stably
}

// Claim reads the packet-level claim facts, each with the pages it was read
// from. Where documents disagree, the value printed on the most pages wins,
// with UR letters counting double: they are where the claims administrator
// states the facts of record. It returns nil when nothing is found.
func Claim(docs []ClaimDoc, now time.Time) *index.Claim {
	var votes [nFields]map[string]*vote
	for i := range votes {
		votes[i] = map[string]*vote{}
	}
	seq := 0
	add := func(f int, v string, page int, w int) {
		v = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(v), ",;:"))
		if v == "" {
			return
		}
		k := strings.ToUpper(reNonWord.ReplaceAllString(strings.ToLower(v), ""))
		if k == "" {
			return
		}
		vt := votes[f][k]
		if vt == nil {
			vt = &vote{value: v, pages: map[int]bool{}, first: seq}
			seq++
			votes[f][k] = vt
		}
		if isUpper(vt.value) && !isUpper(v) {
			vt.value = v // show "José Rodriguez", not a header's "JOSÉ RODRIGUEZ"
		}
		if !vt.pages[page] {
			vt.pages[page] = true
			vt.weight += w
		}
	}
	for _, d := range docs {
		w := 1
		if d.DocType == index.TypeURLetter {
			w = 2
		}
		for _, p := range cleanPages(d.Pages) {
			for _, dt := range PageDates(p.Text, now) {
				if dt.Kind == index.DateInjury {
					add(fInjury, dt.Date, p.SourcePage, w)
				}
			}
			for f, re := range claimLabels {
				if re == nil {
					continue
				}
				for _, m := range re.FindAllStringIndex(p.Text, -1) {
					if v := claimValue(f, p.Text[m[1]:]); v != "" {
						add(f, v, p.SourcePage, w)
					}
				}
			}
			if d.DocType == index.TypeURLetter {
				for _, m := range reReviewerSig.FindAllStringSubmatch(p.Text, -1) {
					add(fReviewer, m[1], p.SourcePage, w)
				}
				for _, m := range reClosingSig.FindAllStringSubmatch(p.Text, -1) {
					add(fReviewer, m[1], p.SourcePage, w)
				}
			}
		}
	}
	var c index.Claim
	found := false
	for f := range votes {
		fact := best(votes[f])
		if fact == nil {
			continue
		}
		found = true
		switch f {
		case fClaimNumber:
			c.ClaimNumber = fact
		case fInjury:
			c.InjuryDate = fact
		case fClaimant:
			c.Claimant = fact
		case fEmployer:
			c.Employer = fact
		case fAdministrator:
			c.ClaimsAdministrator = fact
		case fRequesting:
			c.RequestingPhysician = fact
		case fReviewer:
			c.URReviewer = fact
		}
	}
	if !found {
		return nil
	}
	return &c
}

func best(vs map[string]*vote) *index.Fact {
	var b *vote
	for _, v := range vs {
		if b == nil || v.weight > b.weight || v.weight == b.weight && v.first < b.first {
			b = v
		}
	}
	if b == nil {
		return nil
	}
	pages := make([]int, 0, len(b.pages))
	for p := range b.pages {
		pages = append(pages, p)
	}
	sort.Ints(pages)
	return &index.Fact{Value: b.value, SourcePages: pages}
}

func isUpper(s string) bool { return strings.ToUpper(s) == s }

// claimValue reads the value printed after a label, up to the end of its cell.
func claimValue(f int, rest string) string {
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimLeft(rest, " \t")
	// The cell ends at a column gap, a bar, or the next label.
	for _, sep := range []string{"  ", "\t", "|"} {
		if i := strings.Index(rest, sep); i >= 0 {
			rest = rest[:i]
		}
	}
	if m := anyLabel.FindStringIndex(rest); m != nil {
		rest = rest[:m[0]]
	}
	rest = strings.TrimSpace(rest)
	switch f {
	case fClaimNumber:
		m := reClaimValue.FindString(rest)
		if !strings.ContainsAny(m, "0123456789") {
			return ""
		}
		return m
	case fClaimant, fRequesting, fReviewer:
		m := reNameValue.FindString(rest)
		if len(strings.Fields(m)) < 2 && !strings.Contains(m, ",") {
			return "" // a lone word is a heading or a form hint, not a name
		}
		return collapseSpace(m)
	case fEmployer, fAdministrator:
		// "Redwood Claims Services, P.O. Box 1234, Fresno, CA": the name only.
		if m := reAddressTail.FindStringIndex(rest); m != nil {
			rest = rest[:m[0]]
		}
		m := strings.TrimRight(reOrgValue.FindString(rest), " ,-")
		if len(m) < 3 || len(findDates(m, farFuture)) > 0 {
			return ""
		}
		return collapseSpace(m)
	}
	return ""
}
