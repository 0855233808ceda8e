package synth

import "bytes"

// encodeG4 encodes a bilevel image as CCITT Group 4 (T.6, K -1), most
// significant bit first, ending with EOFB. pix holds one byte per pixel,
// row by row, 1 for black. It follows libtiff's Fax3Encode2DRow.
func encodeG4(pix []byte, w, h int) []byte {
	var bw bitWriter
	white := make([]byte, w)
	ref := white
	for y := 0; y < h; y++ {
		cur := pix[y*w : (y+1)*w]
		encodeRow(&bw, cur, ref, w)
		ref = cur
	}
	eol := bitString{1, 12}
	bw.put(eol)
	bw.put(eol)
	return bw.bytes()
}

func px(row []byte, x int) byte {
	if x >= len(row) {
		return 0
	}
	return row[x]
}

// finddiff returns the first position at or after bs whose pixel is not color.
func finddiff(row []byte, bs, be int, color byte) int {
	for bs < be && row[bs] == color {
		bs++
	}
	return bs
}

func encodeRow(bw *bitWriter, cur, ref []byte, w int) {
	a0 := 0
	a1 := 0
	if cur[0] == 0 {
		a1 = finddiff(cur, 0, w, 0)
	}
	b1 := 0
	if ref[0] == 0 {
		b1 = finddiff(ref, 0, w, 0)
	}
	for {
		b2 := finddiff(ref, b1, w, px(ref, b1))
		if b2 >= a1 {
			d := b1 - a1
			if d >= -3 && d <= 3 {
				bw.put(vcodes[d+3])
				a0 = a1
			} else {
				a2 := finddiff(cur, a1, w, px(cur, a1))
				bw.put(modeEncodeTable[1])
				if a0+a1 == 0 || px(cur, a0) == 0 {
					putSpan(bw, a1-a0, whiteEncodeTable2[:], whiteEncodeTable3[:])
					putSpan(bw, a2-a1, blackEncodeTable2[:], blackEncodeTable3[:])
				} else {
					putSpan(bw, a1-a0, blackEncodeTable2[:], blackEncodeTable3[:])
					putSpan(bw, a2-a1, whiteEncodeTable2[:], whiteEncodeTable3[:])
				}
				a0 = a2
			}
		} else {
			bw.put(modeEncodeTable[0])
			a0 = b2
		}
		if a0 >= w {
			break
		}
		c := px(cur, a0)
		a1 = finddiff(cur, a0, w, c)
		b1 = finddiff(ref, a0, w, 1-c)
		b1 = finddiff(ref, b1, w, c)
	}
}

// vcodes are the vertical mode codes indexed by b1-a1+3: VR3..V0..VL3.
var vcodes = [7]bitString{
	modeEncodeTable[5], modeEncodeTable[4], modeEncodeTable[3], modeEncodeTable[2],
	modeEncodeTable[6], modeEncodeTable[7], modeEncodeTable[8],
}

func putSpan(bw *bitWriter, span int, term, makeup []bitString) {
	for span >= 2624 {
		bw.put(makeup[39]) // 2560
		span -= 2560
	}
	if span >= 64 {
		bw.put(makeup[span/64-1])
		span -= span / 64 * 64
	}
	bw.put(term[span])
}

type bitWriter struct {
	buf   bytes.Buffer
	acc   uint64
	nbits uint
}

func (b *bitWriter) put(c bitString) {
	b.acc = b.acc<<c.nBits | uint64(c.bits)
	b.nbits += uint(c.nBits)
	for b.nbits >= 8 {
		b.buf.WriteByte(byte(b.acc >> (b.nbits - 8)))
		b.nbits -= 8
	}
}

func (b *bitWriter) bytes() []byte {
	if b.nbits > 0 {
		b.buf.WriteByte(byte(b.acc << (8 - b.nbits)))
		b.nbits = 0
	}
	return b.buf.Bytes()
}
