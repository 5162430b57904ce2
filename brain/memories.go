package brain

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/dojo-arena/dojo/internal/strictjson"
	"github.com/nlpodyssey/safetensors"
)

// Memories on disk: the safetensors format (https://huggingface.co/docs/safetensors),
// readable by PyTorch and NumPy users with the standard `safetensors` library.
//
// A file is an 8-byte little-endian header length N, N bytes of JSON header
// (padded with spaces to a multiple of 8), then the tensor data. Dojo writes
// one F32 tensor per weight matrix and per bias vector, little-endian,
// row-major (C order), named after PyTorch's nn.Sequential of nn.Linear:
//
//	layers.0.weight  [hidden0, 64]   layers.0.bias  [hidden0]
//	layers.1.weight  [hidden1, hidden0]  layers.1.bias  [hidden1]
//	layers.2.weight  [16, hidden1]   layers.2.bias  [16]
//
// and these string entries in the header's "__metadata__":
//
//	dojo.format     "memories"
//	dojo.version    MemoriesFormatVersion, as a decimal string
//	dojo.archetype  the Brain's archetype (a check against pairing the wrong files)
//	dojo.lineage    the Lineage as JSON
//
// Other "__metadata__" entries are ignored. The encoding is canonical: the
// same Memories always give the same bytes, so MemoriesHash identifies them.

// MemoriesFormatVersion versions the Memories encoding described above.
const MemoriesFormatVersion = 1

// MaxHeaderBytes bounds the JSON header of a Memories file. A header holds
// 2 entries per layer plus the lineage; 1 MiB leaves room for thousands of
// demonstration identifiers.
const MaxHeaderBytes = 1 << 20

const (
	metaFormat    = "dojo.format"
	metaVersion   = "dojo.version"
	metaArchetype = "dojo.archetype"
	metaLineage   = "dojo.lineage"
	formatName    = "memories"
)

// WeightName and BiasName are the safetensors tensor names of layer i.
func WeightName(i int) string { return "layers." + strconv.Itoa(i) + ".weight" }

// BiasName is the safetensors tensor name of layer i's bias.
func BiasName(i int) string { return "layers." + strconv.Itoa(i) + ".bias" }

// MaxMemoriesBytes is the largest Memories file that DecodeMemories accepts
// for spec: the 8-byte length, MaxHeaderBytes and the parameters.
func MaxMemoriesBytes(spec *Spec) int64 {
	return 8 + MaxHeaderBytes + 4*int64(spec.NumParams())
}

// f32View is a float32 tensor as the safetensors library's View.
type f32View struct {
	shape []uint64
	data  []byte
}

func (v f32View) DType() safetensors.DType { return safetensors.F32 }
func (v f32View) Shape() []uint64          { return v.shape }
func (v f32View) Data() []byte             { return v.data }
func (v f32View) DataLen() uint64          { return uint64(len(v.data)) }

func f32Bytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// EncodeMemories encodes m, which must match spec, as a safetensors file.
func EncodeMemories(spec *Spec, m *Memories) ([]byte, error) {
	if err := spec.Validate(); err != nil {
		return nil, fmt.Errorf("encoding memories: %w", err)
	}
	if err := m.check(spec); err != nil {
		return nil, fmt.Errorf("encoding memories: %w", err)
	}
	if err := m.Lineage.check(); err != nil {
		return nil, fmt.Errorf("encoding memories: %w", err)
	}
	lineage, err := json.Marshal(&m.Lineage)
	if err != nil {
		return nil, fmt.Errorf("encoding memories: lineage: %w", err)
	}
	tensors := make(map[string]f32View, 2*len(m.Layers))
	for i, l := range m.Layers {
		tensors[WeightName(i)] = f32View{shape: []uint64{uint64(l.Out), uint64(l.In)}, data: f32Bytes(l.Weight)}
		tensors[BiasName(i)] = f32View{shape: []uint64{uint64(l.Out)}, data: f32Bytes(l.Bias)}
	}
	meta := map[string]string{
		metaFormat:    formatName,
		metaVersion:   strconv.Itoa(MemoriesFormatVersion),
		metaArchetype: spec.Archetype,
		metaLineage:   string(lineage),
	}
	b, err := safetensors.Serialize(tensors, meta)
	if err != nil {
		return nil, fmt.Errorf("encoding memories: %w", err)
	}
	if n := binary.LittleEndian.Uint64(b); n > MaxHeaderBytes {
		return nil, fmt.Errorf("encoding memories: header is %d bytes, more than the %d a reader accepts (lineage too long?)", n, MaxHeaderBytes)
	}
	return b, nil
}

// DecodeMemories parses and validates a safetensors Memories file for spec.
// It never panics: it checks the file and header sizes against their
// bounds, that the header is one strict JSON document (no key given twice
// at any depth: readers that keep the first of two keys and readers that
// keep the last must not see different Memories), that every offset lies
// inside the data and the tensors tile it exactly (contiguous,
// non-overlapping), that the tensors are exactly the ones spec needs (F32,
// right shapes, no others), that every value is finite and within
// ±MaxAbsParam, and the Dojo metadata (format, version, archetype, lineage,
// every lineage string safe to show).
//
// Every error matches ErrBadCore; those about the bytes not being a valid
// Memories file match ErrMemoriesFormat too.
func DecodeMemories(spec *Spec, data []byte) (Memories, error) {
	m, err := decodeMemories(spec, data)
	if err != nil {
		return Memories{}, badCore(fmt.Errorf("decoding memories: %w", err))
	}
	return m, nil
}

