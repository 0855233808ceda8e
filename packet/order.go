package packet

import (
	"slices"
	"strings"
	"time"

	"imrpacket/index"
)

// Reviewer groups in OrderGrouped, in packet order.
const (
	groupUR = iota
	groupRFA
	groupClinical // progress notes and imaging, one chronology
	groupOther
)

func group(d Document) int {
	switch {
	case strings.EqualFold(d.Subtype, SubtypeRFA):
		return groupRFA
	case d.Type == index.TypeURLetter:
		return groupUR
	case d.Type == index.TypeProgressNote, d.Type == index.TypeImaging:
		return groupClinical
	default:
		return groupOther
	}
}

// validDate reports whether s is a real YYYY-MM-DD date; anything else sorts as undated.
func validDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func firstPage(d Document) int {
	if len(d.SourcePages) == 0 {
		return 0
	}
	return slices.Min(d.SourcePages)
}

// Order returns docs in reviewer order, leaving docs unchanged.
//
// OrderGrouped (also for "" and anything unknown): UR letters, then RFAs, then progress
// notes and imaging in one chronology, then other documents. OrderChronological: one
// chronology of everything. Within a group documents run oldest first; undated documents
// follow the dated ones; ties go by first source page, then by ID, so the order is the
// same on every run.
func Order(docs []Document, order string) []Document {
	out := slices.Clone(docs)
	rank := func(d Document) int {
		if order == OrderChronological {
			return 0
		}
		return group(d)
	}
	slices.SortStableFunc(out, func(a, b Document) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		da, db := validDate(a.Date), validDate(b.Date)
		switch {
		case da && !db:
			return -1
		case !da && db:
			return 1
		case da && db && a.Date != b.Date:
			return strings.Compare(a.Date, b.Date)
		}
		if pa, pb := firstPage(a), firstPage(b); pa != pb {
			return pa - pb
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}
