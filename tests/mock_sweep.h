// Test helper: the mock preset's sweep trained in-process by the mock trainer, as ff-analyze sees
// it (each run's final loss and training curve), with the loss law, noise and seed of the test's choosing.
#pragma once

#include <string>
#include <vector>

#include "ff/fit/envelope.h"
#include "ff/fit/parametric.h"
#include "ff/io/config.h"
#include "ff/io/results_file.h"
#include "ff/plan/hyper_plan.h"
#include "ff/plan/isoflop_plan.h"
#include "ff/train/mock_trainer.h"

namespace ff::testing {

struct MockSweep {
  std::vector<Observation> runs;  // ok runs, as read from results.csv
  std::vector<RunCurve> curves;   // their training curves (curve.csv)
};

/// Plans the gpt-tinystories-mock preset (plus `overrides`) and draws every run from `law`.
inline MockSweep mock_sweep(const LossLaw& law, double noise, uint64_t seed,
                            const std::vector<std::string>& overrides = {}) {
  Config c = Config::defaults();
  c.merge_file(find_preset("gpt-tinystories-mock"));
  for (const auto& o : overrides) c.merge_override(o);
  const Plan plan = make_plan(read_plan_settings(c), nullptr);
  TrainSettings t = read_train_settings(c);
  t.mock.law = law;
  t.mock.noise = noise;
  t.mock.seed = seed;
  MockSweep sweep;
  for (const auto& run : plan.runs) {
    const RunOutcome out = mock_train(run, t);
    const double n = static_cast<double>(run.n_params);
    sweep.runs.push_back({run.compute_budget, n, static_cast<double>(out.tokens_seen), out.final_loss, run.run_id});
    RunCurve curve{run.run_id, run.compute_budget, n, {}};
    for (const auto& p : out.curve) curve.samples.push_back({p.flops, static_cast<double>(p.tokens), p.eval_loss});
    sweep.curves.push_back(curve);
  }
  return sweep;
}

/// The mock preset's hyperparameter sweep (plan.kind hyperparameters plus `overrides`, which set
/// the hyper.* grids and the hidden optimum mock.lr_* / mock.batch_*), trained in-process: its ok
/// runs with their lr and batch size, as ff-analyze reads them from results.csv.
inline std::vector<Observation> mock_hyper_sweep(const std::vector<std::string>& overrides) {
  Config c = Config::defaults();
  c.merge_file(find_preset("gpt-tinystories-mock"));
  c.merge_override("plan.kind=hyperparameters");
  for (const auto& o : overrides) c.merge_override(o);
  const Plan plan = make_hyper_plan(read_plan_settings(c), nullptr);
  const TrainSettings t = read_train_settings(c);
  std::vector<Observation> runs;
  for (const auto& run : plan.runs) {
    const RunOutcome out = mock_train(run, t);
    Observation o{run.compute_budget, static_cast<double>(run.n_params), static_cast<double>(out.tokens_seen),
                  out.final_loss, run.run_id};
    o.lr = run.lr;
    o.batch_size = static_cast<double>(run.batch_size);
    runs.push_back(o);
  }
  return runs;
}

/// Every 45th start of the paper's 4500-point grid (100 starts): the parametric fit of a mock
/// sweep lands on the same optimum 40 times faster (tests where Approach 3 is not the subject).
inline std::vector<ParametricTheta> few_parametric_starts() {
  std::vector<ParametricTheta> starts;
  const auto grid = chinchilla_start_grid();
  for (std::size_t i = 0; i < grid.size(); i += 45) starts.push_back(grid[i]);
  return starts;
}

/// N_opt ∝ C^a with a = beta / (alpha + beta) (Hoffmann et al. 2022, eq. 4).
inline double true_a(const LossLaw& law) { return law.beta / (law.alpha + law.beta); }

/// Data-hungrier than Chinchilla: a = 0.36 / 0.66 = 0.545, optimum near 20 tokens/param at 1e18.
inline LossLaw second_law() { return LossLaw{1.8, 271.0, 2000.0, 0.30, 0.36}; }

}  // namespace ff::testing
