package training

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A team runs the tasks of a job on the calling goroutine and on helper
// goroutines. Tasks are claimed, not assigned: whoever is free takes the
// next unclaimed task, and the caller takes any task no helper has taken by
// the time it is free. So a helper that is asleep, late, or descheduled
// because another process holds its core never makes the caller wait for
// work it could do itself; the caller waits only for tasks a helper has
// already started. A task must write its results where they do not depend
// on who ran it (its own slot, or buffers of the participant it is given),
// so that a job's result is the same with any number of helpers.
//
// Nobody spins for long. A helper polls for the next job for up to
// teamSpin after finishing a task (jobs come back to back within a
// training step) and then blocks on a channel; the caller polls for up to
// teamSpin for helpers to finish and then blocks. On a busy machine a
// blocked goroutine gives its core back at once, to the neighbour or to the
// helper the caller waits for.
//
// A team can also be told to run alone (solo): the caller then runs every
// task and wakes nobody, and the helpers, finding no work, go to sleep.
// The fast engine sets it from measured step times (see modeChooser).
type team struct {
	// state packs the job generation (bits 32–63), its task count (bits
	// 16–31) and the next unclaimed task (bits 0–15).
	state atomic.Uint64
	// done counts the finished tasks of the current job; the helper that
	// finishes the last one sends on finished.
	done     atomic.Uint32
	finished chan struct{}
	stopped  atomic.Bool
	run      func(task, who int) // the current job; nil between jobs
	helpers  []*helper
	wg       sync.WaitGroup
	stopOnce sync.Once
	// solo makes the caller run every job alone.
	solo bool
}

// helper is a helper goroutine's wake-up call.
type helper struct {
	sleeping atomic.Bool
	wake     chan struct{}
}

// teamSpin is how long a team member polls before it blocks: long enough
// to catch the next job of a training step without a wake-up (tens of
// microseconds on a parked thread), short enough to cost a busy neighbour
// little.
const teamSpin = 20 * time.Microsecond

// maxTeamTasks bounds the tasks of one job (16 bits of state).
const maxTeamTasks = 1<<16 - 1

// newTeam returns a team of workers participants: the caller of do and
// workers-1 helper goroutines. A team of one (workers ≤ 1) runs every task
// on the caller and starts no goroutine. Call stop when done with it.
func newTeam(workers int) *team {
	t := &team{finished: make(chan struct{}, 1)}
	for i := 1; i < workers; i++ {
		h := &helper{wake: make(chan struct{}, 1)}
		t.helpers = append(t.helpers, h)
		t.wg.Add(1)
		go t.help(h, i)
	}
	return t
}

// workers is the number of participants.
func (t *team) workers() int {
	if t == nil {
		return 1
	}
	return 1 + len(t.helpers)
}

func packState(gen uint32, n, next int) uint64 {
	return uint64(gen)<<32 | uint64(n)<<16 | uint64(next)
}

// claim takes the next unclaimed task of the current job; ok is false when
// there is none.
func (t *team) claim() (task int, ok bool) {
	for {
		s := t.state.Load()
		n, next := int(s>>16&0xffff), int(s&0xffff)
		if next >= n {
			return 0, false
		}
		if t.state.CompareAndSwap(s, s+1) {
			return next, true
		}
	}
}

// work runs claimed tasks until none is left and reports whether it
// finished the job's last task.
func (t *team) work(who int) (last bool) {
	for {
		task, ok := t.claim()
		if !ok {
			return last
		}
		// A claimed task keeps the job open, so t.run stays set.
		t.run(task, who)
		n := uint32(t.state.Load() >> 16 & 0xffff)
		last = t.done.Add(1) == n
	}
}

// do runs run(task, who) for every task in [0, n), each once, and returns
// when all have returned. who identifies the participant running it, in
// [0, workers()): 0 is the caller. do must not be called concurrently.
func (t *team) do(n int, run func(task, who int)) {
	if n > maxTeamTasks {
		panic("training: too many tasks for one team job")
	}
	alone := t == nil || len(t.helpers) == 0 || n <= 1 || t.solo
	if alone {
		for i := 0; i < n; i++ {
			run(i, 0)
		}
		return
	}
	t.run = run
	t.done.Store(0)
	gen := uint32(t.state.Load()>>32) + 1
	t.state.Store(packState(gen, n, 0))
	for i, h := range t.helpers {
		if i+1 >= n {
			break // more helpers than tasks the caller leaves them
		}
		if h.sleeping.CompareAndSwap(true, false) {
			h.wake <- struct{}{}
		}
	}
	if !t.work(0) {
		t.await()
	}
	t.run = nil
}

// await waits for a helper's word that it finished the job's last task.
func (t *team) await() {
	start := time.Now()
	for i := 1; ; i++ {
		select {
		case <-t.finished:
			return
		default:
		}
		if i%32 == 0 && time.Since(start) > teamSpin {
			<-t.finished
			return
		}
	}
}

// help is a helper goroutine: it works on each job it sees and, once no job
// has come for teamSpin, sleeps until do wakes it.
func (t *team) help(h *helper, who int) {
	defer t.wg.Done()
	for !t.stopped.Load() {
		if t.work(who) {
			t.finished <- struct{}{}
			// If the caller was blocked, the send made it runnable on
			// this P, behind us: let it run now, and move on to another.
			runtime.Gosched()
		}
		if t.poll() {
			continue
		}
		h.sleeping.Store(true)
		if (t.hasWork() || t.stopped.Load()) && h.sleeping.CompareAndSwap(true, false) {
			continue
		}
		<-h.wake // do or stop cleared sleeping and is sending this
	}
}

// hasWork reports whether the current job has an unclaimed task.
func (t *team) hasWork() bool {
	s := t.state.Load()
	return s&0xffff < s>>16&0xffff
}

// poll waits up to teamSpin for an unclaimed task or for stop; it reports
// whether one came.
func (t *team) poll() bool {
	start := time.Now()
	for i := 1; ; i++ {
		if t.hasWork() || t.stopped.Load() {
			return true
		}
		if i%32 == 0 && time.Since(start) > teamSpin {
			return false
		}
	}
}

// stop ends the helper goroutines and waits for them; calling it again,
// or on a nil team, does nothing. The team must not be used afterwards.
func (t *team) stop() {
	if t == nil {
		return
	}
	t.stopOnce.Do(func() {
		t.stopped.Store(true)
		for _, h := range t.helpers {
			if h.sleeping.CompareAndSwap(true, false) {
				h.wake <- struct{}{}
			}
		}
		t.wg.Wait()
	})
}
