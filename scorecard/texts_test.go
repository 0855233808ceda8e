package scorecard

import (
	"reflect"
	"testing"
)

func TestPageTextsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := []PageText{{2, "ocr", "Date of Service: 01/14/2025"}, {10, "text_layer", "page ten"}}
	for i := len(want) - 1; i >= 0; i-- {
		if err := WritePageText(dir, want[i].Page, want[i].Source, want[i].Text); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadPageTexts(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if none, err := ReadPageTexts(t.TempDir()); err != nil || none != nil {
		t.Errorf("empty directory: %v, %v", none, err)
	}
}
