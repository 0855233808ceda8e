package pages

import (
	"strings"
	"testing"
)

func TestJudgeLayer(t *testing.T) {
	prose := "The patient returns for follow up of low back pain radiating to the left leg. Pain is rated six out of ten."
	tests := []struct {
		name string
		text string
		want Verdict
	}{
		{"empty", "", LayerMissing},
		{"only spaces", " \n\t \r\n", LayerMissing},
		{"prose", prose, LayerUsable},
		{"codes and dates", "CPT 97110 x12, L4-5, 2x/week, 01/14/2025. Physical therapy for the lumbar spine, twelve visits requested.", LayerUsable},
		{"fax header over a scan", "FAX 01/14/2025 10:32 P.003/012", LayerTiny},
		{"bates stamp", "ABC000123", LayerTiny},
		{"no unicode map", strings.Repeat("\uFFFD\uFFFD\uFFFD ", 30), LayerGarbled},
		{"private use glyphs", strings.Repeat("\uE001\uE002\uE003 ", 30), LayerGarbled},
		{"control characters", strings.Repeat("\x01\x02\x03\x04 ", 30), LayerGarbled},
		{"scrambled encoding", strings.Repeat("Xqzt7 bnvcx 9kqz rtpl ghjk mnbvc ", 6), LayerGarbled},
		{"a few bad characters in real text", prose + " \uFFFD", LayerUsable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := JudgeLayer(tt.text); got != tt.want {
				t.Errorf("JudgeLayer = %s, want %s", got, tt.want)
			}
		})
	}
}

// FuzzJudgeLayer: a text layer is outside input; judging it must never
// panic and must always give one of the verdicts.
func FuzzJudgeLayer(f *testing.F) {
	for _, s := range []string{"", "Date of Service: 01/14/2025", "\uFFFD\x00\xff", strings.Repeat("a ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		switch JudgeLayer(s) {
		case LayerUsable, LayerMissing, LayerTiny, LayerGarbled:
		default:
			t.Fatalf("unknown verdict for %q", s)
		}
	})
}
