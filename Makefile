# Dojo's build. `make play` opens the desktop arena; `make fight` runs a
# headless match; `make test` installs what it needs (scripts/ci-deps.sh) and
# runs every check CI runs.

GO      ?= go
BIN     := bin
PKGS    := ./...
GOBIN   := $(shell $(GO) env GOPATH)/bin
# Where scripts/geth.sh, kubo.sh and nats.sh keep the real geth, ipfs and nats-server binaries.
DOJO_TOOLS ?= $(HOME)/.cache/dojo-tools
export DOJO_TOOLS
FUZZTIME ?= 15s
# FUZZMINIMIZE bounds the minimisation of each new input: with Go's default
# (60 s each) a short run spends all its time minimising and barely fuzzes.
FUZZMINIMIZE ?= 100x
# Every fuzz target, as DIR:Name; make lint fails if one is missing.
FUZZ_TARGETS := game/view/arena:FuzzParseSettings game:FuzzStep game:FuzzReplayUnmarshal brain:FuzzDecodeMemories \
	training/demo:FuzzLoad internal/strictjson:FuzzCheck assets:FuzzParseForm nft:FuzzParseManifest tournament:FuzzParseResults

.PHONY: all play arena screenshots fight build test deps lint unit arm64 bench bench-train fuzz contracts contracts-check clean

all: build

## play: build the desktop arena (installing its X11/GL/ALSA packages) and open it
play: arena
	$(BIN)/dojo-arena

## arena: the desktop arena (Ebiten, cgo)
arena:
	bash scripts/arena-deps.sh
	$(GO) build -o $(BIN)/dojo-arena ./cmd/dojo-arena

## screenshots: the tour of every scene under Xvfb, its screenshots in SHOTS
SHOTS ?= /tmp/dojo-shots
screenshots:
	bash scripts/arena-deps.sh --test
	mkdir -p $(SHOTS)
	DOJO_SHOTS=$(abspath $(SHOTS)) xvfb-run -a -s "-screen 0 1280x720x24" $(GO) test -count=1 -run 'Tour|FightScreenshot' ./game/view

## fight: build dojo and run one headless bot match
fight: build
	$(BIN)/dojo fight --p1 bot:rushdown --p2 bot:zoner --seed 7

## build: the headless CLI, with cgo off (it never links Ebiten)
build:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/dojo ./cmd/dojo

## test: everything CI checks, installing its tools first
test: deps lint contracts-check unit arm64

deps:
	bash scripts/ci-deps.sh

## lint: gofmt, go vet, staticcheck, and the dependency rules of DESIGN.md
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GOBIN)/staticcheck $(PKGS)
	@if $(GO) list -deps ./game | grep -E 'ebiten|gorgonia|go-ethereum|go-ipfs|dojo-arena/dojo/[a-z]' | grep -v '^github.com/dojo-arena/dojo/game$$'; then \
	  echo "package game must import nothing of the project, Ebiten, Gorgonia, geth or IPFS"; exit 1; fi
	@if $(GO) list -deps ./cmd/dojo | grep ebiten; then echo "cmd/dojo must never link Ebiten"; exit 1; fi
	@if $(GO) list -f '{{.ImportPath}}: {{join .Imports " "}}' ./... | grep -v -E '^github.com/dojo-arena/dojo/(game/view|cmd/dojo-arena):' | grep hajimehoshi/ebiten; then \
	  echo "only game/view and cmd/dojo-arena may import Ebiten"; exit 1; fi
	@if $(GO) list -f '{{.ImportPath}}: {{join .Imports " "}}' ./... | grep -v '^github.com/dojo-arena/dojo/nft' | grep -E 'go-ethereum|ipfs/kubo|go-ipfs-api'; then \
	  echo "only packages under nft may import go-ethereum or the IPFS clients"; exit 1; fi
	@bash scripts/check-fuzz-targets.sh $(FUZZ_TARGETS)

## unit: go test, with the real geth, Kubo and nats-server suites switched on,
## on a virtual display (Xvfb) for the arena's rendering tests
unit:
	DOJO_GETH_BIN=$(DOJO_TOOLS)/bin/geth DOJO_IPFS_BIN=$(DOJO_TOOLS)/bin/ipfs DOJO_NATS_BIN=$(DOJO_TOOLS)/bin/nats-server \
	  xvfb-run -a -s "-screen 0 1280x720x24" $(GO) test -count=1 $(PKGS)
	$(GO) test -count=1 -race ./tournament/... ./game/view/arena

## arm64: replays recorded here verify, and matches end the same, on arm64 (qemu)
arm64:
	bash scripts/arm64-check.sh

## contracts: rebuild the contract's ABI, bytecode and Go bindings (solc and OpenZeppelin from npm, abigen)
contracts:
	bash scripts/contracts.sh

## contracts-check: fail if the committed ABI, bytecode or bindings differ from the source
contracts-check:
	bash scripts/contracts.sh check

## bench: the simulation, policy, training and tournament benchmarks (see docs/PERFORMANCE.md)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./game ./brain ./training ./tournament

## bench-train: training throughput against PyTorch, side by side (installs python3-torch)
bench-train:
	bash scripts/bench-train.sh

## fuzz: a short run (FUZZTIME) of every fuzz target
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "== $$t"; \
	  $(GO) test -run '^$$' -fuzz "^$${t#*:}\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) ./$${t%%:*}; \
	done

clean:
	rm -rf $(BIN)
