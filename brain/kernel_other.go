//go:build !amd64 || purego

package brain

// kernelSupported reports whether this platform can run k: only the
// portable kernel here.
func kernelSupported(k kernel) bool { return k == kernelPortable }

func (p *Policy) forwardSIMD([]int32) []int64 {
	panic("brain: no vector kernel on this platform") // unreachable: kernels() has only the portable one
}
