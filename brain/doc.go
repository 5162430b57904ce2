// Package brain is a fighter's Core: its Brain (the model architecture, a
// versioned Spec fixed at mint) and its Memories (the parameters and their
// lineage), how they are stored, and the policies that turn an observation
// into an action.
//
// # What is here
//
//   - Spec, NewSpec, Archetypes: the Brain. Two archetypes, "swift"
//     (96→64→64→16) and "sage" (96→128→128→16), multilayer perceptrons with
//     ReLU over game.Observation, one logit per action of game.Action.
//   - Core, Memories, Lineage, NewCore: parameters drawn from a seeded
//     SplitMix64 stream (He-uniform), the same bits on every machine.
//   - EncodeMemories, DecodeMemories, SaveCore, LoadCore: safetensors
//     parameters with the lineage in the header, brain.json beside them.
//     A Core directory is written whole into a temporary directory and
//     renamed into place, never over an existing one; it is read without
//     blocking on pipes, size-bounded, by one validating function that
//     never panics (fuzzed by FuzzDecodeMemories), refuses JSON keys given
//     twice and text that could act on a terminal.
//   - ErrBadCore, ErrMemoriesFormat: what errors.Is tells apart, a Core
//     that is bad in itself from one that could not be reached.
//   - Core.ID, SpecHash: a Core's identity by content, "core:" + the
//     SHA-256 of its canonical brain.json + "/" + its MemoriesHash, which
//     replays record (never a local path).
//   - Model: the network as a Gorgonia graph, which package training
//     differentiates.
//   - Policy: the match-time forward pass, integer-only, bit-identical on
//     every CPU and allocation-free (AVX-512 VNNI or AVX2 kernels on amd64,
//     chosen at run time, portable Go elsewhere, all exactly equal);
//     FloatPolicy: the float32 reference.
//   - DigestObservations, LogitDigest: a fingerprint of a policy's logits,
//     to compare machines (testdata/digest.golden holds the expected
//     fingerprints of minted and extreme cores).
//
// # Dependencies
//
// brain imports game (observations and actions), Gorgonia (Model only) and
// a safetensors codec. It must not import Ebiten, go-ethereum or IPFS
// clients: the tournament servers and the headless CLI run policies
// without a display and without a chain.
package brain
