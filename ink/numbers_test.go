package ink_test

import (
	"context"
	"image"
	"slices"
	"strings"
	"sync"
	"testing"

	. "imrpacket/ink"
	. "imrpacket/ink/inktest"
	"imrpacket/ocr"
)

var (
	tessOnce sync.Once
	tess     *ocr.Engine
	tessMu   sync.Mutex
)

// readDigits is Checker.ReadDigits on a real Tesseract.
func readDigits(t *testing.T) func(*image.Gray) (string, error) {
	tessOnce.Do(func() {
		ocr.EnsureThreadLimit()
		var err error
		if tess, err = ocr.NewEngine(context.Background(), ocr.Options{NoOrientation: true}); err != nil {
			t.Fatal(err)
		}
	})
	return func(crop *image.Gray) (string, error) {
		tessMu.Lock()
		defer tessMu.Unlock()
		return tess.ReadDigits(context.Background(), crop, 400)
	}
}

// misread sets what OCR read for word w of p ("" drops the word: OCR lost it).
func misread(p *Page, w, as string) *Page {
	k := slices.IndexFunc(p.Words, func(x Word) bool { return x.Text == w })
	if k < 0 {
		panic("no word " + w)
	}
	if as == "" {
		p.Words = slices.Delete(p.Words, k, k+1)
	} else {
		p.Words[k].Text = as
	}
	return p
}

func TestNumbersReadAgain(t *testing.T) {
	chk := Checker{Strict: func(w string) bool { return strings.ContainsAny(w, "0123456789") }, ReadDigits: readDigits(t)}
	dose := Edited(Note, 2, "550 mg", "530 mg")
	visit := Edited(Note, 3, "02/12/2024", "02/19/2024")
	cases := []struct {
		name       string
		b          []string
		word, read string // what OCR read of a word of b
		sb         Scan
		want       bool
		wantReread bool // for a copy: its misread number is read again
	}{
		{name: "same page, the noisy scan's 550 read as ns", b: Note, word: "550", read: "ns", sb: Noisy, want: true, wantReread: true},
		{name: "same page, the fax's 550 read as 5S0", b: Note, word: "550", read: "5S0", sb: Fax, want: true, wantReread: true},
		{name: "same page, the noisy scan's 550 lost", b: Note, word: "550", sb: Noisy, want: true, wantReread: true},
		{name: "same page, the date read as 02/12/2O24", b: Note, word: "02/12/2024.", read: "02/12/2O24.", sb: Fax, want: true, wantReread: true},
		{name: "same page, read alike", b: Note, sb: Fax, want: true},
		{name: "another dose, read right", b: dose, sb: Fax},
		{name: "another dose, read as ns", b: dose, word: "530", read: "ns", sb: Fax},
		{name: "another dose, lost", b: dose, word: "530", sb: Noisy},
		{name: "another visit date, read right", b: visit, sb: Fax},
	}
	inkBlind := 0
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, Note, "", Clean)
			b := Render(t, tc.b, "", tc.sb)
			if tc.word != "" {
				misread(b, tc.word, tc.read)
			}
			v := chk.Compare(a, b)
			if v.Same != tc.want || tc.want && (v.Reread > 0) != tc.wantReread {
				t.Errorf("Same %v (want %v), read again %d, numbers differ %v; worst %.3f", v.Same, tc.want, v.Reread, v.NumbersDiffer, v.Worst)
			}
			// One digit moves about as much ink as fax noise: where the ink
			// alone passes another number, reading again must catch it.
			if plain := (Checker{Strict: chk.Strict}).Compare(a, b); !tc.want && plain.Same {
				inkBlind++
				if !v.NumbersDiffer {
					t.Errorf("the ink passed another number and reading again did not catch it (read again %d)", v.Reread)
				}
			}
		})
	}
	if inkBlind == 0 {
		t.Error("the ink alone told every other number apart: no case tests reading again")
	}
	t.Logf("%d of the other numbers were caught only by reading again", inkBlind)
}

