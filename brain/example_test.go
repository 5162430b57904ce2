package brain_test

import (
	"fmt"
	"log"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
)

// A freshly minted sage Core decides what to do with the observation
// player 1 gets at the start of a seeded match. The integer Policy gives
// the same logits, so the same action, on every CPU and with every kernel.
func ExamplePolicy() {
	spec, err := brain.NewSpec(brain.Sage)
	if err != nil {
		log.Fatal(err)
	}
	core, err := brain.NewCore(spec, 7) // parameters drawn from seed 7
	if err != nil {
		log.Fatal(err)
	}
	policy, err := brain.NewPolicy(core)
	if err != nil {
		log.Fatal(err)
	}

	m := game.NewMatch(game.Config{Seed: 1})
	var o game.Observation
	m.Observe(0, &o)

	a := policy.Action(&o)
	logits := policy.Logits(&o)
	fmt.Printf("action %d (%v), logit %d·2^-24\n", a, game.Action(a), logits[a])
	fmt.Println("its clone agrees:", policy.Clone().Action(&o) == a)

	// A Policy is a game.Controller: it takes a seat in a match.
	var seat game.Controller = policy
	fmt.Println("input:", seat.Decide(&o))
	// Output:
	// action 14 (down+light), logit 14768664·2^-24
	// its clone agrees: true
	// input: down+light
}
