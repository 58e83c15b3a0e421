# omsso: `make demo` renders the example settings into ./out; `make test` runs the fast tests,
# `make test-all` every test (CONTRIBUTING.md).
GO      ?= go
# The version: the release tag (git describe), else the release in progress from
# internal/version (plugin.yaml carries the same number), marked -dev. scripts/version.sh
# computes it, for the Helm plugin's install hook too.
VERSION ?= $(shell ./scripts/version.sh version)
COMMIT  ?= $(shell ./scripts/version.sh commit)
DATE    ?= $(shell ./scripts/version.sh date)
LDFLAGS := -X github.com/omsso/omsso/internal/version.Version=$(VERSION) -X github.com/omsso/omsso/internal/version.Commit=$(COMMIT) -X github.com/omsso/omsso/internal/version.Date=$(DATE)
BIN     := bin/omsso

.PHONY: build install test test-all cross vet release-snapshot release-check demo golden bench fuzz upstream install-helm-plugin install-docker-plugin clean

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/omsso

# omsso on your PATH: go install puts it in $$(go env GOBIN), else $$(go env GOPATH)/bin.
install:
	$(GO) install -trimpath -ldflags "$(LDFLAGS)" ./cmd/omsso
	@echo "installed $$($(GO) env GOBIN || true)$$(test -n "$$($(GO) env GOBIN)" || echo $$($(GO) env GOPATH)/bin)/omsso"

# staticcheck comes from `go install honnef.co/go/tools/cmd/staticcheck@v0.8.2` (.ci/run does it).
# Without it, make test says so in its last line (and fails under CI=true).
STATICCHECK ?= $(shell command -v staticcheck || echo $$($(GO) env GOPATH)/bin/staticcheck)
vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	@if [ -x "$(STATICCHECK)" ]; then echo "$(STATICCHECK) ./..."; $(STATICCHECK) ./...; \
	elif [ "$$CI" = true ]; then echo "staticcheck not found: go install honnef.co/go/tools/cmd/staticcheck@v0.8.2"; exit 1; \
	else mkdir -p .cache; printf 'missing\tstaticcheck'"'"'s checks\tgo install honnef.co/go/tools/cmd/staticcheck@v0.8.2\tvet\n' >> $(SKIPLOG); fi

# The release platforms build (goreleaser builds the same set; see .goreleaser.yaml).
cross:
	GOOS=darwin $(GO) build ./... && GOOS=windows $(GO) build ./... && GOARCH=arm64 $(GO) build ./...

# Two tiers (CONTRIBUTING.md): make test is the fast default, go test -short: every test that
# needs nothing outside the repo. make test-all (what CI's .ci/run runs, with CI=true) adds what
# needs outside things (internal/testneeds: the upstream artifacts, Java and the jars, helm,
# docker, a browser), the cross builds and a fuzz run of FUZZTIME per target. Either ends with
# one line saying in words what it did not prove (scripts/skip-summary.sh); under CI=true a
# missing thing fails the run instead.
SKIPLOG := $(CURDIR)/.cache/skipped-tests
test:
	@mkdir -p .cache && rm -f $(SKIPLOG)
	@$(MAKE) --no-print-directory vet
	@OMSSO_SKIPLOG=$(SKIPLOG) $(GO) test -short -count=1 -timeout 20m ./...; status=$$?; \
	./scripts/skip-summary.sh $(SKIPLOG); exit $$status

test-all:
	@mkdir -p .cache && rm -f $(SKIPLOG)
	@$(MAKE) --no-print-directory vet cross
	@OMSSO_SKIPLOG=$(SKIPLOG) $(GO) test -count=1 -timeout 40m ./...; status=$$?; \
	FUZZTIME=$(FUZZTIME_ALL) ./scripts/fuzz.sh || status=1; \
	./scripts/skip-summary.sh $(SKIPLOG); exit $$status

# Downloads the pinned upstream artifacts (chart releases, OpenMetadata files at their commits)
# into UPSTREAM_CACHE and checks their sha256 sums (internal/upstream/upstream.sha256).
UPSTREAM_CACHE ?= .cache/upstream
upstream:
	@./scripts/upstream.sh $(UPSTREAM_CACHE)

# Fuzz every target for FUZZTIME each (a duration, or an exec count like 1000000x); each
# package's fuzz binary is built once, then fuzzed. make test-all fuzzes FUZZTIME_ALL each.
FUZZTIME     ?= 5m
FUZZTIME_ALL ?= 60s
fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

# Release archives (.goreleaser.yaml) into dist/, for this commit, nothing published. goreleaser
# is a Go tool of tools/go.mod (its own module, so its dependencies never touch omsso's build).
# The SBOMs are made by syft (go install github.com/anchore/syft/cmd/syft@v1.57.2; .ci/run puts it
# in .cache/bin); SBOM=0 builds the archives without them.
GORELEASER := $(GO) tool -modfile=tools/go.mod goreleaser
SBOM ?= 1
release-snapshot:
	@if [ "$(SBOM)" = 1 ] && ! PATH="$(CURDIR)/.cache/bin:$$PATH" command -v syft >/dev/null; then \
	  echo "release-snapshot: syft makes the SBOMs and is not on the PATH: GOBIN=$(CURDIR)/.cache/bin go install github.com/anchore/syft/cmd/syft@v1.57.2, or SBOM=0 make release-snapshot"; exit 1; fi
	OMSSO_RELEASE=$$(./scripts/version.sh release) PATH="$(CURDIR)/.cache/bin:$$PATH" $(GORELEASER) release --snapshot --clean $(if $(filter 0,$(SBOM)),--skip=sbom)

# What CI runs: the configuration is valid, and the snapshot builds.
release-check:
	$(GORELEASER) check
	$(MAKE) --no-print-directory release-snapshot

demo: build
	./$(BIN) render -f examples/omsso.yaml --output-dir out

# Regenerate the golden files, then read `git diff golden/` before committing.
golden:
	$(GO) test ./golden -run 'TestGolden|TestErrors' -update
	$(GO) test ./plugin/argocd -run TestGenerateAsCMPServer -update
	@git status --short golden/ || true

bench: build
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./targets/ ./internal/settings/
	./scripts/bench.sh

# helm omsso ...: installs this folder as a Helm plugin (the hook keeps bin/omsso).
install-helm-plugin: build
	helm plugin install .

# docker omsso ...: the same binary as a Docker CLI plugin.
install-docker-plugin: build
	mkdir -p $${DOCKER_CONFIG:-$$HOME/.docker}/cli-plugins
	cp $(BIN) $${DOCKER_CONFIG:-$$HOME/.docker}/cli-plugins/docker-omsso

clean:
	rm -rf bin out dist .cache/skipped-tests
