// The Analysis record that ff-analyze produces and analysis.json holds: Hoffmann et al. 2022's
// three approaches (envelope, IsoFLOP, parametric), each with its frontier, bootstrap intervals,
// hold-out check and predictions. Plain data with the formulas that read it; the fits that fill
// it are in lib/ff/fit, the file in io/analysis_file.h.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ff/io/results_file.h"

namespace ff {

/// Hoffmann et al. 2022's three approaches, in the paper's order.
enum class Approach {
  kEnvelope = 0,    // Approach 1: minimum over training curves
  kIsoflop = 1,     // Approach 2: IsoFLOP profiles
  kParametric = 2,  // Approach 3: parametric loss L(N, D)
};
constexpr int kNumApproaches = 3;
constexpr Approach kAllApproaches[] = {Approach::kEnvelope, Approach::kIsoflop, Approach::kParametric};

/// "envelope", "isoflop", "parametric" (the keys of analysis.json's `approaches`).
const char* approach_name(Approach approach);
/// The approach named `name` (as approach_name spells it); ff::Error naming `where` otherwise.
Approach parse_approach(const std::string& name, const std::string& where);

/// y = coefficient * x^exponent, fitted as a line in (ln x, ln y).
struct PowerLaw {
  double coefficient = 0, exponent = 0;
  double exponent_se = 0;         // standard error of the exponent
  double log_coefficient_se = 0;  // standard error of ln(coefficient)
  double r2 = 0;                  // in log space
  int n_points = 0;
  double operator()(double x) const { return coefficient * std::pow(x, exponent); }
};

/// y = offset + coefficient * x^exponent (a power law that saturates at `offset`, e.g. the
/// irreducible loss E).
struct OffsetPowerLaw {
  double offset = 0;
  PowerLaw power;
  double operator()(double x) const { return offset + power(x); }
};

/// y = c0 + c1 x + c2 x^2.
struct Parabola {
  double c0 = 0, c1 = 0, c2 = 0;
  double operator()(double x) const { return c0 + c1 * x + c2 * x * x; }
  /// The turning point -c1 / (2 c2); a minimum only if c2 > 0.
  double vertex() const { return -c1 / (2.0 * c2); }
};

/// The compute-optimal frontier every approach yields (Hoffmann et al. 2022, eq. 4 and Table 2).
struct Frontier {
  PowerLaw n_opt;           // N_opt (parameters) = k C^a, C in FLOPs
  PowerLaw d_opt;           // D_opt (tokens) = k' C^b
  OffsetPowerLaw loss_opt;  // L_opt (nats/token) = E + k'' C^-gamma: power.exponent = -gamma
  bool loss_fitted = false; // false: too few optima for the loss law; loss() is NaN

  double a() const { return n_opt.exponent; }
  double b() const { return d_opt.exponent; }
  /// The loss on the frontier at c FLOPs, nats/token; NaN when !loss_fitted.
  double loss(double c) const { return loss_fitted ? loss_opt(c) : std::nan(""); }
};

/// A closed interval [lo, hi]; NaN bounds when unknown (no bootstrap).
struct Bounds {
  double lo = std::nan("");
  double hi = std::nan("");
  bool known() const { return std::isfinite(lo) && std::isfinite(hi); }
};

/// The compute-optimal model at one budget, as one approach predicts it.
struct Prediction {
  std::string approach;         // approach_name()
  double compute_budget = 0;    // FLOPs
  double n_params = 0;          // N_opt, parameters
  double tokens = 0;            // D_opt, tokens
  double tokens_per_param = 0;  // D_opt / N_opt
  double loss = 0;              // expected loss, nats/token (NaN when the approach has no loss law)
  Bounds n_params_interval, tokens_interval, loss_interval;  // bootstrap percentile intervals
};

/// The parametric loss's vector theta in the optimiser's coordinates: A = e^a, B = e^b, E = e^e.
struct ParametricTheta {
  double a;      // log A, A in nats/token * params^alpha
  double b;      // log B, B in nats/token * tokens^beta
  double e;      // log E, E in nats/token (irreducible loss)
  double alpha;  // exponent of N, dimensionless
  double beta;   // exponent of D, dimensionless
};

/// A fitted L(N, D) = E + A / N^alpha + B / D^beta and its compute-optimal frontier under
/// C = 6 N D (Hoffmann et al. 2022, eq. 4; fitted by fit/parametric.h).
struct ParametricFit {
  double E = 0;      // irreducible loss, nats/token
  double A = 0;      // nats/token * params^alpha
  double B = 0;      // nats/token * tokens^beta
  double alpha = 0;  // exponent of N
  double beta = 0;   // exponent of D
  double objective = 0;  // sum over points of Huber_delta(log L_hat - log L) at the optimum
  int n_points = 0;      // points fitted
  int start_index = -1;  // index into the starts of the start that reached this optimum