// Unsettled places name page a's words first, whichever page the place was
// found from. The readings here find nothing, as Tesseract does on a crop
// too smudged to read.
func TestUnsettledOrder(t *testing.T) {
	chk := Checker{ReadDigits: func(*image.Gray) (string, error) { return "", nil }}
	for _, tc := range []struct {
		name string
		lost int // which page's words lost the dose
		want [2]string
	}{
		{"a lost it", 0, [2]string{"", "550"}},
		{"b lost it", 1, [2]string{"550", ""}},
	} {
		pages := [2]*Page{Render(t, Note, "", Clean), Render(t, Note, "", Fax)}
		misread(pages[tc.lost], "550", "")
		v := chk.Compare(pages[0], pages[1])
		if !v.Same || len(v.Unsettled) != 1 || v.Unsettled[0].Words != tc.want {
			t.Errorf("%s: Same %v, unsettled %+v, want words %q", tc.name, v.Same, v.Unsettled, tc.want)
		}
	}
}

// readLine is Checker.ReadLine on the same real Tesseract.
func readLine(t *testing.T) func(*image.Gray) (string, error) {
	readDigits(t)
	return func(crop *image.Gray) (string, error) {
		tessMu.Lock()
		defer tessMu.Unlock()
		return tess.ReadLine(context.Background(), crop, 400)
	}
}

// Where reading a number alone settles nothing (here it finds nothing, as
// on a crop too smudged to read), its whole line is read on both pages:
// the same number read with its line settles the place; another number
// read with its line leaves it unsettled, for the caller to weigh.
func TestUnsettledReadWithLine(t *testing.T) {
	chk := Checker{ReadDigits: func(*image.Gray) (string, error) { return "", nil }, ReadLine: readLine(t)}
	for _, tc := range []struct {
		name          string
		b             []string
		sb            Scan
		word          string // the number of b whose reading OCR lost
		wantUnsettled int
	}{
		{"the noisy scan's visit date lost, the same date on its line", Note, Noisy, "02/12/2024.", 0},
		{"another dose lost, read otherwise on its line", Edited(Note, 2, "550 mg", "530 mg"), Noisy, "530", 1},
		{"another visit date lost, read otherwise on its line", Edited(Note, 3, "02/12/2024", "02/19/2024"), Noisy, "02/19/2024.", 1},
		{"another dose lost from the fax", Edited(Note, 2, "550 mg", "530 mg"), Fax, "530", 1},
		{"another visit date lost from the fax", Edited(Note, 3, "02/12/2024", "02/19/2024"), Fax, "02/19/2024.", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := Render(t, Note, "", Clean), misread(Render(t, tc.b, "", tc.sb), tc.word, "")
			v := chk.Compare(a, b)
			if len(v.Unsettled) != tc.wantUnsettled {
				t.Errorf("unsettled %+v, want %d place(s); Same %v, numbers differ %v", v.Unsettled, tc.wantUnsettled, v.Same, v.NumbersDiffer)
			}
			// Without the line reading the place stays open: the case
			// tests the line reading.
			if plain := (Checker{ReadDigits: chk.ReadDigits}).Compare(a, b); len(plain.Unsettled) != 1 {
				t.Errorf("without ReadLine: unsettled %+v, want 1 place", plain.Unsettled)
			}
		})
	}
}

// A number whose ink differs beyond the strict limit is read again even
// where both pages' words read it alike: a speck on it is fax noise, the
// same number read again; another digit both readings misread alike is
// another number.
func TestNumberInkOverStrict(t *testing.T) {
	strict := func(w string) bool { return strings.ContainsAny(w, "0123456789") }
	chk := Checker{Strict: strict, ReadDigits: readDigits(t)}
	cases := []struct {
		name string
		b    func(t *testing.T) *Page
		want bool
	}{
		{"a speck on the number", func(t *testing.T) *Page {
			b := Render(t, Note, "", Fax)
			inkSpot(t, b, "550", 7)
			return b
		}, true},
		{"551 read as 550 on both pages", func(t *testing.T) *Page {
			return misread(Render(t, Edited(Note, 2, "550 mg", "551 mg"), "", Fax), "551", "550")
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := Render(t, Note, "", Clean), tc.b(t)
			if plain := (Checker{Strict: strict}).Compare(a, b); plain.Same {
				t.Fatalf("the number's ink passes the strict limit (worst %.3f): the case tests nothing", plain.Worst)
			}
			v := chk.Compare(a, b)
			if v.Same != tc.want || v.Reread == 0 {
				t.Errorf("Same %v (want %v), read again %d, worst %.3f", v.Same, tc.want, v.Reread, v.Worst)
			}
		})
	}
}

