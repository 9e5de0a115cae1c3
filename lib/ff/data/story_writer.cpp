// StoryWriter: fills {slot}s in sentence templates (see story_writer.h).
#include "ff/data/story_writer.h"

#include <cctype>

#include "ff/common/error.h"

namespace ff::story {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

std::string with_article(std::string_view noun) {
  // Spelling decides, with the exceptions where the sound does not follow the letter.
  const bool vowel_sound =
      (!noun.empty() && std::string_view("aeiouAEIOU").find(noun[0]) != std::string_view::npos &&
       !starts_with(noun, "uni") && !starts_with(noun, "use") && !starts_with(noun, "one")) ||
      starts_with(noun, "hour") || starts_with(noun, "honest");
  return std::string(vowel_sound ? "an " : "a ") + std::string(noun);
}

void cast_character(StoryWriter& w, const std::string& prefix, std::string_view avoid_name) {
  const bool female = w.chance(0.5);
  const bool animal = w.chance(0.5);
  const Words& names = animal && w.chance(0.5) ? kPetNames : (female ? kGirlNames : kBoyNames);
  const std::string_view kind = animal ? w.pick(kAnimals) : (female ? "girl" : "boy");
  w.set(prefix + "name", std::string(w.pick_other(names, avoid_name)));
  w.set(prefix + "kind", std::string(kind));
  w.set_noun(prefix + "hero", std::string(w.pick(kCharacterTraits)) + " " + std::string(kind));
  w.set(prefix + "sub", female ? "she" : "he");
  w.set(prefix + "obj", female ? "her" : "him");
  w.set(prefix + "pos", female ? "her" : "his");
  w.set(prefix + "refl", female ? "herself" : "himself");
}

std::string_view StoryWriter::pick_other(const Words& words, std::string_view other) {
  std::string_view word = pick(words);
  while (word == other) word = pick(words);
  return word;
}

void StoryWriter::set(std::string_view name, std::string value) {
  slots_[std::string(name)] = std::move(value);
}

void StoryWriter::set_noun(std::string_view name, std::string value) {
  set(std::string("a_") + std::string(name), with_article(value));
  set(name, std::move(value));
}

const std::string& StoryWriter::get(std::string_view name) const {
  const auto slot = slots_.find(std::string(name));
  if (slot == slots_.end()) fail("story generator: template uses unknown slot '{}'", name);
  return slot->second;
}

std::string StoryWriter::render(std::string_view text) const {
  std::string out;
  out.reserve(text.size() + 32);
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const size_t close = text.find('}', open);
    check(close != std::string_view::npos, "story generator: unclosed slot in '{}'", text);
    out.append(text, i, open - i);
    std::string name(text.substr(open + 1, close - open - 1));
    const bool capitalise = !name.empty() && std::isupper(static_cast<unsigned char>(name[0]));
    if (capitalise) name[0] = lower(name[0]);
    const size_t start = out.size();
    out += get(name);
    if (capitalise && start < out.size()) out[start] = upper(out[start]);
    i = close + 1;
  }
  out.append(text, i, std::string_view::npos);
  return out;
}

void StoryWriter::say(std::string_view text) {
  if (!text_.empty() && text_.back() != '\n') text_ += ' ';
  text_ += render(text);
}

void StoryWriter::say_one(std::initializer_list<std::string_view> choices) {
  say(pick_one(choices));
}

void StoryWriter::paragraph() {
  if (!text_.empty()) text_ += "\n\n";
}

std::string StoryWriter::take() {
  slots_.clear();
  std::string story = std::move(text_);
  text_.clear();
  return story;
}

}  // namespace ff::story