func decodeMemories(spec *Spec, data []byte) (Memories, error) {
	if err := spec.Validate(); err != nil {
		return Memories{}, err
	}
	if max := MaxMemoriesBytes(spec); int64(len(data)) > max {
		return Memories{}, badFormat(fmt.Errorf("file is %d bytes, more than the %d a %q brain can need", len(data), max, spec.Archetype))
	}
	if len(data) < 8 {
		return Memories{}, badFormat(fmt.Errorf("file is %d bytes, shorter than the 8-byte header length", len(data)))
	}
	n := binary.LittleEndian.Uint64(data)
	if n > MaxHeaderBytes {
		return Memories{}, badFormat(fmt.Errorf("header length %d is more than the %d allowed", n, MaxHeaderBytes))
	}
	if n <= uint64(len(data)-8) {
		if err := strictjson.Check(data[8 : 8+n]); err != nil {
			return Memories{}, badFormat(fmt.Errorf("header: %w", err))
		}
	}
	// The library checks that the header is JSON of the right shape, that
	// offsets are in order, contiguous from 0 and match shape×dtype size,
	// and that they end exactly at the end of the file.
	st, err := safetensors.Deserialize(data)
	if err != nil {
		return Memories{}, badFormat(err)
	}
	_, meta, err := safetensors.ReadMetadata(data)
	if err != nil {
		return Memories{}, badFormat(err)
	}
	var m Memories
	if err := checkMeta(spec, meta.Metadata(), &m.Lineage); err != nil {
		return Memories{}, err
	}
	shapes := spec.Layers()
	if st.Len() != 2*len(shapes) {
		return Memories{}, badFormat(fmt.Errorf("file has %d tensors, a %q brain has %d (%s, %s, …)",
			st.Len(), spec.Archetype, 2*len(shapes), WeightName(0), BiasName(0)))
	}
	for i, sh := range shapes {
		l := Layer{In: sh.In, Out: sh.Out}
		if l.Weight, err = readF32(st, WeightName(i), []uint64{uint64(sh.Out), uint64(sh.In)}); err != nil {
			return Memories{}, err
		}
		if l.Bias, err = readF32(st, BiasName(i), []uint64{uint64(sh.Out)}); err != nil {
			return Memories{}, err
		}
		m.Layers = append(m.Layers, l)
	}
	return m, nil
}

func checkMeta(spec *Spec, meta map[string]string, lin *Lineage) error {
	if meta[metaFormat] != formatName {
		return badFormat(fmt.Errorf("metadata %s is %q, want %q (not a Dojo Memories file?)", metaFormat, meta[metaFormat], formatName))
	}
	if v := meta[metaVersion]; v != strconv.Itoa(MemoriesFormatVersion) {
		return badCore(fmt.Errorf("memories format version %q is not supported (this build reads %d)", v, MemoriesFormatVersion))
	}
	if a := meta[metaArchetype]; a != spec.Archetype {
		return badCore(fmt.Errorf("memories are for archetype %q, the brain is %q", a, spec.Archetype))
	}
	if err := strictjson.Unmarshal([]byte(meta[metaLineage]), lin); err != nil {
		return badFormat(fmt.Errorf("lineage: %w", err))
	}
	return lin.check()
}

func readF32(st safetensors.SafeTensors, name string, shape []uint64) ([]float32, error) {
	tv, ok := st.Tensor(name)
	if !ok {
		return nil, badFormat(fmt.Errorf("tensor %s is missing", name))
	}
	if tv.DType() != safetensors.F32 {
		return nil, badFormat(fmt.Errorf("tensor %s is %s, want F32", name, tv.DType()))
	}
	got := tv.Shape()
	if len(got) != len(shape) {
		return nil, badFormat(fmt.Errorf("tensor %s has shape %v, want %v", name, got, shape))
	}
	for i := range got {
		if got[i] != shape[i] {
			return nil, badFormat(fmt.Errorf("tensor %s has shape %v, want %v", name, got, shape))
		}
	}
	b := tv.Data()
	n := 1
	for _, d := range shape {
		n *= int(d)
	}
	if len(b) != 4*n {
		return nil, badFormat(fmt.Errorf("tensor %s has %d bytes, want %d", name, len(b), 4*n))
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	if err := checkFinite(v); err != nil {
		return nil, badCore(fmt.Errorf("tensor %s: %w", name, err))
	}
	return v, nil
}

// MemoriesHash is the content hash of an encoded Memories file,
// "sha256:" followed by 64 hex digits. Lineage.Parent holds it (or a CID).
func MemoriesHash(encoded []byte) string {
	sum := sha256.Sum256(encoded)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// MemoriesHash encodes c's Memories and returns their content hash.
func (c *Core) MemoriesHash() (string, error) {
	b, err := EncodeMemories(&c.Spec, &c.Memories)
	if err != nil {
		return "", err
	}
	return MemoriesHash(b), nil
}
