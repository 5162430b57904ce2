package demo

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/crc32"
	"io"

	"github.com/dojo-arena/dojo/game"
)

// source gives the decoder the bytes of one file: all of them when they are
// in memory (Parse), or a window of readWindow bytes onto the file (Load,
// OpenAppend), so that reading a file takes memory in proportion to what is
// kept of it, not to its size.
type source struct {
	size   int
	data   []byte      // the whole file, when in memory
	r      io.ReaderAt // else the file
	win    []byte      // the bytes of r from winOff on
	winOff int
}

// readWindow is how much of a file a source holds at a time; every read
// the decoder asks for (a header, a record) is far shorter. Tests shrink
// it (to no less than maxHeader and maxFrame).
var readWindow = 1 << 20

func memorySource(data []byte) *source { return &source{size: len(data), data: data} }

func fileSource(r io.ReaderAt, size int64) *source {
	return &source{size: int(size), r: r, win: make([]byte, 0, min(int(size), readWindow))}
}

// at returns the bytes from off on, n of them or fewer at the end of the
// file; they stay valid until the next call.
func (s *source) at(off, n int) ([]byte, error) {
	end := min(off+n, s.size)
	if off >= end {
		return nil, nil
	}
	if s.r == nil {
		return s.data[off:end], nil
	}
	if off < s.winOff || end > s.winOff+len(s.win) {
		if end-off > cap(s.win) {
			s.win = make([]byte, 0, end-off)
		}
		m := min(cap(s.win), s.size-off)
		k, err := s.r.ReadAt(s.win[:m], int64(off))
		if k < m {
			if err == nil || err == io.EOF {
				err = fmt.Errorf("the file shrank to %d bytes while it was read (it had %d)", off+k, s.size)
			}
			s.win, s.winOff = s.win[:0], 0
			return nil, err
		}
		s.win, s.winOff = s.win[:m], off
	}
	return s.win[off-s.winOff : end-s.winOff], nil
}

