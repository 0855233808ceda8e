package extract

import (
	"fmt"
	"testing"
)

func TestRepairRowDates(t *testing.T) {
	const head = "STATEMENT OF SERVICES\nDOS CPT Description Units Charge\n"
	tests := []struct {
		name, text string
		want       []string // the dates, in page order
	}{
		{"a 1 read as 4 between its rows", head + "11/16/2022 99213 Office visit 1 $84.00\n°- 41/21/2022 99214 Office visit 1 $204.00\n11/25/2022 99214 Office visit 1 $139.00\n",
			[]string{"2022-11-16", "2022-11-21", "2022-11-25"}},
		{"a speck read as a leading 1", head + "3/30/2021 97110 Therapeutic exercise 1 $150.00\n“14/5/2021. - 99214 Office visit 1 $157.00\n4/14/2021 97140 Manual therapy 1 $57.00\n",
			[]string{"2021-03-30", "2021-04-05", "2021-04-14"}},
		{"a column of dates read apart from its table", "02/13/2021\n\n02/20/2021\n\n© 92/23/2021.\n\n03/03/2021\n",
			[]string{"2021-02-13", "2021-02-20", "2021-02-23", "2021-03-03"}},
		{"two-digit years, two rows misread", head + "11/8/21 97140 Manual therapy 1 $190.00\n\"41/13/21 99214 Office visit 1 $49.00\n41/17/21 | 99086 Special report 1 $125.00\n11/23/21 . 99080 Special report 1 $168.00\n",
			[]string{"2021-11-08", "2021-11-13", "2021-11-17", "2021-11-23"}},
		{"two repairs fit: a guess, left out", head + "01/02/2022 99213 Office visit 1 $84.00\n°- 41/11/2022 99214 Office visit 1 $204.00\n12/25/2022 99214 Office visit 1 $139.00\n",
			[]string{"2022-01-02", "2022-12-25"}},
		{"no row after it: nothing to bound it", head + "11/16/2022 99213 Office visit 1 $84.00\n°- 41/21/2022 99214 Office visit 1 $204.00\nTotal charges: $288.00\n",
			[]string{"2022-11-16"}},
		{"not a row: prose", head + "11/16/2022 99213 Office visit 1 $84.00\nSeen again 41/21/2022 for pain.\n11/25/2022 99214 Office visit 1 $139.00\n",
			[]string{"2022-11-16", "2022-11-25"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, d := range PageDates(tc.text, testNow) {
				got = append(got, d.Date)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("dates %v, want %v", got, tc.want)
			}
		})
	}
}
