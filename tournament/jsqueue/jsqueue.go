// Package jsqueue runs a tournament's games on a NATS JetStream work queue,
// so that workers on other machines play them: the coordinator publishes one
// job per game on a work-queue stream and each entrant's Core once into an
// object store; workers pull jobs, acknowledge each explicitly only once its
// result is stored on the results stream, and a job whose worker died is
// delivered again after AckWait. Results are keyed by game id, so one
// delivered twice counts once (tournament.Run drops the second).
//
// An embedded nats-server (StartServer) is the single-machine default; a
// cluster is reached by its URL.
package jsqueue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/internal/strictjson"
	"github.com/dojo-arena/dojo/tournament"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Names on the server.
const (
	GamesStream   = "DOJO_GAMES"
	ResultsStream = "DOJO_RESULTS"
	CoresBucket   = "dojo-cores"
	WorkerGroup   = "dojo-workers"
	gamesPrefix   = "dojo.games."
	resultsPrefix = "dojo.results."
)

// DefaultAckWait is how long a job may go unacknowledged before it is
// delivered to another worker: several times the longest game.
const DefaultAckWait = 30 * time.Second

// jobWait is how long a worker waits for a job at a time (it then asks
// again): how long it may take to stop.
const jobWait = 200 * time.Millisecond

// maxDeliver is how many times a job is delivered before workers give up
// on it (they died on it, or could not reach its Cores): the next worker to
// get it sends a failure instead of playing, which the coordinator refuses
// and plays the game itself. The queue itself never drops a job, so that
// no game is left without a result.
const maxDeliver = 10

// maxMsg bounds a job or a result message; maxCore a stored Core.
const (
	maxMsg  = 1 << 20
	maxCore = 16 << 20
)

// Server is an embedded nats-server with JetStream.
type Server struct {
	s *server.Server
}

// StartServer starts an embedded nats-server with JetStream, keeping its
// streams in dir, listening on host:port (port -1: any free port). With a
// token, a client that does not present it is refused (Dial's and
// Connect's token).
func StartServer(dir, host string, port int, token string) (*Server, error) {
	s, err := server.NewServer(&server.Options{Host: host, Port: port, JetStream: true, StoreDir: dir, NoSigs: true, NoLog: true, Authorization: token})
	if err != nil {
		return nil, err
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, errors.New("the embedded nats-server did not start")
	}
	return &Server{s: s}, nil
}

// URL is the server's client URL.
func (s *Server) URL() string { return s.s.ClientURL() }

// Close shuts the server down.
func (s *Server) Close() {
	s.s.Shutdown()
	s.s.WaitForShutdown()
}

// DialOptions say how Dial connects.
type DialOptions struct {
	// Token is presented to the server when it is not empty (credentials
	// in the URL work too).
	Token string
	// Wait makes a server that is not up yet be waited for (a worker
	// started before its coordinator); without it, that is an error at
	// once.
	Wait bool
	// OnError, when set, is told why an attempt to connect or reconnect
	// failed, or why the server dropped the connection; a wrong token is
	// nats.ErrAuthorization.
	OnError func(error)
}

// Dial connects to the server at url as a worker: it creates nothing.
func Dial(url string, o DialOptions) (*nats.Conn, jetstream.JetStream, error) {
	opts := []nats.Option{nats.Name("dojo"), nats.MaxReconnects(-1), nats.RetryOnFailedConnect(o.Wait), nats.ReconnectWait(250 * time.Millisecond)}
	if o.Token != "" {
		opts = append(opts, nats.Token(o.Token))
	}
	if o.OnError != nil {
		opts = append(opts,
			nats.ReconnectErrHandler(func(_ *nats.Conn, err error) { o.OnError(err) }),
			nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { o.OnError(err) }))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	return nc, js, nil
}

// Connect connects to the server at url (the coordinator), presenting
// token if it is not empty, and makes sure the streams, the worker group
// and the bucket exist. ackWait (0: DefaultAckWait) is how long the worker
// group's jobs may go unacknowledged.
func Connect(ctx context.Context, url, token string, ackWait time.Duration) (*nats.Conn, jetstream.JetStream, error) {
	nc, js, err := Dial(url, DialOptions{Token: token})
	if err != nil {
		return nil, nil, err
	}
	if ackWait == 0 {
		ackWait = DefaultAckWait
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: GamesStream, Subjects: []string{gamesPrefix + ">"},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage, MaxMsgSize: maxMsg, Duplicates: time.Hour}); err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("games stream: %w", err)
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: ResultsStream, Subjects: []string{resultsPrefix + ">"},
		Storage: jetstream.FileStorage, MaxMsgSize: maxMsg, Duplicates: time.Hour}); err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("results stream: %w", err)
	}
	if _, err := js.CreateOrUpdateConsumer(ctx, GamesStream, jetstream.ConsumerConfig{Durable: WorkerGroup,
		AckPolicy: jetstream.AckExplicitPolicy, AckWait: ackWait, MaxDeliver: -1, MaxAckPending: 1000}); err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("worker group: %w", err)
	}
	if _, err := js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: CoresBucket, Storage: jetstream.FileStorage}); err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("cores bucket: %w", err)
	}
	return nc, js, nil
}