// zeroFrom reports whether every byte from off to the end is zero (true
// when off is at or past the end). It leaves the window alone, so the
// bytes at last returned stay valid.
func (s *source) zeroFrom(off int) (bool, error) {
	if s.r == nil {
		return allZero(s.data[min(off, s.size):]), nil
	}
	if off >= s.winOff && off < s.winOff+len(s.win) {
		if !allZero(s.win[off-s.winOff:]) {
			return false, nil
		}
		off = s.winOff + len(s.win)
	}
	var buf []byte
	for off < s.size {
		if buf == nil {
			buf = make([]byte, min(s.size-off, 64<<10))
		}
		m := min(len(buf), s.size-off)
		k, err := s.r.ReadAt(buf[:m], int64(off))
		if k < m {
			if err == nil || err == io.EOF {
				err = fmt.Errorf("the file shrank to %d bytes while it was read (it had %d)", off+k, s.size)
			}
			return false, err
		}
		if !allZero(buf[:m]) {
			return false, nil
		}
		off += m
	}
	return true, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// decodeFile validates the file src holds and, when s is not nil, appends
// its decisions and its File to s. It returns the File either way. An error
// reading src is returned as it is, naming the file.
func decodeFile(path string, src *source, s *Set) (File, error) {
	d := decoder{path: path, src: src, h: sha256.New()}
	f := File{Path: path}
	if s != nil {
		f.First = s.Len()
	}
	meta, off, err := d.header()
	if err != nil {
		return File{}, err
	}
	if off < 0 { // torn inside the header
		f.Torn = &TornTail{Path: path, Offset: 0, Bytes: int64(src.size)}
		f.SHA256 = hex.EncodeToString(sha256.New().Sum(nil))
		if s != nil {
			s.Files = append(s.Files, f)
		}
		return f, nil
	}
	if err := d.hashTo(off); err != nil {
		return File{}, err
	}
	f.Sessions = append(f.Sessions, meta)
	source := meta.Source
	var rec Record
	for nrec := 0; off < src.size; nrec++ {
		body, end, torn, err := d.frame(off)
		if err != nil {
			return File{}, err
		}
		if torn {
			f.Torn = &TornTail{Path: path, Offset: int64(off), Bytes: int64(src.size - off)}
			break
		}
		switch body[0] {
		case kindDecision:
			if msg := decodeDecision(body, &rec); msg != "" {
				return File{}, d.corrupt(off, "record %d: %s", nrec, msg)
			}
			f.Decisions++
			if rec.Flags&Correction != 0 {
				f.Corrections++
			}
			if s != nil {
				s.Obs.Append(&rec.Obs)
				s.Actions = append(s.Actions, rec.Action)
				s.Flags = append(s.Flags, rec.Flags)
				s.Ticks = append(s.Ticks, rec.Tick)
				c := s.Sources[source]
				c.Decisions++
				if rec.Flags&Correction != 0 {
					c.Corrections++
				}
				s.Sources[source] = c
			}
		case kindSession:
			m, err := decodeMeta(body[1:])
			if err != nil {
				return File{}, d.corrupt(off, "record %d (session): %v", nrec, err)
			}
			f.Sessions = append(f.Sessions, m)
			source = m.Source
		}
		if err := d.hashTo(end); err != nil {
			return File{}, err
		}
		off = end
	}
	f.SHA256 = hex.EncodeToString(d.h.Sum(nil))
	f.Size = int64(d.hashed)
	if s != nil {
		s.Files = append(s.Files, f)
	}
	return f, nil
}

type decoder struct {
	path   string
	src    *source
	h      hash.Hash // SHA-256 of the bytes used so far
	hashed int       // how many: every byte before the last accepted record's end
}

func (d *decoder) corrupt(off int, format string, args ...any) error {
	return &FormatError{Path: d.path, Offset: int64(off), Err: ErrCorrupt, Detail: fmt.Sprintf(format, args...)}
}

func (d *decoder) version(off int, format string, args ...any) error {
	return &FormatError{Path: d.path, Offset: int64(off), Err: ErrVersion, Detail: fmt.Sprintf(format, args...)}
}

// hashTo adds the bytes up to end, the end of what was just accepted (and
// is still in the source's window), to the file's hash.
func (d *decoder) hashTo(end int) error {
	b, err := d.src.at(d.hashed, end-d.hashed)
	if err != nil {
		return d.readError(err)
	}
	d.h.Write(b)
	d.hashed = end
	return nil
}

func (d *decoder) readError(err error) error {
	return fmt.Errorf("load demonstration %s: %w", d.path, err)
}

// maxHeader is the longest file header.
const maxHeader = headerFixed + MaxMetaLen + crcLen

// header validates the file header and returns its Meta and where the
// records start, or off = -1 when the file ends inside a header that is
// valid as far as it goes (a crash during Create), zero bytes after that
// counting as the end as they do for records.
func (d *decoder) header() (meta Meta, off int, err error) {
	size := d.src.size
	// zero reports whether the file is all zeros from i on.
	zero := func(i int) bool {
		if err == nil {
			var z bool
			z, err = d.src.zeroFrom(i)
			return z
		}
		return false
	}
	data, rerr := d.src.at(0, maxHeader)
	if rerr != nil {
		return Meta{}, 0, d.readError(rerr)
	}
	for i := 0; i < len(Magic); i++ {
		if i == size || zero(i) {
			return Meta{}, -1, d.wrapRead(err)
		}
		if err != nil {
			return Meta{}, 0, d.readError(err)
		}
		if data[i] != Magic[i] {
			return Meta{}, 0, d.corrupt(0, "not a demonstration file (it does not start with %q)", Magic)
		}
	}
	fields := [...]struct {
		name string
		want int
	}{
		{"format version", FormatVersion},
		{"observation spec version", game.ObsSpecVersion},
		{"action spec version", game.ActionSpecVersion},
		{"observation length", game.ObsLen},
		{"action count", game.NumActions},
	}
	off = len(Magic)
	for _, fd := range fields {
		if size < off+2 || zero(off) {
			return Meta{}, -1, d.wrapRead(err)
		}
		if err != nil {
			return Meta{}, 0, d.readError(err)
		}
		v := int(binary.LittleEndian.Uint16(data[off:]))
		if v != fd.want {
			switch fd.name {
			case "format version":
				if v > FormatVersion {
					return Meta{}, 0, d.version(off, "file format version %d is newer than this build reads (%d): update dojo", v, FormatVersion)
				}
				return Meta{}, 0, d.version(off, "file format version %d is not readable by this build (it reads version %d)", v, FormatVersion)
			case "observation length", "action count":
				return Meta{}, 0, d.corrupt(off, "%s %d does not match its spec version (want %d)", fd.name, v, fd.want)
			}
			return Meta{}, 0, d.version(off, "recorded with %s %d, this build uses %d: re-record the demonstration or convert it", fd.name, v, fd.want)
		}
		off += 2
	}
	if size < off+2 || zero(off) {
		return Meta{}, -1, d.wrapRead(err)
	}
	if err != nil {
		return Meta{}, 0, d.readError(err)
	}
	n := int(binary.LittleEndian.Uint16(data[off:]))
	if n < 2 || n > MaxMetaLen {
		return Meta{}, 0, d.corrupt(off, "meta length %d out of range [2, %d]", n, MaxMetaLen)
	}
	off += 2
	if size < off+n+crcLen || zero(off) {
		return Meta{}, -1, d.wrapRead(err)
	}
	if err != nil {
		return Meta{}, 0, d.readError(err)
	}
	if got, want := crc32.Checksum(data[:off+n], crcTable), binary.LittleEndian.Uint32(data[off+n:]); got != want {
		if size == off+n+crcLen || zero(off+n+crcLen) {
			// The header is the last thing in the file and ends badly:
			// cut short like a torn record.
			return Meta{}, -1, d.wrapRead(err)
		}
		if err != nil {
			return Meta{}, 0, d.readError(err)
		}
		return Meta{}, 0, d.corrupt(off+n, "header checksum mismatch (stored %08x, computed %08x)", want, got)
	}
	meta, err = decodeMeta(data[off : off+n])
	if err != nil {
		return Meta{}, 0, d.corrupt(off, "header %v", err)
	}
	return meta, off + n + crcLen, nil
}

// wrapRead is readError for a non-nil err, else nil.
func (d *decoder) wrapRead(err error) error {
	if err != nil {
		return d.readError(err)
	}
	return nil
}

// maxFrame is the longest framed record.
const maxFrame = maxLenPrefix + maxSessionBody + crcLen

// frame checks the record framed at off and returns its body and where the
// next record starts. torn reports an incomplete final record instead: one
// the file ends inside, or a bad one followed only by zero bytes (a file
// system may extend a file with zeros before the data lands, so a crash can
// leave a tail of zeros); the record is then ignored. A bad record with
// other data after it is an error.
func (d *decoder) frame(off int) (body []byte, end int, torn bool, err error) {
	size := d.src.size
	// bad reports a failed check: a torn tail when nothing but zeros
	// follows from, at the latest, where the record would end.
	bad := func(from int, format string, args ...any) ([]byte, int, bool, error) {
		if from >= size {
			return nil, 0, true, nil
		}
		z, err := d.src.zeroFrom(from)
		if err != nil {
			return nil, 0, false, d.readError(err)
		}
		if z {
			return nil, 0, true, nil
		}
		return nil, 0, false, d.corrupt(off, format, args...)
	}
	rest, err := d.src.at(off, maxFrame)
	if err != nil {
		return nil, 0, false, d.readError(err)
	}
	n64, k := uvarint(rest, maxLenPrefix)
	switch {
	case k == 0:
		return nil, 0, true, nil
	case k < 0:
		return bad(off+maxLenPrefix, "bad record length")
	case n64 == 0:
		return bad(off+k, "zero record length")
	case len(rest) == k:
		return nil, 0, true, nil
	}
	n := int(n64)
	var lo, hi int
	switch kind := rest[k]; kind {
	case kindDecision:
		lo, hi = minDecisionBody, maxDecisionBody
	case kindSession:
		lo, hi = minSessionBody, maxSessionBody
	default:
		return bad(off+k+1, "unknown record kind %d", kind)
	}
	if n < lo || n > hi {
		return bad(off+k+1, "record length %d out of range [%d, %d] for its kind", n, lo, hi)
	}
	end = off + k + n + crcLen
	if end > size {
		return nil, 0, true, nil
	}
	got := crc32.Checksum(rest[:k+n], crcTable)
	if want := binary.LittleEndian.Uint32(rest[k+n:]); got != want {
		return bad(end, "record checksum mismatch (stored %08x, computed %08x) with %d more bytes after it", want, got, size-end)
	}
	return rest[k : k+n], end, false, nil
}
