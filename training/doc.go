// Package training turns play into a better fighter: it records
// demonstrations (Record, with the file format in training/demo), fits a
// Core to them by behaviour cloning (Train), and measures fighters against
// opponents (Evaluate).
//
// # Behaviour cloning
//
// Train fits a brain.Core's policy to a Dataset of (observation, action)
// samples by minimising a weighted softmax cross-entropy with Adam, in
// shuffled minibatches, holding out runs of consecutive samples for
// validation, stopping early when the held-out loss stops improving and
// keeping the best epoch's parameters. It starts from the Core's own
// parameters, so training a trained fighter fine-tunes it, and it records
// the parent Memories, the demonstrations, the configuration and the final
// metrics in the Core's lineage.
//
// Recorded play is dominated by a few actions (holding nothing, walking).
// Each sample's loss weight is its action's class weight — by default the
// square root of the inverse frequency (SqrtInverseFrequency), with full
// InverseFrequency and NoClassWeighting available — times the sample's own
// weight, which lets corrections count more than ordinary play. Full
// inverse-frequency weighting buys recall of rare actions with accuracy on
// common ones: imitating the rushdown bot it drops held-out agreement from
// about 86% to about 65%, which is why the square root is the default.
//
// The model is the Brain's Gorgonia graph (brain.Model); EngineGorgonia
// builds the training graph once per run and reuses one TapeMachine for
// every step. EngineFast, the default, computes the same loss, gradients
// and Adam update with hand-written batched float32 code: its own matrix
// product (AVX-512 where the CPU has it, else AVX2/FMA, on amd64; portable
// Go elsewhere or with -tags purego) and elementwise kernels. Adam flushes
// moments that would become denormal floats to zero, and writes each new
// weight into a transposed copy as well, which the forward pass reads.
// TestEnginesAgree holds the two engines to the same gradients and
// parameters; BenchmarkTrainStep measures both on the speed anchor and
// BenchmarkTrain a whole run.
//
// # Speed on a busy machine
//
// A batch of 128 or more (fastSplitMin: below that, sharing a step costs
// two cores more than it saves) is cut into two parts whose gradients are
// summed in a fixed order, and the parts, Adam's rows and the hold-out
// chunks are the tasks of a team of Config.Workers goroutines (by default
// two from three cores up, one on two cores, where another process nearly
// always holds a core); smaller batches train on one goroutine. Tasks are claimed, not handed out: the caller does
// whatever a helper has not started, and nobody spins for more than 20 µs.
// The engine times its steps on the team and on the caller alone, now and
// then, and keeps the faster way: beside a busy process, where a helper
// only takes the caller's share of a core, that is alone, as with
// GOMAXPROCS=1. A run gives the same bytes with any number of workers and
// either way (TestTrainDeterministic, TestFastEngineWorkersAgree);
// make bench-train measures the speed.
//
// A Dataset keeps its observations in the compact encoding of demonstration
// files (demo.Observations) and converts each batch to floats as it trains
// on it, so training a set takes about as much memory as the set's files
// plus about 25 bytes a decision (indices, loss weights).
//
// # Dependencies
//
// Gorgonia is imported only here and in brain. Nothing here draws or plays
// sound, so the headless CLI and the tournament servers can train and
// evaluate.
package training
