package tournament

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkPool plays a double round robin of seven bots (84 whole games,
// best of 3 with the 99-second timer) on 1 and 2 workers and reports
// games/s: the inner loop of `dojo tournament`, without IPFS, the journal
// or the results document (scripts/bench-tournament.sh times the whole
// command).
func BenchmarkPool(b *testing.B) {
	es := bots(b, "rushdown", "turtle", "zoner", "brawler", "sniper", "wall", "random")
	games, err := RoundRobin(len(es), 2, 9)
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			played := 0
			for b.Loop() {
				err := Pool(context.Background(), games, es, workers, nil, nil, func(r Result) {
					if r.Error != "" {
						b.Fatal(r.Error)
					}
					played++
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(played)/b.Elapsed().Seconds(), "games/s")
		})
	}
}

// BenchmarkGlicko2 rates one entrant after a period of 20 games.
func BenchmarkGlicko2(b *testing.B) {
	games := make([]Outcome, 20)
	for i := range games {
		games[i] = Outcome{Opponent: Rating{Rating: 1400 + float64(10*i), Deviation: 50 + float64(i), Volatility: 0.06}, Score: float64(i % 2)}
	}
	r := NewRating()
	for b.Loop() {
		_ = r.Update(games, 0.5)
	}
}
