//go:build !amd64 || purego

package brain

// haveSIMD is false: this platform has only the portable path.
var haveSIMD = false

func madd64(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int) {
	panic("brain: madd64 without SIMD") // unreachable: guarded by haveSIMD
}

func madd16(acc *int32, w *int16, wstride uintptr, x *uint32, idx *int32, n int) {
	panic("brain: madd16 without SIMD") // unreachable: guarded by haveSIMD
}
