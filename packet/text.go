package packet

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/font"
	"golang.org/x/text/unicode/norm"
)

// Text on the contents pages and the invisible OCR layer uses the standard Helvetica fonts
// with WinAnsiEncoding: nothing to embed, every viewer and text extractor maps the codes back
// to Unicode, and WinAnsi covers Latin-1 (José Peña), curly quotes and dashes, which is what
// names and OCR output in California records contain. Anything outside it is transliterated
// (accents dropped, a few symbols spelled out) rather than dropped silently.

// winAnsiHigh maps the characters of WinAnsiEncoding's 0x80-0x9F block.
var winAnsiHigh = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
	'‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B,
	'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// spelled replaces characters WinAnsi lacks and accent stripping cannot fix.
var spelled = map[rune]string{
	'≤': "<=", '≥': ">=", '→': "->", '←': "<-", '≈': "~", '≠': "!=", '√': "v",
	'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ı': "i", '′': "'", '″': "\"",
	'‐': "-", '‑': "-", '‒': "-", '−': "-", '⁄': "/", '\u00a0': " ",
	'\u2002': " ", '\u2003': " ", '\u2009': " ", '\u200b': "", '\ufeff': "",
	'✓': "v", '✔': "v", '☐': "[ ]", '☑': "[x]", '☒': "[x]", '▪': "•", '●': "•", '◦': "•",
}

func winAnsiByte(r rune) (byte, bool) {
	switch {
	case r >= 0x20 && r <= 0x7E:
		return byte(r), true
	case r >= 0xA0 && r <= 0xFF:
		return byte(r), true
	}
	b, ok := winAnsiHigh[r]
	return b, ok
}

// winAnsi encodes s for a WinAnsiEncoding font. Control characters become spaces, invalid
// UTF-8 and unmappable characters become '?'.
func winAnsi(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == utf8.RuneError && n <= 1 {
			out = append(out, '?')
			continue
		}
		if b, ok := winAnsiByte(r); ok {
			out = append(out, b)
			continue
		}
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			out = append(out, ' ')
			continue
		}
		if rep, ok := spelled[r]; ok {
			out = append(out, winAnsi(rep)...)
			continue
		}
		out = append(out, transliterate(r)...)
	}
	return out
}

// transliterate drops combining marks from r's canonical decomposition (ő -> o, ș -> s).
func transliterate(r rune) []byte {
	var out []byte
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		if b, ok := winAnsiByte(d); ok {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return []byte{'?'}
	}
	return out
}

// pdfString writes b as a PDF literal string, escaping what the syntax requires.
func pdfString(sb *strings.Builder, b []byte) {
	sb.WriteByte('(')
	for _, c := range b {
		switch c {
		case '(', ')', '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case '\r':
			sb.WriteString(`\r`)
		case '\n':
			sb.WriteString(`\n`)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte(')')
}

// Font resource names and base fonts used on pages this package writes.
const (
	fontRegular = "Helvetica"
	fontBold    = "Helvetica-Bold"
)

// width is the advance of WinAnsi-encoded b in fontName at size, in points.
func width(b []byte, fontName string, size float64) float64 {
	w, err := font.TextWidthFloat(string(b), fontName, size)
	if err != nil {
		// Only the two core fonts above are used, whose metrics are compiled in.
		return float64(len(b)) * size * 0.6
	}
	return w
}

// fit shortens b with an ellipsis so it is at most maxW wide.
func fit(b []byte, fontName string, size, maxW float64) []byte {
	if width(b, fontName, size) <= maxW {
		return b
	}
	ell := []byte{0x85} // …
	for n := len(b) - 1; n > 0; n-- {
		c := append(append([]byte{}, trimRightSpace(b[:n])...), ell...)
		if width(c, fontName, size) <= maxW {
			return c
		}
	}
	return ell
}

func trimRightSpace(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

// wrap breaks b into at most maxLines lines of at most maxW, on spaces where it can; the
// last line is shortened with an ellipsis when text is left over.
func wrap(b []byte, fontName string, size, maxW float64, maxLines int) [][]byte {
	var lines [][]byte
	var cur []byte
	for _, w := range strings.Fields(string(b)) {
		try := []byte(w)
		if len(cur) > 0 {
			try = append(append(append([]byte{}, cur...), ' '), w...)
		}
		if width(try, fontName, size) <= maxW {
			cur = try
			continue
		}
		if len(cur) > 0 {
			lines = append(lines, cur)
		}
		cur = []byte(w)
		if width(cur, fontName, size) > maxW {
			// One word wider than the column: cut it.
			lines = append(lines, fit(cur, fontName, size, maxW))
			cur = nil
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		rest := lines[maxLines-1]
		for _, l := range lines[maxLines:] {
			rest = append(append(append([]byte{}, rest...), ' '), l...)
		}
		lines = append(lines[:maxLines-1], rest)
	}
	last := len(lines) - 1
	lines[last] = fit(lines[last], fontName, size, maxW)
	return lines
}
