package game

import "testing"

// BenchmarkStep times one simulation tick of a running match (inputs from
// a recorded bot match, so the fighters move, attack and get hit).
func BenchmarkStep(b *testing.B) {
	r := recordMatch(b, "rushdown", "zoner", 7, DefaultHashEvery)
	m := NewMatch(Config{Seed: r.Seed})
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for n := 0; n < b.N; n++ {
		if i == len(r.Inputs) {
			b.StopTimer()
			m, i = NewMatch(Config{Seed: r.Seed}), 0
			b.StartTimer()
		}
		m.Step(r.Inputs[i])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ticks/s")
}

// BenchmarkObserve times building one fighter's observation.
func BenchmarkObserve(b *testing.B) {
	d := NewDriver(Config{Seed: 1}, botSeats(b, "rushdown", "zoner", 1), 0)
	for range 500 {
		d.Step()
	}
	var o Observation
	b.ReportAllocs()
	for b.Loop() {
		d.Match.Observe(0, &o)
	}
}

// BenchmarkMatch times a whole bot-vs-bot match, decisions included.
func BenchmarkMatch(b *testing.B) {
	seats := botSeats(b, "rushdown", "zoner", 7)
	ticks := 0
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		d := NewDriver(Config{Seed: uint64(n)}, seats, 0)
		d.Run()
		ticks += int(d.Match.Tick)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "matches/s")
	b.ReportMetric(float64(ticks)/b.Elapsed().Seconds(), "ticks/s")
}

// BenchmarkReplayVerify times re-running a recorded match from its replay.
func BenchmarkReplayVerify(b *testing.B) {
	r := recordMatch(b, "rushdown", "zoner", 7, DefaultHashEvery)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Verify(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplayMarshal times encoding a recorded match's replay (what a
// tournament does for every game) and reports its size.
func BenchmarkReplayMarshal(b *testing.B) {
	r := recordMatch(b, "brawler", "wall", 7, DefaultHashEvery)
	var n int
	b.ReportAllocs()
	for b.Loop() {
		data, err := r.MarshalBinary()
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "bytes")
	b.ReportMetric(float64(len(r.Inputs))/TickRate, "s-of-play")
}
