package demo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// Writer appends records to a demonstration file. It buffers: Flush hands
// the records to the operating system (they survive a crash of the
// process), Sync also makes them durable (they survive a power loss), and a
// crash in between leaves at worst a torn tail that readers ignore and
// OpenAppend removes. A Writer is not safe for concurrent use, and a file
// must have one Writer at a time.
type Writer struct {
	f         *os.File // nil when writing to an io.Writer
	path      string
	bw        *bufio.Writer
	body      []byte // scratch: one record body
	frame     []byte // scratch: one framed record
	decisions int
	err       error // the first write error; every later call returns it
	recovered *TornTail
}

// NewWriter writes the header of a new demonstration file with meta to w
// and returns a Writer for its records. Close flushes but does not close w.
func NewWriter(w io.Writer, meta Meta) (*Writer, error) {
	m, err := encodeMeta(&meta)
	if err != nil {
		return nil, fmt.Errorf("start demonstration: %w", err)
	}
	dw := newWriter(w)
	if _, err := dw.bw.Write(appendHeader(nil, m)); err != nil {
		return nil, fmt.Errorf("start demonstration: write header: %w", err)
	}
	return dw, nil
}

func newWriter(w io.Writer) *Writer {
	return &Writer{
		bw:    bufio.NewWriterSize(w, 64<<10),
		body:  make([]byte, 0, maxSessionBody),
		frame: make([]byte, 0, maxLenPrefix+maxSessionBody+crcLen),
	}
}

// Create creates a new demonstration file at path, which must not exist
// (recordings are never overwritten), writes its header with meta and syncs
// it.
func Create(path string, meta Meta) (*Writer, error) {
	m, err := encodeMeta(&meta)
	if err != nil {
		return nil, fmt.Errorf("create demonstration %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create demonstration: %w", err)
	}
	_, err = f.Write(appendHeader(nil, m))
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("create demonstration %s: write header: %w", path, err)
	}
	w := newWriter(f)
	w.f, w.path = f, path
	return w, nil
}

// OpenAppend opens the demonstration file at path to add records. It first
// reads and validates the whole file: a file of another format or spec
// version, or a damaged one, gives the same *FormatError that Load does. A
// torn tail (an incomplete final record left by a crash) is cut off so that
// new records follow the last complete one; Recovered reports it. New
// records continue the file's last session; call Begin to start another.
func OpenAppend(path string) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("open demonstration to append: %w", err)
	}
	w, err := openAppend(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

func openAppend(f *os.File, path string) (*Writer, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("open demonstration %s to append: %w", path, err)
	}
	info, err := decodeFile(path, fileSource(f, st.Size()), nil)
	if err != nil {
		return nil, err
	}
	if len(info.Sessions) == 0 {
		return nil, &FormatError{Path: path, Offset: st.Size(), Err: ErrCorrupt,
			Detail: "the file ends inside its header (its creation was cut short): nothing to append to; remove it and record anew"}
	}
	if info.Torn != nil {
		if err := f.Truncate(info.Size); err != nil {
			return nil, fmt.Errorf("open demonstration %s to append: cut the torn tail: %w", path, err)
		}
		if err := f.Sync(); err != nil {
			return nil, fmt.Errorf("open demonstration %s to append: cut the torn tail: %w", path, err)
		}
	}
	if _, err := f.Seek(info.Size, io.SeekStart); err != nil {
		return nil, fmt.Errorf("open demonstration %s to append: %w", path, err)
	}
	w := newWriter(f)
	w.f, w.path, w.recovered = f, path, info.Torn
	return w, nil
}

// Recovered reports the torn tail OpenAppend cut off, or nil.
func (w *Writer) Recovered() *TornTail { return w.recovered }

// Decisions is the number of decision records this Writer wrote.
func (w *Writer) Decisions() int { return w.decisions }

// Write appends one decision. It allocates nothing. A record the format
// cannot hold (action id out of range, unknown flags, negative tick) is
// refused without writing anything.
func (w *Writer) Write(r *Record) error {
	if w.err != nil {
		return w.err
	}
	if err := checkRecord(r); err != nil {
		return fmt.Errorf("write demonstration record: %w", err)
	}
	w.body = appendDecision(w.body[:0], r)
	if err := w.writeFrame(); err != nil {
		return err
	}
	w.decisions++
	return nil
}

// Begin starts a new session described by meta: the decisions written after
// it are counted for meta.Source. Use it to record several matches, or
// several players, in one file.
func (w *Writer) Begin(meta Meta) error {
	if w.err != nil {
		return w.err
	}
	m, err := encodeMeta(&meta)
	if err != nil {
		return fmt.Errorf("begin demonstration session: %w", err)
	}
	w.body = append(append(w.body[:0], kindSession), m...)
	return w.writeFrame()
}

func (w *Writer) writeFrame() error {
	w.frame = appendFrame(w.frame[:0], w.body)
	if _, err := w.bw.Write(w.frame); err != nil {
		return w.fail("write record", err)
	}
	return nil
}

func (w *Writer) fail(what string, err error) error {
	if w.path != "" {
		w.err = fmt.Errorf("demonstration %s: %s: %w", w.path, what, err)
	} else {
		w.err = fmt.Errorf("demonstration: %s: %w", what, err)
	}
	return w.err
}

// Flush hands the buffered records to the operating system.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.bw.Flush(); err != nil {
		return w.fail("flush", err)
	}
	return nil
}

// Sync flushes and, for a file, commits it to stable storage.
func (w *Writer) Sync() error {
	if err := w.Flush(); err != nil {
		return err
	}
	if w.f != nil {
		if err := w.f.Sync(); err != nil {
			return w.fail("sync", err)
		}
	}
	return nil
}

// errClosed is returned by every call after Close.
var errClosed = errors.New("writer is closed")

// Close syncs and closes the file (or, from NewWriter, flushes). Every later
// call returns an error.
func (w *Writer) Close() error {
	if errors.Is(w.err, errClosed) {
		return w.err
	}
	err := w.Sync()
	if w.f != nil {
		if cerr := w.f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("demonstration %s: close: %w", w.path, cerr)
		}
	}
	w.err = fmt.Errorf("demonstration: %w", errClosed)
	return err
}
