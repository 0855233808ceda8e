package synth

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// DateFormat is one way of printing a date.
type DateFormat int

// Date formats real records use.
const (
	FmtSlash      DateFormat = iota // 01/14/2025
	FmtShortYear                    // 1/14/25
	FmtLong                         // January 14, 2025
	FmtAbbrev                       // Jan 14, 2025
	FmtISO                          // 2025-01-14
	FmtDayMonth                     // 14 January 2025
	FmtSlashNoPad                   // 1/14/2025
	FmtDash                         // 01-14-2025
	numDateFormats
)

// Format prints t in format f.
func (f DateFormat) Format(t time.Time) string {
	switch f {
	case FmtSlash:
		return t.Format("01/02/2006")
	case FmtShortYear:
		return t.Format("1/2/06")
	case FmtLong:
		return t.Format("January 2, 2006")
	case FmtAbbrev:
		return t.Format("Jan 2, 2006")
	case FmtISO:
		return t.Format("2006-01-02")
	case FmtDayMonth:
		return t.Format("2 January 2006")
	case FmtSlashNoPad:
		return t.Format("1/2/2006")
	case FmtDash:
		return t.Format("01-02-2006")
	}
	panic(fmt.Sprintf("synth: unknown date format %d", f))
}

// isoDate is the truth form of a date.
func isoDate(t time.Time) string { return t.Format("2006-01-02") }

// pickFormat chooses a format, weighted towards the US slash forms that
// dominate real records while keeping every form frequent enough to test.
func pickFormat(r *rand.Rand) DateFormat {
	switch n := r.IntN(20); {
	case n < 6:
		return FmtSlash
	case n < 8:
		return FmtShortYear
	case n < 11:
		return FmtLong
	case n < 13:
		return FmtAbbrev
	case n < 15:
		return FmtISO
	case n < 17:
		return FmtDayMonth
	case n < 19:
		return FmtSlashNoPad
	default:
		return FmtDash
	}
}

// Label variants for each date kind, as printed before the date.
var (
	labelsDecision = []string{"Decision Date", "Date of Decision", "Date of Determination", "Determination Date", "Date of UR Decision", "Review Date"}
	labelsReceived = []string{"Date RFA Received", "RFA Received", "Date Request Received", "Date of Receipt", "Received Date", "Request Received"}
	labelsInjury   = []string{"Date of Injury", "DOI", "Injury Date", "D/I", "Date of Injury (DOI)"}
	labelsBirth    = []string{"DOB", "Date of Birth", "Birth Date"}
	labelsService  = []string{"Date of Service", "DOS", "Visit Date", "Date of Visit", "Service Date", "Date of Exam"}
	labelsExam     = []string{"Exam Date", "Study Date", "Date of Exam", "Date of Study", "Exam Performed", "DATE OF EXAMINATION"}
	labelsLetter   = []string{"Date", "Date Sent", "Letter Date", "Dated"}
)

// addDays moves t by n calendar days.
func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// addBusinessDays moves t forward by n weekdays, as UR timelines count them.
func addBusinessDays(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			n--
		}
	}
	return t
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
