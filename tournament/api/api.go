// Package api is `dojo serve`: a tournament server's HTTP JSON API and a
// small HTML page for people. It registers entrants, starts a tournament,
// streams its progress live (server-sent events), serves the standings and
// every game's replay, and exports Prometheus metrics.
//
// Request bodies are size-limited and strictly parsed; no CORS header is
// ever sent (browsers keep other sites' pages out); `dojo serve` listens on
// 127.0.0.1 unless told otherwise.
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/dojo-arena/dojo/internal/strictjson"
	"github.com/dojo-arena/dojo/tournament"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// MaxBody bounds a request body.
const MaxBody = 64 << 10

// MaxEntrants bounds how many entrants a tournament takes.
const MaxEntrants = 256

//go:embed page.html
var page []byte

// Resolver registers an entrant from its spec (bot:NAME, core:DIR,
// token:ID), fixing it by content; an error excludes it.
type Resolver func(ctx context.Context, spec string) (tournament.Entrant, error)

// Server is the tournament server.
type Server struct {
	Resolve Resolver
	// Run plays a tournament (tournament.Run with the server's Config
	// filled in: where its journal goes, how replays are stored).
	Run func(ctx context.Context, es []tournament.Entrant, cfg tournament.Config) (*tournament.Results, error)
	// Fetch, when set, reads a replay back from where Run's Config.Store
	// put it (IPFS): the server then keeps each game's replay CID rather
	// than its bytes. Without it the bytes are kept, one tournament's.
	Fetch func(ctx context.Context, cid string) ([]byte, error)

	mu       sync.Mutex
	entrants []tournament.Entrant
	state    string // "idle", "running", "finished", "failed"
	format   string
	done     int
	total    int
	lastErr  string
	results  *tournament.Results
	replays  map[string]replayRef
	watchers map[chan []byte]bool

	reg          *prometheus.Registry
	gamesTotal   *prometheus.CounterVec
	gamesFailed  prometheus.Counter
	queueLength  prometheus.Gauge
	httpRequests *prometheus.CounterVec
}

// New returns a server with its metrics registered on a registry of its own.
func New(resolve Resolver, run func(context.Context, []tournament.Entrant, tournament.Config) (*tournament.Results, error)) *Server {
	s := &Server{Resolve: resolve, Run: run, state: "idle", replays: map[string]replayRef{}, watchers: map[chan []byte]bool{}, reg: prometheus.NewRegistry()}
	s.gamesTotal = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dojo_games_total", Help: "Games finished, by outcome (win, draw, failed); rate() gives games per second."}, []string{"outcome"})
	s.gamesFailed = prometheus.NewCounter(prometheus.CounterOpts{Name: "dojo_games_failed_total", Help: "Games that ended without a result (a fighter that panicked)."})
	s.queueLength = prometheus.NewGauge(prometheus.GaugeOpts{Name: "dojo_queue_length", Help: "Games of the running tournament not finished yet."})
	s.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dojo_http_requests_total", Help: "API requests, by route and status."}, []string{"route", "code"})
	s.reg.MustRegister(s.gamesTotal, s.gamesFailed, s.queueLength, s.httpRequests)
	return s
}

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.route("page", s.page))
	mux.HandleFunc("GET /api/entrants", s.route("entrants", s.listEntrants))
	mux.HandleFunc("POST /api/entrants", s.route("register", s.register))
	mux.HandleFunc("POST /api/tournaments", s.route("start", s.start))
	mux.HandleFunc("GET /api/status", s.route("status", s.status))
	mux.HandleFunc("GET /api/standings", s.route("standings", s.standings))
	mux.HandleFunc("GET /api/games/{id}/replay", s.route("replay", s.replay))
	mux.HandleFunc("GET /api/events", s.events)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}))
	return mux
}

// statusWriter remembers the status code for the metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) { w.code = code; w.ResponseWriter.WriteHeader(code) }

