#include "ff/plan/arch.h"

#include "ff/common/error.h"

#include <gtest/gtest.h>

namespace ff {
namespace {

TEST(Arch, CountsMatchHandComputedGpt2Small) {
  // GPT-2 small shape (tied): 12 layers, d 768, d_ff 3072, vocab 50257.
  GptArch a{50257, 1024, 768, 12, 12, 3072, true};
  const int64_t per_block = 4 * 768 * 768 + 2 * 768 * 3072 + 2 * 768;
  EXPECT_EQ(n_params_non_embedding(a), 12 * per_block + 768);
  EXPECT_EQ(n_params(a), 12 * per_block + 768 + 50257 * 768);
  a.tied_embeddings = false;
  EXPECT_EQ(n_params(a), 12 * per_block + 768 + 2 * 50257 * 768);
}

TEST(Arch, FlopsConventions) {
  GptArch a{512, 256, 128, 4, 4, 512, false};
  EXPECT_DOUBLE_EQ(flops_per_token(a, FlopsConvention::k6ND), 6.0 * n_params(a));
  EXPECT_DOUBLE_EQ(flops_per_token(a, FlopsConvention::k6NDNonEmbedding), 6.0 * n_params_non_embedding(a));
  EXPECT_DOUBLE_EQ(flops_per_token(a, FlopsConvention::k6NDAttention), 6.0 * n_params(a) + 6.0 * 4 * 256 * 128);
  EXPECT_EQ(parse_flops_convention("6nd_attention"), FlopsConvention::k6NDAttention);
  EXPECT_THROW(parse_flops_convention("6n"), Error);
}

}  // namespace
}  // namespace ff
