package synth

// Fictional people, organisations and requests. Every name here is made up;
// a few carry accents and curly apostrophes because real records do, and all
// of them encode in WinAnsi so born-digital pages keep an exact text layer.

var femaleNames = []string{
	"Maria", "Linda", "Patricia", "Jennifer", "Guadalupe", "Elizabeth", "Susan", "Jessica", "Karen", "Rosa",
	"Angela", "Brenda", "Nicole", "Sandra", "Mei", "Renée", "Aisha", "Brianna", "Yolanda", "Siobhán",
}

var maleNames = []string{
	"José", "James", "Robert", "Miguel", "David", "Michael", "Juan", "Daniel", "Francisco", "Anthony",
	"Kevin", "Luis", "Thomas", "Carlos", "Tuan", "Raúl", "Darnell", "Sean", "Hector", "Andre",
}

var firstNames = append(append([]string(nil), femaleNames...), maleNames...)

var lastNames = []string{
	"Garcia", "Peña", "Nguyen", "Johnson", "Martinez", "O’Brien", "Williams", "Hernandez", "Lopez", "Brown",
	"Gonzalez", "Rodriguez", "Davis", "Ramírez", "Wilson", "Anderson", "Torres", "Flores", "Kim", "Patel",
	"Chavez", "Jackson", "Morales", "Reyes", "Nuñez", "Tran", "Castillo", "Washington", "O’Connor", "Ibáñez",
	"Mendoza", "Alvarez", "Thompson", "Le", "Gutierrez", "Sanchez", "Murphy", "Robinson", "Vargas", "Delgado",
}

var doctorLast = []string{
	"Feldman", "Chen", "Okafor", "Brennan", "Shah", "Lindqvist", "Moreno", "Kaplan", "Whitaker", "Tanaka",
	"Abrams", "Desai", "Halvorsen", "Ortega", "Nakamura", "Goldberg", "Rahimi", "Esposito", "Mbeki", "Park",
}

var doctorFirst = []string{
	"Alan", "Priya", "Chinedu", "Kathleen", "Rajesh", "Erik", "Lucia", "Howard", "Grace", "Kenji",
	"Martin", "Anjali", "Ingrid", "Rafael", "Yuki", "Stuart", "Leila", "Vincent", "Thabo", "Soo-Jin",
}

var specialties = []string{
	"Orthopaedic Surgery", "Physical Medicine and Rehabilitation", "Pain Medicine", "Occupational Medicine",
	"Family Medicine", "Neurology", "Anesthesiology, Pain Medicine", "Chiropractic",
}

var employers = []string{
	"Valley Fresh Produce, Inc.", "Golden Gate Logistics LLC", "Sunrise Home Health Services",
	"Central Coast Builders, Inc.", "Inland Empire Distribution Center", "Bayview Unified School District",
	"Pacific Rim Hospitality Group", "Delta Farm Labor Contractors", "City of Riverbend",
	"Summit Auto Parts Warehouse", "Mission Care Skilled Nursing", "Harbor Freightways Inc.",
}

var claimsAdmins = []string{
	"Redwood Claims Services", "Coastal Workers’ Compensation Adjusters", "Sequoia Risk Management",
	"Pinnacle Claims Administration", "Western States Self-Insured Group", "Golden Poppy Insurance Company",
	"Bear Flag Mutual Insurance", "Anchor TPA Services, Inc.",
}

var streets = []string{
	"1200 Commerce Way", "455 Market Street, Suite 300", "78 Harbor Blvd", "2901 Oak Park Drive",
	"160 N. Main Street, 2nd Floor", "9400 Sierra College Blvd", "33 Embarcadero Center, Suite 1150",
	"5150 Fairview Road", "711 W. Olive Avenue", "2025 Gateway Place, Suite 210",
}

var cities = []string{
	"Sacramento, CA 95814", "Fresno, CA 93721", "Oakland, CA 94612", "San Diego, CA 92108",
	"Riverside, CA 92501", "Bakersfield, CA 93301", "San Jose, CA 95110", "Los Angeles, CA 90017",
	"Santa Ana, CA 92705", "Stockton, CA 95202", "Roseville, CA 95661", "Ontario, CA 91764",
}

var clinics = []string{
	"Valley Orthopedic & Spine Medical Group", "Westside Occupational Health Clinic", "Pacific Pain & Rehabilitation",
	"Golden State Industrial Medicine", "Central Valley Spine Institute", "Bayside Physical Medicine Associates",
	"Comprehensive Work Injury Care", "Sierra Chiropractic & Wellness",
}

var imagingFacilities = []string{
	"Pacific Diagnostic Imaging", "Valley Open MRI", "Golden State Radiology Medical Group",
	"Bayshore Imaging Center", "Central Coast Advanced Imaging", "Inland Diagnostic Radiology",
}

var radiologists = []string{"Stephen Marsh, MD", "Helen Duarte, MD", "Arjun Mehta, MD", "Laura Fitzgerald, MD", "Wei Zhang, MD"}

var bodyParts = []string{
	"lumbar spine", "cervical spine", "right shoulder", "left shoulder", "right knee", "left knee",
	"right wrist", "left wrist", "thoracic spine", "right elbow", "bilateral hands", "left ankle",
}

// treatmentKind is a template for one requested treatment.
type treatmentKind struct {
	name     string // printed name; %s is replaced by the body part when part is true
	code     string
	quantity []string // printed quantity variants; empty for none
	freq     []string
	part     bool
	// modQty is the quantity certified when the request is modified.
	modQty string
}

