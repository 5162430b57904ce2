package game_test

// The outputs below pin hashes. After a deliberate change of the rules, a
// bot or the observation, `go test ./game -run Example` prints the new
// output next to the old: paste it in.

import (
	"errors"
	"fmt"

	"github.com/dojo-arena/dojo/game"
)

// A seeded match between two bots: the same seed and fighters always give
// the same match, down to the final state hash.
func ExampleSeatMatch() {
	rushdown, _ := game.BotSeat("rushdown", 0)
	zoner, _ := game.BotSeat("zoner", 0)
	d := game.SeatMatch(7, [2]game.SeatFunc{rushdown, zoner}, 0)
	res := d.Run()
	fmt.Printf("%s vs %s: winner P%d, rounds %d-%d, %d ticks\n",
		d.Seats[0].Name, d.Seats[1].Name, res.Winner+1, res.Wins[0], res.Wins[1], res.Ticks)
	fmt.Printf("final state hash %016x\n", res.FinalHash)
	// Output:
	// bot:rushdown vs bot:zoner: winner P1, rounds 2-1, 2775 ticks
	// final state hash 2551c374de44ee6b
}

// Recording a match, encoding its replay, and verifying the decoded file:
// Verify re-runs the inputs against the hashes, Redrive checks that the
// fighters the replay names decide exactly those inputs.
func ExampleReplay_Verify() {
	turtle, _ := game.BotSeat("turtle", 0)
	random, _ := game.BotSeat("random", 0)
	sides := [2]game.SeatFunc{turtle, random}
	d := game.SeatMatch(3, sides, game.DefaultHashEvery)
	d.Run()
	data, err := d.Replay.MarshalBinary()
	if err != nil {
		panic(err)
	}

	var r game.Replay
	if err := r.UnmarshalBinary(data); err != nil {
		panic(err)
	}
	fmt.Println(r.Describe())
	res, err := r.Verify()
	fmt.Printf("verify: %v; winner P%d after %d ticks, %d checkpoints, final %016x\n", err, res.Winner+1, res.Ticks, len(r.Hashes)+2, r.FinalHash)
	fmt.Println("re-drive:", r.Redrive(sides))

	r.Players[0], r.Players[1] = r.Players[1], r.Players[0]
	_, err = r.Verify()
	var mm *game.MismatchError
	if errors.As(err, &mm) {
		fmt.Printf("fighters swapped: %s mismatch at tick %d\n", mm.What, mm.Tick)
	}
	// Output:
	// P1 bot:turtle@1 deciding every 4 ticks, P2 bot:random@1 deciding every 4 ticks, seed 3, a hash every 60 ticks
	// verify: <nil>; winner P1 after 7992 ticks, 135 checkpoints, final 536ccc3c25b3195f
	// re-drive: <nil>
	// fighters swapped: header mismatch at tick 0
}
