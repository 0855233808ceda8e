package core

import "testing"

func TestTitle(t *testing.T) {
	for _, tc := range []struct{ name, page, want string }{
		{"ur heading under letterhead", "Pacific Coast Utilization Review, Inc.\n1200 Harbor Blvd, Long Beach, CA 90802\n\nUTILIZATION REVIEW DETERMINATION\nDate: 01/14/2025", "UTILIZATION REVIEW DETERMINATION"},
		{"pr2", "Westside Orthopedics\nPRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\nDate of Service: 1/2/25", "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)"},
		{"imaging", "Harbor Imaging Center\nMRI Lumbar Spine Without Contrast\nExam Date: 02/01/2025", "MRI Lumbar Spine Without Contrast"},
		{"label lines are not headings", "Re: Request for authorization\nReport Date: 01/02/2025\nThe patient was seen.", ""},
		{"continuation page", "Claimant: Maria Lopez  Claim: 05-1234\nPage 2 of 3\nthe rationale continues here with more words", ""},
		{"empty", "", ""},
		{"trailing colon", "FAX COVER SHEET:\nTo: Claims", "FAX COVER SHEET"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Title(tc.page); got != tc.want {
				t.Errorf("Title = %q, want %q", got, tc.want)
			}
		})
	}
}
