# Dojo's build. `make fight` runs a headless match; `make test` installs what it
# needs (scripts/ci-deps.sh) and runs every check CI runs.

GO      ?= go
BIN     := bin
PKGS    := ./...
GOBIN   := $(shell $(GO) env GOPATH)/bin
FUZZTIME ?= 15s

.PHONY: all fight build test deps lint unit arm64 bench bench-train fuzz clean

all: build

## fight: build dojo and run one headless bot match
fight: build
	$(BIN)/dojo fight --p1 bot:rushdown --p2 bot:zoner --seed 7

## build: the headless CLI, with cgo off (it never links Ebiten)
build:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/dojo ./cmd/dojo

## test: everything CI checks, installing its tools first
test: deps lint unit arm64

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

unit:
	$(GO) test -count=1 $(PKGS)

## arm64: replays recorded here verify, and matches end the same, on arm64 (qemu)
arm64:
	bash scripts/arm64-check.sh

## bench: the simulation, policy and training benchmarks (see docs/PERFORMANCE.md)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./game ./brain ./training

## bench-train: training throughput against PyTorch, side by side (installs python3-torch)
bench-train:
	bash scripts/bench-train.sh

## fuzz: a short run of every fuzz target
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzStep$$' -fuzztime $(FUZZTIME) ./game
	$(GO) test -run '^$$' -fuzz '^FuzzReplayUnmarshal$$' -fuzztime $(FUZZTIME) ./game
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeMemories$$' -fuzztime $(FUZZTIME) ./brain
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./training/demo

clean:
	rm -rf $(BIN)