func (s *Server) route(name string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		sw.Header().Set("X-Content-Type-Options", "nosniff")
		h(sw, r)
		s.httpRequests.WithLabelValues(name, fmt.Sprint(sw.code)).Inc()
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, code int, format string, args ...any) {
	writeJSON(w, code, map[string]string{"error": fmt.Sprintf(format, args...)})
}

// readBody reads a JSON request body into v: JSON only, at most MaxBody
// bytes, one strict document (no unknown field, no key twice), and no text
// that could act on a terminal.
func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		fail(w, http.StatusUnsupportedMediaType, "send JSON (Content-Type: application/json)")
		return false
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(w, http.StatusRequestEntityTooLarge, "the body is over %d bytes", MaxBody)
		} else {
			fail(w, http.StatusBadRequest, "reading the body: %v", err)
		}
		return false
	}
	if err := strictjson.Unmarshal(data, v); err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return false
	}
	if err := safetext.CheckAll(v); err != nil {
		fail(w, http.StatusBadRequest, "%v", err)
		return false
	}
	return true
}

func (s *Server) page(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'")
	_, _ = w.Write(page)
}

func (s *Server) listEntrants(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, append([]tournament.Entrant{}, s.entrants...))
}

type registerReq struct {
	Spec string `json:"spec"`
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	var req registerReq
	if !readBody(w, r, &req) {
		return
	}
	kind, name, ok := strings.Cut(req.Spec, ":")
	if !ok || name == "" || len(req.Spec) > 512 || (kind != "bot" && kind != "core" && kind != "token") {
		fail(w, http.StatusBadRequest, "spec %q: want bot:NAME, core:DIR or token:ID", req.Spec)
		return
	}
	s.mu.Lock()
	if s.state == "running" {
		s.mu.Unlock()
		fail(w, http.StatusConflict, "a tournament is running: register when it is over")
		return
	}
	if len(s.entrants) >= MaxEntrants {
		s.mu.Unlock()
		fail(w, http.StatusConflict, "%d entrants already, the most a tournament takes", MaxEntrants)
		return
	}
	s.mu.Unlock()
	// A client that goes away does not cut a registration short (the
	// entrant would be excluded as "context canceled"): Resolve has its own
	// time limit.
	e, err := s.Resolve(context.WithoutCancel(r.Context()), req.Spec)
	if err != nil {
		e = tournament.ExcludedEntrant(req.Spec, name, err.Error())
	}
	s.mu.Lock()
	s.entrants = append(s.entrants, e)
	tournament.FlagCopies(s.entrants)
	e = s.entrants[len(s.entrants)-1]
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, e)
}

type startReq struct {
	Format string `json:"format"`
	Rounds int    `json:"rounds,omitempty"`
	Seed   uint64 `json:"seed,string,omitempty"`
}

func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	var req startReq
	if !readBody(w, r, &req) {
		return
	}
	if !slices.Contains(tournament.Formats, req.Format) {
		fail(w, http.StatusBadRequest, "format %q: one of %s", req.Format, strings.Join(tournament.Formats, ", "))
		return
	}
	if req.Format == "swiss" && (req.Rounds < 1 || req.Rounds > 64) {
		fail(w, http.StatusBadRequest, "swiss needs rounds from 1 to 64")
		return
	}
	s.mu.Lock()
	if s.state == "running" {
		s.mu.Unlock()
		fail(w, http.StatusConflict, "a tournament is running")
		return
	}
	es := append([]tournament.Entrant{}, s.entrants...)
	s.state, s.format, s.done, s.total, s.lastErr = "running", req.Format, 0, 0, ""
	// The replays served are the running tournament's (the last one's stay
	// on IPFS, under the CIDs its results name).
	s.replays = map[string]replayRef{}
	s.mu.Unlock()
	cfg := tournament.Config{Format: req.Format, Rounds: req.Rounds, Seed: req.Seed,
		Progress: func(done, total int, res tournament.Result) { s.progress(done, total, res) }}
	go func() {
		res, err := s.Run(context.Background(), es, cfg)
		s.mu.Lock()
		if err != nil {
			s.state, s.lastErr = "failed", err.Error()
		} else {
			s.state, s.results = "finished", res
			for i := range res.Games {
				s.keep(res.Games[i])
				if s.Fetch != nil && res.Games[i].ReplayCID != "" {
					res.Games[i].Replay = nil // on IPFS: not held here too
				}
			}
		}
		s.queueLength.Set(0)
		s.mu.Unlock()
		s.broadcast()
	}()
	writeJSON(w, http.StatusAccepted, map[string]string{"state": "running"})
}

