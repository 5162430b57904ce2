package ipfs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	oldcmds "github.com/ipfs/kubo/commands"
	"github.com/ipfs/kubo/core"
	"github.com/ipfs/kubo/core/corehttp"
)

// shutdownGrace bounds how long Serve waits for requests in flight once ctx
// ends.
const shutdownGrace = 5 * time.Second

// Serve serves the node's RPC API (/api/v0, as a Kubo daemon does, so other
// processes attach with Dial) on apiAddr and a read-only HTTP gateway
// (/ipfs/<cid>, /ipns/…) on gatewayAddr, until ctx ends. Either address may
// be empty to skip that server. Both are host:port, normally on 127.0.0.1;
// ":0" picks a free port, and ready (if not nil) receives the bound
// addresses once both listen. Serve returns nil when ctx ends.
func (e *Embedded) Serve(ctx context.Context, apiAddr, gatewayAddr string, ready func(api, gateway net.Addr)) error {
	var servers []*http.Server
	var lis []net.Listener
	closeAll := func() {
		for _, l := range lis {
			_ = l.Close()
		}
	}
	listen := func(addr string, opts ...corehttp.ServeOption) (net.Addr, error) {
		if addr == "" {
			return nil, nil
		}
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, fmt.Errorf("ipfs: listen on %s: %w", addr, err)
		}
		lis = append(lis, l)
		h, err := corehttp.MakeHandler(e.node, l, opts...)
		if err != nil {
			return nil, fmt.Errorf("ipfs: handler on %s: %w", addr, err)
		}
		servers = append(servers, &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second})
		return l.Addr(), nil
	}
	cctx := oldcmds.Context{
		ConfigRoot: e.dir,
		ReqLog:     &oldcmds.ReqLog{},
		Plugins:    e.plugins,
		ConstructNode: func() (*core.IpfsNode, error) {
			return e.node, nil
		},
	}
	apiBound, err := listen(apiAddr,
		corehttp.CheckVersionOption(),
		corehttp.CommandsOption(cctx),
		corehttp.VersionOption(),
	)
	if err != nil {
		closeAll()
		return err
	}
	// The gateway is read-only: Kubo has no writable gateway any more, and
	// only the /ipfs and /ipns paths are mounted.
	gwBound, err := listen(gatewayAddr,
		corehttp.GatewayOption("/ipfs", "/ipns"),
		corehttp.VersionOption(),
	)
	if err != nil {
		closeAll()
		return err
	}
	if ready != nil {
		ready(apiBound, gwBound)
	}

	errc := make(chan error, len(servers))
	for i, s := range servers {
		go func() {
			errc <- s.Serve(lis[i])
		}()
	}
	var first error
	select {
	case <-ctx.Done():
	case first = <-errc:
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	for _, s := range servers {
		if err := s.Shutdown(sctx); err != nil && first == nil {
			first = err
		}
	}
	if first != nil && !errors.Is(first, http.ErrServerClosed) {
		return fmt.Errorf("ipfs: serve: %w", first)
	}
	return nil
}
