# Entry points. CMake does the work underneath; each target installs missing
# Debian packages first through scripts/deps.sh.
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
BUILD   ?= build
CMAKE   ?= cmake
FUZZ_SECONDS ?= 5

.PHONY: all build test run asan fuzz fuzz-smoke bench format clean deps

all: build

deps:
	@bash scripts/deps.sh build

build: deps
	@$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@$(CMAKE) --build $(BUILD) -j$(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Until the concentrator exists, the main job decodes sample frames.
run: build
	@bash scripts/run.sh $(BUILD)

asan:
	@bash scripts/deps.sh asan
	@$(CMAKE) -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMDC_SANITIZE=ON >/dev/null
	@$(CMAKE) --build build-asan -j$(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j$(JOBS)

fuzz:
	@bash scripts/deps.sh fuzz
	@CC=clang $(CMAKE) -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMDC_FUZZ=ON >/dev/null
	@$(CMAKE) --build build-fuzz -j$(JOBS)

fuzz-smoke: fuzz
	@bash scripts/fuzz-smoke.sh build-fuzz $(FUZZ_SECONDS)

bench: build
	@bash scripts/bench.sh $(BUILD)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz
