// The built-in story generator (see story_generator.h): the cast, the beginning and the ending
// of each story; the plots in between live in story_plots.cpp.
#include "ff/data/story_generator.h"

#include "ff/data/story_words.h"

namespace ff {

namespace {

using story::StoryWriter;

/// splitmix64's output mix (Steele et al. 2014): decorrelates nearby seeds (1234 vs 1235).
uint64_t mix_seed(uint64_t seed) {
  uint64_t z = seed ^ 0x6a09e667f3bcc909ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A thing: "<prefix>thing" is "[look] color noun" ("shiny red ball"), with its parts as slots.
void cast_thing(StoryWriter& w, const std::string& prefix) {
  const std::string noun(w.pick(story::kThings));
  const std::string color(w.pick(story::kColors));
  const std::string look = w.chance(0.6) ? std::string(w.pick(story::kThingLooks)) + " " : "";
  w.set(prefix + "thing_noun", noun);
  w.set(prefix + "thing_color", color);
  w.set_noun(prefix + "thing", look + color + " " + noun);
}

/// Every slot the templates share: hero (no prefix), friend ("f"), things, place, feelings.
void cast_story(StoryWriter& w) {
  cast_character(w, "", "");
  const std::string hero_name = w.get("name");
  cast_character(w, "f", hero_name);
  w.set("friend", w.get("fname"));
  cast_thing(w, "");
  cast_thing(w, "f");
  w.set("helper", std::string(w.pick(story::kHelpers)));
  w.set_noun("home", std::string(w.pick(story::kHomes)));
  w.set("place", std::string(w.pick(story::kPlaces)));
  w.set("activity", std::string(w.pick(story::kActivities)));
  w.set_noun("food", std::string(w.pick(story::kFoods)));
  w.set("weather", std::string(w.pick(story::kWeathers)));
  w.set("time", std::string(w.pick(story::kTimes)));
  w.set_noun("animal", std::string(w.pick_other(story::kAnimals, w.get("kind"))));
  w.set("animal_action", std::string(w.pick(story::kAnimalActions)));
  w.set("scenery", std::string(w.pick(story::kSceneries)));
  const std::string spot(w.pick(story::kSpots));
  w.set_noun("spot", spot);
  w.set_noun("spot2", std::string(w.pick_other(story::kSpots, spot)));
  w.set("bad", std::string(w.pick(story::kBadFeelings)));
  w.set("good", std::string(w.pick(story::kGoodFeelings)));
  w.set("adverb", std::string(w.pick(story::kAdverbs)));
  w.set("lesson", std::string(w.pick(story::kLessons)));  // plots replace it with a fitting one
}

void write_beginning(StoryWriter& w) {
  w.say_one({"Once upon a time, there was {a_hero} named {name}.",
             "Once upon a time, there was {a_hero} called {name}.",
             "Once upon a time, in {a_home}, there lived {a_hero} named {name}.",
             "There once was {a_hero} named {name} who lived in {a_home}.",
             "{Name} was {a_hero} who lived in {a_home}.",
             "One {weather} {time}, {a_hero} named {name} woke up early.",
             "In {a_home}, there was {a_hero} named {name}.",
             "Once there was {a_hero}. {Pos} name was {name}."});
  w.say_one({"{Sub} loved to {activity}.", "More than anything, {name} loved to {activity}.",
             "{Name} liked to {activity} with {pos} {helper}.",
             "{Name} had {a_thing} that {sub} loved very much.",
             "{Pos} favorite thing in the world was {pos} {thing}.",
             "{Name} was always looking for something new to do."});
  w.say_one({"{Name} had a best friend, {a_fhero} named {friend}.",
             "{Pos} best friend was {a_fhero} named {friend}.",
             "Every day, {name} played with {pos} best friend, {a_fhero} named {friend}.",
             "{Name} and {pos} friend {friend} did everything together."});
}

void write_setup(StoryWriter& w) {
  w.say_one({"One day, {name} and {friend} went to the {place} to {activity}.",
             "One {weather} {time}, {name}'s {helper} took {obj} and {friend} to the {place}.",
             "One day, {name} and {friend} decided to go to the {place}.",
             "The sun was shining, so {name} and {friend} went to the {place}.",
             "One {weather} {time}, {name} and {friend} went to play at the {place}.",
             "One {time}, {name} said, \"{Friend}, let's go to the {place}!\" So off they went."});
  if (w.chance(0.5)) {
    w.say_one({"At the {place}, there were {scenery}.", "The {place} was full of {scenery}.",
               "The sky was blue, and the air smelled of fresh grass.",
               "{Name} could see {scenery}, and {sub} smiled."});
  }
}

void write_ending(StoryWriter& w) {
  w.say_one({"From that day on, {name} and {friend} were best friends.",
             "From then on, {name} and {friend} played together every day.",
             "That night, {name} went to bed feeling {good}. It had been the best day ever.",
             "{Name} smiled. {Sub} felt {good} and warm inside.",
             "{Name} hugged {pos} {helper} and said, \"Today was a good day.\"",
             "When {sub} got home, {name} told {pos} {helper} all about {pos} day."});
  if (w.chance(0.6)) {
    w.say_one({"{Name} learned that {lesson}.", "That day, {name} learned that {lesson}.",
               "The moral of the story is that {lesson}."});
  }
  if (w.chance(0.2)) w.say_one({"The end.", "And they all lived happily ever after."});
}

}  // namespace

StoryGenerator::StoryGenerator(uint64_t seed) : rng_(mix_seed(seed)) {}

std::string StoryGenerator::next() {
  StoryWriter w(rng_);
  cast_story(w);
  write_beginning(w);
  w.paragraph();
  write_setup(w);
  const auto& plots = story::plots();
  plots[rng_.below(plots.size())](w);
  w.paragraph();
  write_ending(w);
  return w.take();
}

}  // namespace ff
