package training

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestPlotCurves(t *testing.T) {
	var m Metrics
	for e := 1; e <= 12; e++ {
		m.History = append(m.History, Progress{Epoch: e, Epochs: 12,
			TrainLoss: 2 / float64(e), HoldoutLoss: 2.2/float64(e) + 0.01*float64(e), HoldoutAccuracy: 1 - 0.5/float64(e)})
	}
	m.Best = m.History[9]
	path := filepath.Join(t.TempDir(), "curve.png")
	if err := PlotCurves(path, m); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("DOJO_KEEP_PLOT"); keep != "" { // to look at it
		data, _ := os.ReadFile(path)
		_ = os.WriteFile(keep, data, 0o644)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the curve is not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() < 400 || b.Dy() < 300 {
		t.Fatalf("image is %v", b)
	}
	// Something was drawn: count non-white pixels.
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0xf000 {
				ink++
			}
		}
	}
	if ink < 1000 {
		t.Fatalf("only %d inked pixels: the plot is empty", ink)
	}
	// No holdout: NaN points are left out, not drawn.
	for i := range m.History {
		m.History[i].HoldoutLoss, m.History[i].HoldoutAccuracy = math.NaN(), math.NaN()
	}
	if err := PlotCurves(path, m); err != nil {
		t.Fatal(err)
	}
	if err := PlotCurves(path, Metrics{}); err == nil {
		t.Fatal("plotting no epochs succeeded")
	}
}