func (s *Server) progress(done, total int, r tournament.Result) {
	switch {
	case r.Error != "":
		s.gamesTotal.WithLabelValues("failed").Inc()
		s.gamesFailed.Inc()
	case r.Winner < 0:
		s.gamesTotal.WithLabelValues("draw").Inc()
	default:
		s.gamesTotal.WithLabelValues("win").Inc()
	}
	s.mu.Lock()
	s.done, s.total = done, total
	if total > 0 {
		s.queueLength.Set(float64(total - done))
	}
	s.keep(r)
	s.mu.Unlock()
	s.broadcast()
}

// Status is the server's state.
type Status struct {
	State    string `json:"state"`
	Format   string `json:"format,omitempty"`
	Done     int    `json:"done"`
	Total    int    `json:"total"`
	Entrants int    `json:"entrants"`
	Error    string `json:"error,omitempty"`
}

func (s *Server) snapshot() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Status{State: s.state, Format: s.format, Done: s.done, Total: s.total, Entrants: len(s.entrants), Error: s.lastErr}
}

func (s *Server) status(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.snapshot())
}

// StandingsView is the standings as the API gives them.
type StandingsView struct {
	Format   string               `json:"format"`
	Entrants []tournament.Entrant `json:"entrants"`
	Rows     []tournament.Row     `json:"standings"`
	Games    []tournament.Result  `json:"games"`
}

func (s *Server) standings(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	res := s.results
	s.mu.Unlock()
	if res == nil {
		fail(w, http.StatusNotFound, "no tournament has finished yet")
		return
	}
	writeJSON(w, http.StatusOK, StandingsView{Format: res.Format, Entrants: res.Entrants, Rows: res.Standings, Games: res.Games})
}

// replayRef is where a game's replay is: on IPFS under cid (read back
// with Fetch) or, with no Fetch, in data.
type replayRef struct {
	cid  string
	data []byte
}

// keep notes where r's replay is; s.mu is held.
func (s *Server) keep(r tournament.Result) {
	switch {
	case s.Fetch != nil && r.ReplayCID != "":
		s.replays[r.ID] = replayRef{cid: r.ReplayCID}
	case r.Replay != nil:
		s.replays[r.ID] = replayRef{data: r.Replay}
	}
}

func (s *Server) replay(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	ref, ok := s.replays[id]
	s.mu.Unlock()
	if !ok {
		fail(w, http.StatusNotFound, "no game %q", safetext.Escape(id))
		return
	}
	data := ref.data
	if data == nil {
		var err error
		if data, err = s.Fetch(r.Context(), ref.cid); err != nil {
			fail(w, http.StatusBadGateway, "game %s's replay (%s): %v", id, ref.cid, err)
			return
		}
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", id+".replay"))
	_, _ = w.Write(data)
}

// events streams the status as server-sent events: one now, one per change.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		fail(w, http.StatusInternalServerError, "streaming unsupported")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	ch := make(chan []byte, 8)
	s.mu.Lock()
	s.watchers[ch] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.watchers, ch)
		s.mu.Unlock()
	}()
	send := func(data []byte) bool {
		if _, err := fmt.Fprintf(w, "data: %s\n\n", data); err != nil {
			return false
		}
		fl.Flush()
		return true
	}
	first, _ := json.Marshal(s.snapshot())
	if !send(first) {
		return
	}
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case data := <-ch:
			if !send(data) {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

// broadcast sends the status to every watcher; a slow one misses updates
// rather than slowing the tournament.
func (s *Server) broadcast() {
	data, _ := json.Marshal(s.snapshot())
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.watchers {
		select {
		case ch <- data:
		default:
		}
	}
}