// fighter names a job's side: a bot by name, or a Core by its object.
type fighter struct {
	ID   string `json:"id"`
	Bot  string `json:"bot,omitempty"`
	Core string `json:"core,omitempty"`
}

// job is one game to play.
type job struct {
	Tournament string          `json:"tournament"`
	Game       tournament.Game `json:"game"`
	Sides      [2]fighter      `json:"sides"`
}

// resultMsg is a finished game, with its replay.
type resultMsg struct {
	Tournament string            `json:"tournament"`
	Result     tournament.Result `json:"result"`
	Replay     []byte            `json:"replay_bytes"`
}

// token makes a subject token of a tournament's definition hash.
func token(def string) string {
	return strings.TrimPrefix(def, "sha256:")
}

func objectName(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// Runner returns a tournament.Config.Runner that plays games through the
// queue: it stores the entrants' Cores, publishes a job per game not done
// (deduplicated by game id on the server, so a coordinator that restarts
// publishes nothing twice), and records results as workers deliver them.
//
// A worker's result is checked (tournament.CheckResult) before it counts;
// one that does not hold up, or says its game failed, is told to refused
// (when set) and the game is played here instead.
func Runner(js jetstream.JetStream, def string, refused func(game string, err error)) func(ctx context.Context, games []tournament.Game, es []tournament.Entrant, done func(string) bool, record func(tournament.Result)) error {
	// The Cores stored so far: a Swiss or an elimination runs a batch a
	// round, and each Core is stored once.
	stored := map[string]bool{}
	return func(ctx context.Context, games []tournament.Game, es []tournament.Entrant, done func(string) bool, record func(tournament.Result)) error {
		obj, err := js.ObjectStore(ctx, CoresBucket)
		if err != nil {
			return err
		}
		sides := make([]fighter, len(es))
		for i := range es {
			e := &es[i]
			sides[i] = fighter{ID: e.ID, Bot: e.Bot()}
			if c := e.Core(); c != nil {
				name := objectName(e.ID)
				if !stored[name] {
					data, err := encodeCore(c)
					if err != nil {
						return err
					}
					if _, err := obj.PutBytes(ctx, name, data); err != nil {
						return fmt.Errorf("storing %s's Core: %w", e.Name, err)
					}
					stored[name] = true
				}
				sides[i].Core = name
			}
		}
		want := map[string]tournament.Game{}
		for _, g := range games {
			if done(g.ID) {
				continue
			}
			want[g.ID] = g
			data, err := json.Marshal(job{Tournament: def, Game: g, Sides: [2]fighter{sides[g.Sides[0]], sides[g.Sides[1]]}})
			if err != nil {
				return err
			}
			if _, err := js.Publish(ctx, gamesPrefix+token(def), data, jetstream.WithMsgID(def+"/"+g.ID)); err != nil {
				return fmt.Errorf("publishing game %s: %w", g.ID, err)
			}
		}
		if len(want) == 0 {
			return nil
		}
		// Every result of this tournament, from the start of the stream: a
		// coordinator that restarted gets the results it missed.
		cons, err := js.OrderedConsumer(ctx, ResultsStream, jetstream.OrderedConsumerConfig{FilterSubjects: []string{resultsPrefix + token(def)}})
		if err != nil {
			return err
		}
		for len(want) > 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			msg, err := cons.Next(jetstream.FetchMaxWait(time.Second))
			if errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, nats.ErrTimeout) {
				continue
			}
			if err != nil {
				return err
			}
			var rm resultMsg
			if len(msg.Data()) > maxMsg || strictjson.Unmarshal(msg.Data(), &rm) != nil || rm.Tournament != def {
				continue // not one of ours, or malformed: never trusted
			}
			r := rm.Result
			g, ok := want[r.ID]
			if !ok {
				continue // another batch's, or a redelivered one already counted
			}
			// What is stored where is the coordinator's to say: a worker's
			// replay CID and Cores are not taken.
			r.Replay, r.ReplayCID, r.Cores = rm.Replay, "", [2]string{}
			if err := tournament.CheckResult(&r, g, es); err != nil {
				if refused != nil {
					refused(g.ID, err)
				}
				r = tournament.Play(g, es)
			}
			delete(want, g.ID)
			record(r)
		}
		return nil
	}
}

