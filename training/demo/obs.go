package demo

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"

	"github.com/dojo-arena/dojo/game"
)

// Observations is a column of observations kept compact in memory, the way
// a demonstration file stores them: each one as a bit mask of its non-zero
// features followed by those features as zigzag varints. Recorded
// observations are mostly zeros and one-hot values, so one takes about 50
// bytes here against the 4·game.ObsLen of a game.Observation, and never
// more than its record takes on disk. Append adds one, At decodes one; the
// zero value is an empty column.
//
// The encodings are kept in chunks of up to 4 MiB that are never moved, so
// a growing column neither copies what it holds nor leaves more than a
// little of its memory unused. A copy of an Observations shares its
// storage: append to one of them only.
type Observations struct {
	chunks [][]byte
	blocks []int    // where each run of obsBlock observations starts (see chunkShift)
	rel    []uint16 // where each observation starts, from its block's start
	hint   int      // the bytes Grow announced, to size the next chunk
}

const (
	// obsMaskLen is the length of an observation's non-zero mask.
	obsMaskLen = (game.ObsLen + 7) / 8
	// maxObsEncoding is the longest encoding of one observation.
	maxObsEncoding = obsMaskLen + game.ObsLen*maxVarint32
	// obsBlock observations share one absolute position; each has a
	// 16-bit offset from it, so a block must fit in 64 KiB.
	obsBlock = min(64, (1<<16)/maxObsEncoding)
	// A position is chunk<<chunkShift + offset in the chunk; chunks grow
	// from minChunk to 1<<chunkShift bytes and hold whole blocks only.
	chunkShift = 22
	minChunk   = 1 << 16
)

// Len is the number of observations.
func (c *Observations) Len() int { return len(c.rel) }

// Bytes is the memory the column takes: its chunks (all of their capacity)
// and offsets.
func (c *Observations) Bytes() int {
	n := 8*cap(c.blocks) + 2*cap(c.rel)
	for _, ch := range c.chunks {
		n += cap(ch)
	}
	return n
}

// Grow announces about n more bytes of encodings (a loader knows the size
// of its file), so that the next chunk is sized for them rather than by
// doubling.
func (c *Observations) Grow(n int) { c.hint = n }

// Append adds o at the end.
func (c *Observations) Append(o *game.Observation) {
	if len(c.rel)%obsBlock == 0 {
		// A new block, in a new chunk unless the last has room for it.
		const block = obsBlock * maxObsEncoding
		if k := len(c.chunks); k == 0 || cap(c.chunks[k-1])-len(c.chunks[k-1]) < block {
			size := minChunk
			if k > 0 {
				size = 2 * cap(c.chunks[k-1])
			}
			if c.hint > 0 {
				size, c.hint = c.hint+block, 0
			}
			size = min(max(size, minChunk), 1<<chunkShift)
			c.chunks = append(c.chunks, make([]byte, 0, size))
		}
		k := len(c.chunks) - 1
		c.blocks = append(c.blocks, k<<chunkShift+len(c.chunks[k]))
	}
	k := len(c.chunks) - 1
	d := c.chunks[k]
	c.rel = append(c.rel, uint16(k<<chunkShift+len(d)-c.blocks[len(c.blocks)-1]))
	var mask [obsMaskLen]byte
	for i, v := range o {
		if v != 0 {
			mask[i/8] |= 1 << (i % 8)
		}
	}
	d = append(d, mask[:]...)
	for _, v := range o {
		if v != 0 {
			d = binary.AppendUvarint(d, uint64(zigzag(v)))
		}
	}
	c.chunks[k] = d
}

// Clip gives back the room reserved for more observations: call it when
// done appending (it costs a copy of the last chunk).
func (c *Observations) Clip() {
	if k := len(c.chunks); k > 0 {
		c.chunks[k-1] = bytes.Clone(c.chunks[k-1])
	}
	c.blocks = slices.Clip(slices.Clone(c.blocks))
	c.rel = slices.Clip(slices.Clone(c.rel))
}

// AppendAll adds the observations of d at the end, in order.
func (c *Observations) AppendAll(d *Observations) {
	for i := range d.Len() {
		o := d.At(i)
		c.Append(&o)
	}
}

// At returns observation i.
func (c *Observations) At(i int) game.Observation {
	var o game.Observation
	c.Get(i, &o)
	return o
}

// Get sets *o to observation i.
func (c *Observations) Get(i int, o *game.Observation) {
	*o = game.Observation{}
	pos := c.blocks[i/obsBlock] + int(c.rel[i])
	b := c.chunks[pos>>chunkShift][pos&(1<<chunkShift-1):]
	mask, vals := b[:obsMaskLen], b[obsMaskLen:]
	p := 0
	for j, m := range mask {
		for m != 0 {
			k := bits.TrailingZeros8(m)
			m &= m - 1
			// Most features take one or two bytes (0, ±1 or ObsOne).
			u := uint32(vals[p])
			switch {
			case u < 0x80:
				p++
			case vals[p+1] < 0x80:
				u = u&0x7f | uint32(vals[p+1])<<7
				p += 2
			default:
				u = 0
				for s := uint(0); ; s += 7 {
					x := vals[p]
					p++
					u |= uint32(x&0x7f) << s
					if x < 0x80 {
						break
					}
				}
			}
			o[j*8+k] = unzigzag(u)
		}
	}
}
