package extract

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"imrpacket/index"
)

var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when no date
	}{
		{"01/14/2025", "2025-01-14"},
		{"1/14/25", "2025-01-14"},
		{"1/4/25", "2025-01-04"},
		{"01-14-2025", "2025-01-14"},
		{"01.14.2025", "2025-01-14"},
		{"2025-01-14", "2025-01-14"},
		{"2025/01/14", "2025-01-14"},
		{"January 14, 2025", "2025-01-14"},
		{"january 14 2025", "2025-01-14"},
		{"Jan 14, 2025", "2025-01-14"},
		{"Jan. 14, 2025", "2025-01-14"},
		{"JAN 14 2025", "2025-01-14"},
		{"Sept. 3, 2024", "2024-09-03"},
		{"September 3rd, 2024", "2024-09-03"},
		{"14 January 2025", "2025-01-14"},
		{"14-Jan-2025", "2025-01-14"},
		{"14-JAN-25", "2025-01-14"},
		{"14 Jan. 2025", "2025-01-14"},
		{"3rd of March, 2024", "2024-03-03"},
		// OCR noise.
		{"O1/14/2025", "2025-01-14"},
		{"01/l4/2025", "2025-01-14"},
		{"0l/14/2O25", "2025-01-14"},
		{"01/ 14/2025", "2025-01-14"},
		{"01 /14/ 2025", "2025-01-14"},
		{"1O/1S/2024", "2024-10-15"},
		{"Jan l4, 2025", "2025-01-14"},
		{"0ct 2, 2024", "2024-10-02"},
		{"2O25-01-14", "2025-01-14"},
		{"2021-@5-02", "2021-05-02"},
		{"Mar 6,. 2021", "2021-03-06"},
		{"September 5; 2021", "2021-09-05"},
		{"Oct 25,-2021", "2021-10-25"},
		// A fax's 0 read as 8 or 6 where the field cannot hold it.
		{"86/10/2823", "2023-06-10"},
		{"81/26/2022", "2022-01-26"},
		{"2621-05-02", "2021-05-02"},
		{"08/16/2022", "2022-08-16"},
		// A year's last 0 misread puts it years ahead: no record is.
		{"12/20/2029", "2020-12-20"},
		{"May 28, 2028", "2020-05-28"},
		{"5/6/2026", "2026-05-06"},
		{"12~20-2020", "2020-12-20"},
		{"Q@8-02~2021", "2021-08-02"},
		{"2021~06-10", "2021-06-10"},
		{"2021-06~10", "2021-06-10"},
		{"2021~06/10", ""},
		{"June .12, 2020", "2020-06-12"},
		{"23. December 2020", "2020-12-23"},
		{"27: June 2021", "2021-06-27"},
		{"17 July: 2020", "2020-07-17"},
		{"2021- -10-07", "2021-10-07"},
		{"May'1, 2024", "2024-05-01"},
		// The second digit of a month or day past its range was a 0.
		{"16/12/2020", "2020-10-12"},
		{"10/38/2020", "2020-10-30"},
		{"824/23", ""}, // a lost slash needs a label (PageDates)
		// Two-digit years pivot on now: never a future century.
		{"5/6/62", "1962-05-06"},
		{"5/6/25", "2025-05-06"},
		{"5/6/26", "1926-05-06"},
		// Not dates.
		{"02/30/2025", ""},
		{"13/01/2025", ""},
		{"555-123-4567", ""},
		{"1.5.25", ""},
		{"version 1.2.3", ""},
		{"L4-5", ""},
		{"97110", ""},
		{"1/2", ""},
		{"12/2024", ""},
		{"Mayo 12, 2025", ""},
		{"summary 12, 2025", ""},
		{"101/14/2025", ""},
		{"01/14/20251", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got, ok := ParseDate(tc.in, testNow)
		if tc.want == "" {
			if ok {
				t.Errorf("ParseDate(%q) = %q, want no date", tc.in, got)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// kd is a date's kind and value, the part tests compare.
type kd struct{ kind, date string }

func kinds(ds []Date) []kd {
	out := make([]kd, len(ds))
	for i, d := range ds {
		out[i] = kd{d.Kind, d.Date}
	}
	return out
}

func TestPageDatesLabels(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []kd
	}{
		{"date of service", "Date of Service: 01/14/2025", []kd{{"service", "2025-01-14"}}},
		{"DOS", "DOS 1/14/25", []kd{{"service", "2025-01-14"}}},
		{"D.O.S.", "D.O.S.: 01-14-2025", []kd{{"service", "2025-01-14"}}},
		{"visit date", "Visit Date: January 14, 2025", []kd{{"service", "2025-01-14"}}},
		{"date of visit", "DATE OF VISIT:   Jan 14, 2025", []kd{{"service", "2025-01-14"}}},
		{"dates of service range", "Dates of Service: 01/02/2025 - 01/09/2025", []kd{{"service", "2025-01-02"}, {"service", "2025-01-09"}}},
		{"decision date", "Decision Date: 01/14/2025", []kd{{"decision", "2025-01-14"}}},
		{"date of determination", "Date of Determination: 2025-01-14", []kd{{"decision", "2025-01-14"}}},
		{"determination date", "Determination Date:\t14 January 2025", []kd{{"decision", "2025-01-14"}}},
		{"ur decision date", "UR Decision Date - 01/14/2025", []kd{{"decision", "2025-01-14"}}},
		{"date rfa received", "Date RFA Received: 01/08/2025", []kd{{"request_received", "2025-01-08"}}},
		{"date of receipt", "Date of Receipt: 01/08/2025", []kd{{"request_received", "2025-01-08"}}},
		{"received", "Received: 01/08/2025", []kd{{"request_received", "2025-01-08"}}},
		{"request received on", "Request received on Jan. 8, 2025", []kd{{"request_received", "2025-01-08"}}},
		{"date received", "Date Received: 1/8/25", []kd{{"request_received", "2025-01-08"}}},
		{"date of injury", "Date of Injury: 03/04/2023", []kd{{"injury", "2023-03-04"}}},
		{"DOI", "DOI: 3/4/23", []kd{{"injury", "2023-03-04"}}},
		{"D.O.I.", "D.O.I. 03-04-2023", []kd{{"injury", "2023-03-04"}}},
		{"exam date", "Exam Date: 02/01/2025", []kd{{"exam", "2025-02-01"}}},
		{"study date", "STUDY DATE: 02/01/2025", []kd{{"exam", "2025-02-01"}}},
		{"date of exam", "Date of Exam: Feb 1, 2025", []kd{{"exam", "2025-02-01"}}},
		{"DOB", "DOB: 05/06/1970", []kd{{"birth", "1970-05-06"}}},
		{"date of birth", "Date of Birth: 5/6/70", []kd{{"birth", "1970-05-06"}}},
		{"letter date", "Date: 01/14/2025", []kd{{"letter", "2025-01-14"}}},
		{"dateline", "Sacramento, CA  January 14, 2025\n\nDear Dr. Smith:", []kd{{"letter", "2025-01-14"}}},
		{"date alone at top", "ACME UTILIZATION REVIEW\n\nJanuary 14, 2025\n\nRe: Request", []kd{{"letter", "2025-01-14"}}},
		{"two fields on a line", "Patient: Jane Roe   DOB: 05/06/1970   DOI: 03/04/2023",
			[]kd{{"birth", "1970-05-06"}, {"injury", "2023-03-04"}}},
		{"fields with single space", "Patient: Jane Roe DOB: 05/06/1970 Claim: 123 DOS: 01/14/2025",
			[]kd{{"birth", "1970-05-06"}, {"service", "2025-01-14"}}},
		{"label on line above", "Date of Service:\n01/14/2025", []kd{{"service", "2025-01-14"}}},
		{"column header", "Date of Injury      Claim Number\n03/04/2023          ADJ1234567", []kd{{"injury", "2023-03-04"}}},
		{"ocr label and date", "Date of Servlce: O1/l4/2O25", []kd{{"service", "2025-01-14"}}},
		{"ocr label", "Datc of Vislt: 1/14/25", []kd{{"service", "2025-01-14"}}},
		{"ocr one-letter day", "Date of Injury: l December 2022", []kd{{"injury", "2022-12-01"}}},
		{"ocr date", "Date of Service: O1/l4/2O25", []kd{{"service", "2025-01-14"}}},
		{"future date", "Date of Service: 01/14/2026", []kd{{"other", "2026-01-14"}}},
		{"dated is not a letter date mid-sentence", "We reviewed the progress report dated 01/02/2025 from Dr. Lee.", []kd{{"other", "2025-01-02"}}},
		{"rationale prose", "RATIONALE:\nOn 03/02/2024 the patient underwent an MRI. The DOS 01/02/2025 note documents pain.\n",
			[]kd{{"other", "2024-03-02"}, {"other", "2025-01-02"}}},
		{"prose ends at rights", "Rationale: seen 03/02/2024.\nYour Rights\nDate: 01/14/2025", []kd{{"other", "2024-03-02"}, {"letter", "2025-01-14"}}},
		{"a wrapped sentence's label at a line's start", "HISTORY OF PRESENT ILLNESS: The patient was last\nseen on 10/30/07. She had the same complaint.\n", []kd{{"other", "2007-10-30"}}},
		{"a field under history keeps its kind", "HISTORY OF PRESENT ILLNESS: The patient was last\nDate of exam: 10/30/07\n", []kd{{"exam", "2007-10-30"}}},
		{"prose keeps DOI", "HISTORY:\nThe patient (DOI 03/04/2023) fell.", []kd{{"injury", "2023-03-04"}}},
		{"not glued label", "Dosage 01/14/2025 increased", []kd{{"other", "2025-01-14"}}},
		// OCR noise in labels.
		{"a quote after the comma", "Request Received: Jul 20, 2021 - Date of Decision: Jul 22,‘ 2021", []kd{{"request_received", "2021-07-20"}, {"decision", "2021-07-22"}}},
		{"an underscore before the month", "Decision Date: 13 _ September 2021", []kd{{"decision", "2021-09-13"}}},
		{"an ISO date's hyphen read as a colon", "Patient: Ann Roe - DOS: 2021-08:29", []kd{{"service", "2021-08-29"}}},
		{"a slash then a colon is no date", "Ref 2021/08:29", nil},
		{"DOI read as DOT", "Claim #: 5636Q76721 DOT: 2 May 2021", []kd{{"injury", "2021-05-02"}}},
		{"DOI read as D0I", "D0I: 5/2/2021", []kd{{"injury", "2021-05-02"}}},
		{"DOI read as DO1", "DO1: 5/2/2021", []kd{{"injury", "2021-05-02"}}},
		{"dot is not a label in lower case", "a dot: 5/2/2021", []kd{{"other", "2021-05-02"}}},
		{"abbreviation misread in parentheses", "Date of Injury (DOD: August 6, 2023", []kd{{"injury", "2023-08-06"}}},
		{"abbreviation in parentheses", "Date of Injury (DOI): 2021-05-02", []kd{{"injury", "2021-05-02"}}},
		{"form underscore", "_Date of Injury (MM/DD/YYYY): 02/10/2022", []kd{{"injury", "2022-02-10"}}},
		{"dot before a word", "Date .of Injury (MM/DD/YYYY): 08/06/2023", []kd{{"injury", "2023-08-06"}}},
		{"dot between words", "' .Date.of Birth (MM/DD/YYYY): 11/12/1966", []kd{{"birth", "1966-11-12"}}},
		{"DOB with zero", "D0B: 11/12/1966", []kd{{"birth", "1966-11-12"}}},
		{"accented letter and hyphen in label", "Daté-of Injury: Q7-27-2022 Claim Number: 89-187490", []kd{{"injury", "2022-07-27"}}},
		{"D/I read as D/T", "D/T: 07/27/2022", []kd{{"injury", "2022-07-27"}}},
		{"D/I read as DiI", "_ DiI: 03/13/2019 Claim No.: 33-033878", []kd{{"injury", "2019-03-13"}}},
		{"D/I read as Df/I", "~ Df/I: 03/13/2019 , . Claim No.: 33-033878", []kd{{"injury", "2019-03-13"}}},
		{"any one letter wrong in a long label word", "Date of Servite: 1/26/25", []kd{{"service", "2025-01-26"}}},
		{"one letter wrong in capitals", "DATE OF EXAMENATION: 14 June 2022", []kd{{"exam", "2022-06-14"}}},
		{"garbled format hint", "Date of Injury (MM/DDIYYYY): 05/28/2020", []kd{{"injury", "2020-05-28"}}},
		{"stray dot inside label", "’ Date of. Injury: February 8, 2020 ° Claim", []kd{{"injury", "2020-02-08"}}},
		{"semicolon for colon", "Date of exam; 12/06/2024", []kd{{"exam", "2024-12-06"}}},
		{"colon inside label", "- Date of: Injury: 05/02/2024", []kd{{"injury", "2024-05-02"}}},
		{"comma inside label", "Claim .#: WC248088817 Date of, Injury: 05/02/2024", []kd{{"injury", "2024-05-02"}}},
		{"T of DATE read as L", "Patient: James Garcia © eee ic = DALE OF Visit: 26 November 2022 .", []kd{{"service", "2022-11-26"}}},
		{"a visit in a sentence outside any history heading", "REASON FOR RETURN VISIT: Followup.\nHome exercise program is done daily. The patient was seen on 10/30/07. She had\n", []kd{{"other", "2007-10-30"}}},
		{"a receipt in a sentence is the letter's own", "Your request for authorization was received on 01/08/2025.", []kd{{"request_received", "2025-01-08"}}},
		{"a field label keeps its capital", "Patient: Ana Ruiz   Date seen: 01/14/2025", []kd{{"service", "2025-01-14"}}},
		{"a lost slash after a label", "Date Request Received: 08/17/2023   Date of Decision: 824/23", []kd{{"request_received", "2023-08-17"}, {"decision", "2023-08-24"}}},
		{"a lost slash with two splits", "Date of Decision: 112/23", nil},
		{"a lost slash with no label", "Claim: 824/23", nil},
		{"a name is no label", "Dale Of Fresno was seen 11/26/2022.", []kd{{"other", "2022-11-26"}}},
		{"D/I read as DIL", "Claim #: 6558375299. _ DIL: 5/16/2024", []kd{{"injury", "2024-05-16"}}},
		{"m of Exam read as rn", "Exarn Date: 03/04/2024", []kd{{"exam", "2024-03-04"}}},
		{"m of Exam read as rn after Date of", "Date of Exarn: 03/04/2024", []kd{{"exam", "2024-03-04"}}},
		{"t of Date read as l after Study", "Study Dale: 03/04/2024", []kd{{"exam", "2024-03-04"}}},
		{"rm of Performed read as rrn", "Exam Perforrned: 03/04/2024", []kd{{"exam", "2024-03-04"}}},
		{"rm of Performed read as nn", "Exam Perfonned: 03/04/2024", []kd{{"exam", "2024-03-04"}}},
		{"m of Exam read as iit", "Exaiit Date: 11/20/24 |", []kd{{"exam", "2024-11-20"}}},
		{"m of Exam read as in", "Date of exain: 11/20/24", []kd{{"exam", "2024-11-20"}}},
		{"format hint misread", "Date of Injury (MM/RDIYYYY): 04/05/2024", []kd{{"injury", "2024-04-05"}}},
		{"format hint with a hyphen", "Date of Injury (MM/DD/Y-YYY): 10/14/2021", []kd{{"injury", "2021-10-14"}}},
		{"format hint then a semicolon", "Date of Injury (MM/DD/YYYY); 11/17/2021", []kd{{"injury", "2021-11-17"}}},
		{"an apostrophe before the date", "Date of exam:'9/29/19 :", []kd{{"exam", "2019-09-29"}}},
		{"a comma after the month", "- Dol: February, 26, 2022", []kd{{"injury", "2022-02-26"}}},
		{"D/I read as DIT", "; Claim #:-7513Z41661. DIT: 2/28/2024 :", []kd{{"injury", "2024-02-28"}}},
		{"a colon for the space of Injury Date", "Injury:Date: March 18, 2023. - Employer: Pacific Rim", []kd{{"injury", "2023-03-18"}}},
		{"a plus in a year-first date", "D/l: 2019+11-03 Claim No.: 4984528653", []kd{{"injury", "2019-11-03"}}},
		{"a of Exam read as d", "Exdm Date:.4/27/24", []kd{{"exam", "2024-04-27"}}},
		{"a hyphen read as a plus", ". Decision Date: .01+16-2023", []kd{{"decision", "2023-01-16"}}},
		{"m of Exam read as im", "_ Exaim Date: 6/3/24. _ . _ :", []kd{{"exam", "2024-06-03"}}},
		{"m of Exam read as nr", "Exanr Date: 11/20/24", []kd{{"exam", "2024-11-20"}}},
		{"m of Examination read as ni", "DATE OF EXANIINATION: 11/20/24", []kd{{"exam", "2024-11-20"}}},
		{"m of Performed read as in", "Exam perforined: 11/20/24", []kd{{"exam", "2024-11-20"}}},
		{"m of Performed read as ni", "Exam Perfornied: 11/20/24", []kd{{"exam", "2024-11-20"}}},
		{"exa and a word are no label", "exa in 11/20/24", []kd{{"other", "2024-11-20"}}},
		{"t of Date read as i", "Received Daie: 1/3/2022", []kd{{"request_received", "2022-01-03"}}},
		{"t of Date read as i in a field", "Daie: 1/3/2022", []kd{{"letter", "2022-01-03"}}},
		{"two-digit year's 0 read as 8", "Study Date: 2/28/28", []kd{{"exam", "2020-02-28"}}},
		{"two-digit year's 0 read as 9, day first", "DOS: 14-Jan-29", []kd{{"service", "2020-01-14"}}},
		{"a birth date may be a century old", "DOB: 2/28/28", []kd{{"birth", "1928-02-28"}}},
		{"an old two-digit year whose 0 would be future stays", "Date of Service: 3/6/98", []kd{{"service", "1998-03-06"}}},
		{"an unlabelled two-digit year stays", "seen 2/28/28", []kd{{"other", "1928-02-28"}}},
		{"Dale alone is a name, not a date label", "Dale: 03/04/2024", []kd{{"other", "2024-03-04"}}},
		{"c of March read as e", "Exam Date: Mareh 4, 2024", []kd{{"exam", "2024-03-04"}}},
		{"c of March read as e, day first", "DOS: 4 Mareh 2024", []kd{{"service", "2024-03-04"}}},
		{"m of December read as rn", "DOS: Decernber 3, 2024", []kd{{"service", "2024-12-03"}}},
		{"u of August read as n", "DOS: Augnst 9, 2022", []kd{{"service", "2022-08-09"}}},
		{"Sept", "DOS: Sept 1, 2023", []kd{{"service", "2023-09-01"}}},
		{"apostrophe inside label", "_ Date’ of Exam: Jul 4, 2021 . Accession. #: 84342479", []kd{{"exam", "2021-07-04"}}},
		{"speck between day and year", "Exam Performed: - May 19, . 2021", []kd{{"exam", "2021-05-19"}}},
		{"a word that starts like a month is none", "Marked 4, 2024 improvement", nil},
		{"a name that starts like a month is none", "Mary 12, 2019", nil},
		{"birth misread", "Date of Blrth: 11/12/1966", []kd{{"birth", "1966-11-12"}}},
		{"signature date mid-line", "Requesting Physician Signature: IsI Kathleen Feldman, MD. Date: 1/20/23", []kd{{"letter", "2023-01-20"}}},
		{"date mid-sentence is not a letter date", "Copies were sent to the adjuster. Date 1/20/23 was noted.", []kd{{"other", "2023-01-20"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := kinds(PageDates(tc.text, testNow))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("PageDates(%q)\n got %v\nwant %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestPageDatesTextAndOffset(t *testing.T) {
	text := "Claimant: Jane Roe\nDecision Date: 01/14/2025\n"
	ds := PageDates(text, testNow)
	if len(ds) != 1 {
		t.Fatalf("got %d dates, want 1", len(ds))
	}
	if ds[0].Text != "Decision Date: 01/14/2025" {
		t.Errorf("Text = %q", ds[0].Text)
	}
	if !strings.HasPrefix(text[ds[0].Offset:], "01/14/2025") {
		t.Errorf("Offset %d does not point at the date", ds[0].Offset)
	}
}

func TestKeyDate(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"decision over received", "Date Received: 01/08/2025\nDecision Date: 01/14/2025", "2025-01-14"},
		{"service", "DOB: 05/06/1970\nDOS: 02/02/2025", "2025-02-02"},
		{"DOB never key", "DOB: 05/06/1970\nDOI: 03/04/2023", ""},
		{"future never key", "Date of Service: 01/14/2026", ""},
		{"exam", "Exam Date: 02/01/2025\nComparison: 01/01/2024", "2025-02-01"},
		{"letter", "Date: 02/03/2025", "2025-02-03"},
		{"prose never key", "HISTORY: seen 01/01/2024 and 02/02/2024.", ""},
		{"signature date never key", "Plan: continue home exercise.\nSignature: /s/ Jane Doe, M.D. Date: 09/02/2024", ""},
		{"OCR'd label still key", "Date of Servite: 1/26/25", "2025-01-26"},
	}
	for _, tc := range tests {
		if got := KeyDate(tc.text, testNow); got != tc.want {
			t.Errorf("%s: KeyDate = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestPageDatesKindsValid(t *testing.T) {
	valid := map[string]bool{}
	for _, k := range index.DateKinds {
		valid[k] = true
	}
	for _, d := range PageDates("DOB 1/2/60 DOI 2/3/20 DOS 3/4/25 Date: 4/5/25 seen 5/6/25", testNow) {
		if !valid[d.Kind] {
			t.Errorf("invalid kind %q", d.Kind)
		}
	}
}

func FuzzPageDates(f *testing.F) {
	for _, s := range []string{
		"Date of Service: 01/14/2025", "DOB 5/6/62", "O1/l4/2O25", "14-Jan-25", "Jan. 14, 2025",
		"2025-01-14", "RATIONALE:\non 1/2/24", "Date of Injury\n03/04/2023", "\xff\xfe01/01/2025",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range PageDates(s, testNow) {
			if _, err := time.Parse("2006-01-02", d.Date); err != nil {
				t.Fatalf("invalid date %q from %q", d.Date, s)
			}
			if d.Offset < 0 || d.Offset >= len(s) {
				t.Fatalf("offset %d out of range", d.Offset)
			}
		}
		KeyDate(s, testNow)
	})
}

func TestPageDatesPDFWhitespace(t *testing.T) {
	// Text layers end lines with \r\n and print non-breaking spaces; offsets
	// must still point into the text as given.
	text := "Patient:\u00a0Jane Roe\r\nDate of\u00a0Service:\u00a001/14/2025\r\nDOB: 05/06/1970\r\n"
	ds := PageDates(text, testNow)
	if fmt.Sprint(kinds(ds)) != fmt.Sprint([]kd{{"service", "2025-01-14"}, {"birth", "1970-05-06"}}) {
		t.Fatalf("got %v", kinds(ds))
	}
	for _, d := range ds {
		if !strings.HasPrefix(text[d.Offset:], strings.Fields(d.Text)[len(strings.Fields(d.Text))-1]) {
			t.Errorf("offset %d of %q does not point at it", d.Offset, d.Text)
		}
	}
}
