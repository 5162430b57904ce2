package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/dojo-arena/dojo/assets"
	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/nft"
	"github.com/dojo-arena/dojo/tournament"
	"github.com/dojo-arena/dojo/tournament/jsqueue"
	"github.com/nats-io/nats.go"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

func newTournamentCmd() *cobra.Command {
	var (
		f        nftFlags
		entrants []string
		format   string
		rounds   int
		seed     uint64
		workers  int
		out      string
		resume   bool
		asJSON   bool
		natsURL  string
		natsAddr string
		natsTok  string
		ackWait  time.Duration
	)
	cmd := &cobra.Command{
		Use:   "tournament",
		Short: "Run a tournament between bots, Cores and tokens: schedule, play, rate, publish",
		Long: `tournament registers the entrants (each fixed by content: a token's Core
as its pointer names it now, checked link by link, with a manifest history
that must lead back to the token's first manifest; a Core directory, stored
on IPFS; a bot by name and version), plays the schedule on --workers
goroutines, stores every game's replay on IPFS, and prints the standings
with Glicko-2 ratings (kept in the data directory across tournaments) and
Elo beside them. The results document (results.json in --out, and on IPFS)
lets anyone re-check every game with dojo verify-result.

An entrant whose Core fails verification is excluded, with the reason, and
the tournament goes on; Memories byte-identical to another entrant's are
flagged. Every finished game is journaled in --out: after Ctrl-C, --resume
carries on without playing a finished game again.

Beyond one machine, games go through a NATS JetStream work queue: with
--nats-listen HOST:PORT the tournament starts an embedded nats-server there
(its streams in --out), with --nats URL it uses an existing server or
cluster; --workers then play in this process, and dojo worker --nats URL
processes on any machine pull games too. A worker that dies mid-game has its
game delivered to another after --ack-wait; a result delivered twice counts
once.

Formats: round-robin and double-round-robin (every pairing from both sides),
swiss (--rounds), elimination (seeded from the ratings), gauntlet (the first
entrant against the others).` + nftFlagsHelp,
		Example: "  dojo tournament --entrants bot:rushdown,bot:zoner,bot:brawler,core:my-core,token:1 --format swiss --rounds 5 --out t1",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(entrants) < 2 {
				return usagef("give at least two --entrants")
			}
			if !slices.Contains(tournament.Formats, format) {
				return usagef("--format %q: one of %s", format, strings.Join(tournament.Formats, ", "))
			}
			if format == "swiss" && rounds < 1 {
				return usagef("--format swiss needs --rounds N")
			}
			if rounds < 0 || rounds > tournament.MaxRounds {
				return usagef("--rounds %d: from 1 to %d", rounds, tournament.MaxRounds)
			}
			if out == "" {
				return usagef("say where the tournament keeps its journal and results: --out DIR")
			}
			queued := natsURL != "" || natsAddr != ""
			if natsURL != "" && natsAddr != "" {
				return usagef("give --nats URL (a server that runs) or --nats-listen HOST:PORT (one this process starts), not both")
			}
			if workers < 0 || workers == 0 && !queued {
				return usagef("--workers must be 1 or more (0 only with --nats or --nats-listen, when other processes play)")
			}
			if ackWait <= 0 {
				return usagef("--ack-wait must be positive")
			}
			specs := make([]fighterSpec, 0, len(entrants))
			given := map[string]bool{}
			for _, s := range entrants {
				fs, err := parseFighter(s)
				if err != nil {
					return err
				}
				if given[fs.spec] {
					return usagef("fighter %q is entered twice", fs.spec)
				}
				given[fs.spec] = true
				if fs.kind == "sample" {
					return usagef("fighter %q: tournaments seat Cores as core:DIR", s)
				}
				specs = append(specs, fs)
			}
			if err := os.MkdirAll(out, 0o700); err != nil {
				return err
			}
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelInfo}))
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return withEnv(cmd, &f, false, func(_ context.Context, env *nftEnv) error {
				es := register(ctx, env, specs, f.timeout, log)
				tournament.FlagCopies(es)
				for _, e := range es {
					if e.Excluded != "" {
						log.Warn("entrant excluded", "entrant", e.Spec, "why", e.Excluded)
					}
					for _, fl := range e.Flags {
						log.Warn("entrant flagged", "entrant", e.Spec, "flag", fl)
					}
				}
				ratingsPath := env.Dir.Ratings()
				ratings, err := tournament.LoadBook(ratingsPath)
				if err != nil {
					return err
				}
				bar := newGameProgress(cmd.ErrOrStderr())
				cfg := tournament.Config{
					Format: format, Rounds: rounds, Seed: seed, Workers: workers, Dir: out, Resume: resume,
					Ratings: ratings.Glicko, Elos: ratings.Elo,
					Store: env.storeOnIPFS,
					Progress: func(done, total int, r tournament.Result) {
						bar.update(done, total)
						if r.Error != "" {
							log.Warn("game failed", "game", r.ID, "error", r.Error)
						}
					},
				}
				if queued {
					stopQueue, err := useQueue(ctx, &cfg, es, natsURL, natsAddr, natsTok, out, ackWait, workers, log)
					if err != nil {
						return err
					}
					defer stopQueue()
				}
				res, err := tournament.Run(ctx, es, cfg)
				bar.finish()
				if err != nil {
					if errors.Is(err, context.Canceled) {
						return fmt.Errorf("stopped: the finished games are in %s; carry on with --resume", filepath.Join(out, "journal.jsonl"))
					}
					return err
				}
				path := filepath.Join(out, "results.json")
				c, taken, err := env.publishResults(ctx, res, path)
				if err != nil {
					return err
				}
				if !taken {
					log.Info("the ratings already hold this tournament; they are left as they are", "ratings", env.Dir.Ratings())
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), struct {
						Results string               `json:"results"`
						CID     string               `json:"cid"`
						Rows    []tournament.Row     `json:"standings"`
						Entrant []tournament.Entrant `json:"entrants"`
					}{path, c, res.Standings, res.Entrants})
				}
				printStandings(cmd.OutOrStdout(), res)
				fmt.Fprintf(cmd.OutOrStdout(), "results: %s (ipfs://%s); check them with: dojo verify-result %s\n", path, c, path)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&entrants, "entrants", nil, "the fighters (`SPEC,...`): bot:NAME, core:DIR, token:ID")
	fl.StringVar(&format, "format", "round-robin", "round-robin, double-round-robin, swiss, elimination or gauntlet")
	fl.IntVar(&rounds, "rounds", 0, "the number of Swiss rounds")
	fl.Uint64Var(&seed, "seed", 1, "seeds the schedule and every game")
	fl.IntVar(&workers, "workers", runtime.NumCPU(), "games played at once")
	fl.StringVar(&out, "out", "", "the tournament's `DIR`: its journal and results.json")
	fl.BoolVar(&resume, "resume", false, "carry on with the journal in --out")
	fl.StringVar(&natsURL, "nats", "", "play the games through the NATS JetStream server at `URL` (e.g. nats://10.0.0.5:4222)")
	fl.StringVar(&natsAddr, "nats-listen", "", "start an embedded NATS JetStream server on `HOST:PORT` and play the games through it")
	fl.StringVar(&natsTok, "nats-token-file", "", "the `FILE` holding the NATS token: the one --nats-listen's server wants (default: made in --out as nats-token), or the one --nats's server wants")
	fl.DurationVar(&ackWait, "ack-wait", jsqueue.DefaultAckWait, "how long a worker may hold a game before it goes to another")
	fl.BoolVar(&asJSON, "json", false, "print the standings as one JSON document")
	f.register(fl)
	return cmd
}

