# Entry points. CMake does the work underneath; each target installs missing
# Debian packages first through scripts/deps.sh.
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
BUILD   ?= build
CMAKE   ?= cmake
FUZZ_SECONDS ?= 5
MAKEFLAGS += --no-print-directory

# Configure and build one tree quietly; on failure print the whole log.
#   $(call build_tree,DIR,CMAKE-ARGS)
define build_tree
	@mkdir -p $(1)
	@echo "building $(1)/ (log: $(1)/build.log)"
	@$(CMAKE) -S . -B $(1) $(2) >$(1)/build.log 2>&1 && \
	  $(CMAKE) --build $(1) -j$(JOBS) >>$(1)/build.log 2>&1 || \
	  { cat $(1)/build.log; echo "build of $(1)/ failed"; exit 1; }
endef

.PHONY: all build test run asan valgrind fuzz fuzz-smoke bench format clean deps

all: build

deps:
	@bash scripts/deps.sh build

build: deps
	$(call build_tree,$(BUILD),-DCMAKE_BUILD_TYPE=RelWithDebInfo)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# The main job: the simulated site (master station, concentrator, two buses of simulated
# meters) and a demo of it at work; Ctrl-C stops it. RUN_ARGS=--once: the demo only.
RUN_ARGS ?=
run: build
	@bash scripts/site.sh --build $(BUILD) $(RUN_ARGS)

asan:
	@bash scripts/deps.sh asan
	$(call build_tree,build-asan,-DCMAKE_BUILD_TYPE=Debug -DMDC_SANITIZE=ON)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j$(JOBS)

valgrind: build
	@bash scripts/deps.sh all
	@bash scripts/valgrind.sh $(BUILD)

fuzz:
	@bash scripts/deps.sh fuzz
	$(call build_tree,build-fuzz,-DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMDC_FUZZ=ON)

fuzz-smoke: fuzz
	@bash scripts/fuzz-smoke.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	@bash scripts/bench.sh $(BUILD)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz
