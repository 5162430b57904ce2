// Package demo records and loads Demonstrations: recordings of a human or a
// bot playing, one record per decision holding the observation the player
// saw and the action it took. Behaviour cloning trains on them; the
// SHA-256 of each file goes into the Memories' lineage.
//
// Recording: a Writer (Create, OpenAppend, NewWriter) appends records; a
// Recorder attached to a game.Driver writes one side's decisions as they
// are taken; a CorrectionController lets a teacher override a fighter
// while it plays (DAgger-style), and the Recorder flags those decisions as
// corrections. Loading: Load, LoadDir, LoadPaths and Parse validate
// everything and return a Set of observations, action ids and flags with
// per-file hashes and per-source counts.
//
// # Memory
//
// A Set keeps each observation as the file encodes it (Observations: the
// non-zero mask and varints, without the record's framing), so it takes
// about as many bytes of memory as its files take on disk, 68 for a
// typical decision against 262 as a game.Observation
// (TestSetMemoryPerDecision). Load reads a file through a 1 MiB window,
// never whole. A Loader refuses, before reading it, a file over
// MaxFileSize (1 GiB) and a file that would take a Set's files over
// MaxTotalSize (2 GiB) together, with an error naming the file and the
// bound; its fields set other bounds.
//
// The package builds on game only. It must not import brain, Gorgonia,
// nft or Ebiten: the CLI, the arena and the trainer all record and load
// demonstrations through it.
//
// # File format, version 2
//
// A file is a header and then records, all integers little-endian:
//
//	header:
//	  "DOJODEMO"                  8 bytes
//	  format version              uint16 (FormatVersion = 2)
//	  observation spec version    uint16 (game.ObsSpecVersion)
//	  action spec version         uint16 (game.ActionSpecVersion)
//	  observation length          uint16 (game.ObsLen = 96)
//	  action count                uint16 (game.NumActions = 16)
//	  meta length n               uint16 (2 ≤ n ≤ MaxMetaLen)
//	  meta                        n bytes of JSON, a Meta
//	  CRC-32 (IEEE) of all of the above   uint32
//	record, repeated:
//	  body length m               uvarint (LEB128, minimal, ≤ 2 bytes)
//	  body                        m bytes, the first one its kind
//	  CRC-32 (IEEE) of the length and the body   uint32
//	decision body (kind 1), 16 to 500 bytes:
//	  1, tick (uvarint: the match tick of the decision),
//	  action id (1 byte < NumActions), flags (1 byte: bit 0 Correction,
//	  others 0), non-zero mask (ObsLen/8 = 12 bytes: bit i%8 of byte i/8
//	  set when feature i ≠ 0; version 1 had a uint64 for 64 features),
//	  then each non-zero feature in index order as a zigzag uvarint
//	  (1 to 5 bytes, so every int32 fits, and minimal)
//	session body (kind 2):
//	  2, then a Meta as JSON: the decisions after it belong to it
//
// The CRC-32 is the one of zlib.crc32, so a reader in another language
// needs only its standard library. The encoding is canonical: the reader
// refuses non-minimal varints, zero features marked non-zero, unknown
// flags and trailing bytes, so equal records have equal bytes and a file's
// hash identifies its content.
//
// # Crashes and damage
//
// Records are only ever appended, so a crash can only leave the file's end
// incomplete. The reader returns every complete record and reports the rest
// as a TornTail, a warning and not an error, when the file ends inside a
// record (or inside its header), or when the last record is bad with
// nothing but zero bytes after it (some file systems extend a file with
// zeros before the data lands). A bad record with other data after it is
// damage in the middle: a *FormatError wrapping ErrCorrupt that names the
// file and the record's byte offset. Since a record is at most 4,103 bytes
// (a decision at most 506), damage to the last record, or to a length
// field within that distance of the end, can pass for a torn tail;
// anywhere else it cannot. OpenAppend
// validates the whole file and cuts a torn tail off before appending, so
// new records never follow garbage.
//
// A wrong magic, a newer format version, or an observation or action spec
// version other than this build's is a *FormatError wrapping ErrVersion or
// ErrCorrupt, found before any record is read. Reading never panics, and
// reading through Load's window gives what parsing the file whole gives
// (FuzzLoad checks both).
//
// # Size
//
// A decision takes about 89 bytes on disk (measured by TestBytesPerDecision
// over both sides of five zoner-vs-random matches): 22 bytes of framing,
// tick, action, flags and mask, and about 67 for the observation, whose
// features are mostly 0 or one-hot 4096 (2 bytes). Raw int32s would take
// 384. At 15 decisions a second that is 80 KB per minute of play, under
// 5 MB an hour; the header is about 150 bytes.
//
// Writing allocates nothing per record; Flush hands records to the
// operating system and Sync makes them durable (Close does both).
package demo
