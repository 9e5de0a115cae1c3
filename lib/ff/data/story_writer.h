// The pieces the built-in story generator is made of (internal to lib/ff/data): its PRNG,
// a writer that fills {slot}s in sentence templates, and the plots (problem + resolution).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ff/common/random.h"
#include "ff/data/story_words.h"

namespace ff::story {

/// The generator's random stream (splitmix64, common/random.h).
using Rng = SplitMix64;

/// "a" or "an" + `noun` ("an apple", "a unicorn").
std::string with_article(std::string_view noun);

/// Builds one story from sentence templates. A template's "{name}" is replaced by the slot's
/// value; "{Name}" (first letter upper case) capitalises the value's first letter.
class StoryWriter {
 public:
  explicit StoryWriter(Rng& rng) : rng_(rng) {}

  Rng& rng() { return rng_; }
  std::string_view pick(const Words& words) { return words[rng_.below(words.size())]; }
  /// A word of `words` other than `other` (words must hold two or more).
  std::string_view pick_other(const Words& words, std::string_view other);
  std::string_view pick_one(std::initializer_list<std::string_view> choices) {
    return *(choices.begin() + rng_.below(choices.size()));
  }
  bool chance(double p) { return rng_.chance(p); }

  /// Sets slot `name` (lower case) to `value`.
  void set(std::string_view name, std::string value);
  /// Sets slot `name` and also "a_<name>", the value with its article.
  void set_noun(std::string_view name, std::string value);
  /// The value of slot `name`; throws ff::Error for an unknown slot (a bug in a template).
  const std::string& get(std::string_view name) const;

  /// `text` with every {slot} filled in.
  std::string render(std::string_view text) const;
  /// Appends the rendered sentence(s), separated from earlier text by one space.
  void say(std::string_view text);
  /// Says one of `choices`, drawn uniformly.
  void say_one(std::initializer_list<std::string_view> choices);
  /// Starts a new paragraph (a blank line).
  void paragraph();
  /// The story written so far; leaves the writer empty.
  std::string take();

 private:
  Rng& rng_;
  std::unordered_map<std::string, std::string> slots_;
  std::string text_;
};

/// Casts a character: sets "<prefix>name" (never `avoid_name`), "<prefix>kind" ("girl", "boy" or
/// an animal), "<prefix>hero" ("brave dog", with "a_<prefix>hero") and the pronoun slots
/// "<prefix>sub" / "obj" / "pos" / "refl". Half are children, half are animals.
void cast_character(StoryWriter& w, const std::string& prefix, std::string_view avoid_name);

/// One plot: sets the slots it needs, then writes a problem and its resolution (4-10 sentences).
/// Plots read the cast's slots (name, sub, obj, pos, friend, thing, place, ...;
/// story_generator.cpp).
using Plot = void (*)(StoryWriter&);
const std::vector<Plot>& plots();

}  // namespace ff::story
