// The built-in story generator: seeded, TinyStories-like children's stories, so that training
// runs offline. Each story has a cast (a hero and a friend with names and pronouns, a grown-up
// helper, a treasured thing, a place), a beginning, one of several problems with its resolution,
// and an ending, often with a lesson. The text is grammatical and templated, so small models
// learn it; the draws give each story far more than 64 bits of choice, so stories do not repeat.
#pragma once

#include <cstdint>
#include <string>

#include "ff/data/story_writer.h"

namespace ff {

/// Version of the generator's output, recorded in token-cache keys. Bump it whenever a change to
/// the generator or its word lists (story_words.cpp) changes the stories that a seed produces.
inline constexpr int kStoryGeneratorVersion = 1;

/// An endless, deterministic stream of stories: the same seed gives the same stories on every
/// platform; train and validation splits use different seeds.
class StoryGenerator {
 public:
  explicit StoryGenerator(uint64_t seed);
  /// The next story: several sentences, paragraphs separated by a blank line, no surrounding
  /// whitespace. About 0.9 kB of ASCII text on average.
  std::string next();

 private:
  story::Rng rng_;
};

}  // namespace ff
