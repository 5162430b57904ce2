package training

import (
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// handOff wraps a team task so that whoever runs task 0 first waits until
// task 1 has started: task 1 must then run on another member of the team,
// and the two really run side by side, even on one CPU. ran counts the
// tasks helpers (who > 0) ran.
func handOff(task func(int, int), ran *atomic.Int32) func(int, int) {
	var started atomic.Bool
	gate := make(chan struct{})
	return func(i, who int) {
		if who > 0 {
			ran.Add(1)
		}
		switch i {
		case 0:
			<-gate
		case 1:
			if started.CompareAndSwap(false, true) {
				close(gate)
			}
		}
		task(i, who)
	}
}

// TestFastEngineWorkersAgree checks that the fast engine's steps and the
// hold-out evaluation give the same bits whatever the number of workers
// (set explicitly, not from GOMAXPROCS), with the parts and the Adam rows
// forced onto different goroutines, for a batch cut in two equal and in
// two unequal parts and for one that is not cut.
func TestFastEngineWorkersAgree(t *testing.T) {
	ds := collect(t, game.Zoner, 1400, 5)
	weights, err := sampleWeights(&ds, seq(ds.Len()), SqrtInverseFrequency)
	if err != nil {
		t.Fatal(err)
	}
	for _, batch := range []int{256, 201, 64} {
		type result struct {
			layers     []brain.Layer
			losses     []float32
			hold, acc  float64
			helperRuns int32
		}
		var results []result
		for _, workers := range []int{1, 2, 3} {
			tm := newTeam(workers)
			core := newCore(t, brain.Sage, 2)
			e, err := newFastEngine(core, batch, 1e-2, tm)
			if err != nil {
				t.Fatal(err)
			}
			ev := newEvaluator(&core.Spec, workers)
			var r result
			var ran atomic.Int32
			for step := 0; step < 5; step++ {
				if workers > 1 {
					if len(e.parts) > 1 {
						e.partTask = handOff(e.part, &ran)
					}
					e.adamTask = handOff(e.adamRows, &ran)
					ev.task = handOff(ev.chunk, &ran)
				}
				n := batch
				if step == 4 {
					n = batch/2 + 3 // a short last batch, padded
				}
				e.setBatch(&ds, seq(ds.Len())[step*batch:step*batch+n], weights)
				loss, err := e.forwardBackward()
				if err != nil {
					t.Fatal(err)
				}
				if err := e.update(); err != nil {
					t.Fatal(err)
				}
				r.losses = append(r.losses, loss)
			}
			m := cloneParams(&core.Memories)
			if err := e.store(&m); err != nil {
				t.Fatal(err)
			}
			r.layers = m.Layers
			ev.load(&m)
			r.hold, r.acc = ev.evaluate(&ds, seq(ds.Len())[100:390], weights, tm)
			r.helperRuns = ran.Load()
			tm.stop()
			if workers > 1 && r.helperRuns == 0 {
				t.Errorf("batch %d, %d workers: the helpers ran no task", batch, workers)
			}
			results = append(results, r)
		}
		for i, r := range results[1:] {
			if !reflect.DeepEqual(r.layers, results[0].layers) || !reflect.DeepEqual(r.losses, results[0].losses) {
				t.Errorf("batch %d: %d workers gave other parameters or losses than 1", batch, i+2)
			}
			if r.hold != results[0].hold || r.acc != results[0].acc {
				t.Errorf("batch %d: %d workers evaluate to %v/%v, 1 to %v/%v", batch, i+2, r.hold, r.acc, results[0].hold, results[0].acc)
			}
		}
	}
}
