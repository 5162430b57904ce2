package training

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestTeamRunsEveryTaskOnce runs jobs of every size on teams of one to four
// members and checks that each task runs exactly once per job, with a
// member index in range, and that the helpers take part.
func TestTeamRunsEveryTaskOnce(t *testing.T) {
	for workers := 1; workers <= 4; workers++ {
		tm := newTeam(workers)
		tm.adapt = false // the hand-off below needs the helpers on every job
		if tm.workers() != workers {
			t.Fatalf("team of %d has %d workers", workers, tm.workers())
		}
		var helped atomic.Int32
		for job := 0; job < 300; job++ {
			n := job % 9
			counts := make([]atomic.Int32, n)
			tm.do(n, func(i, who int) {
				if who < 0 || who >= workers {
					t.Errorf("member %d in a team of %d", who, workers)
				}
				if who > 0 {
					helped.Add(1)
				}
				counts[i].Add(1)
			})
			for i := range counts {
				if c := counts[i].Load(); c != 1 {
					t.Fatalf("%d workers, job %d: task %d ran %d times", workers, job, i, c)
				}
			}
		}
		// A job whose first task waits for its second cannot finish unless
		// a helper runs the second: do must hand it over, even on one CPU.
		if workers > 1 {
			var ran atomic.Int32
			tm.do(2, handOff(func(int, int) {}, &ran))
			if ran.Load() == 0 {
				t.Errorf("%d workers: a helper ran none of the handed-off tasks", workers)
			}
		}
		tm.stop()
		tm.stop()
	}
	var none *team
	n := 0
	none.do(3, func(int, int) { n++ })
	none.stop()
	if n != 3 || none.workers() != 1 {
		t.Errorf("nil team ran %d of 3 tasks, has %d workers", n, none.workers())
	}
}

// TestTeamStandsDown checks that after teamMisses jobs in which the helpers
// did not pay, the caller runs the next jobs alone (no helper runs a task),
// for a stretch that doubles while the helpers keep missing and shrinks
// back once they pay.
func TestTeamStandsDown(t *testing.T) {
	tm := newTeam(2)
	defer tm.stop()
	for range teamMisses {
		tm.judge(false)
	}
	if tm.solo != teamSoloMin {
		t.Fatalf("after %d misses, %d jobs to run alone, want %d", teamMisses, tm.solo, teamSoloMin)
	}
	for job := 0; job < teamSoloMin; job++ {
		var helped atomic.Int32
		tm.do(2, func(_, who int) {
			if who > 0 {
				helped.Add(1)
			}
		})
		if helped.Load() != 0 {
			t.Fatalf("job %d of a solo stretch: a helper ran a task", job)
		}
	}
	if tm.solo != 0 || !tm.pinging {
		t.Fatalf("%d solo jobs left after the stretch, pinging %v", tm.solo, tm.pinging)
	}
	// Whether or not the helper answered the ping in time (it depends on
	// the machine), the next job runs every task once.
	n := 0
	tm.do(2, func(int, int) { n++ })
	if n != 2 || tm.pinging {
		t.Fatalf("the job after the ping ran %d of 2 tasks, pinging %v", n, tm.pinging)
	}
	// A ping nobody answers starts another, longer stretch.
	tm.solo, tm.backoff = 0, 2*teamSoloMin
	tm.pinging = true
	tm.pingAt.Store(tm.now() + int64(time.Hour))
	tm.do(2, func(int, int) {})
	if tm.solo != 2*teamSoloMin {
		t.Errorf("after an unanswered ping, %d jobs to run alone, want %d", tm.solo, 2*teamSoloMin)
	}
	tm.solo, tm.backoff = 0, 2*teamSoloMin
	for range teamMisses {
		tm.judge(false)
	}
	if tm.solo != 2*teamSoloMin {
		t.Errorf("second stretch of %d jobs, want %d", tm.solo, 2*teamSoloMin)
	}
	tm.solo = 0
	tm.judge(true)
	if tm.backoff != teamSoloMin || tm.misses != 0 {
		t.Errorf("after a job that paid: backoff %d, misses %d", tm.backoff, tm.misses)
	}
}
