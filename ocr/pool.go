package ocr

import (
	"context"
	"errors"
	"image"
	"runtime"
)

// Pool holds one Engine per worker so that callers on many goroutines
// never share a Tesseract handle.
type Pool struct {
	engines chan *Engine
	all     []*Engine
}

// NewPool starts n engines (default runtime.NumCPU()). Initialisation is
// serialised inside; it takes about a second per engine.
func NewPool(ctx context.Context, n int, opts Options) (*Pool, error) {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	p := &Pool{engines: make(chan *Engine, n)}
	for i := 0; i < n; i++ {
		e, err := NewEngine(ctx, opts)
		if err != nil {
			p.Close()
			return nil, err
		}
		p.all = append(p.all, e)
		p.engines <- e
	}
	return p, nil
}

// Size is the number of engines.
func (p *Pool) Size() int { return len(p.all) }

var errPoolClosed = errors.New("ocr: pool closed")

// Get takes an engine, waiting while all are busy. Put it back when done.
func (p *Pool) Get(ctx context.Context) (*Engine, error) {
	select {
	case e, ok := <-p.engines:
		if !ok {
			return nil, errPoolClosed
		}
		return e, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Put returns an engine taken with Get.
func (p *Pool) Put(e *Engine) { p.engines <- e }

// Recognize runs Engine.Recognize on a free engine.
func (p *Pool) Recognize(ctx context.Context, img *image.Gray, dpi int) (Result, error) {
	e, err := p.Get(ctx)
	if err != nil {
		return Result{}, err
	}
	defer p.Put(e)
	return e.Recognize(ctx, img, dpi)
}

// Close frees every engine. No engine may be in use.
func (p *Pool) Close() {
	for _, e := range p.all {
		e.Close()
	}
	p.all = nil
}
