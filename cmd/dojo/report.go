package main

import (
	"fmt"
	"io"

	"github.com/dojo-arena/dojo/game"
)

// matchReport is the printed (and JSON) form of a match result.
type matchReport struct {
	// Players are the fighters' labels (a fight's specs); IDs name them by
	// content, as the replay does.
	Players      [2]string     `json:"players"`
	IDs          [2]string     `json:"fighter_ids"`
	Seed         uint64        `json:"seed"`
	RulesVersion int           `json:"rules_version"`
	Winner       string        `json:"winner"` // "p1", "p2" or "draw"
	WinnerName   string        `json:"winner_name,omitempty"`
	Wins         [2]int32      `json:"round_wins"`
	Rounds       []roundReport `json:"rounds"`
	Health       [2]int32      `json:"health"`
	MaxHealth    int           `json:"max_health"`
	Ticks        int32         `json:"ticks"`
	Seconds      float64       `json:"seconds"`
	FinalHash    string        `json:"final_hash"`
	Replay       string        `json:"replay,omitempty"`
	ReplayBytes  int           `json:"replay_bytes,omitempty"`
}

type roundReport struct {
	Winner string   `json:"winner"`
	Reason string   `json:"reason"`
	Ticks  int      `json:"ticks"`
	Health [2]int32 `json:"health"`
}

func sideName(w int) string {
	switch w {
	case 0:
		return "p1"
	case 1:
		return "p2"
	}
	return "draw"
}

// newMatchReport reports the result of the match seeded with seed between
// the fighters labelled names, whose identities are ids.
func newMatchReport(res game.Result, seed uint64, names, ids [2]string) matchReport {
	rep := matchReport{
		Players:      names,
		IDs:          ids,
		Seed:         seed,
		RulesVersion: game.RulesVersion,
		Winner:       sideName(res.Winner),
		Wins:         res.Wins,
		Health:       res.Health,
		MaxHealth:    game.MaxHealth,
		Ticks:        res.Ticks,
		Seconds:      float64(res.Ticks) / game.TickRate,
		FinalHash:    fmt.Sprintf("%016x", res.FinalHash),
	}
	if res.Winner >= 0 {
		rep.WinnerName = names[res.Winner]
	}
	for _, rr := range res.Rounds {
		rep.Rounds = append(rep.Rounds, roundReport{Winner: sideName(rr.Winner), Reason: rr.Reason, Ticks: rr.Ticks, Health: rr.Health})
	}
	return rep
}

func (r *matchReport) print(w io.Writer) {
	fmt.Fprintf(w, "%s (P1) vs %s (P2)   seed %d, rules v%d\n", r.Players[0], r.Players[1], r.Seed, r.RulesVersion)
	for i, rr := range r.Rounds {
		how := map[string]string{"ko": "by KO", "double-ko": "double KO", "timeout": "on time"}[rr.Reason]
		who := "draw"
		if rr.Winner != "draw" {
			who = map[string]string{"p1": "P1", "p2": "P2"}[rr.Winner] + " wins"
		}
		fmt.Fprintf(w, "  round %d  %-8s %-10s  health %4d : %-4d  %5.1f s\n", i+1, who, how, rr.Health[0], rr.Health[1], float64(rr.Ticks)/game.TickRate)
	}
	switch r.Winner {
	case "draw":
		fmt.Fprintf(w, "Result:  draw, %d-%d in rounds\n", r.Wins[0], r.Wins[1])
	default:
		side := map[string]string{"p1": "P1", "p2": "P2"}[r.Winner]
		fmt.Fprintf(w, "Winner:  %s %s, %d-%d in rounds\n", side, r.WinnerName, r.Wins[0], r.Wins[1])
	}
	fmt.Fprintf(w, "Health:  P1 %d/%d  P2 %d/%d\n", r.Health[0], r.MaxHealth, r.Health[1], r.MaxHealth)
	fmt.Fprintf(w, "Length:  %d ticks (%.1f s of play)\n", r.Ticks, r.Seconds)
	fmt.Fprintf(w, "Hash:    %s\n", r.FinalHash)
	if r.Replay != "" {
		fmt.Fprintf(w, "Replay:  %s (%d bytes)\n", r.Replay, r.ReplayBytes)
	}
}