// register resolves every entrant, fixing each by content. One that cannot
// be resolved or verified is excluded with the reason.
func register(ctx context.Context, env *nftEnv, specs []fighterSpec, timeout time.Duration, log *slog.Logger) []tournament.Entrant {
	var es []tournament.Entrant
	for _, s := range specs {
		e, err := registerOne(ctx, env, s, timeout)
		if err != nil {
			e = tournament.ExcludedEntrant(s.spec, s.name, err.Error())
		}
		log.Info("entrant", "spec", s.spec, "id", e.ID, "manifest", e.Manifest)
		es = append(es, e)
	}
	return es
}

func registerOne(ctx context.Context, env *nftEnv, s fighterSpec, timeout time.Duration) (tournament.Entrant, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	switch s.kind {
	case "bot":
		return tournament.BotEntrant(s.name)
	case "core":
		c, err := brain.LoadCore(s.name)
		if err != nil {
			return tournament.Entrant{}, err
		}
		// Stored on IPFS so that a verifier fetches the very Core.
		id, _ := c.ID()
		pub, err := nft.Publish(ctx, env.agents.Store, nft.PublishInput{Name: filepath.Base(s.name), Core: c, Form: assets.FormOf(id)})
		if err != nil {
			return tournament.Entrant{}, err
		}
		return tournament.CoreEntrant(s.spec, filepath.Base(s.name), c, pub.ManifestCID.String())
	case "token":
		tok, _ := new(big.Int).SetString(s.name, 10)
		got, err := env.agents.Fetch(ctx, tok)
		if err != nil {
			return tournament.Entrant{}, err
		}
		minted, err := env.agents.Registry.Minted(ctx, tok)
		if err != nil {
			return tournament.Entrant{}, err
		}
		hist, err := nft.History(ctx, env.agents.Store, got.ManifestCID, 100000)
		if err != nil {
			return tournament.Entrant{}, fmt.Errorf("its manifest history: %w", err)
		}
		if first := hist[len(hist)-1].CID.String(); first != minted.Core {
			return tournament.Entrant{}, fmt.Errorf("its manifest history leads back to %s, not to the token's first manifest %s", first, minted.Core)
		}
		name := got.Manifest.Name
		return tournament.CoreEntrant(s.spec, name, got.Core, got.ManifestCID.String())
	}
	return tournament.Entrant{}, fmt.Errorf("cannot enter %s", s.spec)
}

