package arena

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/nft/agent"
	"github.com/dojo-arena/dojo/nft/connect"
)

// tokenTimeout bounds one mint or save, opening the chain included.
const tokenTimeout = 2 * time.Minute

// Tokens is the arena's door to its fighters' tokens: the chain and IPFS
// store that connect.Open opens (on embedded defaults, the data directory's
// own chain and node), opened in the background on first use and kept open
// until Close. Mints and saves run in the background too; the screen polls
// their TokenJob.
type Tokens struct {
	Options connect.Options

	mu     sync.Mutex
	env    *connect.Env
	cancel context.CancelFunc
	jobs   sync.WaitGroup // mints, saves and scans under way
}

// closeWait bounds how long Close waits for a mint or save under way.
const closeWait = 20 * time.Second

// TokenJob is a mint or a save in progress, as its screen shows it.
type TokenJob struct {
	mu   sync.Mutex
	st   TokenState
	done chan struct{} // closed when st is final
}

// TokenState is a mint's or a save's state.
type TokenState struct {
	Kind    string // "mint" or "save"
	Done    bool
	Err     error
	Token   uint64
	CID     string // the new manifest's CID
	CoreID  string
	Pending bool   // stored on IPFS, not yet on-chain
	Path    string // where a pending save is kept
	Mode    string // how the chain was reached: embedded, attached, rpc
	Elapsed time.Duration
	// Core is a minted fighter's first Core (the mint's seed drew it).
	Core *brain.Core
}

// State is the job's state now.
func (j *TokenJob) State() TokenState {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.st
}

func (j *TokenJob) finish(st TokenState) {
	j.mu.Lock()
	defer j.mu.Unlock()
	st.Done = true
	j.st = st
	close(j.done)
}

// Wait blocks until the job is done (tests, the command line).
func (j *TokenJob) Wait() TokenState {
	<-j.done
	return j.State()
}

// open opens the connection once. The embedded chain and IPFS node live as
// long as the context they are opened with: that is the Tokens' own, which
// Close cancels, not the job's.
func (t *Tokens) open() (*connect.Env, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.env != nil {
		return t.env, nil
	}
	// The connection lives until Close; opening it is bounded like a job.
	ctx, cancel := context.WithCancel(context.Background())
	timer := time.AfterFunc(tokenTimeout, cancel)
	o := t.Options
	o.NeedKey, o.OfflineOK = true, true
	if o.Command == "" {
		o.Command = "dojo-arena"
	}
	env, err := connect.Open(ctx, o)
	if !timer.Stop() {
		if err == nil {
			env.Close()
		}
		return nil, fmt.Errorf("opening the chain and IPFS took more than %v", tokenTimeout)
	}
	if err != nil {
		cancel()
		return nil, err
	}
	t.env, t.cancel = env, cancel
	return env, nil
}

