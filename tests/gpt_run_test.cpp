// One GPT run through the loop: iso-FLOP token accounting, learning below the unigram entropy,
// deterministic resume after a signal, divergence, and input validation.
// The three faults of the Python toolkit it replaces (one epoch whatever the plan, mean
// training loss reported, copying the current token) each have a test here (the next-token
// targets in batches_test.cpp).
#include "ff/train/gpt_run.h"

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
#include "temp_dir.h"

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

LoopOptions quick_options() {
  LoopOptions o;
  o.lr = 1e-2;
  o.threads = 1;
  o.eval_tokens = 2048;
  o.device = Device::kCpu;
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
  fs::path checkpoint() const { return path / "checkpoint.pt"; }
};

// spec + GptModel as a sweep's local trainer builds them (flops_per_token 0: counted with attention).
RunSpec run_spec(const std::string& id, int64_t steps, int64_t batch, double flops_per_token = 0.0) {
  return RunSpec{id, steps, batch, flops_per_token, ""};
}
GptModel tiny_gpt(int64_t seq_len, Parametrization p = Parametrization::kSp) { return GptModel{tiny_arch(seq_len), p}; }

TEST(GptRun, TrainsExactlyThePlannedTokensEvenPastOneEpoch) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(40, 1)));  // ~1,100 tokens
  const auto valid = to_u16(tok.encode(english_like_text(40, 2)));
  struct Case { int64_t steps, batch, seq_len; };
  for (const Case c : {Case{3, 2, 16}, Case{7, 4, 8}, Case{20, 8, 32}}) {  // last: ~5 epochs
    const auto out = train_gpt(run_spec("iso", c.steps, c.batch, 1000.0), tiny_gpt(c.seq_len), quick_options(), train,
                               valid, TempDir("iso").checkpoint());
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
TEST(GptRun, LearnsEnglishLikeTextBelowUnigramEntropy) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(1500, 3)));
  const auto valid = to_u16(tok.encode(english_like_text(200, 4)));
  const double entropy = unigram_entropy(valid);
  for (const Parametrization parametrization : {Parametrization::kSp, Parametrization::kUMup}) {
    const std::string p = to_string(parametrization);
    LoopOptions o = quick_options();
    o.lr = parametrization == Parametrization::kSp ? 1e-2 : 0.3;
    o.weight_decay = parametrization == Parametrization::kSp ? 0.1 : 1e-4;
    const auto out = train_gpt(run_spec("learn-" + p, 300, 16), tiny_gpt(32, parametrization), o, train, valid,
                               TempDir("learn").checkpoint());
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
TEST(GptRun, CannotBeatEntropyWhenOnlyCopyingTheCurrentTokenWouldHelp) {
  std::mt19937 rng(5);
  std::vector<uint16_t> train(20000), valid(4000);
  for (auto& t : train) t = static_cast<uint16_t>(rng() % 16);
  for (auto& t : valid) t = static_cast<uint16_t>(rng() % 16);
  const auto out = train_gpt(run_spec("random", 200, 16), tiny_gpt(32), quick_options(), train, valid,
                             TempDir("random").checkpoint());
  ASSERT_EQ(out.status, RunStatus::kOk);
  EXPECT_GT(out.final_loss, 0.97 * std::log(16.0));
  EXPECT_LT(out.final_loss, 1.10 * std::log(16.0));
}

TEST(GptRun, ResumeAfterSignalMatchesUninterruptedRun) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(600, 6)));
  const auto valid = to_u16(tok.encode(english_like_text(100, 7)));
  const RunSpec spec = run_spec("resume", 60, 8);
  const GptModel gpt = tiny_gpt(32);
  LoopOptions o = quick_options();
  o.checkpoint_interval = 25;
  const auto straight = train_gpt(spec, gpt, o, train, valid, TempDir("straight").checkpoint());
  ASSERT_EQ(straight.status, RunStatus::kOk);

  const TempDir tmp("resume");
  const fs::path checkpoint = tmp.checkpoint();
  bool raised = false;
  o.after_step = [&](int64_t step) {
    if (step == 37 && !raised) {
      raised = true;
      std::raise(SIGUSR1);  // what Slurm sends before the time limit
    }
  };
  const auto first = train_gpt(spec, gpt, o, train, valid, checkpoint);
  EXPECT_EQ(first.status, RunStatus::kInterrupted);
  EXPECT_EQ(first.tokens_seen, 37 * 8 * 32);
  EXPECT_TRUE(std::isnan(first.final_loss));
  EXPECT_TRUE(fs::exists(checkpoint));
  EXPECT_FALSE(fs::exists(checkpoint.string() + ".tmp"));

  const auto resumed = train_gpt(spec, gpt, o, train, valid, checkpoint);
  EXPECT_EQ(resumed.status, RunStatus::kOk);
  EXPECT_EQ(resumed.tokens_seen, 60 * 8 * 32);
  EXPECT_NEAR(resumed.final_loss, straight.final_loss, 1e-4);
  ASSERT_EQ(resumed.curve.size(), straight.curve.size());
  for (size_t i = 0; i < straight.curve.size(); ++i) {
    EXPECT_NEAR(resumed.curve[i].eval_loss, straight.curve[i].eval_loss, 1e-4);
    EXPECT_NEAR(resumed.curve[i].train_loss, straight.curve[i].train_loss, 1e-4);
  }
  EXPECT_FALSE(fs::exists(checkpoint));  // removed once the run is ok

  // A checkpoint only resumes its own run: not with other options, nor another GPT.
  o.after_step = [&](int64_t step) { if (step == 5) std::raise(SIGUSR1); };
  ASSERT_EQ(train_gpt(spec, gpt, o, train, valid, checkpoint).status, RunStatus::kInterrupted);
  LoopOptions other = quick_options();
  other.lr = 2e-2;
  EXPECT_THROW(train_gpt(spec, gpt, other, train, valid, checkpoint), Error);
  GptModel tied = gpt;
  tied.arch.tied_embeddings = true;
  const std::string refused =
      testing::error_of([&] { train_gpt(spec, tied, quick_options(), train, valid, checkpoint); });
  EXPECT_NE(refused.find("checkpoint belongs to another run or other options"), std::string::npos) << refused;
  EXPECT_NE(refused.find("gpt V257 T32 d32 L2 H2 ff128 tied sp"), std::string::npos) << refused;
}