  ParametricTheta theta() const;  // (log A, log B, log E, alpha, beta)
  double a() const;  // beta / (alpha + beta): N_opt ∝ C^a (Hoffmann et al. 2022, eq. 4)
  double b() const;  // alpha / (alpha + beta): D_opt ∝ C^b (eq. 4)
  double G() const;  // (alpha A / (beta B))^(1 / (alpha + beta)): N_opt = G (C/6)^a (eq. 4)
  /// E + A / n^alpha + B / d^beta, nats/token; n in params, d in tokens.
  double loss(double n, double d) const;
  /// Loss-minimising parameters for a budget of c FLOPs, C = 6 N D: G (c/6)^a (eq. 4).
  double n_opt(double c) const;
  /// Loss-minimising tokens for a budget of c FLOPs: G^-1 (c/6)^b (eq. 4).
  double d_opt(double c) const;
  /// Loss on the frontier, loss(n_opt(c), d_opt(c)), nats/token.
  double loss_opt(double c) const;
};

/// How Approach 3 is fitted (analyze.parametric_method).
enum class ParametricMethod {
  kGrid,   // L-BFGS from each of the paper's 4500 starts (Hoffmann et al. 2022, App. D.2)
  kVpnls,  // variable projection over (alpha, beta), then one L-BFGS refinement (fit/vpnls.h)
};
/// "grid", "vpnls".
const char* parametric_method_name(ParametricMethod method);
/// The method named `name`; ff::Error naming `where` otherwise.
ParametricMethod parse_parametric_method(const std::string& name, const std::string& where);

/// ff-analyze's settings (configs/analyze.yaml; read and range-checked by fit/analyze_settings.h).
/// analysis.json's `settings` holds budget_tolerance, min_sizes, huber_delta, drop_highest_losses,
/// bootstrap, seed, level and parametric_method; the others are how the fits ran, not what they mean.
struct AnalyzeSettings {
  std::vector<double> predict;     // budgets to predict, FLOPs
  double budget_tolerance = 0.01;  // runs whose budgets agree within this (relative) form one IsoFLOP group
  int min_sizes = 3;               // an IsoFLOP group needs this many sizes, count
  double huber_delta = 1e-3;       // Huber threshold of the parametric fit, log nats (Hoffmann et al. 2022)
  int drop_highest_losses = 0;     // runs with the k highest losses left out of the parametric fit, count
  int bootstrap = 1000;            // bootstrap replicates per approach, count (0 = no intervals)
  std::uint64_t seed = 0;          // seeds the resamples
  int threads = 2;                 // std::threads for the parametric starts and the bootstrap replicates
  double level = 0.95;             // coverage of the bootstrap percentile intervals
  /// Starts of the full-data parametric fit; empty = the paper's 4500-point grid (library use:
  /// tests pass a few starts to stay fast).
  std::vector<ParametricTheta> parametric_starts;
  int refit_grid_starts = 4;       // grid starts per bootstrap / hold-out refit besides the full optimum
  ParametricMethod parametric_method = ParametricMethod::kVpnls;  // how Approach 3 is fitted
};

struct NamedBounds {
  std::string name;  // a field of the approach in analysis.json: "a", "n_opt.coefficient", "alpha"
  Bounds bounds;
};

/// An approach's bootstrap summary.
struct Uncertainty {
  int replicates = 0;  // requested (analyze.bootstrap); 0 = no bootstrap
  int succeeded = 0;   // replicates where the approach applied; the others are dropped
  double level = 0.95; // central coverage of the percentile intervals
  std::vector<NamedBounds> intervals;
  std::vector<Prediction> band;  // the frontier with intervals on a log-spaced grid of budgets
  /// The interval of `name`; unknown bounds when absent.
  Bounds interval(const std::string& name) const;
  int dropped() const { return replicates - succeeded; }
};

/// The hold-out check's yardstick: the held-out (largest) budget's own measurements.
struct HoldoutReference {
  bool ok = false;             // false: no check (see reason)
  std::string reason;
  double compute_budget = 0;   // the held-out group's budget, FLOPs
  int n_held_out = 0;          // runs held out
  int n_fitted = 0;            // runs the approaches were refitted on
  double n_opt = 0;            // vertex of its parabola, parameters
  double d_opt = 0;            // tokens at the vertex
  double loss = 0;             // lowest measured final loss, nats/token
  std::string loss_run_id;     // the run that measured it
};

/// One approach's prediction for the held-out budget.
struct HoldoutCheck {
  bool done = false;           // false: the approach could not be refitted without it (see reason)
  std::string reason;
  Prediction predicted;        // at reference.compute_budget
  double n_error = NAN;        // predicted N_opt / reference N_opt - 1
  double d_error = NAN;        // predicted D_opt / reference D_opt - 1
  double loss_error = NAN;     // predicted loss / lowest measured loss - 1 (NaN without a loss law)
};

/// One step of the rolling hold-out (fit/rollout.h): an approach refitted on the budgets below
/// `reference.compute_budget` predicts it.
struct RolloutStep {
  double largest_fitted = 0;   // the largest budget fitted, FLOPs
  double extrapolation = 0;    // reference.compute_budget / largest_fitted, ratio (> 1)
  int n_fitted_budgets = 0;    // budget groups fitted (all those below)
  HoldoutReference reference;  // the predicted budget's own measurements (not ok: no check, see its reason)
  HoldoutCheck check;          // the prediction there and its errors (predicted / reference - 1)
};

/// The rolling hold-out of every approach, as OLMo-core's model-ladder "rollout": for each budget k
/// from the third up (ascending), the approach refitted on the budgets below k predicts k.
struct Rollout {
  std::string reason;  // why there are no steps (fewer than 3 budget groups); empty otherwise
  std::array<std::vector<RolloutStep>, kNumApproaches> steps;  // indexed by Approach; empty when not fitted
  const std::vector<RolloutStep>& of(Approach a) const { return steps[static_cast<int>(a)]; }
};

/// The envelope at one FLOPs value: the run with the lowest (interpolated) loss there.
struct EnvelopePoint {
  double flops = 0;     // FLOPs
  double n_params = 0;  // the winning run's parameters
  double tokens = 0;    // its tokens so far, interpolated
  double loss = 0;      // its loss there, nats/token
  std::string run_id;
};

/// Approach 1 in detail (fit/envelope.h).
struct EnvelopeResult {
  bool fitted = false;  // false: the approach could not apply (see reason)
  std::string reason;
  int n_curves = 0;     // usable training curves
  /// Grid points whose winner is neither the smallest nor the largest model covering that
  /// budget (an interior minimum); the others are dropped like vertices outside the sizes.
  std::vector<EnvelopePoint> points;
  Frontier law;         // through `points`
};

/// One IsoFLOP budget group of Approach 2 (fit/isoflop.h).
struct BudgetProfile {
  double compute_budget = 0;   // FLOPs (mean of the group)
  int n_runs = 0;
  bool used = false;           // part of the power-law fits
  std::string reason;          // why not, when !used
  Parabola parabola;           // loss against ln N
  double n_min = 0, n_max = 0; // the sampled size range, parameters
  double n_opt = 0;            // vertex, parameters
  double d_opt = 0;            // tokens at the vertex, interpolated in (ln N, ln D) from the runs
  double loss_opt = 0;         // parabola at the vertex, nats/token
  std::vector<Observation> runs;
};

/// Approach 2 in detail.
struct IsoflopResult {
  bool fitted = false;         // false: the approach could not apply (see reason)
  std::string reason;
  std::vector<BudgetProfile> budgets;
  /// Through the used vertices: N_opt = k C^a, D_opt = k' C^b, and L_opt = E + k'' C^-gamma
  /// through the vertex losses (needs 3 budgets).
  Frontier law;
};

/// Approach 3 in detail (fit/parametric_approach.h).
struct ParametricResult {
  bool fitted = false;  // false: the approach could not apply (see reason)
  std::string reason;
  int n_dropped = 0;                // runs left out as the highest losses
  std::vector<Observation> runs;    // the runs fitted
  ParametricFit fit;
  Frontier law;                     // parametric_frontier(fit)
  /// Starts for refits: the full-data optimum plus settings.refit_grid_starts grid starts that
  /// reached it (refit_starts() of fit/bootstrap.h, as bootstrap_parametric chooses them).
  std::vector<ParametricTheta> refit_starts;
};

/// What every approach reports, whatever its kind.
struct ApproachReport {
  Approach approach = Approach::kIsoflop;
  bool fitted = false;      // false: skipped (see reason)
  std::string reason;
  Frontier law;             // N_opt = k C^a, D_opt = k' C^b, L_opt = E + k'' C^-gamma
  Uncertainty uncertainty;  // bootstrap intervals (none when analyze.bootstrap is 0)
  HoldoutCheck holdout;     // its prediction for the held-out largest budget
  std::vector<Prediction> predictions;  // at analyze.predict, with intervals
};

// ---- Hyperparameter laws (fit/hyperparameters.h; analysis.json `hyperparameters`, io/hyper_file.h) ----
// Fitted to a sweep over learning rates and batch sizes: per (budget, size) group the optimum of a
// parabola in ln lr (or ln B) through the lowest losses, and power laws lr_opt = k C^x and
// B_opt = k' C^y through the optima (the form of DeepSeek-AI 2024, sec. 3.1), with bootstrap intervals.

/// The lowest loss measured at one value of the hyperparameter within a group.
struct HyperSample {
  double value = 0;  // lr, or batch size in sequences
  double loss = 0;   // nats/token
};

/// One (budget, size) group's optimum of one hyperparameter.
struct HyperGroup {
  double compute_budget = 0;  // FLOPs (mean of the group)
  double n_params = 0;
  int n_runs = 0;
  bool used = false;          // its optimum is part of the laws
  std::string reason;         // why not, when !used
  std::vector<HyperSample> profile;  // ascending in value: the lowest loss at each value (over the other hyperparameter)
  Parabola parabola;          // loss against ln value, through the lowest points of the profile
  double fit_min = 0, fit_max = 0;  // the values the parabola was fitted over
  double optimum = 0;         // exp(vertex): the loss-minimising value (NaN when none)
  double loss_opt = 0;        // the parabola at its vertex, nats/token
};

/// One hyperparameter's laws: optimum = k C^x (and = k N^x over the groups' sizes).
struct HyperLaw {
  bool fitted = false;        // false: no law (see reason); the groups may still be listed
  std::string reason;
  PowerLaw vs_compute;        // optimum = coefficient C^exponent, C in FLOPs
  bool params_fitted = false; // false when the used groups hold a single size
  PowerLaw vs_params;         // optimum = coefficient N^exponent
  int replicates = 0;         // bootstrap replicates requested (analyze.bootstrap)
  int succeeded = 0;          // replicates where the law could be fitted
  double level = 0.95;        // coverage of the percentile intervals
  Bounds coefficient_interval, exponent_interval;  // of vs_compute
  Bounds params_exponent_interval;                 // of vs_params
  std::vector<HyperGroup> groups;                  // ascending in (budget, size)

