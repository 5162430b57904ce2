package game

import "testing"

// SeatMatch gives side i the controller seed Mix(seed, i+1): the contract
// that lets a replay's seed and fighters seat its match again.
func TestSeatMatchSeedsEachSide(t *testing.T) {
	random, _ := BotSeat("random", 0)
	const seed = 12
	got := SeatMatch(seed, [2]SeatFunc{random, random}, 0).Run()
	by := [2]Seat{
		{Controller: NewRandomBot(Mix(seed, 1))},
		{Controller: NewRandomBot(Mix(seed, 2))},
	}
	want := NewDriver(Config{Seed: seed}, by, 0).Run()
	if got.FinalHash != want.FinalHash || got.Ticks != want.Ticks {
		t.Fatalf("SeatMatch: hash %016x after %d ticks; random bots seeded Mix(seed, side+1): %016x after %d",
			got.FinalHash, got.Ticks, want.FinalHash, want.Ticks)
	}
	if SideSeed(seed, 0) != Mix(seed, 1) || SideSeed(seed, 1) != Mix(seed, 2) {
		t.Fatal("SideSeed is not Mix(seed, side+1)")
	}
}

func TestBotSeatAndParseBotID(t *testing.T) {
	seat, err := BotSeat("zoner", 6)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := LookupBot("zoner")
	if s := seat(1); s.Name != "bot:zoner" || s.ID != info.ID() || s.Interval != 6 {
		t.Fatalf("seat %+v", s)
	}
	if _, err := BotSeat("ninja", 0); err == nil {
		t.Fatal("BotSeat accepted an unknown bot")
	}
	for _, b := range Bots() {
		name, version, err := ParseBotID(b.ID())
		if err != nil || name != b.Name || version != b.Version {
			t.Errorf("ParseBotID(%q) = %q, %d, %v", b.ID(), name, version, err)
		}
	}
	for _, bad := range []string{"", "bot:", "bot:zoner", "bot:@1", "bot:zoner@", "bot:zoner@x", "bot:zoner@01", "bot:zoner@-1", "core:zoner@1", "zoner@1"} {
		if _, _, err := ParseBotID(bad); err == nil {
			t.Errorf("ParseBotID(%q) accepted it", bad)
		}
	}
}
