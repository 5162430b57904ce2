package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/dojo-arena/dojo/brain"
	"github.com/dojo-arena/dojo/game"
	"github.com/dojo-arena/dojo/internal/safetext"
	"github.com/spf13/cobra"
)

func newCoreCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "core",
		Short: "Create and inspect Cores (Brain + Memories)",
	}
	var (
		archetype string
		seed      uint64
		out       string
		asJSON    bool
	)
	create := &cobra.Command{
		Use:   "new",
		Short: "Write a new Core with seeded random Memories",
		Long: `new writes a Core directory: the Brain of the chosen archetype (brain.json)
and Memories drawn from the seed (memories.safetensors). Like a freshly
minted fighter it has learned nothing yet and plays arbitrarily; train it
with dojo train.

Archetypes: ` + strings.Join(brain.Archetypes(), ", ") + `.`,
		Example: "  dojo core new --archetype sage --seed 7 --out my-core",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("say where to write the Core: --out DIR")
			}
			spec, err := brain.NewSpec(archetype)
			if err != nil {
				return usagef("--archetype: %w", err)
			}
			if err := brain.CheckNewCore(out); err != nil {
				return fmt.Errorf("--out %s: %w", out, err)
			}
			c, err := brain.NewCore(spec, seed)
			if err != nil {
				return err
			}
			if err := brain.SaveCore(out, c); err != nil {
				return err
			}
			return printCore(cmd.OutOrStdout(), out, c, asJSON)
		},
	}
	fl := create.Flags()
	fl.StringVar(&archetype, "archetype", brain.Sage, "the Brain's archetype (`NAME`)")
	fl.Uint64Var(&seed, "seed", 1, "seed of the random Memories")
	fl.StringVar(&out, "out", "", "the new Core's directory (`DIR`)")
	fl.BoolVar(&asJSON, "json", false, "print the Core's summary as one JSON document")

	var showJSON bool
	show := &cobra.Command{
		Use:     "show DIR",
		Short:   "Validate a Core and print its Brain and lineage",
		Example: "  dojo core show my-core --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := brain.LoadCore(args[0])
			if err != nil {
				return err
			}
			return printCore(cmd.OutOrStdout(), args[0], c, showJSON)
		},
	}
	show.Flags().BoolVar(&showJSON, "json", false, "print the Core's summary as one JSON document")
	cmd.AddCommand(create, show)
	return cmd
}

// coreReport is the JSON form of a Core's summary.
type coreReport struct {
	Dir      string        `json:"dir"`
	ID       string        `json:"id"` // as replays name the Core
	Brain    brain.Spec    `json:"brain"`
	Params   int           `json:"parameters"`
	Memories string        `json:"memories_hash"`
	Lineage  brain.Lineage `json:"lineage"`
}

func printCore(out io.Writer, dir string, c *brain.Core, asJSON bool) error {
	h, err := c.MemoriesHash()
	if err != nil {
		return err
	}
	id, err := c.ID()
	if err != nil {
		return err
	}
	rep := coreReport{Dir: dir, ID: id, Brain: c.Spec, Params: c.Spec.NumParams(), Memories: h, Lineage: c.Memories.Lineage}
	if asJSON {
		return writeJSON(out, rep)
	}
	widths := []string{fmt.Sprint(c.Spec.Inputs)}
	for _, w := range c.Spec.Hidden {
		widths = append(widths, fmt.Sprint(w))
	}
	widths = append(widths, fmt.Sprint(c.Spec.Outputs))
	// Everything below that came from a file was checked when the Core
	// was loaded; it is escaped all the same, as is the directory name.
	esc := safetext.Escape
	fmt.Fprintf(out, "Core %s\n", esc(dir))
	fmt.Fprintf(out, "  ID        %s\n", id)
	fmt.Fprintf(out, "  Brain     %s: %s MLP (%s), %d parameters, a decision every %d ticks\n",
		esc(c.Spec.Archetype), strings.Join(widths, "→"), esc(string(c.Spec.Activation)), rep.Params, c.Spec.Interval)
	fmt.Fprintf(out, "  versions  brain format %d, observation spec %d, action spec %d (game: %d, %d)\n",
		c.Spec.Format, c.Spec.ObsSpec, c.Spec.ActionSpec, game.ObsSpecVersion, game.ActionSpecVersion)
	fmt.Fprintf(out, "  Memories  %s\n", h)
	lin := c.Memories.Lineage
	switch {
	case lin.Parent != "":
		fmt.Fprintf(out, "  parent    %s\n", esc(lin.Parent))
	case lin.Init != nil:
		fmt.Fprintf(out, "  minted    %s, seed %d\n", esc(lin.Init.Method), lin.Init.Seed)
	}
	if n := len(lin.Demonstrations); n > 0 {
		fmt.Fprintf(out, "  trained   on %d demonstration file(s)\n", n)
	}
	if m := lin.Metrics; m != nil {
		fmt.Fprintf(out, "  metrics   hold-out accuracy %.1f%%, hold-out loss %.3f, training loss %.3f (epoch %d of %d run)\n",
			100*m.HoldoutAccuracy, m.HoldoutLoss, m.TrainLoss, m.Epoch, m.EpochsRun)
	}
	return nil
}
