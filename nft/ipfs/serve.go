package ipfs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	oldcmds "github.com/ipfs/kubo/commands"
	"github.com/ipfs/kubo/core"
	"github.com/ipfs/kubo/core/corehttp"
)

// Serving is what Serve listens on.
type Serving struct {
	// API is the node's RPC API URL (what `--ipfs-api` and go-ipfs-api
	// take); Gateway the read-only HTTP gateway's URL.
	API, Gateway string
}

// Serve serves the node's RPC API on apiAddr and a read-only HTTP gateway
// on gatewayAddr (e.g. 127.0.0.1:5001 and 127.0.0.1:8080; port 0 picks a
// free one) until ctx ends. Other dojo processes attach to the API with
// Dial; browsers open http://GATEWAY/ipfs/CID. The gateway never writes.
func (e *Embedded) Serve(ctx context.Context, apiAddr, gatewayAddr string) (Serving, error) {
	apiL, err := net.Listen("tcp", apiAddr)
	if err != nil {
		return Serving{}, fmt.Errorf("IPFS API on %s: %w", apiAddr, err)
	}
	gwL, err := net.Listen("tcp", gatewayAddr)
	if err != nil {
		apiL.Close()
		return Serving{}, fmt.Errorf("IPFS gateway on %s: %w", gatewayAddr, err)
	}
	cctx := oldcmds.Context{
		ConfigRoot:    e.repo,
		ReqLog:        &oldcmds.ReqLog{},
		Plugins:       plugins.loader,
		ConstructNode: func() (*core.IpfsNode, error) { return e.node, nil },
	}
	serve := func(l net.Listener, opts ...corehttp.ServeOption) {
		err := corehttp.Serve(e.node, l, opts...)
		if err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, http.ErrServerClosed) && ctx.Err() == nil {
			fmt.Printf("ipfs: serving %s stopped: %v\n", l.Addr(), err)
		}
	}
	go serve(apiL, corehttp.CommandsOption(cctx), corehttp.VersionOption())
	go serve(gwL, corehttp.GatewayOption("/ipfs"))
	go func() {
		<-ctx.Done()
		apiL.Close()
		gwL.Close()
	}()
	return Serving{API: "http://" + apiL.Addr().String(), Gateway: "http://" + gwL.Addr().String()}, nil
}
