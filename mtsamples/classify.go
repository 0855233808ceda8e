package mtsamples

import (
	"regexp"
	"strings"

	"imrpacket/index"
)

// Specialty names as the corpus spells them.
const (
	SpecRadiology = "Radiology"
	SpecSOAP      = "SOAP / Chart / Progress Notes"
	SpecOffice    = "Office Notes"
	SpecOrtho     = "Orthopedic"
	SpecPain      = "Pain Management"
	SpecRehab     = "Physical Medicine - Rehab"
	SpecChiro     = "Chiropractic"
	SpecSurgery   = "Surgery"
	SpecConsult   = "Consult - History and Phy."
	SpecDischarge = "Discharge Summary"
	SpecLetters   = "Letters"
	SpecIME       = "IME-QME-Work Comp etc."
)

var (
	// imagingName matches the study kinds the contract calls imaging, in a
	// sample's name or description: MRI, CT, X-ray (incl. views, mammogram),
	// ultrasound (incl. Doppler) and bone scan.
	imagingName = regexp.MustCompile(`(?i)\b(mri|mra|ct|cta|ccta|hct|x-?ray|radiograph\w*|radiologic exam|views?|mammogra\w*|ultrasound|sonogra\w*|doppler|bone scan|ivp|urogram|barium)\b`)
	// notImaging matches studies and procedures listed under Radiology that
	// are not diagnostic imaging reports: neurophysiology, cardiac function
	// tests, radiotherapy and image-guided procedures.
	notImaging = regexp.MustCompile(`(?i)(2-d|emg|nerve conduction|ncv|eeg|echocardiog|\becho\b|stress|myoview|mayoview|perfusion|nuclear|lexiscan|adenosine|brachytherapy|simulation|radiation|chemoradi|hyperfraction|biopsy|guided|catheter|injection|arthrogram|thermocoagulation|angiogram|arteriogram|paracentesis|cholecystectomy|bunionectomy|electronystagmogram|pet\b|particulate)`)
	// caseHistory matches neurology teaching cases ("CC: ... HX: ...") filed
	// under Radiology: a clinical history with imaging findings inside, not a report.
	caseHistory = regexp.MustCompile(`^\s*CC:`)
	// operative matches the section headings of operative and procedure
	// reports, which are not visit notes even when filed under a visit specialty.
	operative = regexp.MustCompile(`(?i)(preoperative diagnos|postoperative diagnos|pre-operative diagnos|post-operative diagnos|description of (the )?procedure|procedure in detail|details of (the )?procedure|operative procedure|name of (the )?(procedure|operation)|procedures? performed|operations? performed|estimated blood loss|anesthesia:|operative note|operative report)`)
	// visitMarker matches the openings of visit notes (SOAP, HPI, follow-up).
	visitMarker = regexp.MustCompile(`(?i)(subjective:|\bs:|chief complaint|history of present|reason for visit|progress note|follow-?up|returns|comes (back|in)|presents (today|to)|seen today|present complaints?)`)
	// notVisitName matches sample names that are not a single visit note.
	notVisitName = regexp.MustCompile(`(?i)(^normal |instructions|template|consult|letter|discharge|summary|\bime\b|qme|records review|permanent & stationary|evaluation report|h&p|operative|procedure)`)
)

// Classify returns the coarse page class of a sample: index.TypeImaging,
// index.TypeProgressNote or index.TypeOther.
//
// Rules, first match wins:
//  1. imaging: listed under Radiology, not under Surgery, its name or
//     description names an imaging study (MRI, CT, X-ray, ultrasound,
//     Doppler, bone scan) and nothing that is not one (EMG/NCV, EEG, echo,
//     stress and perfusion tests, radiotherapy, image-guided procedures,
//     angiograms, PET), and it is not a neurology teaching case ("CC: ... HX:").
//  2. other: letters, discharge summaries, IME/QME reports, templates,
//     consults by name, and anything with operative-report headings.
//  3. progress_note: listed under SOAP / Chart / Progress Notes or Office
//     Notes; or under Orthopedic, Pain Management, Physical Medicine - Rehab
//     or Chiropractic, not under Consult - History and Phy., with a visit
//     opening (Subjective, Chief Complaint, HPI, follow-up) in its first 600
//     characters.
//  4. other: everything else.
//
// Limits: the labels come from specialty lists and names, not from reading
// the text, so a few texts sit in the wrong class: neurology case histories
// under Radiology whose names are diseases ("Moyamoya Disease") are other
// even when they are mostly imaging findings; first-visit evaluations under
// Consult are other although they read like visit notes; inpatient SOAP
// notes count as progress notes; Normal exam/ROS templates are other.
func Classify(s Sample) string {
	name := s.Name + " " + s.Description
	if s.HasSpecialty(SpecRadiology) && !s.HasSpecialty(SpecSurgery) &&
		imagingName.MatchString(s.Name+" "+firstLine(s.Description)) && !notImaging.MatchString(name) &&
		!caseHistory.MatchString(s.Text) {
		return index.TypeImaging
	}
	head := s.Text
	if len(head) > 600 {
		head = head[:600]
	}
	if s.HasSpecialty(SpecLetters) || s.HasSpecialty(SpecDischarge) || s.HasSpecialty(SpecIME) ||
		s.HasSpecialty(SpecSurgery) || notVisitName.MatchString(s.Name) || operative.MatchString(s.Text) {
		return index.TypeOther
	}
	if s.HasSpecialty(SpecSOAP) || s.HasSpecialty(SpecOffice) {
		return index.TypeProgressNote
	}
	visitSpec := s.HasSpecialty(SpecOrtho) || s.HasSpecialty(SpecPain) || s.HasSpecialty(SpecRehab) || s.HasSpecialty(SpecChiro)
	if visitSpec && !s.HasSpecialty(SpecConsult) && visitMarker.MatchString(head) {
		return index.TypeProgressNote
	}
	return index.TypeOther
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, ".\n"); i >= 0 {
		return s[:i]
	}
	return s
}
