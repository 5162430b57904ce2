package training

import (
	"fmt"
	"testing"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// BenchmarkTrainStep measures one optimisation step (forward, loss,
// backward, Adam) of the speed anchor, the "sage" Brain (96→128→128→16), at
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

// BenchmarkTrainWorkers runs BenchmarkTrain's whole training at batches 64
// and 256 with one and with two workers (Config.Workers), and reports the
// time per epoch: what sharing a step between two cores buys, which
// depends on the batch and on what else the machine runs.
//
//	go test ./training -run '^$' -bench TrainWorkers -benchtime 5x -count 3
func BenchmarkTrainWorkers(b *testing.B) {
	ds := collect(b, game.Zoner, 5*60*game.TickRate/game.DefaultInterval, 1)
	for _, batch := range []int{64, 256} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("batch%d/workers%d", batch, workers), func(b *testing.B) {
				epochs := 0
				for b.Loop() {
					core := newCore(b, brain.Sage, 1)
					met, err := Train(core, ds, Config{Batch: batch, Workers: workers}, nil)
					if err != nil {
						b.Fatal(err)
					}
					epochs += len(met.History)
				}
				b.ReportMetric(b.Elapsed().Seconds()*1000/float64(epochs), "ms/epoch")
			})
		}
	}
}
