package ipfs

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/ipfs/kubo/config"
	"github.com/ipfs/kubo/repo/fsrepo"
)

// An online embedded node looks for a CID it does not hold on the network;
// Get must give up when ctx expires. The repo is prepared like Kubo's test
// profile (loopback only, no bootstrap peers, no mDNS, no routing) so the test touches
// no network.
func TestEmbeddedOnlineGetHonoursContext(t *testing.T) {
	if err := loadPlugins(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ipfs")
	cfg, err := config.Init(io.Discard, 2048)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Bootstrap = nil
	cfg.Addresses.Swarm = []string{"/ip4/127.0.0.1/tcp/0"}
	cfg.Addresses.API = nil
	cfg.Addresses.Gateway = nil
	cfg.Discovery.MDNS.Enabled = false
	cfg.Swarm.DisableNatPortMap = true
	cfg.Routing.Type = config.NewOptionalString("none")
	if err := fsrepo.Init(dir, cfg); err != nil {
		t.Fatal(err)
	}
	e, err := OpenEmbedded(context.Background(), dir, EmbeddedOptions{Online: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	never, err := HashOnly(payload(98, 100))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err = e.Get(ctx, never, 1<<20)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("online Get of a CID nobody has: err %v, want DeadlineExceeded", err)
	}
}
