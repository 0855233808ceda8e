package extract

import (
	"fmt"
	"testing"

	"imrpacket/index"
)

func TestReconcileInjury(t *testing.T) {
	claim := func(v string, pages ...int) *index.Claim {
		return &index.Claim{InjuryDate: &index.Fact{Value: v, SourcePages: pages}}
	}
	inj := func(ds ...string) []index.Date {
		var out []index.Date
		for _, d := range ds {
			out = append(out, index.Date{Kind: index.DateInjury, Date: d})
		}
		return out
	}
	tests := []struct {
		name  string
		claim *index.Claim
		dates []index.Date
		want  string
	}{
		{"one digit misread", claim("2020-12-20", 1, 4, 9), inj("2020-12-28"), "[injury 2020-12-20]"},
		{"misread beside the right date", claim("2020-12-20", 1, 4, 9), inj("2020-12-20", "2020-12-26"), "[injury 2020-12-20]"},
		{"another injury kept", claim("2020-12-20", 1, 4, 9), inj("2019-03-04"), "[injury 2019-03-04]"},
		{"claim read from too few pages", claim("2020-12-20", 1, 4), inj("2020-12-28"), "[injury 2020-12-28]"},
		{"other kinds untouched", claim("2020-12-20", 1, 4, 9), []index.Date{{Kind: index.DateService, Date: "2020-12-28"}}, "[service 2020-12-28]"},
		{"no claim", nil, inj("2020-12-28"), "[injury 2020-12-28]"},
		{"the claim's date under a garbled label", claim("2020-12-20", 1, 4, 9), []index.Date{{Kind: index.DateService, Date: "2021-01-05"}, {Kind: index.DateOther, Date: "2020-12-20"}}, "[service 2021-01-05 injury 2020-12-20]"},
		{"an other date beside the injury date stays", claim("2020-12-20", 1, 4, 9), []index.Date{{Kind: index.DateInjury, Date: "2020-12-20"}, {Kind: index.DateOther, Date: "2020-12-20"}}, "[injury 2020-12-20 other 2020-12-20]"},
		{"a garbled label's date without a sure claim stays", claim("2020-12-20", 1, 4), []index.Date{{Kind: index.DateOther, Date: "2020-12-20"}}, "[other 2020-12-20]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs := []index.Document{{Dates: tc.dates}}
			ReconcileInjury(docs, tc.claim)
			var got []string
			for _, d := range docs[0].Dates {
				got = append(got, d.Kind+" "+d.Date)
			}
			if fmt.Sprint(got) != tc.want {
				t.Errorf("got %v, want %s", got, tc.want)
			}
		})
	}
}