// Close waits (up to closeWait) for the mints and saves under way, so that
// none is cut off, then closes the chain and the store (and frees the data
// directory).
func (t *Tokens) Close() {
	done := make(chan struct{})
	go func() { t.jobs.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(closeWait):
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.env != nil {
		t.env.Close()
		t.cancel()
		t.env = nil
	}
}

// MintRequest is a new fighter to mint.
type MintRequest struct {
	Name      string
	Archetype string
	Form      assets.Form
	Seed      uint64
}

// run runs a mint or a save in the background: it opens the connection if
// need be, then do, bounded by tokenTimeout, fills in the state.
func (t *Tokens) run(st TokenState, do func(ctx context.Context, env *connect.Env, st *TokenState) error) *TokenJob {
	j := &TokenJob{st: st, done: make(chan struct{})}
	t.jobs.Add(1)
	go func() {
		defer t.jobs.Done()
		start := time.Now()
		st.Err = func() error {
			env, err := t.open()
			if err != nil {
				return err
			}
			st.Mode = env.Mode
			ctx, cancel := context.WithTimeout(context.Background(), tokenTimeout)
			defer cancel()
			return do(ctx, env, &st)
		}()
		st.Elapsed = time.Since(start)
		j.finish(st)
	}()
	return j
}

// Mint mints a new fighter in the background.
func (t *Tokens) Mint(req MintRequest) *TokenJob {
	return t.run(TokenState{Kind: "mint"}, func(ctx context.Context, env *connect.Env, st *TokenState) error {
		m, err := env.Agents.Mint(ctx, agent.MintRequest{
			Name: req.Name, Description: "A Dojo fighter, trained by playing.",
			Archetype: req.Archetype, Form: req.Form, Seed: req.Seed,
		})
		if err != nil {
			return err
		}
		if !m.Token.IsUint64() {
			return fmt.Errorf("token id %s is beyond what the arena keeps", m.Token)
		}
		// The minted Core is drawn from the seed: the arena draws it again
		// and checks it is the one on IPFS.
		spec, err := brain.NewSpec(req.Archetype)
		if err != nil {
			return err
		}
		core, err := brain.NewCore(spec, req.Seed)
		if err != nil {
			return err
		}
		id, _ := core.ID()
		if id != m.Published.Manifest.Dojo.Core {
			return fmt.Errorf("the minted Core is %s, the arena drew %s", m.Published.Manifest.Dojo.Core, id)
		}
		st.Token, st.CID, st.CoreID, st.Core = m.Token.Uint64(), m.Published.ManifestCID.String(), id, core
		return nil
	})
}

// Save stores core as token's new state and moves its pointer, in the
// background. A save the chain did not take is kept pending (State.Pending).
func (t *Tokens) Save(token uint64, core *brain.Core) *TokenJob {
	return t.run(TokenState{Kind: "save", Token: token}, func(ctx context.Context, env *connect.Env, st *TokenState) error {
		saved, err := env.Agents.Save(ctx, new(big.Int).SetUint64(token), core, agent.TrainingAttributes(core))
		if saved != nil {
			st.CID, st.CoreID, st.Pending, st.Path = saved.Manifest, saved.CoreID, saved.Pending, saved.PendingPath
		}
		if err != nil && errors.Is(err, agent.ErrPending) {
			return nil // kept pending: the screen says so
		}
		return err
	})
}

// maxScan bounds how many tokens Owned looks at.
const maxScan = 10000

// OwnedToken is a token the arena's signer owns, fetched and checked.
type OwnedToken struct {
	Token uint64
	Name  string
	Form  assets.Form
	CID   string
	Core  *brain.Core
}

// OwnedJob is a scan for the signer's tokens.
type OwnedJob struct {
	mu     sync.Mutex
	done   bool
	err    error
	tokens []OwnedToken
}

// Result is the scan's outcome once done.
func (j *OwnedJob) Result() (tokens []OwnedToken, done bool, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.tokens, j.done, j.err
}

// Owned lists, in the background, the tokens the signer owns, each fetched
// from IPFS with every link checked (agent.Fetch), skipping those in skip.
// Tokens that cannot be fetched are left out.
func (t *Tokens) Owned(skip map[uint64]bool) *OwnedJob {
	j := &OwnedJob{}
	t.jobs.Add(1)
	go func() {
		defer t.jobs.Done()
		var out []OwnedToken
		err := func() error {
			env, err := t.open()
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), tokenTimeout)
			defer cancel()
			a := env.Agents
			if a.Auth == nil {
				return errors.New("no key to own tokens with")
			}
			total, err := a.Registry.TotalMinted(ctx)
			if err != nil {
				return err
			}
			n := min(total.Uint64(), maxScan)
			for id := uint64(1); id <= n; id++ {
				if skip[id] {
					continue
				}
				tok := new(big.Int).SetUint64(id)
				owner, err := a.Registry.Owner(ctx, tok)
				if err != nil || owner != a.Auth.From {
					continue
				}
				got, err := a.Fetch(ctx, tok)
				if err != nil {
					continue
				}
				name := got.Manifest.Name
				if CheckName(name) != nil {
					name = "token " + tok.String()
				}
				out = append(out, OwnedToken{Token: id, Name: name, Form: got.Form, CID: got.ManifestCID.String(), Core: got.Core})
			}
			return nil
		}()
		j.mu.Lock()
		j.tokens, j.err, j.done = out, err, true
		j.mu.Unlock()
	}()
	return j
}