// inkSpot puts a size-pixel square of ink just above word w of p.
func inkSpot(t *testing.T, p *Page, w string, size int) {
	x0, top, x1, _ := wordPixels(t, p, w)
	for y := top - size; y < top; y++ {
		for x := (x0 + x1) / 2; x < (x0+x1)/2+size; x++ {
			p.Image.Pix[y*p.Image.Stride+x] = 0
		}
	}
}

// wordPixels returns the pixel box of word w of p: left, top, right, bottom.
func wordPixels(t *testing.T, p *Page, w string) (x0, top, x1, bottom int) {
	k := slices.IndexFunc(p.Words, func(x Word) bool { return x.Text == w })
	if k < 0 {
		t.Fatalf("no word %q", w)
	}
	m := p.PixelToPage
	det := m[0]*m[3] - m[1]*m[2]
	toPix := func(ux, uy float64) (int, int) {
		ux, uy = ux-m[4], uy-m[5]
		return int((m[3]*ux - m[2]*uy) / det), int((-m[1]*ux + m[0]*uy) / det)
	}
	x0, top = toPix(p.Words[k].LLX, p.Words[k].URY)
	x1, bottom = toPix(p.Words[k].URX, p.Words[k].LLY)
	return x0, top, x1, bottom
}

// A number a page's crop reads steadily as another, cut out alone, is
// still one number where its line, read in place, says so: against a text
// layer, the scan's line must hold the layer's number between the same
// words (the layer's number is the page's own); where one scan's OCR lost
// the number, so that its reading rests on the crop alone, both pages'
// lines must read the same digits. Among its words Tesseract reads a
// smudged digit more surely than cut out. Another number on the page reads
// otherwise on its line too, and the two stay apart. (Lines with no zero:
// the test font's slashed zero reads as 8 or @ on a line.)
func TestNumberSteadyOnCropReadWithLine(t *testing.T) {
	scan := Scan{Skew: -0.8, Specks: 900, Seed: 5, Heavier: 1}
	cases := []struct {
		name       string
		textLayer  bool // a is a text layer, not a clean scan
		b          []string
		sb         Scan
		word, ocr  string // b's number and what b's OCR read it as ("" lost)
		aDigits    string // what reading a's crop makes of the number
		bDigits    string // and b's, each time
		wantDiffer bool
	}{
		{"text layer: the crop misread steadily, the line holds the number", true, Note, scan, "10", "16", "10", "16", false},
		{"text layer: another number", true, Edited(Note, 2, "cyclobenzaprine 10 mg", "cyclobenzaprine 20 mg"), scan, "20", "20", "10", "20", true},
		{"lost by OCR: the crop misread steadily, the lines agree", false, Note, Noisy, "15", "", "15", "16", false},
		{"lost by OCR: another number", false, Edited(Note, 8, "over 15 pounds", "over 18 pounds"), Noisy, "18", "", "15", "18", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, Note, "", Clean)
			a.TextLayer = tc.textLayer
			b := misread(Render(t, tc.b, "", tc.sb), tc.word, tc.ocr)
			v := Checker{ReadDigits: alternate(tc.aDigits, tc.bDigits), ReadLine: readLine(t)}.Compare(a, b)
			if v.NumbersDiffer != tc.wantDiffer || v.Same == tc.wantDiffer {
				t.Errorf("numbers differ %v, Same %v; want differ %v (unsettled %+v)", v.NumbersDiffer, v.Same, tc.wantDiffer, v.Unsettled)
			}
			if plain := (Checker{ReadDigits: alternate(tc.aDigits, tc.bDigits)}).Compare(a, b); !plain.NumbersDiffer {
				t.Errorf("without ReadLine the numbers do not differ: the case tests nothing")
			}
		})
	}
}

