package training

import (
	"bytes"
	"fmt"
	"image/color"
	"image/png"
	"math"

	"github.com/dojo-arena/dojo/internal/atomicfile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// PlotCurves draws a training run's loss and hold-out accuracy per epoch
// (see RenderCurves) into a PNG file at path, replacing any file there.
func PlotCurves(path string, m Metrics) error {
	png, err := RenderCurves(m)
	if err != nil {
		return fmt.Errorf("plotting %s: %w", path, err)
	}
	return atomicfile.Write(path, png)
}

// RenderCurves draws a training run's loss and hold-out accuracy per epoch
// as a PNG image: the weighted training and hold-out losses above, the
// hold-out accuracy below. The epoch whose parameters were kept is marked.
// Epochs without a hold-out (NaN) have no hold-out points.
func RenderCurves(m Metrics) ([]byte, error) {
	if len(m.History) == 0 {
		return nil, fmt.Errorf("no epochs to plot")
	}
	var train, hold, acc plotter.XYs
	for _, p := range m.History {
		x := float64(p.Epoch)
		train = append(train, plotter.XY{X: x, Y: p.TrainLoss})
		if !math.IsNaN(p.HoldoutLoss) {
			hold = append(hold, plotter.XY{X: x, Y: p.HoldoutLoss})
		}
		if !math.IsNaN(p.HoldoutAccuracy) {
			acc = append(acc, plotter.XY{X: x, Y: 100 * p.HoldoutAccuracy})
		}
	}

	loss := plot.New()
	loss.Title.Text = "Behaviour cloning"
	loss.Y.Label.Text = "loss (weighted cross-entropy)"
	loss.X.Label.Text = "epoch"
	if err := addLine(loss, "training", train, trainColor); err != nil {
		return nil, err
	}
	if len(hold) > 0 {
		if err := addLine(loss, "hold-out", hold, holdoutColor); err != nil {
			return nil, err
		}
	}
	loss.Legend.Top = true

	accPlot := plot.New()
	accPlot.Y.Label.Text = "hold-out accuracy (%)"
	accPlot.X.Label.Text = "epoch"
	accPlot.Y.Min, accPlot.Y.Max = 0, 100
	if len(acc) > 0 {
		if err := addLine(accPlot, "", acc, accuracyColor); err != nil {
			return nil, err
		}
	}
	if b := m.Best.Epoch; b > 0 {
		for _, p := range []*plot.Plot{loss, accPlot} {
			marker, err := plotter.NewLine(plotter.XYs{{X: float64(b), Y: p.Y.Min}, {X: float64(b), Y: p.Y.Max}})
			if err != nil {
				return nil, err
			}
			marker.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			marker.Color = color.Gray{Y: 120}
			p.Add(marker)
		}
		loss.Legend.Add(fmt.Sprintf("kept: epoch %d", b))
	}

	const w, h = 8 * vg.Inch, 7 * vg.Inch
	img := vgimg.New(w, h)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadX: vg.Millimeter * 3, PadY: vg.Millimeter * 3,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 4}
	plots := [][]*plot.Plot{{loss}, {accPlot}}
	canvases := plot.Align(plots, tiles, dc)
	for i := range plots {
		plots[i][0].Draw(canvases[i][0])
	}
	// BestSpeed: with the default compression the plot took 33 ms, a
	// tenth of a whole `dojo train`; this takes 27 ms for a file 3% larger.
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img.Image()); err != nil {
		return nil, fmt.Errorf("encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// The colours of the curves.
var (
	trainColor    = color.RGBA{R: 30, G: 90, B: 200, A: 255}
	holdoutColor  = color.RGBA{R: 220, G: 90, B: 20, A: 255}
	accuracyColor = color.RGBA{R: 20, G: 150, B: 60, A: 255}
)

func addLine(p *plot.Plot, name string, xy plotter.XYs, c color.Color) error {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return fmt.Errorf("plotting %s: %w", name, err)
	}
	l.Color = c
	l.Width = vg.Points(1.5)
	p.Add(l)
	if name != "" {
		p.Legend.Add(name, l)
	}
	return nil
}
