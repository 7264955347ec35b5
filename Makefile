# Gatehouse: `make run` opens the desktop app on the demo model; `make test` runs every test.
# Both install what they need first (system packages, npm packages, cargo tools).

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"
DESKTOP_BIN := target/debug/gatehouse-desktop

.PHONY: run test deps-run deps-test ui ui-test desktop build lint clippy rust-test bindings bench bench-desktop

run: deps-run desktop
	$(DESKTOP_BIN)

test: deps-test lint ui-test build clippy rust-test

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

# npm packages, reinstalled only when the lock file changes.
ui/node_modules/.installed: ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

ui: ui/node_modules/.installed
	cd ui && npm run build

ui-test: ui/node_modules/.installed
	cd ui && npm run check && npm test

desktop: ui
	$(CARGO) build -p gatehouse-desktop

# One build of everything the tests run: the workspace's test targets, the CLI and the
# desktop app with its front end.
build: ui
	$(CARGO) build --workspace --bins
	$(CARGO) nextest run --workspace --no-run

lint:
	$(CARGO) fmt --all -- --check
	@# Every dependency a crate declares is used.
	$(CARGO) machete
	@# Layering: only src-tauri may depend on tauri.
	@if $(CARGO) tree -p gatehouse-app -p gatehouse-cli -e normal --prefix none | grep -q '^tauri '; then \
	  echo "gatehouse-app or gatehouse-cli depends on tauri; only src-tauri may"; exit 1; fi

# Warnings are errors, as everywhere in CI.
clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# The real-world corpus lives outside the repository (its files keep their own licenses):
# `../shared/corpus`, or wherever GATEHOUSE_CORPUS points. Without it the corpus suite is left
# out with one line saying so; with GATEHOUSE_REQUIRE_CORPUS=1 (CI) its absence is an error.
CORPUS_DIR := $(abspath $(or $(GATEHOUSE_CORPUS),../shared/corpus))
CORPUS_TESTS := package(gatehouse-import) & test(/^corpus::/)

rust-test:
	mkdir -p artifacts
	@if [ -d "$(CORPUS_DIR)" ]; then \
	  filter=(); \
	elif [ -n "$$GATEHOUSE_REQUIRE_CORPUS" ]; then \
	  echo "corpus: $(CORPUS_DIR) not found, and GATEHOUSE_REQUIRE_CORPUS is set: the corpus suite must run here"; \
	  exit 1; \
	else \
	  echo "corpus: the real-world corpus suite was not run ($(CORPUS_DIR) not found; put the corpus at ../shared/corpus or set GATEHOUSE_CORPUS=DIR)"; \
	  filter=(-E 'not ($(CORPUS_TESTS))'); \
	fi; \
	GATEHOUSE_CORPUS="$(CORPUS_DIR)" $(XVFB) $(CARGO) nextest run --workspace --no-fail-fast "$${filter[@]}"

# Regenerate the front end's TypeScript types from the Rust types, and its list of desktop
# commands (ui/src/lib/commands.ts) from src-tauri/src/command_names.rs (the desktop crate
# embeds ui/dist, hence `ui` first).
bindings: ui
	GATEHOUSE_WRITE_BINDINGS=1 $(CARGO) test -p gatehouse-app --test app bindings
	GATEHOUSE_WRITE_BINDINGS=1 $(CARGO) test -p gatehouse-desktop --test registry

bench:
	$(CARGO) bench -p gatehouse-bench -p gatehouse-import

# The desktop matrix's first render and scroll at 1,000 × 600, measured in the webview.
bench-desktop: build
	$(XVFB) $(CARGO) nextest run -p gatehouse-tests a_1000_by_600 --success-output immediate
