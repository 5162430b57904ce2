package game

// SplitMix64 is the PRNG Dojo uses wherever it needs seeded randomness (the
// match, the random bot, parameter initialisation, shuffles): small, fast and
// fully specified, so the same seed gives the same stream on every platform.
// The zero value is a valid stream with seed 0.
type SplitMix64 struct{ State uint64 }

// Next returns the next number of the stream.
func (r *SplitMix64) Next() uint64 {
	r.State += 0x9e3779b97f4a7c15
	z := r.State
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Intn returns a number in [0, n) for n > 0. The slight modulo bias is
// irrelevant here and keeps the stream one call per number.
func (r *SplitMix64) Intn(n int32) int32 { return int32(r.Next() % uint64(n)) }

// Mix derives a new seed from a seed and a salt (SplitMix64 finaliser). Use it
// to give each controller or match of a series its own stream.
func Mix(seed, salt uint64) uint64 {
	r := SplitMix64{seed ^ (salt * 0x9e3779b97f4a7c15)}
	return r.Next()
}
