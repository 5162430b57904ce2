package training

import (
	"reflect"
	"testing"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// TestFastEngineSerialEqualsConcurrent checks that the fast engine's
// result does not depend on whether the halves of a batch run on two
// goroutines or one after the other (as with one core): same bits.
func TestFastEngineSerialEqualsConcurrent(t *testing.T) {
	ds := collect(t, game.Zoner, 300, 5)
	weights, err := sampleWeights(&ds, seq(ds.Len()), SqrtInverseFrequency)
	if err != nil {
		t.Fatal(err)
	}
	const batch = 64
	var mems []brain.Memories
	for _, concurrent := range []bool{true, false} {
		core := newCore(t, brain.Sage, 2)
		e, err := newFastEngine(core, batch, 1e-2)
		if err != nil {
			t.Fatal(err)
		}
		if !concurrent && e.worker != nil {
			e.worker.stop()
			e.worker = nil
		}
		for step := 0; step < 4; step++ {
			x, tt := e.buffers()
			fillBatch(x, tt, &ds, seq(ds.Len())[step*batch:(step+1)*batch], weights)
			if _, err := e.forwardBackward(); err != nil {
				t.Fatal(err)
			}
			if err := e.update(); err != nil {
				t.Fatal(err)
			}
		}
		m := cloneParams(&core.Memories)
		if err := e.store(&m); err != nil {
			t.Fatal(err)
		}
		mems = append(mems, m)
	}
	if !reflect.DeepEqual(mems[0].Layers, mems[1].Layers) {
		t.Error("concurrent and serial halves gave different parameters")
	}
}
