# omsso: `make demo` renders the example settings into ./out; `make test` runs every test.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
LDFLAGS := -X github.com/omsso/omsso/internal/version.Version=$(VERSION) -X github.com/omsso/omsso/internal/version.Commit=$(COMMIT)
BIN     := bin/omsso

.PHONY: build test vet demo golden bench fuzz upstream install-helm-plugin install-docker-plugin clean

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/omsso

# staticcheck comes from `go install honnef.co/go/tools/cmd/staticcheck@v0.8.2` (.ci/run does it).
STATICCHECK ?= $(shell command -v staticcheck || echo $$($(GO) env GOPATH)/bin/staticcheck)
vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(STATICCHECK) ./...
	GOOS=darwin $(GO) build ./... && GOOS=windows $(GO) build ./...

# Upstream artifacts are read from $$OMSSO_UPSTREAM, else the cache `make upstream` fills, else
# ../shared/upstream. Without them the proofs against them are skipped (they fail under
# CI=true), and one line after the test run names what was skipped and how to get it.
# Likewise the differential tests against the real commons-text and Jackson (internal/oracle)
# need Java and Debian's jars.
SKIPLOG := $(CURDIR)/.cache/skipped-upstream-tests
ORACLE_SKIPLOG := $(CURDIR)/.cache/skipped-oracle-tests
# The browser sign-in (internal/e2e/signin) needs Chromium and `npm ci` in its folder.
BROWSER_SKIPLOG := $(CURDIR)/.cache/skipped-browser-tests
test: vet
	@mkdir -p .cache && rm -f $(SKIPLOG) $(ORACLE_SKIPLOG) $(BROWSER_SKIPLOG)
	@OMSSO_SKIPLOG=$(SKIPLOG) OMSSO_ORACLE_SKIPLOG=$(ORACLE_SKIPLOG) OMSSO_BROWSER_SKIPLOG=$(BROWSER_SKIPLOG) $(GO) test -count=1 ./...; status=$$?; \
	if [ -s $(BROWSER_SKIPLOG) ]; then \
	  echo "omsso: SKIPPED $$(wc -l < $(BROWSER_SKIPLOG) | tr -d ' ') browser sign-in tests: apt-get install chromium, and npm ci in internal/e2e/signin"; \
	fi; \
	if [ -s $(SKIPLOG) ]; then \
	  echo "omsso: SKIPPED $$(wc -l < $(SKIPLOG) | tr -d ' ') proofs against the upstream OpenMetadata artifacts ($$(sort -u $(SKIPLOG) | cut -d/ -f1 | sort -u | tr '\n' ' ' | sed 's/ $$//')): run make upstream, or set OMSSO_UPSTREAM"; \
	fi; \
	if [ -s $(ORACLE_SKIPLOG) ]; then \
	  echo "omsso: SKIPPED $$(wc -l < $(ORACLE_SKIPLOG) | tr -d ' ') differential tests against the real commons-text and Jackson: install Java 17 and apt-get install libcommons-text-java libcommons-lang3-java libjackson2-databind-java libjackson2-dataformat-yaml libyaml-snake-java"; \
	fi; exit $$status
	FUZZTIME=$(FUZZ_SMOKE) ./scripts/fuzz.sh

# Downloads the pinned upstream artifacts (chart releases, OpenMetadata files at their commits)
# into UPSTREAM_CACHE and checks their sha256 sums (internal/upstream/upstream.sha256).
UPSTREAM_CACHE ?= .cache/upstream
upstream:
	./scripts/upstream.sh $(UPSTREAM_CACHE)

# Fuzz every target for FUZZTIME each (a duration, or an exec count like 1000000x).
FUZZTIME   ?= 5m
FUZZ_SMOKE ?= 3s
fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

demo: build
	./$(BIN) render -f examples/omsso.yaml --output-dir out

# Regenerate the golden files, then read `git diff golden/` before committing.
golden:
	$(GO) test ./golden -run TestGolden -update
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
	rm -rf bin out .cache/skipped-browser-tests .cache/skipped-upstream-tests
