package training

import (
	"testing"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// BenchmarkNeuralMatch plays whole matches between two neural fighters (sage
// clones of rushdown and zoner, trained first on a minute of each teacher's
// play) through their integer match-time policies, and reports matches,
// ticks and decisions per second on one core.
//
//	go test ./training -run '^$' -bench NeuralMatch
func BenchmarkNeuralMatch(b *testing.B) {
	var policies [2]*brain.Policy
	for i, teacher := range []game.BotFunc{game.Rushdown, game.Zoner} {
		core := newCore(b, brain.Sage, uint64(i+1))
		if _, err := Train(core, collect(b, teacher, 900, uint64(i+1)), Config{Engine: EngineFast, Epochs: 20}, nil); err != nil {
			b.Fatal(err)
		}
		p, err := brain.NewPolicy(core)
		if err != nil {
			b.Fatal(err)
		}
		policies[i] = p
	}
	seats := [2]game.Seat{
		{Name: "clone:rushdown", Controller: policies[0]},
		{Name: "clone:zoner", Controller: policies[1]},
	}
	var ticks, decisions int
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		d := game.NewDriver(game.Config{Seed: uint64(n)}, seats, 0)
		d.OnDecision = func(int, *game.Observation, game.Input) { decisions++ }
		d.Run()
		ticks += int(d.Match.Tick)
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/s, "matches/s")
	b.ReportMetric(float64(ticks)/s, "ticks/s")
	b.ReportMetric(float64(decisions)/s, "decisions/s")
}
