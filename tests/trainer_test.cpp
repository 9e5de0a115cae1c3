// The training loop: next-token targets, iso-FLOP token accounting, learning below the unigram
// entropy, deterministic resume after a signal, divergence, and input validation.
// The three faults of the Python toolkit it replaces (one epoch whatever the plan, mean
// training loss reported, copying the current token) each have a test here.
#include "ff/train/trainer.h"

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <unistd.h>

#include <torch/cuda.h>

#include <gtest/gtest.h>

#include "ff/common/error.h"
#include "ff/tokenizer/byte_tokenizer.h"
#include "ff/train/batches.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

std::vector<uint16_t> to_u16(const std::vector<int32_t>& ids) {
  return std::vector<uint16_t>(ids.begin(), ids.end());
}

// Repetitive English-like text from a tiny grammar: learnable far below its byte entropy.
std::string english_like_text(size_t n_sentences, uint32_t seed) {
  const std::vector<std::string> subjects = {"the cat", "the dog", "a little bird", "my friend",
                                             "the old man", "a happy girl", "the teacher"};
  const std::vector<std::string> verbs = {"sat on", "ran to", "looked at", "jumped over",
                                          "walked past", "found"};
  const std::vector<std::string> objects = {"the mat", "the park", "a big tree", "the house",
                                            "the river", "a red ball"};
  std::mt19937 rng(seed);
  std::string text;
  for (size_t i = 0; i < n_sentences; ++i) {
    text += subjects[rng() % subjects.size()] + " " + verbs[rng() % verbs.size()] + " " +
            objects[rng() % objects.size()] + ". ";
  }
  return text;
}

// Entropy (nats/token) of the token frequencies: the best loss without context.
double unigram_entropy(const std::vector<uint16_t>& tokens) {
  std::map<uint16_t, double> counts;
  for (uint16_t t : tokens) counts[t] += 1.0;
  double h = 0.0;
  for (const auto& [token, c] : counts) {
    const double p = c / static_cast<double>(tokens.size());
    h -= p * std::log(p);
  }
  return h;
}

GptArch tiny_arch(int64_t seq_len) { return GptArch{257, seq_len, 32, 2, 2, 128, false}; }

TrainOptions quick_options() {
  TrainOptions o;
  o.lr = 1e-2;
  o.threads = 1;
  o.eval_tokens = 2048;
  o.device = "cpu";
  return o;
}

// A run directory private to this process, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("ff_trainer_test_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
  operator const fs::path&() const { return path; }
};

TEST(Batches, TargetsAreTheNextTokens) {
  std::vector<uint16_t> tokens(1000);
  for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = static_cast<uint16_t>(i);
  WindowSampler sampler(1000, 16, 7);
  const auto starts = sampler.batch_starts(3, 4);
  const Batch b = make_batch(tokens, starts, 16);
  ASSERT_EQ(b.inputs.size(), 64u);
  for (int64_t row = 0; row < 4; ++row) {
    EXPECT_EQ(b.inputs[static_cast<size_t>(row * 16)], starts[static_cast<size_t>(row)]);
    for (int64_t t = 0; t < 16; ++t) {
      const auto i = static_cast<size_t>(row * 16 + t);
      EXPECT_EQ(b.targets[i], b.inputs[i] + 1);                   // y[t] = next token
      if (t + 1 < 16) {
        EXPECT_EQ(b.targets[i], b.inputs[i + 1]);  // y[t] == x[t + 1]
      }
    }
  }
}

TEST(Batches, OrderIsDeterministicAndEachEpochVisitsEveryWindowOnce) {
  const int64_t n = 5000, t = 32, b = 8;
  WindowSampler a(n, t, 11), again(n, t, 11), other(n, t, 12);
  const int64_t windows = a.windows_per_epoch();
  EXPECT_EQ(windows, (n - 1) / t - 1);
  std::vector<int64_t> epoch0;
  for (int64_t i = 0; i < windows; ++i) epoch0.push_back(a.window_start(0, i, 1));
  std::vector<int64_t> sorted = epoch0;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());  // no repeats
  EXPECT_EQ(sorted.back() - sorted.front(), (windows - 1) * t);              // one grid
  EXPECT_LE(sorted.back() + t + 1, n);
  for (int64_t step : {0, 5, 17, 40}) {  // any step, in any order, on a fresh sampler
    EXPECT_EQ(a.batch_starts(step, b), again.batch_starts(step, b));
  }
  EXPECT_NE(a.batch_starts(0, b), other.batch_starts(0, b));
  EXPECT_THROW(WindowSampler(16, 16, 0), Error);
}

TEST(Batches, EvalWindowsAreTheFirstTokens) {
  EXPECT_EQ(eval_window_starts(10000, 100, 32), (std::vector<int64_t>{0, 32, 64}));
  EXPECT_EQ(eval_window_starts(70, 1000, 32), (std::vector<int64_t>{0, 32}));
  EXPECT_THROW(eval_window_starts(20, 1000, 32), Error);
}

