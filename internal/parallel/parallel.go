// Package parallel runs independent pieces of work on every core.
// It exists so the text stages of a born-digital packet, where no OCR hides their cost, use both cores.
package parallel

import (
	"runtime"
	"sync"
)

// For runs f(0..n-1) on GOMAXPROCS goroutines and returns when all have
// returned. Calls may run in any order; f must only write to state of its own i.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
