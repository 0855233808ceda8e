package packet

import (
	"strings"
	"testing"

	"imrpacket/index"
)

func TestOrder(t *testing.T) {
	d := func(id, typ, sub, date string, first int) Document {
		return Document{ID: id, Type: typ, Subtype: sub, Date: date, SourcePages: []int{first}}
	}
	ur := index.TypeURLetter
	pn := index.TypeProgressNote
	im := index.TypeImaging
	ot := index.TypeOther
	for _, tc := range []struct {
		name  string
		order string
		docs  []Document
		want  string
	}{
		{"groups in reviewer order", OrderGrouped, []Document{
			d("other", ot, "", "2020-01-01", 1),
			d("note", pn, "", "2024-01-01", 2),
			d("rfa", ot, "rfa", "2024-02-01", 3),
			d("ur", ur, "", "2024-03-01", 4),
		}, "ur rfa note other"},
		{"notes and imaging share one chronology", "", []Document{
			d("note-mar", pn, "", "2024-03-01", 1),
			d("mri-feb", im, "mri", "2024-02-01", 2),
			d("note-jan", pn, "", "2024-01-01", 3),
		}, "note-jan mri-feb note-mar"},
		{"undated after dated within a group", OrderGrouped, []Document{
			d("undated", pn, "", "", 1),
			d("late", pn, "", "2024-05-01", 2),
			d("bad-date", pn, "", "2024-13-45", 3),
			d("early", im, "", "2023-05-01", 4),
		}, "early late undated bad-date"},
		{"same date: first source page, then ID", OrderGrouped, []Document{
			d("b", pn, "", "2024-01-01", 9),
			d("c", pn, "", "2024-01-01", 5),
			d("a", pn, "", "2024-01-01", 9),
		}, "c a b"},
		{"RFA typed as UR letter is still an RFA", OrderGrouped, []Document{
			d("rfa", ur, "RFA", "2024-01-01", 1),
			d("ur", ur, "ur_decision", "2024-06-01", 2),
		}, "ur rfa"},
		{"chronological ignores type", OrderChronological, []Document{
			d("ur", ur, "", "2024-03-01", 1),
			d("other", ot, "", "2020-01-01", 2),
			d("note", pn, "", "", 3),
			d("rfa", ot, "rfa", "2024-02-01", 4),
		}, "other rfa ur note"},
		{"UR letters oldest first", OrderGrouped, []Document{
			d("ur2", ur, "", "2024-06-01", 1),
			d("ur1", ur, "", "2024-01-01", 2),
		}, "ur1 ur2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]Document(nil), tc.docs...)
			var ids []string
			for _, x := range Order(tc.docs, tc.order) {
				ids = append(ids, x.ID)
			}
			if got := strings.Join(ids, " "); got != tc.want {
				t.Errorf("Order = %s, want %s", got, tc.want)
			}
			for i := range in {
				if in[i].ID != tc.docs[i].ID {
					t.Fatalf("Order changed its input")
				}
			}
		})
	}
}
