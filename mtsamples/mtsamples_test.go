package mtsamples

import (
	"errors"
	"strings"
	"testing"

	"imrpacket/index"
)

func load(t *testing.T) []Sample {
	t.Helper()
	s, err := LoadDefault()
	if errors.Is(err, ErrNotFound) {
		t.Skip("MTSamples corpus absent (../shared/corpus/mtsamples.csv or $IMRPACKET_MTSAMPLES): ", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoadCorpus(t *testing.T) {
	s := load(t)
	if len(s) < 1500 || len(s) > 3554 {
		t.Fatalf("unique texts = %d, want about 1,700 (rows merged by text)", len(s))
	}
	counts := map[string]map[Split]int{}
	seen := map[string]bool{}
	for _, x := range s {
		key := Normalize(x.Text)
		if seen[key] {
			t.Fatalf("sample %s: text listed twice after merge", x.ID)
		}
		seen[key] = true
		if counts[x.Class] == nil {
			counts[x.Class] = map[Split]int{}
		}
		counts[x.Class][x.Split]++
	}
	for _, c := range []string{index.TypeImaging, index.TypeProgressNote, index.TypeOther} {
		tr, te := counts[c][Train], counts[c][Test]
		t.Logf("%s: train %d test %d", c, tr, te)
		if tr == 0 || te == 0 {
			t.Errorf("class %s: train %d test %d, want both sides non-empty", c, tr, te)
		}
	}
	total := len(s)
	train := len(Filter(s, Train, ""))
	if share := float64(train) / float64(total); share < 0.75 || share > 0.85 {
		t.Errorf("train share %.2f, want about 0.80", share)
	}
}

func TestKnownClasses(t *testing.T) {
	s := load(t)
	byName := map[string]Sample{}
	for _, x := range s {
		byName[x.Name] = x
	}
	tests := []struct{ name, want string }{
		{"MRI of Lumbar Spine w/o Contrast", index.TypeImaging},
		{"CT Head - 1", index.TypeImaging},
		{"Three Views - Foot", index.TypeImaging},
		{"Renal Ultrasound", index.TypeImaging},
		{"Whole Body Radionuclide Bone Scan", index.TypeImaging},
		{"EMG/Nerve Conduction Study - 1", index.TypeOther},
		{"Echocardiogram - 1", index.TypeOther},
		{"Dobutamine Stress Test", index.TypeOther},
		{"MRI Brain - Pontine Stroke", index.TypeOther}, // CC:/HX: teaching case
		{"Facet Arthrogram & Injection", index.TypeOther},
		{"Gen Med SOAP - 1", index.TypeProgressNote},
		{"Chiropractic Progress Note", index.TypeProgressNote},
		{"Headache - Office Visit", index.TypeProgressNote},
		{"Normal Male Exam Template - 1", index.TypeOther},
		{"Discharge Summary - ATV Accident", index.TypeOther},
		{"Chiropractic IME - 1", index.TypeOther},
	}
	for _, tt := range tests {
		x, ok := byName[tt.name]
		if !ok {
			t.Errorf("%q not in corpus", tt.name)
			continue
		}
		if x.Class != tt.want {
			t.Errorf("%q: class %s, want %s (specialties %v)", tt.name, x.Class, tt.want, x.Specialties)
		}
	}
}

func TestReadMergesAndSplitsByText(t *testing.T) {
	csv := "sample_id,type_id,medical_specialty,sample_name,description,transcription,keywords\n" +
		"7,1,Radiology,MRI Knee,MRI of the knee.,\"EXAM: MRI knee.\nFINDINGS: Normal.\",mri\n" +
		"3,2,Orthopedic,MRI Knee,MRI of the knee.,\"EXAM:  MRI knee. FINDINGS: normal\",mri\n" +
		"9,3,SOAP / Chart / Progress Notes,Gen Med SOAP,Followup.,\"SUBJECTIVE: Feels better.\",soap\n"
	s, err := Read(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 2 {
		t.Fatalf("got %d samples, want 2", len(s))
	}
	if s[0].ID != "3" || len(s[0].Specialties) != 2 || s[0].Class != index.TypeImaging {
		t.Errorf("merged sample = %+v", s[0])
	}
	if s[1].Class != index.TypeProgressNote {
		t.Errorf("soap sample class %s", s[1].Class)
	}
	if splitOf(Normalize(s[0].Text)) != s[0].Split {
		t.Error("split not stable")
	}
}

func TestReadBadHeader(t *testing.T) {
	_, err := Read(strings.NewReader("a,b\n1,2\n"))
	if !errors.Is(err, ErrFormat) {
		t.Fatalf("err = %v, want ErrFormat", err)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load("/nonexistent/mtsamples.csv")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add("sample_id,medical_specialty,sample_name,transcription\n1,Radiology,CT Head,\"EXAM: CT head\"\n")
	f.Add("sample_id,medical_specialty\n\"unterminated")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, x := range s {
			if x.Split != Train && x.Split != Test {
				t.Fatalf("bad split %q", x.Split)
			}
		}
	})
}
