# flops-fit's four stages as make targets, each depending on the files it reads, so that `make`
# re-runs only what changed (touch the analyze config: only ff-analyze and ff-plot run again) and
# `make -j` trains FF_SHARDS shards of the plan at once. Include it from your Makefile:
#
#   FF_SWEEP  := sweeps/mine                       # the sweep folder
#   FF_PRESET := presets/gpt-tinystories-mock.yaml # plan + train configuration (a file: its time counts)
#   FF_ANALYZE_CONFIG := analyze.yaml              # optional YAML with analyze.* keys for ff-analyze
#   FF_PLOT_CONFIG := plot.yaml                    # optional YAML with plot.* keys for ff-plot
#   include scripts/flops-fit.mk
#
# or run it alone: make -f scripts/flops-fit.mk -j4 FF_SHARDS=4 FF_SWEEP=sweeps/mine ff-all
# Targets: ff-plan, ff-train, ff-analyze, ff-plot, ff-all (the four), ff-clean (removes FF_SWEEP).
# Files: FF_SWEEP/plan.json (+ plan.txt), results.csv, analysis.json (+ summary.txt), plots/.
# results.csv and plan.json are precious: an interrupted make never deletes them, and the next
# ff-train resumes (finished runs are skipped).

FF_BIN ?= build/bin
FF_SWEEP ?= sweeps/make
FF_PRESET ?= presets/gpt-tinystories-mock.yaml
# key.path=value overrides for ff-plan (recorded in config.yaml for the later stages)
FF_PLAN_ARGS ?=
FF_ANALYZE_CONFIG ?=
FF_PLOT_CONFIG ?=
# ff-train processes that make -j may run at once (--shard i/FF_SHARDS)
FF_SHARDS ?= 1

ff_saved_goal := $(.DEFAULT_GOAL)
ff_plan_file := $(FF_SWEEP)/plan.json
ff_results := $(FF_SWEEP)/results.csv
ff_analysis := $(FF_SWEEP)/analysis.json
ff_plots := $(FF_SWEEP)/plots/.done
ff_shards := $(shell seq 0 $$(( $(FF_SHARDS) - 1 )))
ff_shard_stamps := $(foreach i,$(ff_shards),$(FF_SWEEP)/.trained-$(i)-of-$(FF_SHARDS))

.PHONY: ff-all ff-plan ff-train ff-analyze ff-plot ff-clean
.PRECIOUS: $(ff_plan_file) $(ff_results)

ff-all: ff-plot
ff-plan: $(ff_plan_file)
ff-train: $(ff_results)
ff-analyze: $(ff_analysis)
ff-plot: $(ff_plots)

$(ff_plan_file): $(wildcard $(FF_PRESET))
	@mkdir -p $(FF_SWEEP)
	$(FF_BIN)/ff-plan --dir $(FF_SWEEP) --preset $(FF_PRESET) $(FF_PLAN_ARGS) > $(FF_SWEEP)/plan.txt

$(ff_shard_stamps): $(FF_SWEEP)/.trained-%-of-$(FF_SHARDS): $(ff_plan_file)
	$(FF_BIN)/ff-train --dir $(FF_SWEEP) --shard $*/$(FF_SHARDS)
	@touch $@

$(ff_results): $(ff_shard_stamps)
	@touch $@

$(ff_analysis): $(ff_results) $(FF_ANALYZE_CONFIG)
	$(FF_BIN)/ff-analyze --dir $(FF_SWEEP) $(if $(FF_ANALYZE_CONFIG),--preset $(FF_ANALYZE_CONFIG)) > $(FF_SWEEP)/summary.txt

$(ff_plots): $(ff_analysis) $(FF_PLOT_CONFIG)
	$(FF_BIN)/ff-plot --dir $(FF_SWEEP) $(if $(FF_PLOT_CONFIG),--preset $(FF_PLOT_CONFIG))
	@touch $@

ff-clean:
	rm -rf $(FF_SWEEP)

ifneq ($(ff_saved_goal),)
.DEFAULT_GOAL := $(ff_saved_goal)
endif