// A letter one page's words read as the digit it looks like, glued to the
// number ("(656.02)" for "(G56.02)"), is read so again from the crop, which
// is read as digits only: that page's number is the other's with the
// letter, not another number. A digit changed stays another number.
func TestLetterReadAsDigit(t *testing.T) {
	code := Edited(Note, 6, "lumbar radiculopathy.", "lumbar radiculopathy (G56.12).")
	cases := []struct {
		name       string
		b          []string
		ocr        string // what b's OCR read the code as
		bDigits    string // and b's crop, each time
		wantDiffer bool
	}{
		{"G read as 6", code, "(656.12).", "656.12", false},
		{"another code", Edited(code, 6, "G56.12", "G56.32"), "(G56.32).", "56.32", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, code, "", Clean)
			b := readAs(Render(t, tc.b, "", Noisy), "56.", tc.ocr)
			v := Checker{ReadDigits: alternate("56.12", tc.bDigits)}.Compare(a, b)
			if v.NumbersDiffer != tc.wantDiffer {
				t.Errorf("numbers differ %v, want %v (unsettled %+v)", v.NumbersDiffer, tc.wantDiffer, v.Unsettled)
			}
		})
	}
}

// TestImpossibleDateRead: a noisy scan reads "10/22/22" as "10/32/22" in its
// words and again cut out (the glyph misleads every reading alike). No
// record prints a 32nd day, so the place is a misread, left for the caller
// to count against its digit budget, not two numbers; two real dates a
// digit apart stay two numbers.
func TestImpossibleDateRead(t *testing.T) {
	note := append(slices.Clone(Note), "Return to modified work on 10/22/22.")
	cases := []struct {
		name        string
		b           []string
		ocr         string // what b's OCR read the date as, words and crop alike
		wantDiffer  bool
		wantMisread bool
	}{
		{"a day no calendar has", note, "10/32/22.", false, true},
		{"a month no calendar has", note, "18/22/22.", false, true},
		{"another date", Edited(note, 10, "10/22/22", "10/23/22"), "10/23/22.", true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render(t, note, "", Clean)
			b := readAs(Render(t, tc.b, "", Noisy), "10/2", tc.ocr)
			v := Checker{ReadDigits: alternate("10/22/22", strings.TrimSuffix(tc.ocr, "."))}.Compare(a, b)
			misread := slices.ContainsFunc(v.Unsettled, func(u Unsettled) bool { return u.DateMisread })
			if v.NumbersDiffer != tc.wantDiffer || misread != tc.wantMisread {
				t.Errorf("numbers differ %v, date misread %v; want %v, %v (unsettled %+v)", v.NumbersDiffer, misread, tc.wantDiffer, tc.wantMisread, v.Unsettled)
			}
		})
	}
}

// TestGarbledPlace: where one page's OCR read a number partly as letters
// ("5S0x" for "550"), the place left unsettled says so for the caller
// (dedupe weighs such a page's blank second reading as no evidence).
func TestGarbledPlace(t *testing.T) {
	cases := []struct {
		name, ocr   string // what b's OCR read "550" as
		wantGarbled [2]bool
	}{
		{"read partly as letters", "5S0x", [2]bool{false, true}},
		{"read as another number", "530", [2]bool{false, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			digits := alternate("550", "") // b's crop reads nothing
			a := Render(t, Note, "", Clean)
			b := misread(Render(t, Note, "", Noisy), "550", tc.ocr)
			v := Checker{ReadDigits: digits}.Compare(a, b)
			if len(v.Unsettled) != 1 {
				t.Fatalf("unsettled %+v, want one place", v.Unsettled)
			}
			if g := v.Unsettled[0].Garbled; g != tc.wantGarbled {
				t.Errorf("garbled %v, want %v", g, tc.wantGarbled)
			}
		})
	}
}

// alternate returns a digit reader that reads a on its odd calls and b on
// its even ones. Compare reads each place on page a, then on page b, and
// again in that order at another size: these tests have one such place.
func alternate(a, b string) func(*image.Gray) (string, error) {
	var n int
	return func(*image.Gray) (string, error) {
		if n++; n%2 == 1 {
			return a, nil
		}
		return b, nil
	}
}

// readAs makes p's OCR read every word holding part as text.
func readAs(p *Page, part, text string) *Page {
	for i, w := range p.Words {
		if strings.Contains(w.Text, part) {
			p.Words[i].Text = text
		}
	}
	return p
}