func printStandings(w io.Writer, res *tournament.Results) {
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tentrant\tscore\tW\tD\tL\tfailed\tGlicko-2\tRD\tElo")
	for i, r := range res.Standings {
		fmt.Fprintf(tw, "%d\t%s\t%.1f\t%d\t%d\t%d\t%d\t%.0f\t%.0f\t%.0f\n", i+1, res.Entrants[r.Entrant].Name, r.Score, r.Wins, r.Draws, r.Losses, r.Failed, r.Rating.Rating, r.Rating.Deviation, float64(r.Elo))
	}
	tw.Flush()
	for _, e := range res.Entrants {
		if e.Excluded != "" {
			fmt.Fprintf(w, "excluded: %s: %s\n", e.Spec, e.Excluded)
		}
		for _, f := range e.Flags {
			fmt.Fprintf(w, "flagged: %s: %s\n", e.Spec, f)
		}
	}
}

// gameProgress shows a tournament's games on stderr: a bar with an ETA on
// a terminal, else a plain line at most every progressEvery.
type gameProgress struct {
	log  io.Writer
	bar  *progressbar.ProgressBar
	last time.Time
}

func newGameProgress(log io.Writer) *gameProgress {
	return &gameProgress{log: log}
}

func (p *gameProgress) update(done, total int) {
	if isTerminal(p.log) && total > 0 {
		if p.bar == nil {
			p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.log), progressbar.OptionSetDescription("games"),
				progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionSetWidth(30))
		}
		_ = p.bar.Set(done)
		return
	}
	if time.Since(p.last) >= progressEvery {
		p.last = time.Now()
		if total > 0 {
			fmt.Fprintf(p.log, "games: %d of %d\n", done, total)
		} else {
			fmt.Fprintf(p.log, "games: %d\n", done)
		}
	}
}

func (p *gameProgress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		fmt.Fprintln(p.log)
	}
}

