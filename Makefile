# flops-fit: the README's two commands and a few more. Each target installs what is missing
# (scripts/install-deps.sh, apt-get) and builds before it runs.
BUILD ?= build
JOBS ?= 2
PRESET ?= gpt-tinystories-cpu
SWEEP ?= sweeps/demo
BIN := $(BUILD)/bin
# No "Entering directory" lines from the make that cmake --build runs.
MAKEFLAGS += --no-print-directory

.PHONY: all deps configure build test test-quick test-sanitize fuzz demo demo-mock bench lr-transfer clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# Every test (CI runs this: .ci/run): unit tests, the tests labelled slow (real training, the installed
# package; tests/CMakeLists.txt lists them), CLI error tests and the mock smoke test.
test: build
	@bash scripts/get-gpt2-vocab.sh
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 900

# The suite without the tests labelled slow.
test-quick: build
	@bash scripts/get-gpt2-vocab.sh
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -LE slow

# The suite without the slow tests, built with AddressSanitizer (leaks included) and UBSan in
# build-sanitize. Any report aborts its process (tests and the tools they start), which fails the
# test. ASan and LSan reports also go to build-sanitize/sanitizer-reports/, and the target fails when
# one is there, even from a child whose exit status its test ignores (GCC's UBSan runtime ignores
# log_path: its reports go to the process's stderr). Suppressions (third-party code only, each
# explained): tests/sanitize/.
SANITIZE_BUILD ?= build-sanitize
SANITIZE_REPORTS = $(abspath $(SANITIZE_BUILD))/sanitizer-reports
CCACHE := $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:log_path=$(SANITIZE_REPORTS)/asan \
  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:suppressions=$(CURDIR)/tests/sanitize/ubsan.supp
# Prints the reports and fails when there are any.
SANITIZE_CHECK = if [ -n "$$(ls -A $(SANITIZE_REPORTS))" ]; then \
  for f in $(SANITIZE_REPORTS)/*; do echo "== $$f"; cat "$$f"; done; \
  echo "test-sanitize: sanitizer reports in $(SANITIZE_REPORTS)" >&2; exit 1; fi
test-sanitize: deps
	@cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFF_SANITIZE=ON -DFF_BUILD_BENCH=OFF \
	  -DFF_BUILD_EXAMPLES=OFF $(CCACHE) >/dev/null
	@rm -rf $(SANITIZE_REPORTS) && mkdir -p $(SANITIZE_REPORTS)
	@env $(SANITIZE_ENV) nice -n 10 cmake --build $(SANITIZE_BUILD) -j$(JOBS) || { $(SANITIZE_CHECK); exit 1; }
	@bash scripts/get-gpt2-vocab.sh
	@cd $(SANITIZE_BUILD) && env $(SANITIZE_ENV) ctest --output-on-failure -j$(JOBS) -LE slow --timeout 1800; \
	  status=$$?; $(SANITIZE_CHECK); exit $$status

# libFuzzer targets (tests/fuzz, clang) in build-fuzz, each run FUZZ_SECONDS on a copy of its seed
# corpus (tests/fuzz/corpus/<target>); new crash inputs land in build-fuzz/findings/<target>/.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv results plan_json analysis_json config token_cache pretokenizer bpe
fuzz:
	@bash scripts/get-gpt2-vocab.sh
	@CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DFF_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CCACHE) >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS)
	@for t in $(FUZZ_TARGETS); do bash scripts/fuzz.sh $(FUZZ_BUILD) $$t $(FUZZ_SECONDS) || exit 1; done

# The main job: a whole sweep on $(PRESET) (default: real training on the CPU, under 10 minutes on
# 2 cores), then the table and the plots.
demo: build
	@mkdir -p $(SWEEP)
	$(BIN)/ff-plan --preset $(PRESET) --dir $(SWEEP) >/dev/null
	$(BIN)/ff-train --dir $(SWEEP)
	$(BIN)/ff-analyze --dir $(SWEEP)
	$(BIN)/ff-plot --dir $(SWEEP)
	@echo; cat $(SWEEP)/chinchilla.md; echo; echo "plots: $(SWEEP)/plots/"

# The mock sweep of the README's walk-through (seconds; CI's smoke test runs the same preset).
# Then the runnable recommendation at 1e20 FLOPs: planned as one run and mock-trained.
demo-mock:
	@$(MAKE) --no-print-directory demo PRESET=gpt-tinystories-mock SWEEP=sweeps/mock
	@echo; sed -n '1,6p' sweeps/mock/recommended/1e20.yaml
	$(BIN)/ff-plan --preset sweeps/mock/recommended/1e20.yaml --dir sweeps/mock-1e20
	$(BIN)/ff-train --dir sweeps/mock-1e20
	@cat sweeps/mock-1e20/results.csv

# Training throughput of the CPU preset's models against the measured matmul rate.
bench: build
	@bash scripts/bench-train.sh

# Does the best learning rate transfer across width (sp and u-mup)? About 10 minutes.
lr-transfer: build
	@bash scripts/lr-transfer.sh

clean:
	rm -rf $(BUILD)
