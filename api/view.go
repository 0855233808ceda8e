package api

import (
	"embed"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"imrpacket/index"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"typeLabel": typeLabel,
	"human":     func(s string) string { return strings.ReplaceAll(s, "_", " ") },
}).ParseFS(templateFS, "templates/*.html"))

var typeLabels = map[string]string{
	index.TypeURLetter:     "UR letter",
	index.TypeProgressNote: "Progress note",
	index.TypeImaging:      "Imaging",
	index.TypeOther:        "Other",
}

func typeLabel(t string) string {
	if l, ok := typeLabels[t]; ok {
		return l
	}
	return t
}

type viewDoc struct {
	N           int
	Type        string
	Subtype     string
	Title       string
	Date        string
	Provider    string
	Pages       string // "5–7" in the packet
	Link        string // signed PDF link with #page=N, empty if no packet page
	NeedsReview bool
	DuplicateOf string
	Treatments  []index.Treatment
}

type viewFact struct{ Label, Value string }

type viewDeadline struct {
	Deadline, DecisionDate, Basis, Document string
	Link                                    string
}

type viewData struct {
	Name        string
	SourcePages int
	PacketPages int
	Documents   []viewDoc
	Duplicates  int
	NeedsReview int
	Facts       []viewFact
	Deadlines   []viewDeadline
	ByType      []viewFact
	PDF, JSON   string
	List        string
	Expires     string
	Created     string
}

// buildView orders the index for the reviewer: documents as they appear in
// packet.pdf, each linked to its first packet page.
func buildView(idx *index.Index, pdf, json, list string, exp time.Time) viewData {
	v := viewData{
		Name:        idx.Source.Name,
		SourcePages: idx.Source.Pages,
		Duplicates:  len(idx.Duplicates),
		NeedsReview: idx.NeedsReview,
		PDF:         pdf,
		JSON:        json,
		List:        list,
		Expires:     exp.UTC().Format("2006-01-02 15:04 UTC"),
		Created:     idx.CreatedAt,
	}
	if idx.Packet != nil {
		v.PacketPages = idx.Packet.Pages
	}
	docs := append([]index.Document(nil), idx.Documents...)
	first := func(d index.Document) int {
		if len(d.PacketPages) == 0 {
			return int(^uint(0) >> 1) // not in the packet: last
		}
		return d.PacketPages[0]
	}
	sort.SliceStable(docs, func(i, j int) bool { return first(docs[i]) < first(docs[j]) })
	titles := map[string]string{}
	links := map[string]string{}
	counts := map[string]int{}
	for i, d := range docs {
		vd := viewDoc{
			N: i + 1, Type: d.Type, Subtype: d.Subtype, Title: d.Title, Date: d.Date,
			Provider: d.Provider, NeedsReview: d.NeedsReview, DuplicateOf: d.DuplicateOf,
			Treatments: d.Treatments,
		}
		if n := len(d.PacketPages); n > 0 {
			lo, hi := d.PacketPages[0], d.PacketPages[n-1]
			vd.Pages = strconv.Itoa(lo)
			if hi != lo {
				vd.Pages += "–" + strconv.Itoa(hi)
			}
			vd.Link = pdf + "#page=" + strconv.Itoa(lo)
		}
		titles[d.ID] = d.Title
		links[d.ID] = vd.Link
		counts[d.Type]++
		v.Documents = append(v.Documents, vd)
	}
	for _, t := range index.Types {
		if counts[t] > 0 {
			v.ByType = append(v.ByType, viewFact{typeLabel(t), strconv.Itoa(counts[t])})
		}
	}
	if c := idx.Claim; c != nil {
		for _, f := range []struct {
			label string
			fact  *index.Fact
		}{
			{"Claimant", c.Claimant}, {"Claim number", c.ClaimNumber}, {"Date of injury", c.InjuryDate},
			{"Employer", c.Employer}, {"Claims administrator", c.ClaimsAdministrator},
			{"Requesting physician", c.RequestingPhysician}, {"UR reviewer", c.URReviewer},
		} {
			if f.fact != nil && f.fact.Value != "" {
				v.Facts = append(v.Facts, viewFact{f.label, f.fact.Value})
			}
		}
	}
	dl := append([]index.Deadline(nil), idx.Deadlines...)
	// Earliest first: the one that expires soonest is what the reviewer must see.
	sort.SliceStable(dl, func(i, j int) bool { return dl[i].Deadline < dl[j].Deadline })
	for _, d := range dl {
		v.Deadlines = append(v.Deadlines, viewDeadline{
			Deadline: d.Deadline, DecisionDate: d.DecisionDate, Basis: d.Basis,
			Document: titles[d.Document], Link: links[d.Document],
		})
	}
	return v
}
