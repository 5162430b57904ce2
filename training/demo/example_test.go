package demo_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/training/demo"
)

// Record the zoner bot's side of a match against the random bot, then load
// the demonstration back for training.
func Example() {
	dir, err := os.MkdirTemp("", "demos")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	const seed = 1
	seats := [2]game.Seat{
		{Name: "bot:zoner", Controller: game.BotFunc(game.Zoner)},
		{Name: "bot:random", Controller: game.NewRandomBot(seed)},
	}
	w, err := demo.Create(filepath.Join(dir, "zoner-1.demo"), demo.Meta{
		Source: "bot:zoner", Opponent: "bot:random", Seed: seed, Side: 0,
		Interval: game.DefaultInterval, RulesVersion: game.RulesVersion, CreatedBy: "example",
	})
	if err != nil {
		log.Fatal(err)
	}
	d := game.NewDriver(game.Config{Seed: seed}, seats, 0)
	rec := demo.NewRecorder(w, 0)
	rec.Attach(d)
	d.Run()
	if err := rec.Err(); err != nil {
		log.Fatal(err)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}

	set, err := demo.LoadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	decisions := 0
	for _, r := range d.Match.Rounds { // one decision every 4 ticks of each round
		decisions += (r.Ticks + 3) / 4
	}
	fmt.Println("one decision every 4 ticks:", set.Len() == decisions)
	fmt.Println("all from bot:zoner:", set.Sources["bot:zoner"].Decisions == set.Len())
	fmt.Println("hash for lineage:", len(set.Files[0].SHA256), "hex digits")
	// Output:
	// one decision every 4 ticks: true
	// all from bot:zoner: true
	// hash for lineage: 64 hex digits
}
