package game

// rng is the match's PRNG: SplitMix64, small, fast and fully specified, so
// the same seed gives the same stream on every platform.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n) for n > 0. The slight modulo bias is
// irrelevant here and keeps the stream one call per number.
func (r *rng) intn(n int32) int32 { return int32(r.next() % uint64(n)) }

// Mix derives a new seed from a seed and a salt (SplitMix64 finaliser). Use it
// to give each controller or match of a series its own stream.
func Mix(seed, salt uint64) uint64 {
	r := rng{seed ^ (salt * 0x9e3779b97f4a7c15)}
	return r.next()
}
