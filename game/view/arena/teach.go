package arena

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/training"
	"github.com/dojo-arena/dojo/training/demo"
)

// CorrectionWeight is how much more a decision the player corrected counts
// in Teach than one they played.
const CorrectionWeight = 2

// TeachConfig is the training configuration of Teach: the defaults of
// training, with the unweighted loss that `dojo fidelity` uses, whose argmax
// maximises agreement with the player (see training.FidelityConfig).
func TeachConfig() training.Config {
	return training.Config{ClassWeighting: training.NoClassWeighting}
}

// TeachState is a Teach run as the screen shows it.
type TeachState struct {
	// Loading is true while the sessions are read.
	Loading bool
	// History holds every finished epoch, for the bar and the curve.
	History []training.Progress
	Epochs  int
	Samples int
	// Done is set when the run has ended, with Err or with the new Core
	// adopted as the fighter's current one (Teach.Adopt).
	Done    bool
	Err     error
	Metrics training.Metrics
	Elapsed time.Duration
}

// Teach trains a fighter's Core on chosen sessions in the background. The
// arena polls it once a frame (State) and keeps drawing at 60 FPS: the
// training runs on its own goroutine (one core; training.Config.Workers picks
// one helper at most when the machine has cores to spare).
type Teach struct {
	mu      sync.Mutex
	st      TeachState
	next    int
	core    *brain.Core
	fighter *Fighter
	started time.Time
	adopted bool
}

// StartTeach starts training f's current Core on the chosen sessions. It
// refuses when none is chosen.
func StartTeach(f *Fighter, sessions []Session) (*Teach, error) {
	var paths []string
	for _, s := range sessions {
		if s.Chosen && s.Err == nil {
			paths = append(paths, s.Path)
		}
	}
	if len(paths) == 0 {
		return nil, errors.New("no session is chosen: record some play first, or choose a session")
	}
	t := &Teach{fighter: f, next: f.nextCore(), started: time.Now()}
	t.st.Loading = true
	t.st.Epochs = TeachConfig().Epochs
	if t.st.Epochs == 0 {
		t.st.Epochs = training.DefaultConfig().Epochs
	}
	parent := f.Core.Clone()
	go t.run(parent, paths)
	return t, nil
}

func (t *Teach) run(core *brain.Core, paths []string) {
	lowerPriority()
	err := func() error {
		set, err := demo.LoadPaths(paths...)
		if err != nil {
			return err
		}
		ds := training.DatasetFromSet(set, CorrectionWeight)
		t.mu.Lock()
		t.st.Loading, t.st.Samples = false, ds.Len()
		t.mu.Unlock()
		m, err := training.Train(core, ds, TeachConfig(), func(p training.Progress) {
			t.mu.Lock()
			t.st.History = append(t.st.History, p)
			t.st.Elapsed = time.Since(t.started)
			t.mu.Unlock()
		})
		if err != nil {
			return err
		}
		// The new Core is written here, off the frame; the fighter is
		// pointed at it by Adopt, on the arena's goroutine.
		if err := brain.SaveCore(t.fighter.coreDir(t.next), core); err != nil {
			return err
		}
		t.mu.Lock()
		t.st.Metrics, t.core = m, core
		t.mu.Unlock()
		return nil
	}()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.st.Loading = false
	t.st.Err = err
	if err != nil {
		t.st.Done = true
	}
	t.st.Elapsed = time.Since(t.started)
}

// State is the run's state now, and whether a trained Core waits to be
// adopted.
func (t *Teach) State() (TeachState, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.st
	st.History = st.History[:len(st.History):len(st.History)]
	return st, t.core != nil && !t.adopted
}

// Adopt makes the trained Core the fighter's current one once the run has
// finished; call it from the arena's goroutine (it changes the Fighter).
// It reports whether it did.
func (t *Teach) Adopt() (bool, error) {
	t.mu.Lock()
	core, ready := t.core, t.core != nil && !t.adopted
	t.mu.Unlock()
	if !ready {
		return false, nil
	}
	err := t.fighter.adopt(t.next, core)
	if err != nil {
		err = fmt.Errorf("teach: %w", err)
	}
	t.mu.Lock()
	t.adopted, t.st.Done, t.st.Err = true, true, err
	t.mu.Unlock()
	return err == nil, err
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
