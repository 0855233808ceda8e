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
		{"ocr quotes and rule", "Harbor Imaging Center\n_ DIAGNOSTIC IMAGING REPORT.”\nExam Date: 02/01/2025", "DIAGNOSTIC IMAGING REPORT"},
		{"leading curly quote", "’ PROGRESS NOTE\nDate of Service: 01/06/2025", "PROGRESS NOTE"},
		{"leading dot", ". SOAP NOTE\nS: Low back pain.", "SOAP NOTE"},
		{"trailing underscore", "ORTHOPEDIC FOLLOW-UP EVALUATION _\nPatient: Maria Lopez", "ORTHOPEDIC FOLLOW-UP EVALUATION"},
		{"speckle read as a letter", "i OFFICE NOTE ee\nDate of Visit: 01/06/2025", "OFFICE NOTE"},
		{"bracketed form name kept", "— REQUEST FOR AUTHORIZATION (DWC FORM RFA) —\nPatient: Maria Lopez", "REQUEST FOR AUTHORIZATION (DWC FORM RFA)"},
		{"unpaired quote inside", "CONFIDENTIAL “FAX\nTo: Claims", "CONFIDENTIAL FAX"},
		{"stray marks between words", "PROGRESS _ NOTE\nDate of Service: 01/06/2025", "PROGRESS NOTE"},
		{"speck read as a dot after a heading", "Sierra Peer Review Services\nUtilization Review Decision Letter .\nClaim No.: 22-123324", "Utilization Review Decision Letter"},
		{"speck read as a dot inside a heading", "NOTICE. OF UTILIZATION REVIEW DECISION\nDate: 01/14/2025", "NOTICE OF UTILIZATION REVIEW DECISION"},
		{"abbreviation kept", "ST. MARY MEDICAL REPORT\nDate: 01/14/2025", "ST. MARY MEDICAL REPORT"},
		{"dash read as a tilde", "PROGRESS NOTE ~ ESTABLISHED PATIENT\nDate of Service: 01/06/2025", "PROGRESS NOTE - ESTABLISHED PATIENT"},
		{"signature block under the body is no heading", "the lumbar spine. If it confirms a disc protrusion with nerve root compression, an injection\nis reasonable. Continue the home exercise program and modified duty with no lifting.\nDaniel Reyes, MD\nPhysical Medicine and Rehabilitation", ""},
		{"running header is no heading", "Sean Chavez - Primary Treating Physician's Progress Report (PR-2) (continued)\n\nDate of exam: 4/29/25", ""},
		{"body sentence is no heading", "Thank You For The Progress Report.\nThe patient was seen.", ""},
		{"body clause is no heading", "PROGRESS NOTE REVIEWED,\nThe patient was seen.", ""},
		{"mixed-case heading keeps short words", "MRI of the Lumbar Spine\nExam Date: 02/01/2025", "MRI of the Lumbar Spine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Title(tc.page); got != tc.want {
				t.Errorf("Title = %q, want %q", got, tc.want)
			}
		})
	}
}