// Work pulls games from the queue and plays them until ctx ends: each
// game's result is stored on the results stream, and only then is the job
// acknowledged, so a worker that dies mid-game leaves its job to be
// delivered again. onGame, when set, is told of each game played.
func Work(ctx context.Context, js jetstream.JetStream, onGame func(tournament.Result)) error {
	// A worker may start before any coordinator has made the queue.
	var cons jetstream.Consumer
	var obj jetstream.ObjectStore
	for {
		var err error
		if cons, err = js.Consumer(ctx, GamesStream, WorkerGroup); err == nil {
			if obj, err = js.ObjectStore(ctx, CoresBucket); err == nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(500 * time.Millisecond):
		}
	}
	var mu sync.Mutex
	cores := map[string]*brain.Core{}
	// errUnreachable marks a Core that could not be fetched: the job goes
	// back to the queue rather than failing the game.
	errUnreachable := errors.New("core not reachable")
	seat := func(f fighter) (tournament.Entrant, error) {
		if f.Bot != "" {
			e, err := tournament.BotEntrant(f.Bot)
			if err == nil && e.ID != f.ID {
				err = fmt.Errorf("bot %s is %s here, the job names %s", f.Bot, e.ID, f.ID)
			}
			return e, err
		}
		mu.Lock()
		c, ok := cores[f.Core]
		mu.Unlock()
		if !ok {
			info, err := obj.GetInfo(ctx, f.Core)
			if err != nil {
				return tournament.Entrant{}, fmt.Errorf("%w: %v", errUnreachable, err)
			}
			if info.Size > maxCore {
				return tournament.Entrant{}, fmt.Errorf("core object %s: %d bytes, more than %d", f.Core, info.Size, maxCore)
			}
			data, err := obj.GetBytes(ctx, f.Core)
			if err != nil {
				return tournament.Entrant{}, fmt.Errorf("%w: %v", errUnreachable, err)
			}
			if c, err = decodeCore(data); err != nil {
				return tournament.Entrant{}, err
			}
			mu.Lock()
			cores[f.Core] = c
			mu.Unlock()
		}
		e, err := tournament.CoreEntrant("core:"+f.Core, f.Core, c, "")
		if err == nil && e.ID != f.ID {
			err = fmt.Errorf("the stored Core is %s, the job names %s", e.ID, f.ID)
		}
		return e, err
	}
	for {
		// A wait for a job is not interrupted by ctx: it is kept short so
		// that a worker stops soon after it is told to.
		msg, err := cons.Next(jetstream.FetchMaxWait(jobWait))
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, jetstream.ErrNoMessages) || errors.Is(err, nats.ErrTimeout) {
			continue
		}
		if err != nil {
			// The server went away or the queue was remade: wait for it, as
			// a worker started before its coordinator does.
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(500 * time.Millisecond):
			}
			if c, cerr := js.Consumer(ctx, GamesStream, WorkerGroup); cerr == nil {
				cons = c
			}
			continue
		}
		var j job
		if len(msg.Data()) > maxMsg || strictjson.Unmarshal(msg.Data(), &j) != nil {
			_ = msg.Term() // malformed: never delivered again
			continue
		}
		var es [2]tournament.Entrant
		var serr error
		if md, err := msg.Metadata(); err == nil && md.NumDelivered > maxDeliver {
			serr = fmt.Errorf("no worker could play it: delivered %d times without an acknowledgement", md.NumDelivered-1)
		}
		for i := range 2 {
			if serr != nil {
				break
			}
			es[i], serr = seat(j.Sides[i])
		}
		if errors.Is(serr, errUnreachable) {
			_ = msg.NakWithDelay(time.Second)
			if o, err := js.ObjectStore(ctx, CoresBucket); err == nil {
				obj = o
			}
			continue
		}
		g := j.Game
		g.Sides = [2]int{0, 1}
		var r tournament.Result
		if serr != nil {
			r = tournament.Result{Game: g, Players: [2]string{j.Sides[0].ID, j.Sides[1].ID}, Winner: -1, Error: serr.Error()}
		} else {
			r = tournament.Play(g, es[:])
		}
		r.Sides = j.Game.Sides // the tournament's entrant indexes
		data, err := json.Marshal(resultMsg{Tournament: j.Tournament, Result: r, Replay: r.Replay})
		if err != nil {
			return err
		}
		if _, err := js.Publish(ctx, resultsPrefix+token(j.Tournament), data, jetstream.WithMsgID(j.Tournament+"/"+j.Game.ID)); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			_ = msg.Nak()
			continue
		}
		if err := msg.Ack(); err != nil && ctx.Err() == nil {
			return err
		}
		if onGame != nil {
			onGame(r)
		}
	}
}

// encodeCore and decodeCore carry a Core as its brain.json and its
// safetensors Memories, each validated on the way in.
type coreMsg struct {
	Brain    json.RawMessage `json:"brain"`
	Memories []byte          `json:"memories"`
}

func encodeCore(c *brain.Core) ([]byte, error) {
	spec, err := brain.MarshalSpec(c.Spec)
	if err != nil {
		return nil, err
	}
	mem, err := brain.EncodeMemories(&c.Spec, &c.Memories)
	if err != nil {
		return nil, err
	}
	return json.Marshal(coreMsg{Brain: spec, Memories: mem})
}

func decodeCore(data []byte) (*brain.Core, error) {
	var m coreMsg
	if err := strictjson.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	spec, err := brain.UnmarshalSpec(m.Brain)
	if err != nil {
		return nil, err
	}
	mem, err := brain.DecodeMemories(&spec, m.Memories)
	if err != nil {
		return nil, err
	}
	return &brain.Core{Spec: spec, Memories: mem}, nil
}