TEST(Trainer, TrainsExactlyThePlannedTokensEvenPastOneEpoch) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(40, 1)));  // ~1,100 tokens
  const auto valid = to_u16(tok.encode(english_like_text(40, 2)));
  struct Case { int64_t steps, batch, seq_len; };
  for (const Case c : {Case{3, 2, 16}, Case{7, 4, 8}, Case{20, 8, 32}}) {  // last: ~5 epochs
    const RunSpec spec{"iso", tiny_arch(c.seq_len), c.steps, c.batch, 1000.0};
    const auto out = train_run(spec, quick_options(), train, valid, TempDir("iso"));
    EXPECT_EQ(out.status, RunStatus::kOk);
    EXPECT_EQ(out.tokens_seen, c.steps * c.batch * c.seq_len);
    ASSERT_FALSE(out.curve.empty());
    EXPECT_EQ(out.curve.back().step, c.steps);
    EXPECT_EQ(out.curve.back().tokens, c.steps * c.batch * c.seq_len);
    EXPECT_DOUBLE_EQ(out.curve.back().flops, 1000.0 * static_cast<double>(out.tokens_seen));
    EXPECT_DOUBLE_EQ(out.final_loss, out.curve.back().eval_loss);
  }
}

// Held-out loss falls well below the unigram entropy: the model uses context. Under both
// parametrizations (u-mup's base lr is larger: its per-type rules shrink hidden lrs).
TEST(Trainer, LearnsEnglishLikeTextBelowUnigramEntropy) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(1500, 3)));
  const auto valid = to_u16(tok.encode(english_like_text(200, 4)));
  const double entropy = unigram_entropy(valid);
  for (const std::string p : {"sp", "u-mup"}) {
    TrainOptions o = quick_options();
    o.parametrization = p;
    o.lr = p == "sp" ? 1e-2 : 0.3;
    o.weight_decay = p == "sp" ? 0.1 : 1e-4;
    const RunSpec spec{"learn-" + p, tiny_arch(32), 300, 16, 0.0};
    const auto out = train_run(spec, o, train, valid, TempDir("learn"));
    ASSERT_EQ(out.status, RunStatus::kOk) << p;
    RecordProperty("unigram_entropy_nats", std::to_string(entropy));
    RecordProperty("final_loss_" + p, std::to_string(out.final_loss));
    EXPECT_LT(out.final_loss, 0.5 * entropy) << p << " unigram entropy " << entropy;
    ASSERT_GE(out.curve.size(), 5u);
    EXPECT_LT(out.curve.back().eval_loss, out.curve.front().eval_loss) << p;
    EXPECT_GT(out.curve.back().tokens_per_second, 0.0);
  }
}

// i.i.d. random symbols: the next token is unpredictable, so no model can beat ln(16); a trainer
// that taught the model to copy its input would reach ~0 here.
TEST(Trainer, CannotBeatEntropyWhenOnlyCopyingTheCurrentTokenWouldHelp) {
  std::mt19937 rng(5);
  std::vector<uint16_t> train(20000), valid(4000);
  for (auto& t : train) t = static_cast<uint16_t>(rng() % 16);
  for (auto& t : valid) t = static_cast<uint16_t>(rng() % 16);
  const RunSpec spec{"random", tiny_arch(32), 200, 16, 0.0};
  const auto out = train_run(spec, quick_options(), train, valid, TempDir("random"));
  ASSERT_EQ(out.status, RunStatus::kOk);
  EXPECT_GT(out.final_loss, 0.97 * std::log(16.0));
  EXPECT_LT(out.final_loss, 1.10 * std::log(16.0));
}

TEST(Trainer, ResumeAfterSignalMatchesUninterruptedRun) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(600, 6)));
  const auto valid = to_u16(tok.encode(english_like_text(100, 7)));
  const RunSpec spec{"resume", tiny_arch(32), 60, 8, 0.0};
  TrainOptions o = quick_options();
  o.checkpoint_interval = 25;
  const auto straight = train_run(spec, o, train, valid, TempDir("straight"));
  ASSERT_EQ(straight.status, RunStatus::kOk);

  const TempDir tmp("resume");
  const fs::path& dir = tmp.path;
  bool raised = false;
  o.after_step = [&](int64_t step) {
    if (step == 37 && !raised) {
      raised = true;
      std::raise(SIGUSR1);  // what Slurm sends before the time limit
    }
  };
  const auto first = train_run(spec, o, train, valid, dir);
  EXPECT_EQ(first.status, RunStatus::kInterrupted);
  EXPECT_EQ(first.tokens_seen, 37 * 8 * 32);
  EXPECT_TRUE(std::isnan(first.final_loss));
  EXPECT_TRUE(fs::exists(dir / "checkpoint.pt"));
  for (const auto& entry : fs::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();  // no temporary left
  }

  const auto resumed = train_run(spec, o, train, valid, dir);
  EXPECT_EQ(resumed.status, RunStatus::kOk);
  EXPECT_EQ(resumed.tokens_seen, 60 * 8 * 32);
  EXPECT_NEAR(resumed.final_loss, straight.final_loss, 1e-4);
  ASSERT_EQ(resumed.curve.size(), straight.curve.size());
  for (size_t i = 0; i < straight.curve.size(); ++i) {
    EXPECT_NEAR(resumed.curve[i].eval_loss, straight.curve[i].eval_loss, 1e-4);
    EXPECT_NEAR(resumed.curve[i].train_loss, straight.curve[i].train_loss, 1e-4);
  }
  EXPECT_FALSE(fs::exists(dir / "checkpoint.pt"));  // removed once the run is ok

  // A checkpoint only resumes its own run.
  o.after_step = [&](int64_t step) { if (step == 5) std::raise(SIGUSR1); };
  ASSERT_EQ(train_run(spec, o, train, valid, dir).status, RunStatus::kInterrupted);
  TrainOptions other = quick_options();
  other.lr = 2e-2;
  EXPECT_THROW(train_run(spec, other, train, valid, dir), Error);
}

