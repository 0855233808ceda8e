// Package extract reads the facts a reviewer needs from page text: dates by kind,
// requested treatments with their UR decisions, packet-level claim facts and the IMR deadline.
//
// Input is text from a PDF text layer or from OCR, so every parser here tolerates the
// usual OCR damage (O for 0, l for 1, stray spaces, lost punctuation). Nothing here does
// I/O; every function is pure, which is why none takes a context.
package extract
