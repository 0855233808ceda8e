package synth

// winAnsiHigh maps the runes of WinAnsiEncoding's 0x80-0x9F range.
var winAnsiHigh = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
	'‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B,
	'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// winAnsiByte returns the WinAnsiEncoding byte of r.
func winAnsiByte(r rune) (byte, bool) {
	switch {
	case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xFF:
		return byte(r), true
	}
	b, ok := winAnsiHigh[r]
	return b, ok
}

func winAnsi(r rune) bool {
	_, ok := winAnsiByte(r)
	return ok
}

// toWinAnsi replaces runes outside WinAnsi, so corpus text with stray
// symbols still prints with the standard fonts.
func toWinAnsi(s string) string {
	ok := true
	for _, r := range s {
		if !winAnsi(r) && r != '\n' {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r == '\n' || winAnsi(r):
			out = append(out, r)
		case r == '\t':
			out = append(out, ' ')
		default:
			out = append(out, '?')
		}
	}
	return string(out)
}