// Gradient accumulation: a batch of 8 sent through the model as 4 micro-batches of 2 trains the
// same run (to float rounding) on the same tokens; a micro-batch that does not divide the batch
// is refused by name.
TEST(Trainer, MicroBatchesTrainTheSameRunAsWholeBatches) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(300, 10)));
  const auto valid = to_u16(tok.encode(english_like_text(60, 11)));
  const RunSpec spec{"micro", tiny_arch(32), 30, 8, 0.0};
  const auto whole = train_run(spec, quick_options(), train, valid, TempDir("whole"));
  TrainOptions o = quick_options();
  o.micro_batch_size = 2;
  const auto micro = train_run(spec, o, train, valid, TempDir("micro"));
  ASSERT_EQ(whole.status, RunStatus::kOk);
  ASSERT_EQ(micro.status, RunStatus::kOk);
  EXPECT_EQ(micro.tokens_seen, whole.tokens_seen);
  EXPECT_LT(whole.final_loss, whole.curve.front().eval_loss - 0.5);  // it learned something
  EXPECT_NEAR(micro.final_loss, whole.final_loss, 1e-3);
  ASSERT_EQ(micro.curve.size(), whole.curve.size());
  for (size_t i = 0; i < whole.curve.size(); ++i) {
    EXPECT_NEAR(micro.curve[i].train_loss, whole.curve[i].train_loss, 1e-3) << "point " << i;
  }
  o.micro_batch_size = 3;
  try {
    train_run(spec, o, train, valid, TempDir("micro3"));
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "train.micro_batch_size (3) must divide train.batch_size (8) (run micro)");
  }
}

TEST(Trainer, AbsurdLearningRateDivergesWithoutThrowing) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(300, 8)));
  const auto valid = to_u16(tok.encode(english_like_text(60, 9)));
  TrainOptions o = quick_options();
  o.lr = 1e3;
  o.warmup_frac = 0.0;
  const TempDir tmp("diverge");
  const fs::path& dir = tmp.path;
  const auto out = train_run(RunSpec{"diverge", tiny_arch(32), 100, 8, 0.0}, o, train, valid, dir);
  EXPECT_EQ(out.status, RunStatus::kDiverged);
  EXPECT_TRUE(std::isnan(out.final_loss));
  EXPECT_LT(out.tokens_seen, 100 * 8 * 32);
  EXPECT_FALSE(fs::exists(dir / "checkpoint.pt"));
}

TEST(Trainer, RejectsBadInputsWithNamedKeys) {
  const std::vector<uint16_t> tokens(4000, 7);
  const RunSpec spec{"bad", tiny_arch(16), 2, 2, 0.0};
  const TempDir tmp("bad");
  const fs::path& dir = tmp.path;
  auto message = [&](const TrainOptions& o, const std::vector<uint16_t>& train) -> std::string {
    try {
      train_run(spec, o, train, tokens, dir);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  std::vector<uint16_t> out_of_vocab = tokens;
  out_of_vocab[10] = 300;
  EXPECT_EQ(message(quick_options(), out_of_vocab),
            "train tokens: id 300 is outside the model's vocabulary of 257 (hint: model.vocab_size "
            "must match the tokenizer)");
  TrainOptions umup = quick_options();
  umup.parametrization = "u-mup";
  EXPECT_NE(message(umup, tokens).find("train.weight_decay (0.1)"), std::string::npos);
  TrainOptions bad_device = quick_options();
  bad_device.device = "tpu";
  EXPECT_NE(message(bad_device, tokens).find("train.device: unknown value 'tpu'"), std::string::npos);
  EXPECT_NE(message(quick_options(), std::vector<uint16_t>(10, 1)).find("cannot fill one window"),
            std::string::npos);
  fs::create_directories(dir);
  std::ofstream(dir / "checkpoint.pt") << "not a checkpoint";
  EXPECT_NE(message(quick_options(), tokens).find("cannot read the checkpoint"), std::string::npos);
  fs::remove(dir / "checkpoint.pt");
  if (!torch::cuda::is_available()) {
    TrainOptions cuda = quick_options();
    cuda.device = "cuda";
    EXPECT_NE(message(cuda, tokens).find("'cuda' requested"), std::string::npos);
  }
}

}  // namespace
}  // namespace ff