// useQueue sets cfg to play through JetStream: an embedded server on addr,
// or the one at url; workers local workers pull games too. The token is
// read from tokenFile; an embedded server always wants one, made in out
// when no file is named. It returns what stops it all.
func useQueue(ctx context.Context, cfg *tournament.Config, es []tournament.Entrant, url, addr, tokenFile, out string, ackWait time.Duration, workers int, log *slog.Logger) (func(), error) {
	var stops []func()
	stop := func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	var token string
	switch {
	case tokenFile != "":
		t, err := jsqueue.ReadToken(tokenFile)
		if err != nil {
			return nil, err
		}
		token = t
	case addr != "":
		tokenFile = filepath.Join(out, "nats-token")
		t, made, err := jsqueue.TokenFile(tokenFile)
		if err != nil {
			return nil, err
		}
		token = t
		if made {
			log.Info("made the NATS token; workers need it", "token_file", tokenFile)
		}
	}
	if addr != "" {
		host, port, err := splitHostPort(addr)
		if err != nil {
			return nil, usagef("--nats-listen %q: %v", addr, err)
		}
		if port == 0 {
			port = -1 // nats-server's "any free port"; its 0 means 4222
		}
		srv, err := jsqueue.StartServer(filepath.Join(out, "nats"), host, port, token)
		if err != nil {
			return nil, err
		}
		stops = append(stops, srv.Close)
		url = srv.URL()
		log.Info("nats-server started", "url", url, "workers", "dojo worker --nats "+url+" --nats-token-file "+tokenFile)
	}
	nc, js, err := jsqueue.Connect(ctx, url, token, ackWait)
	if err != nil {
		stop()
		return nil, err
	}
	stops = append(stops, nc.Close)
	cfg.Runner = jsqueue.Runner(js, tournament.DefinitionOf(es, *cfg), func(game string, err error) {
		log.Warn("a worker's result refused; the game is played here", "game", game, "why", err)
	})
	wctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := jsqueue.Work(wctx, js, nil); err != nil {
				log.Error("worker", "error", err)
			}
		}()
	}
	stops = append(stops, func() { cancel(); wg.Wait() })
	return stop, nil
}

// redactURL is a server URL fit for a log: without the credentials
// (nats://TOKEN@host or nats://user:password@host) it may carry.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(a URL that does not parse)"
	}
	if u.User != nil {
		u.User = url.User("REDACTED")
	}
	return u.String()
}

func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("port %q", p)
	}
	return host, port, nil
}

func newWorkerCmd() *cobra.Command {
	var natsURL, natsTok string
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Play tournament games from a NATS JetStream queue until stopped",
		Long: `worker connects to the NATS JetStream server at --nats, pulls games one at a
time, plays each (its fighters come with the job: bots by name and
version, Cores from the queue's object store, checked against the identity
the job names), stores the result and only then acknowledges the game. It
runs until Ctrl-C or SIGTERM; a game it had not acknowledged goes to another
worker.

A tournament's embedded server (--nats-listen) wants its token: copy the
token file it made (nats-token in its --out) and give it with
--nats-token-file. The coordinator checks every result it is sent against
its replay and plays a game itself when a result does not hold up.`,
		Example: "  dojo worker --nats nats://10.0.0.5:4222 --nats-token-file nats-token",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if natsURL == "" {
				return usagef("say where the queue is: --nats URL")
			}
			var token string
			if natsTok != "" {
				t, err := jsqueue.ReadToken(natsTok)
				if err != nil {
					return err
				}
				token = t
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			ctx, refuse := context.WithCancelCause(ctx)
			defer refuse(nil)
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			// Each kind of connection trouble is logged once (a server not
			// up yet is retried every 250 ms); a refused token ends the
			// worker, as no retry can mend it.
			var said sync.Map
			nc, js, err := jsqueue.Dial(natsURL, jsqueue.DialOptions{Token: token, Wait: true, OnError: func(err error) {
				if errors.Is(err, nats.ErrAuthorization) {
					refuse(fmt.Errorf("the NATS server at %s refused this worker (%w): give it the tournament's token with --nats-token-file", redactURL(natsURL), err))
					return
				}
				if _, dup := said.LoadOrStore(err.Error(), true); !dup {
					log.Warn("nats", "error", err)
				}
			}})
			if err != nil {
				return err
			}
			defer nc.Close()
			log.Info("worker started", "nats", redactURL(natsURL))
			err = jsqueue.Work(ctx, js, func(r tournament.Result) {
				log.Info("game played", "game", r.ID, "winner", r.Winner, "error", r.Error)
			})
			if cause := context.Cause(ctx); err == nil && cause != nil && !errors.Is(cause, context.Canceled) {
				err = cause
			}
			return err
		},
	}
	cmd.Flags().StringVar(&natsURL, "nats", "", "the NATS JetStream server (`URL`)")
	cmd.Flags().StringVar(&natsTok, "nats-token-file", "", "the `FILE` holding the server's token (a tournament's --out/nats-token)")
	return cmd
}
