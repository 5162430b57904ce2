package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/dojo-arena/dojo/tournament"
	"github.com/dojo-arena/dojo/tournament/api"
	"github.com/spf13/cobra"
)

func newServeCmd() *cobra.Command {
	var (
		f       nftFlags
		listen  string
		out     string
		workers int
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve tournaments over HTTP: a JSON API, a page for people, Prometheus metrics",
		Long: `serve runs a tournament server on --listen (127.0.0.1:8090 by default: give
an address of another interface on purpose to be reached from elsewhere).

  GET  /                        the page: register, start, watch, standings, replays
  GET  /api/entrants            the entrants
  POST /api/entrants            {"spec":"bot:zoner"} (or core:DIR, token:ID) registers one
  POST /api/tournaments         {"format":"swiss","rounds":5,"seed":"1"} starts one
  GET  /api/status              the state and the games done
  GET  /api/events              the same as server-sent events, live
  GET  /api/standings           the last tournament's standings and games
  GET  /api/games/ID/replay     a game's replay
  GET  /metrics                 Prometheus: games (rate: games/s), failures, queue length

Bodies are JSON, at most 64 KiB, strictly parsed; no CORS header is sent.
Each tournament keeps its journal and results.json in --out, its replays and
results on IPFS, and the ratings in the data directory.` + nftFlagsHelp,
		Example: "  dojo serve --out tournaments",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("say where tournaments keep their journals and results: --out DIR")
			}
			if workers < 1 {
				return usagef("--workers must be 1 or more")
			}
			if _, _, err := net.SplitHostPort(listen); err != nil {
				return usagef("--listen %q: %v", listen, err)
			}
			if err := os.MkdirAll(out, 0o700); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			return withEnv(cmd, &f, false, func(_ context.Context, env *nftEnv) error {
				var mu sync.Mutex // one registration at a time on the store
				resolve := func(rctx context.Context, spec string) (tournament.Entrant, error) {
					fs, err := parseFighter(spec)
					if err != nil {
						return tournament.Entrant{}, err
					}
					mu.Lock()
					defer mu.Unlock()
					e, err := registerOne(rctx, env, fs, f.timeout)
					log.Info("entrant", "spec", spec, "id", e.ID, "error", err)
					return e, err
				}
				run := func(rctx context.Context, es []tournament.Entrant, cfg tournament.Config) (*tournament.Results, error) {
					cfg.Dir = filepath.Join(out, time.Now().UTC().Format("20060102-150405.000"))
					if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
						return nil, err
					}
					cfg.Workers = workers
					book, err := tournament.LoadBook(env.Dir.Ratings())
					if err != nil {
						return nil, err
					}
					cfg.Ratings, cfg.Elos = book.Glicko, book.Elo
					cfg.Store = env.storeOnIPFS
					log.Info("tournament started", "format", cfg.Format, "entrants", len(es), "dir", cfg.Dir)
					res, err := tournament.Run(ctx, es, cfg)
					if err != nil {
						return nil, err
					}
					c, _, err := env.publishResults(ctx, res, filepath.Join(cfg.Dir, "results.json"))
					if err != nil {
						return nil, err
					}
					log.Info("tournament finished", "results", c)
					return res, nil
				}
				server := api.New(resolve, run)
				// Replays are served from IPFS, where each game's is stored,
				// rather than held in memory.
				server.Fetch = env.fetchReplay
				srv := &http.Server{Addr: listen, Handler: server.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
				l, err := net.Listen("tcp", listen)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "dojo serve: http://%s/\n", l.Addr())
				go func() {
					<-ctx.Done()
					sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					defer cancel()
					_ = srv.Shutdown(sctx)
				}()
				if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
					return err
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&listen, "listen", "127.0.0.1:8090", "the `HOST:PORT` to serve on")
	fl.StringVar(&out, "out", "", "the `DIR` where each tournament keeps its journal and results")
	fl.IntVar(&workers, "workers", runtime.NumCPU(), "games played at once")
	f.register(fl)
	return cmd
}
