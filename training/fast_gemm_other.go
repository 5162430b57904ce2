//go:build !amd64 || purego

package training

// useAVX2 and useAVX512 are false: there is no assembly on this platform.
var (
	useAVX2   = false
	useAVX512 = false
)

func gemmKernelAVX512(k int, a *float32, rs, ks int, b *float32, ldb int, c *float32, ldc int) {
	panic("training: no AVX-512 kernel")
}

func gemmKernelAVX2(k int, a *float32, rs, ks int, b *float32, ldb int, c *float32, ldc int) {
	panic("training: no AVX2 kernel")
}

func reluMaskAVX2(d, a *float32, n int)                            { panic("training: no AVX2 kernel") }
func addBiasAVX2(y, bias *float32, rows, cols, ld int, relu bool)  { panic("training: no AVX2 kernel") }
func sumRowsAVX2(s, m *float32, rows, cols, ld int)                { panic("training: no AVX2 kernel") }
func adamAVX2(w, grad, grad2, m, v *float32, n int, k *adamConsts) { panic("training: no AVX2 kernel") }

func adamBlockAVX2(w, grad, grad2, m, v *float32, ld, cols int, k *adamConsts, wT *float32, ldT int) {
	panic("training: no AVX2 kernel")
}
