package training

import (
	"math"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("the zero Config (all defaults): %v", err)
	}
	for _, c := range []Config{{Engine: "magic"}, {ClassWeighting: "loud"}, {Batch: -1}, {LR: 2}, {Holdout: math.NaN()}, {Epochs: 1 << 20}} {
		if err := c.Validate(); err == nil {
			t.Errorf("Validate accepted %+v", c)
		}
	}
}
