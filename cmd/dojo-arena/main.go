// Command dojo-arena is Dojo's desktop arena: fight bots, fighters and
// friends, train your fighter by playing (Training mode: record, Teach,
// Watch, Correct), and watch replays. It runs on embedded defaults: `make
// play` builds and opens it.
//
// It needs a display (Ebiten opens one when it loads); on a machine without
// one, run it under xvfb-run. A machine without a sound device runs it
// silent, and it says so once.
package main

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game/view"
	"github.com/dojo-arena/dojo/game/view/arena"
	"github.com/dojo-arena/dojo/internal/datadir"
	"github.com/dojo-arena/dojo/nft/connect"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/spf13/cobra"
)

func main() {
	if err := newRoot().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "dojo-arena:", err)
		os.Exit(1)
	}
}

func newRoot() *cobra.Command {
	var (
		tok        connect.Options
		mute       bool
		fullscreen bool
		scale      float64
		cores      []string
		bench      int
		benchTeach bool
	)
	cmd := &cobra.Command{
		Use:   "dojo-arena",
		Short: "Dojo's desktop arena: fight, train your fighter by playing, watch replays",
		Long: `dojo-arena opens Dojo's arena in a window.

Fight bots, your fighters or a friend on one keyboard or two gamepads; in
Training mode, record your play against a sparring bot, Teach your fighter
from it in the background, Watch it play (with what it thinks at each
decision), and Correct it by taking over. Settings holds the key bindings
(saved in the data directory) and the sound switch.

Minting and saving to a token use the data directory's embedded chain and
IPFS node (or a running dojo node's), unless --rpc, --contract and --keystore
name another chain.

Keys: player 1 WASD, J K L (light, heavy, special), U block, I throw, O dash;
player 2 the arrows and the numpad's 1 to 6. Menus: arrows, Enter, Esc.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if bench > 0 {
				return runBench(cmd.OutOrStdout(), bench, benchTeach)
			}
			if scale < 0.5 || scale > 4 {
				return fmt.Errorf("--scale %g: give a window scale from 0.5 to 4", scale)
			}
			dir, err := datadir.Resolve(tok.DataDir, os.Getenv)
			if err != nil {
				return err
			}
			if err := dir.Ensure(); err != nil {
				return err
			}
			if err := tok.Check(); err != nil {
				return err
			}
			if tok.RPC != "" && tok.Keystore == "" {
				return errors.New("--rpc URL goes with --keystore DIR: the arena signs mints and saves")
			}
			app := arena.NewApp(dir.Root, randomSeed())
			for i, d := range cores {
				c, err := brain.LoadCore(d)
				if err != nil {
					return fmt.Errorf("--core %s: %w", d, err)
				}
				name := filepath.Base(filepath.Clean(d))
				if arena.CheckName(name) != nil {
					name = fmt.Sprintf("core %d", i+1)
				}
				app.Cores = append(app.Cores, arena.CoreOption(name, c))
			}
			tok.DataDir, tok.Command = dir.Root, "dojo-arena"
			app.Tokens.Options = tok
			defer app.Tokens.Close()
			var snd *view.Sound
			if !mute {
				if snd, err = view.OpenSound(); err != nil {
					fmt.Fprintln(cmd.ErrOrStderr(), "dojo-arena: sound off:", err)
					app.Say("sound off: " + err.Error())
				}
			}
			g, err := view.New(app, snd)
			if err != nil {
				return err
			}
			// A frame without a new tick keeps its picture (see view.Game.Draw).
			g.SkipRepeats = true
			ebiten.SetScreenClearedEveryFrame(false)
			ebiten.SetWindowTitle("Dojo")
			ebiten.SetWindowSize(int(view.ScreenWidth*scale), int(view.ScreenHeight*scale))
			ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
			ebiten.SetFullscreen(fullscreen)
			if err := ebiten.RunGame(g); err != nil && !errors.Is(err, ebiten.Termination) {
				return err
			}
			return nil
		},
	}
	fl := cmd.Flags()
	tok.Register(fl)
	fl.StringArrayVar(&cores, "core", nil, "offer the Core in `DIR` (e.g. from dojo train) as a fighter in Fight; repeatable")
	fl.BoolVar(&mute, "mute", false, "no sound this time (Settings turns it off for good)")
	fl.BoolVar(&fullscreen, "fullscreen", false, "open full screen")
	fl.Float64Var(&scale, "scale", 1, "the window's size as a multiple of 960x540")
	fl.IntVar(&bench, "bench", 0, "measure: play two neural fighters for `N` frames and print the frame times (JSON)")
	fl.BoolVar(&benchTeach, "bench-teach", false, "with --bench, Teach a fighter on 5 minutes of play again and again meanwhile")
	return cmd
}

// randomSeed seeds the arena's matches: every run plays new ones (each
// match's seed is in its replay).
func randomSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}