var treatmentKinds = []treatmentKind{
	{name: "Physical therapy for the %s", code: "97110", quantity: []string{"12 visits", "8 sessions", "6 visits"}, freq: []string{"2x6", "2 times a week for 4 weeks", "3x4"}, part: true, modQty: "6 visits"},
	{name: "Chiropractic manipulation, %s", code: "98941", quantity: []string{"6 visits", "8 visits"}, freq: []string{"2x3", "1-2 times per week"}, part: true, modQty: "4 visits"},
	{name: "Acupuncture, %s", code: "97810", quantity: []string{"6 sessions", "12 sessions"}, freq: []string{"1x6", "2x6"}, part: true, modQty: "6 sessions"},
	{name: "Aquatic therapy", code: "97113", quantity: []string{"8 sessions", "12 sessions"}, freq: []string{"2x4", "2x6"}, part: false, modQty: "6 sessions"},
	{name: "MRI of the %s without contrast", code: "72148", quantity: []string{"1"}, part: true},
	{name: "MRI of the %s", code: "73221", quantity: []string{"1"}, part: true},
	{name: "EMG/NCV of the bilateral lower extremities", code: "95886", quantity: []string{"1"}},
	{name: "EMG/NCV of the bilateral upper extremities", code: "95913", quantity: []string{"1"}},
	{name: "Lumbar epidural steroid injection at L4-L5", code: "62323", quantity: []string{"1", "x1"}, modQty: "1"},
	{name: "Cervical epidural steroid injection at C5-C6", code: "62321", quantity: []string{"1"}},
	{name: "Bilateral L4-L5, L5-S1 medial branch blocks", code: "64493", quantity: []string{"1"}},
	{name: "Radiofrequency ablation, lumbar facets", code: "64635", quantity: []string{"1"}},
	{name: "Trigger point injections, %s", code: "20553", quantity: []string{"4 injections", "x3"}, part: true, modQty: "2 injections"},
	{name: "Tramadol ER 150 mg", quantity: []string{"#30", "#60"}, freq: []string{"1 tab daily", "1 tab twice daily"}, modQty: "#15"},
	{name: "Gabapentin 300 mg", quantity: []string{"#90", "#60"}, freq: []string{"1 cap three times daily", "TID"}, modQty: "#30"},
	{name: "Cyclobenzaprine 7.5 mg", quantity: []string{"#30", "#60"}, freq: []string{"1 tab at bedtime", "BID PRN"}, modQty: "#20"},
	{name: "Hydrocodone/APAP 10/325 mg", quantity: []string{"#60", "#90"}, freq: []string{"1 tab q6h PRN pain", "1 tab every 8 hours"}, modQty: "#30"},
	{name: "Lidocaine 5% patch", quantity: []string{"#30"}, freq: []string{"12 hours on, 12 hours off"}, modQty: "#15"},
	{name: "Omeprazole 20 mg", quantity: []string{"#30", "#60"}, freq: []string{"daily", "1 cap BID"}},
	{name: "Naproxen sodium 550 mg", quantity: []string{"#60"}, freq: []string{"1 tab twice daily"}},
	{name: "TENS unit, purchase", code: "E0730", quantity: []string{"1"}, modQty: "30-day rental"},
	{name: "Functional capacity evaluation", code: "97750", quantity: []string{"1"}},
	{name: "Functional restoration program", code: "97799", quantity: []string{"10 days", "80 hours"}, modQty: "5 days"},
	{name: "Right knee arthroscopy with partial meniscectomy", code: "29881", quantity: []string{"1"}},
	{name: "Right shoulder arthroscopy with subacromial decompression", code: "29826", quantity: []string{"1"}},
	{name: "Left carpal tunnel release", code: "64721", quantity: []string{"1"}},
	{name: "Lumbar support brace", code: "L0631", quantity: []string{"1"}},
	{name: "Cold therapy unit, 7-day rental", code: "E0218", quantity: []string{"1"}},
	{name: "Urine drug screen", code: "80305", quantity: []string{"1", "4 per year"}, modQty: "1"},
	{name: "Cognitive behavioral therapy", code: "90837", quantity: []string{"6 sessions", "10 sessions"}, freq: []string{"weekly"}, modQty: "4 sessions"},
	{name: "Orthopedic surgeon consultation, %s", code: "99244", quantity: []string{"1"}, part: true},
	{name: "Pain management consultation", code: "99243", quantity: []string{"1"}},
	{name: "Home exercise kit", quantity: []string{"1"}},
	{name: "Interferential stimulator, 30-day trial", code: "E1399", quantity: []string{"1"}},
}

var diagnoses = []struct{ text, icd string }{
	{"Lumbar disc displacement", "M51.26"}, {"Lumbar radiculopathy", "M54.16"}, {"Cervicalgia", "M54.2"},
	{"Cervical radiculopathy", "M54.12"}, {"Impingement syndrome of right shoulder", "M75.41"},
	{"Tear of medial meniscus, right knee", "S83.241A"}, {"Carpal tunnel syndrome, left upper limb", "G56.02"},
	{"Sprain of ligaments of lumbar spine", "S33.5XXA"}, {"Chronic pain syndrome", "G89.4"},
	{"Lateral epicondylitis, right elbow", "M77.11"}, {"Myofascial pain syndrome", "M79.18"},
}

// guidelines are the evidence bases UR reviewers cite, with section names as
// they appear in real rationales.
var guidelines = []string{
	"CA MTUS Chronic Pain Medical Treatment Guidelines",
	"MTUS ACOEM Practice Guidelines, Low Back Disorders",
	"ACOEM Practice Guidelines, 3rd Edition, Chapter 12",
	"Official Disability Guidelines (ODG), Pain Chapter",
	"ODG Treatment in Workers’ Compensation, Knee & Leg",
	"MTUS Physical Medicine Guidelines",
	"ACOEM Cervical and Thoracic Spine Disorders Guideline",
	"California MTUS 8 CCR 9792.24.2",
}
