package synth

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Case is the claim every document of a packet is about.
type Case struct {
	Claimant            string
	Sex                 string // "male" or "female", for narratives
	Occupation          string
	Birth               time.Time
	ClaimNumber         string
	Injury              time.Time
	Employer            string
	ClaimsAdministrator string
	AdminAddress        []string
	// PTP is the primary treating physician, who writes PR-2s and RFAs.
	PTP        Person
	Clinic     string
	ClinicAddr []string
	BodyParts  []string
	Diagnoses  []int // indexes into diagnoses
	// Start is the first visit; documents fall between Start and End.
	Start, End time.Time
}

// Person is a physician with credentials.
type Person struct {
	Name      string // "Alan Feldman, MD"
	Specialty string
	NPI       string
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func newPerson(r *rand.Rand) Person {
	cred := pick(r, []string{"MD", "MD", "DO", "MD", "M.D."})
	sp := pick(r, specialties)
	if sp == "Chiropractic" {
		cred = "DC"
	}
	return Person{
		Name:      fmt.Sprintf("%s %s, %s", pick(r, doctorFirst), pick(r, doctorLast), cred),
		Specialty: sp,
		NPI:       fmt.Sprintf("1%09d", r.IntN(1e9)),
	}
}

func personName(r *rand.Rand) string {
	return pick(r, firstNames) + " " + pick(r, lastNames)
}

// newCase draws a claim: injury between 2019 and 2024, records up to mid-2026.
func newCase(r *rand.Rand) *Case {
	inj := day(2019+r.IntN(6), time.Month(1+r.IntN(12)), 1+r.IntN(28))
	start := addDays(inj, 7+r.IntN(120))
	end := addDays(start, 200+r.IntN(400))
	if limit := day(2026, 6, 30); end.After(limit) {
		end = limit
	}
	c := &Case{
		Sex:                 pick(r, []string{"male", "female"}),
		Occupation:          pick(r, []string{"warehouse worker", "caregiver", "field laborer", "truck driver", "office assistant", "custodian", "nurse aide", "cook", "construction laborer"}),
		Birth:               day(1958+r.IntN(42), time.Month(1+r.IntN(12)), 1+r.IntN(28)),
		Injury:              inj,
		Employer:            pick(r, employers),
		ClaimsAdministrator: pick(r, claimsAdmins),
		AdminAddress:        []string{"P.O. Box " + fmt.Sprint(1000+r.IntN(90000)), pick(r, cities)},
		PTP:                 newPerson(r),
		Clinic:              pick(r, clinics),
		ClinicAddr:          []string{pick(r, streets), pick(r, cities)},
		Start:               start,
		End:                 end,
	}
	first := pick(r, maleNames)
	if c.Sex == "female" {
		first = pick(r, femaleNames)
	}
	c.Claimant = first + " " + pick(r, lastNames)
	switch r.IntN(3) {
	case 0:
		c.ClaimNumber = fmt.Sprintf("%02d-%06d", 10+r.IntN(90), r.IntN(1e6))
	case 1:
		c.ClaimNumber = fmt.Sprintf("WC%d%07d", inj.Year()%100, r.IntN(1e7))
	default:
		c.ClaimNumber = fmt.Sprintf("%04d%c%05d", 1000+r.IntN(9000), 'A'+rune(r.IntN(26)), r.IntN(1e5))
	}
	n := 1 + r.IntN(2)
	perm := r.Perm(len(bodyParts))
	for i := 0; i < n; i++ {
		c.BodyParts = append(c.BodyParts, bodyParts[perm[i]])
	}
	dp := r.Perm(len(diagnoses))
	c.Diagnoses = dp[:2+r.IntN(2)]
	return c
}

// dateIn picks a day between the case's start and end.
func (c *Case) dateIn(r *rand.Rand) time.Time {
	span := int(c.End.Sub(c.Start).Hours() / 24)
	if span < 1 {
		span = 1
	}
	return addDays(c.Start, r.IntN(span))
}
