package otsu

import "testing"

func TestLevel(t *testing.T) {
	tests := []struct {
		name      string
		fill      map[int]int // gray level -> pixels
		level     int
		wantSplit bool
	}{
		{"ink and paper", map[int]int{20: 100, 30: 50, 230: 900, 240: 400}, 30, true},
		{"gray paper, faint ink", map[int]int{110: 30, 120: 30, 200: 500}, 120, true},
		{"one shade", map[int]int{255: 1000}, 127, false},
		{"empty", nil, 127, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h [256]int
			for v, n := range tt.fill {
				h[v] = n
			}
			level, split := Level(&h)
			if level != tt.level || split != tt.wantSplit {
				t.Errorf("Level = %d, %v; want %d, %v", level, split, tt.level, tt.wantSplit)
			}
		})
	}
}
