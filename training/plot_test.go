package training

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// inkOf counts the pixels of img within a small distance of colour c.
func inkOf(img image.Image, c color.RGBA) int {
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -24 && d < 24 }
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r, c.R) && near(g, c.G) && near(bl, c.B) {
				n++
			}
		}
	}
	return n
}

func renderImage(t *testing.T, m Metrics) image.Image {
	t.Helper()
	data, err := RenderCurves(m)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the curve is not a PNG: %v", err)
	}
	return img
}

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
	// Each of the three curves is drawn in its colour.
	for name, c := range map[string]color.RGBA{"training": trainColor, "hold-out": holdoutColor, "accuracy": accuracyColor} {
		if n := inkOf(img, c); n < 200 {
			t.Errorf("%s curve: %d pixels of its colour, want a drawn line", name, n)
		}
	}
	if err := PlotCurves(path, Metrics{}); err == nil {
		t.Fatal("plotting no epochs succeeded")
	}
}

// Without a hold-out the losses and accuracies are NaN: those points are
// left out (no hold-out or accuracy line, no legend entry), the training
// curve is still drawn, and nothing fails.
func TestPlotCurvesWithoutHoldout(t *testing.T) {
	var m Metrics
	for e := 1; e <= 12; e++ {
		m.History = append(m.History, Progress{Epoch: e, Epochs: 12, TrainLoss: 2 / float64(e),
			HoldoutLoss: math.NaN(), HoldoutAccuracy: math.NaN()})
	}
	m.Best = m.History[11]
	img := renderImage(t, m)
	if n := inkOf(img, trainColor); n < 200 {
		t.Errorf("training curve: %d pixels of its colour, want a drawn line", n)
	}
	for name, c := range map[string]color.RGBA{"hold-out": holdoutColor, "accuracy": accuracyColor} {
		if n := inkOf(img, c); n != 0 {
			t.Errorf("%s: %d pixels of its colour drawn from NaN points, want none", name, n)
		}
	}
	// One NaN epoch among real ones is skipped, not drawn as a gap to 0 or
	// a failure.
	m.History[5].HoldoutLoss, m.History[5].HoldoutAccuracy = 1, 0.5
	m.History[6].HoldoutLoss, m.History[6].HoldoutAccuracy = 0.9, 0.6
	if n := inkOf(renderImage(t, m), holdoutColor); n < 20 {
		t.Errorf("two real hold-out points among NaNs: %d pixels of the hold-out colour", n)
	}
}
