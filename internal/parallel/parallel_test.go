package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestForRunsEveryIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		for _, n := range []int{0, 1, 3, 1000} {
			old := runtime.GOMAXPROCS(procs)
			seen := make([]int32, n)
			var calls atomic.Int32
			For(n, func(i int) {
				atomic.AddInt32(&seen[i], 1)
				calls.Add(1)
			})
			runtime.GOMAXPROCS(old)
			if int(calls.Load()) != n {
				t.Errorf("procs %d n %d: %d calls", procs, n, calls.Load())
			}
			for i, s := range seen {
				if s != 1 {
					t.Errorf("procs %d n %d: index %d ran %d times", procs, n, i, s)
				}
			}
		}
	}
}
