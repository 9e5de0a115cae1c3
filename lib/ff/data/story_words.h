// Word lists of the built-in story generator (story_generator.h), one list per role in a story.
// Internal to lib/ff/data. Changing any list changes the stories: bump kStoryGeneratorVersion.
#pragma once

#include <string_view>
#include <vector>

namespace ff::story {

using Words = std::vector<std::string_view>;

// Characters.
extern const Words kGirlNames;       // "Lily"
extern const Words kBoyNames;        // "Tom"
extern const Words kPetNames;        // "Pip": names for animal characters of either sex
extern const Words kAnimals;         // "dog" (singular)
extern const Words kCharacterTraits; // "brave": adjectives for a character
extern const Words kHelpers;         // "mom": the grown-up who helps ("{pos} {helper}")
extern const Words kHomes;           // "small house": where the hero lives ("in a {home}")

// Things and places.
extern const Words kColors;          // "red"
extern const Words kThingLooks;      // "shiny": adjectives for an object
extern const Words kThings;          // "ball": objects a child can hold
extern const Words kFoods;           // "apple", "ice cream" (take "a"/"an" or "some")
extern const Words kPlaces;          // "park": takes "the"
extern const Words kSpots;           // "bed": where a lost thing may hide ("under the {spot}")
extern const Words kTraps;           // "a thick bush": where an animal gets stuck ("stuck in {trap}")
extern const Words kHighPlaces;      // "the top shelf": out of reach
extern const Words kShelters;        // "a big tree": somewhere to wait out a storm
extern const Words kScaryThings;     // "the dark cave"
extern const Words kMagicThings;     // "stone": a noun that can glow

// Actions, scenery and feelings.
extern const Words kActivities;      // "fly a kite": base-form verb phrases
extern const Words kAnimalActions;   // "eating a nut": what a passing animal is doing
extern const Words kSceneries;       // "tall trees and pretty flowers": plural noun phrases
extern const Words kWeathers;        // "sunny": "One {weather} {time}"
extern const Words kTimes;           // "morning"
extern const Words kBadFeelings;     // "sad"
extern const Words kGoodFeelings;    // "happy"
extern const Words kAdverbs;         // "gently": how a grown-up lifts an animal out
extern const Words kThanks;          // "licked {name}'s hand": what a rescued animal does

// Plot pieces (may hold {slots}; rendered by StoryWriter).
extern const Words kFriendTroubles;  // "I lost my kite": a friend's first-person complaint
extern const Words kSurprises;       // "bake a cake": a present to make for someone
extern const Words kMesses;          // "flour": what ends up everywhere
extern const Words kWishes;          // "everyone in the {home} could be happy"
extern const Words kLessons;         // "sharing is caring"
extern const Words kSounds;          // "a small squeak"

}  // namespace ff::story