  /// The law's optimum at c FLOPs (NaN when !fitted).
  double at(double c) const { return fitted ? vs_compute(c) : std::nan(""); }
};

/// Both laws; `present` false when the runs hold no hyperparameter sweep (no lr / batch_size
/// columns, or a single value of each per group): then analysis.json has no `hyperparameters`.
struct HyperparameterLaws {
  bool present = false;
  HyperLaw lr;          // peak learning rate
  HyperLaw batch_size;  // sequences per step
};

/// What the laws recommend at one budget.
struct HyperChoice {
  bool has_lr = false;
  double lr = 0;              // peak learning rate
  bool has_batch_size = false;
  int64_t batch_size = 0;     // sequences, rounded, at least 1
};

/// The fitted lr and batch size at `compute` FLOPs; has_* false where that law is not fitted.
HyperChoice hyper_at_budget(const HyperparameterLaws& laws, double compute);

struct Analysis {
  AnalyzeSettings settings;     // what it was fitted with
  std::string results_source;   // the CSV analysed
  int n_runs = 0;               // ok runs read
  EnvelopeResult envelope;      // Approach 1 in detail
  IsoflopResult isoflop;        // Approach 2 in detail
  ParametricResult parametric;  // Approach 3 in detail
  std::array<ApproachReport, kNumApproaches> approaches;  // indexed by Approach
  HoldoutReference holdout;     // what the hold-out check compares with
  Rollout rollout;              // the rolling hold-out of every fitted approach
  /// Every fitted approach's predictions, grouped by approach in the paper's order, budgets ascending.
  std::vector<Prediction> predictions;
  std::vector<std::string> warnings;
  HyperparameterLaws hyperparameters;  // lr and batch-size laws (present only for a hyperparameter sweep)

  const ApproachReport& report(Approach a) const { return approaches[static_cast<int>(a)]; }
  /// The approach to quote first: parametric if fitted, else isoflop, else envelope.
  Approach preferred() const;
};

}  // namespace ff
