package training

import (
	"testing"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// BenchmarkTrainStep measures one optimisation step (forward, loss,
// backward, Adam) of the speed anchor, the "sage" Brain (64→128→128→16), at
// batch 256, for each engine, and reports the throughput in samples/s.
//
//	go test ./training -run '^$' -bench TrainStep -benchtime 3s
//
// Figures and the side-by-side comparison with PyTorch (make bench-train)
// are in docs/PERFORMANCE.md.
func BenchmarkTrainStep(b *testing.B) {
	const batch = 256
	ds := collect(b, game.Zoner, 2048, 7)
	weights, err := sampleWeights(&ds, seq(ds.Len()), SqrtInverseFrequency)
	if err != nil {
		b.Fatal(err)
	}
	for _, eng := range []Engine{EngineGorgonia, EngineFast} {
		b.Run(string(eng), func(b *testing.B) {
			spec, err := brain.NewSpec(brain.Sage)
			if err != nil {
				b.Fatal(err)
			}
			core, err := brain.NewCore(spec, 1)
			if err != nil {
				b.Fatal(err)
			}
			e, err := newEngine(eng, core, batch, 1e-3, nil)
			if err != nil {
				b.Fatal(err)
			}
			order := seq(ds.Len())
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				s := (i * batch) % (len(order) - batch)
				e.setBatch(&ds, order[s:s+batch], weights)
				if _, err := e.forwardBackward(); err != nil {
					b.Fatal(err)
				}
				if err := e.update(); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// BenchmarkTrain measures a whole default training run (fast engine, batch
// 64, hold-out evaluation every epoch, early stopping) of a "sage" Core on
// five minutes of zoner's play (4500 decisions), the work of one
// `dojo train`. It reports epochs and samples per second.
//
//	go test ./training -run '^$' -bench '^BenchmarkTrain$' -benchtime 5x
func BenchmarkTrain(b *testing.B) {
	ds := collect(b, game.Zoner, 5*60*game.TickRate/game.DefaultInterval, 1)
	epochs, samples := 0, 0
	for b.Loop() {
		core := newCore(b, brain.Sage, 1)
		met, err := Train(core, ds, Config{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		epochs += len(met.History)
		samples += len(met.History) * met.TrainSamples
	}
	b.ReportMetric(float64(epochs)/b.Elapsed().Seconds(), "epochs/s")
	b.ReportMetric(float64(samples)/b.Elapsed().Seconds(), "samples/s")
}
