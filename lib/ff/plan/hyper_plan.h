// Plans for the learning rate and batch size at every scale: the hyperparameter sweep
// (plan.kind: hyperparameters) whose losses fit/hyperparameters.h turns into laws lr_opt = k C^x
// and B_opt = k' C^y (DeepSeek-AI 2024, sec. 3.1), and the IsoFLOP plan whose runs take their lr
// and batch size from such laws (ff-plan --hyper-from).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ff/io/analysis_record.h"
#include "ff/plan/plan.h"
#include "ff/plan/plan_settings.h"

namespace ff {

/// Makes the runs of settings (one budget at a time here), adding warnings.
using BudgetPlanner = std::function<Plan(const PlanSettings& settings, std::vector<std::string>* warnings)>;

/// The hyperparameter sweep: for each budget (hyper.budgets, else the compute.* budgets),
/// hyper.sizes GPTs log-spaced over hyper.size_span around the prior optimum (or sizes.widths),
/// each trained at every batch size x peak lr of the grids, with D = C / flops_per_token tokens.
/// kind = hyperparameters. Warnings are collected once each.
Plan make_hyper_plan(const PlanSettings& settings, std::vector<std::string>* warnings);

/// The lr and batch size settings.hyper_laws give at budget c (batch rounded, at least 1);
/// train.lr / train.batch_size where a law is absent.
double planned_lr(const PlanSettings& settings, double c);
int64_t planned_batch_size(const PlanSettings& settings, double c);

/// The laws of an analysis' hyperparameter sweep (Analysis::hyperparameters) as a plan records
/// them; ff::Error naming `source` when it holds none, or neither law is fitted.
PlanHyperLaws hyper_laws_from_analysis(const Analysis& analysis, const std::string& source);

/// The plan of `planner`, made one budget at a time with that budget's planned_lr and
/// planned_batch_size (settings.has_hyper_laws), and the laws recorded in the plan.
Plan plan_with_hyper_laws(const PlanSettings& settings, const BudgetPlanner& planner, std::vector<std::string>* warnings);

}  // namespace ff
