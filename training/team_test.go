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

// TestTeamSolo checks that a team told to run alone runs every task on the
// caller.
func TestTeamSolo(t *testing.T) {
	tm := newTeam(3)
	defer tm.stop()
	tm.solo = true
	for job := 0; job < 50; job++ {
		n := 0
		tm.do(5, func(_, who int) {
			if who != 0 {
				t.Fatalf("job %d: member %d ran a task of a solo team", job, who)
			}
			n++
		})
		if n != 5 {
			t.Fatalf("job %d ran %d of 5 tasks", job, n)
		}
	}
}

// TestModeChooser feeds the chooser step times and checks that it tries
// both ways, keeps the faster (alone unless the team is clearly faster),
// and tries both again after chooseKeep steps.
func TestModeChooser(t *testing.T) {
	for _, tc := range []struct {
		team, one time.Duration
		alone     bool
	}{
		{50 * time.Microsecond, 100 * time.Microsecond, false}, // quiet: the team halves a step
		{140 * time.Microsecond, 100 * time.Microsecond, true}, // a busy neighbour
		{99 * time.Microsecond, 100 * time.Microsecond, true},  // not clearly faster
	} {
		var c modeChooser
		var ways []bool
		for step := 0; step < 2*(2*chooseTry+chooseKeep); step++ {
			alone := c.alone()
			ways = append(ways, alone)
			d := tc.team
			if alone {
				d = tc.one
			}
			c.record(d)
		}
		cycle := 2*chooseTry + chooseKeep
		for step, alone := range ways {
			var want bool
			switch s := step % cycle; {
			case s < chooseTry:
				want = false
			case s < 2*chooseTry:
				want = true
			default:
				want = tc.alone
			}
			if alone != want {
				t.Fatalf("team %v, alone %v: step %d ran alone %v, want %v", tc.team, tc.one, step, alone, want)
			}
		}
	}
}
