package training_test

import (
	"fmt"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training"
)

// A whole training run: record a minute of the brawler persona against
// the sparring bot and clone it into a fresh swift Core. The same seeds
// give the same Memories, byte for byte, on a given kernel (the float
// kernels of amd64 and of other machines round differently: training may,
// match-time policies may not).
func ExampleTrain() {
	teacher, _ := training.BotOpponent("brawler", 0)
	sparring, _ := training.BotOpponent("sparring", 0)
	set, _, err := training.Collect(training.RecordConfig{
		Player: teacher.Seat, Opponent: sparring.Seat, Source: "bot:brawler",
		Ticks: 60 * game.TickRate, Seed: 7,
	})
	if err != nil {
		panic(err)
	}
	train := func() (training.Metrics, string) {
		spec, _ := brain.NewSpec(brain.Swift)
		core, _ := brain.NewCore(spec, 7)
		cfg := training.DefaultConfig()
		cfg.Epochs = 5
		m, err := training.Train(core, training.DatasetFromSet(set, 1), cfg, nil)
		if err != nil {
			panic(err)
		}
		hash, _ := core.MemoriesHash()
		return m, hash
	}
	m, first := train()
	_, again := train()
	fmt.Printf("%d decisions, %d for training, %d epochs\n", set.Len(), m.TrainSamples, len(m.History))
	fmt.Printf("hold-out accuracy %.2f\n", m.Best.HoldoutAccuracy)
	fmt.Println("the same Memories again:", first == again)
	// Output:
	// 901 decisions, 704 for training, 5 epochs
	// hold-out accuracy 0.74
	// the same Memories again: true
}
