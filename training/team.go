package training

import (
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
// And a team that does not pay stands down. When the helpers miss
// teamMisses jobs in a row (they took no task, or the caller had to block
// for one they had started: they were descheduled), the caller runs the
// next jobs alone without waking anybody, 32 at first and twice as many
// after each stretch that ends in more misses (at most 4096, a fraction of
// a second of training). At the end of a stretch it pings the helpers
// without giving them work, and goes on alone for another stretch unless
// one answers before the next job: a helper without a core never holds up
// the caller again. So beside a busy process the team works like one
// goroutine, as GOMAXPROCS=1 would, and on a quiet machine the helpers,
// kept warm by back-to-back jobs, take their share of every job.
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
	// Standing down (see above): helped counts the tasks helpers ran in
	// the current job, misses the jobs in a row they did not pay, solo
	// the jobs left to run alone, backoff the next such stretch. adapt
	// off keeps the helpers on every job (tests that need them).
	helped  atomic.Uint32
	misses  int
	solo    int
	backoff int
	adapt   bool
	// pinging is set while the caller waits for an answer to its ping;
	// pingAt and pong are the times (ns since epoch) of the last ping and
	// of a helper's last answer.
	pinging      bool
	pingAt, pong atomic.Int64
	epoch        time.Time
}

// The bounds of standing down.
const (
	teamMisses  = 4
	teamSoloMin = 32
	teamSoloMax = 4096
	// teamPingSpin is how long a helper that answered a ping polls for
	// the job that follows.
	teamPingSpin = 200 * time.Microsecond
)

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
	t := &team{finished: make(chan struct{}, 1), adapt: true, backoff: teamSoloMin, epoch: time.Now()}
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
		if who > 0 {
			t.helped.Add(1)
		}
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
	alone := t == nil || len(t.helpers) == 0 || n <= 1
	if !alone && t.adapt {
		switch {
		case t.solo > 0:
			alone = true
			if t.solo--; t.solo == 0 {
				t.ping()
			}
		case t.pinging:
			t.pinging = false
			if t.pong.Load() < t.pingAt.Load() {
				t.standDown() // nobody answered: another stretch alone
				alone = true
			}
		}
	}
	if alone {
		for i := 0; i < n; i++ {
			run(i, 0)
		}
		return
	}
	t.run = run
	t.done.Store(0)
	t.helped.Store(0)
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
	blocked := false
	if !t.work(0) {
		blocked = t.await()
	}
	t.run = nil
	if t.adapt {
		t.judge(t.helped.Load() > 0 && !blocked)
	}
}

// judge counts a job in which the helpers paid or not, and makes the
// caller run the next jobs alone after teamMisses misses in a row.
func (t *team) judge(paid bool) {
	if paid {
		t.misses, t.backoff = 0, teamSoloMin
		return
	}
	if t.misses++; t.misses >= teamMisses {
		t.standDown()
	}
}

// standDown starts a stretch of jobs alone, twice as long as the last.
func (t *team) standDown() {
	t.solo, t.misses = t.backoff, 0
	t.backoff = min(2*t.backoff, teamSoloMax)
}

// now is the time since the team started, in nanoseconds (never 0).
func (t *team) now() int64 { return int64(time.Since(t.epoch)) + 1 }

// ping asks the helpers whether they are around (see answer), waking the
// sleeping ones.
func (t *team) ping() {
	t.pinging = true
	t.pingAt.Store(t.now())
	for _, h := range t.helpers {
		if h.sleeping.CompareAndSwap(true, false) {
			h.wake <- struct{}{}
		}
	}
}

// answer answers a ping not yet answered and reports whether it did.
func (t *team) answer() bool {
	if p := t.pingAt.Load(); p != 0 && t.pong.Load() < p {
		t.pong.Store(t.now())
		return true
	}
	return false
}

// await waits for a helper's word that it finished the job's last task
// and reports whether it had to block for it.
func (t *team) await() (blocked bool) {
	start := time.Now()
	for i := 1; ; i++ {
		select {
		case <-t.finished:
			return false
		default:
		}
		if i%32 == 0 && time.Since(start) > teamSpin {
			<-t.finished
			return true
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
		}
		spin := teamSpin
		if t.answer() {
			spin = teamPingSpin // the caller is about to try us again
		}
		if t.poll(spin) {
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

// poll waits up to spin for an unclaimed task or for stop; it reports
// whether one came.
func (t *team) poll(spin time.Duration) bool {
	start := time.Now()
	for i := 1; ; i++ {
		if t.hasWork() || t.stopped.Load() {
			return true
		}
		if i%32 == 0 && time.Since(start) > spin {
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