// Gradient accumulation: a batch of 8 sent through the model as 4 micro-batches of 2 trains the
// same run (to float rounding) on the same tokens; a micro-batch that does not divide the batch
// is refused by name.
TEST(GptRun, MicroBatchesTrainTheSameRunAsWholeBatches) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(300, 10)));
  const auto valid = to_u16(tok.encode(english_like_text(60, 11)));
  const RunSpec spec = run_spec("micro", 30, 8);
  const auto whole = train_gpt(spec, tiny_gpt(32), quick_options(), train, valid, TempDir("whole").checkpoint());
  LoopOptions o = quick_options();
  o.micro_batch_size = 2;
  const auto micro = train_gpt(spec, tiny_gpt(32), o, train, valid, TempDir("micro").checkpoint());
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
    train_gpt(spec, tiny_gpt(32), o, train, valid, TempDir("micro3").checkpoint());
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "train.micro_batch_size (3) must divide train.batch_size (8) (run micro)");
  }
}

TEST(GptRun, AbsurdLearningRateDivergesWithoutThrowing) {
  const ByteTokenizer tok;
  const auto train = to_u16(tok.encode(english_like_text(300, 8)));
  const auto valid = to_u16(tok.encode(english_like_text(60, 9)));
  LoopOptions o = quick_options();
  o.lr = 1e3;
  o.warmup_frac = 0.0;
  const TempDir tmp("diverge");
  const auto out = train_gpt(run_spec("diverge", 100, 8), tiny_gpt(32), o, train, valid, tmp.checkpoint());
  EXPECT_EQ(out.status, RunStatus::kDiverged);
  EXPECT_TRUE(std::isnan(out.final_loss));
  EXPECT_LT(out.tokens_seen, 100 * 8 * 32);
  EXPECT_FALSE(fs::exists(tmp.checkpoint()));
}

TEST(GptRun, RejectsBadInputsWithNamedKeys) {
  const std::vector<uint16_t> tokens(4000, 7);
  const RunSpec spec = run_spec("bad", 2, 2);
  const TempDir tmp("bad");
  auto message = [&](const LoopOptions& o, const std::vector<uint16_t>& train,
                     Parametrization p = Parametrization::kSp) -> std::string {
    try {
      train_gpt(spec, tiny_gpt(16, p), o, train, tokens, tmp.checkpoint());
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
  EXPECT_NE(message(quick_options(), tokens, Parametrization::kUMup).find("train.weight_decay (0.1)"),
            std::string::npos);
  EXPECT_NE(message(quick_options(), std::vector<uint16_t>(10, 1)).find("cannot fill one window"),
            std::string::npos);
  fs::create_directories(tmp.path);
  std::ofstream(tmp.checkpoint()) << "not a checkpoint";
  EXPECT_NE(message(quick_options(), tokens).find("cannot read the checkpoint"), std::string::npos);
  fs::remove(tmp.checkpoint());
  if (!torch::cuda::is_available()) {
    LoopOptions cuda = quick_options();
    cuda.device = Device::kCuda;
    EXPECT_NE(message(cuda, tokens).find("'cuda' requested"), std::string::npos);
  }
}

}  // namespace
}  // namespace ff
