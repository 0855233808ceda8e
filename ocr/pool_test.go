package ocr

import (
	"context"
	"image"
	"sync"
	"testing"

	"imrpacket/pdf/pdftest"
)

// TestPoolConcurrent reads several pages through one Pool from many
// goroutines at once and checks each reading matches a lone engine's: a
// handle shared between goroutines would garble or mix the texts.
func TestPoolConcurrent(t *testing.T) {
	page := pdftest.ScanPage(300, pdftest.Sample)
	imgs := []*image.Gray{
		crop(page, image.Rect(250, 250, 2400, 560)),
		crop(page, image.Rect(250, 560, 2400, 870)),
		crop(page, image.Rect(250, 870, 2400, 1200)),
	}
	want := make([]string, len(imgs))
	for i, img := range imgs {
		res, err := engine.Recognize(context.Background(), img, 300)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Words) == 0 {
			t.Fatalf("image %d: no words from the lone engine", i)
		}
		want[i] = res.Text
	}

	p, err := NewPool(context.Background(), 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Size() != 2 {
		t.Fatalf("Size = %d, want 2", p.Size())
	}
	const rounds = 2
	got := make([][]string, len(imgs))
	errs := make([][]error, len(imgs))
	var wg sync.WaitGroup
	for i, img := range imgs {
		got[i] = make([]string, rounds)
		errs[i] = make([]error, rounds)
		for r := range rounds {
			wg.Go(func() {
				res, err := p.Recognize(context.Background(), img, 300)
				got[i][r], errs[i][r] = res.Text, err
			})
		}
	}
	wg.Wait()
	for i := range imgs {
		for r := range rounds {
			if errs[i][r] != nil {
				t.Errorf("image %d round %d: %v", i, r, errs[i][r])
			} else if got[i][r] != want[i] {
				t.Errorf("image %d round %d: pool text differs from lone engine (%d vs %d bytes)", i, r, len(got[i][r]), len(want[i]))
			}
		}
	}
}

// TestPoolGetPut checks Get waits for a free engine and gives up with the
// caller's context.
func TestPoolGetPut(t *testing.T) {
	p, err := NewPool(context.Background(), 1, Options{NoOrientation: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	e, err := p.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Get(ctx); err == nil {
		t.Error("Get with every engine busy and a cancelled context succeeded")
	}
	p.Put(e)
	e2, err := p.Get(context.Background())
	if err != nil || e2 != e {
		t.Errorf("Get after Put = %p, %v; want %p", e2, err, e)
	}
	p.Put(e2)
}
