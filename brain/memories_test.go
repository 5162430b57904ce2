package brain

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dojo-arena/dojo/game"
)

func mustCore(tb testing.TB, archetype string, seed uint64) *Core {
	tb.Helper()
	c, err := NewCore(mustSpec(tb, archetype), seed)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestNewCore(t *testing.T) {
	for _, a := range Archetypes() {
		t.Run(a, func(t *testing.T) {
			c := mustCore(t, a, 42)
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			for i, l := range c.Memories.Layers {
				bound := float32(math.Sqrt(6 / float64(l.In)))
				var sum float64
				for _, w := range l.Weight {
					if w < -bound || w > bound {
						t.Fatalf("layer %d weight %g outside ±%g", i, w, bound)
					}
					sum += float64(w)
				}
				// The mean of n uniform draws has standard deviation
				// bound/√(3n); allow 5 of them.
				if mean, tol := sum/float64(len(l.Weight)), 5*float64(bound)/math.Sqrt(3*float64(len(l.Weight))); math.Abs(mean) > tol {
					t.Errorf("layer %d weight mean %g, want within ±%g of 0", i, mean, tol)
				}
				for _, b := range l.Bias {
					if b != 0 {
						t.Fatalf("layer %d bias %g, want 0", i, b)
					}
				}
			}
			h1, err := c.MemoriesHash()
			if err != nil {
				t.Fatal(err)
			}
			h2, _ := mustCore(t, a, 42).MemoriesHash()
			h3, _ := mustCore(t, a, 43).MemoriesHash()
			if h1 != h2 {
				t.Errorf("same seed gave hashes %s and %s", h1, h2)
			}
			if h1 == h3 {
				t.Errorf("seeds 42 and 43 gave the same memories %s", h1)
			}
			if c.Memories.Lineage.Init == nil || c.Memories.Lineage.Init.Seed != 42 {
				t.Errorf("lineage %+v does not record the seed", c.Memories.Lineage)
			}
		})
	}
	if _, err := NewCore(Spec{}, 1); err == nil {
		t.Error("NewCore accepted an empty spec")
	}
}

func TestCoreValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Core)
		want   string
	}{
		{"layers", func(c *Core) { c.Memories.Layers = c.Memories.Layers[:2] }, "memories have 2 layers"},
		{"shape", func(c *Core) { c.Memories.Layers[1].In = 64 }, "layer 1 is 64→128"},
		{"weights", func(c *Core) { c.Memories.Layers[0].Weight = c.Memories.Layers[0].Weight[1:] }, fmt.Sprintf("layer 0 has %d weights", game.ObsLen*128-1)},
		{"nan", func(c *Core) { c.Memories.Layers[2].Bias[3] = float32(math.NaN()) }, "layer 2 bias: element 3 is NaN"},
		{"inf", func(c *Core) { c.Memories.Layers[0].Weight[7] = float32(math.Inf(-1)) }, "element 7 is -Inf"},
		{"big", func(c *Core) { c.Memories.Layers[0].Weight[7] = MaxAbsParam * 2 }, "outside"},
		{"spec", func(c *Core) { c.Spec.Outputs = 8 }, "outputs 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCore(t, Sage, 1)
			tt.mutate(c)
			if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestCloneIsDeep(t *testing.T) {
	c := mustCore(t, Swift, 1)
	c.Memories.Lineage.Demonstrations = []string{"a"}
	d := c.Clone()
	d.Memories.Layers[0].Weight[0] = 99
	d.Memories.Lineage.Demonstrations[0] = "b"
	d.Memories.Lineage.Init.Seed = 7
	d.Spec.Hidden[0] = 1
	if c.Memories.Layers[0].Weight[0] == 99 || c.Memories.Lineage.Demonstrations[0] != "a" ||
		c.Memories.Lineage.Init.Seed != 1 || c.Spec.Hidden[0] != 64 {
		t.Error("Clone shares state with the original")
	}
}

func TestMemoriesRoundTrip(t *testing.T) {
	c := mustCore(t, Sage, 9)
	c.Memories.Lineage = Lineage{
		Parent:         "sha256:" + strings.Repeat("ab", 32),
		Demonstrations: []string{"bafy1", "bafy2"},
		Training:       &TrainingRecord{Method: "behavior-cloning", Engine: "gorgonia", Samples: 10, Epochs: 3, Batch: 2, LR: 0.001, Holdout: 0.2, Patience: 1, Seed: 5, ClassWeighting: "none"},
		Metrics:        &MetricsRecord{Epoch: 2, EpochsRun: 3, TrainLoss: 1.5, HoldoutLoss: 1.75, HoldoutAccuracy: 0.5},
	}
	c.Memories.Layers[1].Bias[5] = -0.125
	b, err := EncodeMemories(&c.Spec, &c.Memories)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := EncodeMemories(&c.Spec, &c.Memories)
	if !bytes.Equal(b, again) {
		t.Error("encoding is not canonical: two encodings differ")
	}
	m, err := DecodeMemories(&c.Spec, b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, c.Memories) {
		t.Errorf("round trip changed the memories:\n got %+v\nwant %+v", m.Lineage, c.Memories.Lineage)
	}
}

// TestMemoriesLayout reads an encoded file the way any safetensors reader
// does, to pin the documented layout: names, dtype, shapes, row-major data.
func TestMemoriesLayout(t *testing.T) {
	c := mustCore(t, Swift, 3)
	b, err := EncodeMemories(&c.Spec, &c.Memories)
	if err != nil {
		t.Fatal(err)
	}
	n := binary.LittleEndian.Uint64(b)
	if (8+n)%8 != 0 {
		t.Errorf("header length %d: data does not start 8-byte aligned", n)
	}
	var header map[string]json.RawMessage
	if err := json.Unmarshal(b[8:8+n], &header); err != nil {
		t.Fatal(err)
	}
	data := b[8+n:]
	var meta map[string]string
	if err := json.Unmarshal(header["__metadata__"], &meta); err != nil {
		t.Fatal(err)
	}
	if meta["dojo.format"] != "memories" || meta["dojo.version"] != "1" || meta["dojo.archetype"] != "swift" {
		t.Errorf("metadata %v", meta)
	}
	for i, l := range c.Memories.Layers {
		for _, tc := range []struct {
			name  string
			shape []uint64
			vals  []float32
		}{
			{WeightName(i), []uint64{uint64(l.Out), uint64(l.In)}, l.Weight},
			{BiasName(i), []uint64{uint64(l.Out)}, l.Bias},
		} {
			var info struct {
				DType   string    `json:"dtype"`
				Shape   []uint64  `json:"shape"`
				Offsets [2]uint64 `json:"data_offsets"`
			}
			if err := json.Unmarshal(header[tc.name], &info); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if info.DType != "F32" || !reflect.DeepEqual(info.Shape, tc.shape) {
				t.Errorf("%s is %s%v, want F32%v", tc.name, info.DType, info.Shape, tc.shape)
			}
			raw := data[info.Offsets[0]:info.Offsets[1]]
			for k, v := range tc.vals {
				if got := math.Float32frombits(binary.LittleEndian.Uint32(raw[4*k:])); got != v {
					t.Fatalf("%s[%d] = %g in the file, want %g", tc.name, k, got, v)
				}
			}
		}
	}
}

// rawTensor is one tensor of a hand-made safetensors file.
type rawTensor struct {
	name, dtype string
	shape       []int64
	data        []byte
	offsets     *[2]int64 // nil: contiguous after the previous tensor
}

// craft builds a safetensors file byte by byte, so tests can write what the
// encoder never would.
func craft(meta map[string]string, tensors []rawTensor, trailing []byte) []byte {
	header := map[string]any{}
	if meta != nil {
		header["__metadata__"] = meta
	}
	var data []byte
	for _, tn := range tensors {
		off := [2]int64{int64(len(data)), int64(len(data) + len(tn.data))}
		if tn.offsets != nil {
			off = *tn.offsets
		}
		header[tn.name] = map[string]any{"dtype": tn.dtype, "shape": tn.shape, "data_offsets": off}
		data = append(data, tn.data...)
	}
	h, _ := json.Marshal(header)
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
	out = append(out, h...)
	out = append(out, data...)
	return append(out, trailing...)
}

func validTensors(c *Core) []rawTensor {
	var ts []rawTensor
	for i, l := range c.Memories.Layers {
		ts = append(ts,
			rawTensor{name: WeightName(i), dtype: "F32", shape: []int64{int64(l.Out), int64(l.In)}, data: f32Bytes(l.Weight)},
			rawTensor{name: BiasName(i), dtype: "F32", shape: []int64{int64(l.Out)}, data: f32Bytes(l.Bias)})
	}
	return ts
}

func validMeta(archetype string) map[string]string {
	return map[string]string{"dojo.format": "memories", "dojo.version": "1", "dojo.archetype": archetype, "dojo.lineage": "{}"}
}

func TestDecodeMemoriesRejects(t *testing.T) {
	c := mustCore(t, Swift, 5)
	f32 := func(v float32) []byte { return f32Bytes([]float32{v}) }
	tests := []struct {
		name string
		file func() []byte
		want string
	}{
		{"short", func() []byte { return []byte{1, 2, 3} }, "shorter than"},
		{"header too long", func() []byte { return binary.LittleEndian.AppendUint64(nil, 1<<40) }, "header length"},
		{"header past end", func() []byte { return append(binary.LittleEndian.AppendUint64(nil, 100), "{}"...) }, "invalid header length"},
		{"not json", func() []byte { return append(binary.LittleEndian.AppendUint64(nil, 4), "abcd"...) }, "header: invalid character"},
		{"too big", func() []byte { return make([]byte, MaxMemoriesBytes(&c.Spec)+1) }, "more than"},
		{"f16", func() []byte {
			ts := validTensors(c)
			ts[5] = rawTensor{name: BiasName(2), dtype: "F16", shape: []int64{16}, data: make([]byte, 32)}
			return craft(validMeta(Swift), ts, nil)
		}, "is F16, want F32"},
		{"transposed", func() []byte {
			ts := validTensors(c)
			ts[4].shape = []int64{64, 16}
			return craft(validMeta(Swift), ts, nil)
		}, "has shape [64 16], want [16 64]"},
		{"missing", func() []byte { return craft(validMeta(Swift), validTensors(c)[:5], nil) }, "file has 5 tensors"},
		{"extra", func() []byte {
			ts := append(validTensors(c), rawTensor{name: "layers.3.bias", dtype: "F32", shape: []int64{1}, data: f32(0)})
			return craft(validMeta(Swift), ts, nil)
		}, "file has 7 tensors"},
		{"renamed", func() []byte {
			ts := validTensors(c)
			ts[5].name = "head.bias"
			return craft(validMeta(Swift), ts, nil)
		}, "tensor layers.2.bias is missing"},
		{"nan", func() []byte {
			ts := validTensors(c)
			copy(ts[0].data[8:], f32(float32(math.NaN())))
			return craft(validMeta(Swift), ts, nil)
		}, "element 2 is NaN"},
		{"inf", func() []byte {
			ts := validTensors(c)
			copy(ts[3].data[4:], f32(float32(math.Inf(1))))
			return craft(validMeta(Swift), ts, nil)
		}, "element 1 is +Inf"},
		{"huge value", func() []byte {
			ts := validTensors(c)
			copy(ts[1].data, f32(1e9))
			return craft(validMeta(Swift), ts, nil)
		}, "outside"},
		{"overlap", func() []byte {
			ts := validTensors(c)
			ts[1].offsets = &[2]int64{0, 256} // overlaps layers.0.weight
			return craft(validMeta(Swift), ts, nil)
		}, "invalid metadata offset"},
		{"gap", func() []byte {
			ts := validTensors(c)
			n := int64(len(ts[0].data))
			ts[0].offsets = &[2]int64{4, n + 4}
			return craft(validMeta(Swift), ts, nil)
		}, "invalid metadata offset"},
		{"past end", func() []byte {
			ts := validTensors(c)
			end := int64(0)
			for _, tn := range ts {
				end += int64(len(tn.data))
			}
			ts[5].offsets = &[2]int64{end - 64, end + 64}
			ts[5].shape = []int64{32}
			return craft(validMeta(Swift), ts, nil)
		}, "incomplete"},
		{"size mismatch", func() []byte {
			ts := validTensors(c)
			ts[5].shape = []int64{15}
			return craft(validMeta(Swift), ts, nil)
		}, "mismatch"},
		{"negative shape", func() []byte {
			ts := validTensors(c)
			ts[5].shape = []int64{-16}
			return craft(validMeta(Swift), ts, nil)
		}, "natural numbers"},
		{"trailing bytes", func() []byte { return craft(validMeta(Swift), validTensors(c), []byte{0, 0, 0, 0}) }, "incomplete"},
		{"no metadata", func() []byte { return craft(nil, validTensors(c), nil) }, "not a Dojo Memories file"},
		{"version", func() []byte {
			m := validMeta(Swift)
			m["dojo.version"] = "2"
			return craft(m, validTensors(c), nil)
		}, "format version \"2\""},
		{"archetype", func() []byte { return craft(validMeta(Sage), validTensors(c), nil) }, "for archetype \"sage\""},
		{"lineage", func() []byte {
			m := validMeta(Swift)
			m["dojo.lineage"] = `{"parent": 3}`
			return craft(m, validTensors(c), nil)
		}, "lineage"},
		{"lineage unknown field", func() []byte {
			m := validMeta(Swift)
			m["dojo.lineage"] = `{"grandparent": "x"}`
			return craft(m, validTensors(c), nil)
		}, "unknown field"},
	}
	// The crafted valid file must load, or the cases above prove nothing.
	if _, err := DecodeMemories(&c.Spec, craft(validMeta(Swift), validTensors(c), nil)); err != nil {
		t.Fatalf("hand-made valid file rejected: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeMemories(&c.Spec, tt.file())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("DecodeMemories error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestEncodeMemoriesRejects(t *testing.T) {
	c := mustCore(t, Swift, 1)
	c.Memories.Layers[0].Bias[0] = float32(math.NaN())
	if _, err := EncodeMemories(&c.Spec, &c.Memories); err == nil {
		t.Error("EncodeMemories accepted a NaN")
	}
	c = mustCore(t, Swift, 1)
	c.Memories.Lineage.Metrics = &MetricsRecord{TrainLoss: math.Inf(1)}
	if _, err := EncodeMemories(&c.Spec, &c.Memories); err == nil {
		t.Error("EncodeMemories accepted an infinite metric (not JSON)")
	}
	c = mustCore(t, Swift, 1)
	c.Memories.Lineage.Demonstrations = []string{strings.Repeat("d", MaxHeaderBytes)}
	if _, err := EncodeMemories(&c.Spec, &c.Memories); err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("EncodeMemories with a 1 MiB lineage: %v, want a header size error", err)
	}
}

// tinySpec registers, for the test, an archetype with a single hidden unit
// and returns its spec: a valid Memories file of it is under 1 KB, small
// enough for the fuzzer to mutate and minimise quickly (a swift file is
// 37 KB, and the fuzzer spent its time minimising inputs that size).
func tinySpec(tb testing.TB) Spec {
	tb.Helper()
	saved := archetypes
	archetypes = append(slices.Clone(archetypes), struct {
		name   string
		hidden []int
	}{"tiny", []int{1}})
	tb.Cleanup(func() { archetypes = saved })
	s, err := NewSpec("tiny")
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// maxFuzzMemories caps the fuzzer's inputs: a few times a tiny Core's
// Memories, so that no time goes into inputs that size alone would reject.
const maxFuzzMemories = 4 << 10

// FuzzDecodeMemories feeds arbitrary bytes to the Memories loader: it must
// never panic, and whatever it accepts must encode and decode back to the
// same Memories. It works on a tiny test-only Brain (see tinySpec).
//
// Go minimises every new input in O(size²) runs (60 s each by default), so
// even these 1 KB inputs need a bound on minimisation, as make fuzz gives:
//
//	go test ./brain -run '^$' -fuzz FuzzDecodeMemories -fuzztime 60s -fuzzminimizetime 100x
func FuzzDecodeMemories(f *testing.F) {
	spec := tinySpec(f)
	c, err := NewCore(spec, 1)
	if err != nil {
		f.Fatal(err)
	}
	valid, err := EncodeMemories(&c.Spec, &c.Memories)
	if err != nil {
		f.Fatal(err)
	}
	trained := c.Clone()
	trained.Memories.Lineage = Lineage{Parent: "sha256:ab", Demonstrations: []string{"d1"},
		Training: &TrainingRecord{Method: "behavior-cloning", Samples: 1, Epochs: 1, Batch: 1, LR: 0.5, Seed: 1},
		Metrics:  &MetricsRecord{Epoch: 1, EpochsRun: 1, TrainLoss: 0.5}}
	withLineage, err := EncodeMemories(&trained.Spec, &trained.Memories)
	if err != nil {
		f.Fatal(err)
	}
	if len(withLineage) > maxFuzzMemories/2 {
		f.Fatalf("the seed is %d bytes: too large to fuzz well", len(withLineage))
	}
	f.Add(valid)
	f.Add(withLineage)
	f.Add(valid[:len(valid)/2])
	f.Add(craft(validMeta("tiny"), validTensors(c)[:2], nil))
	f.Add(craft(nil, nil, nil))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzMemories {
			return
		}
		m, err := DecodeMemories(&spec, data)
		if err != nil {
			if !errors.Is(err, ErrBadCore) {
				t.Fatalf("error %v does not match ErrBadCore", err)
			}
			return
		}
		b, err := EncodeMemories(&spec, &m)
		if err != nil {
			t.Fatalf("decoded memories do not encode: %v", err)
		}
		m2, err := DecodeMemories(&spec, b)
		if err != nil {
			t.Fatalf("re-encoded memories do not decode: %v", err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Fatal("decode(encode(m)) != m")
		}
	})
}
