// The plots of the built-in story generator: a problem and its resolution, each sentence drawn
// from a few variants. They use the cast's slots (story_generator.cpp: cast_story).
#include "ff/data/story_writer.h"

namespace ff::story {

namespace {

void set_lesson(StoryWriter& w, std::initializer_list<std::string_view> lessons) {
  w.set("lesson", std::string(w.pick_one(lessons)));
}

void lost_thing(StoryWriter& w) {
  std::string_view hiding_place = w.pick(kSpots);  // not where they looked already
  while (hiding_place == w.get("spot") || hiding_place == w.get("spot2")) {
    hiding_place = w.pick(kSpots);
  }
  w.set_noun("spot3", std::string(hiding_place));
  w.say_one({"When they got there, {name} wanted to show {friend} {pos} {thing}, but it was gone!",
             "Then {name} reached into {pos} bag, but {pos} {thing} was not there!",
             "Suddenly, {name} saw that {pos} {thing} was missing!"});
  w.say_one({"\"Oh no! Where is my {thing_noun}?\" {name} cried.",
             "\"I lost my {thing_noun},\" said {name} in a small voice.",
             "\"My {thing_noun} is gone!\" said {name}."});
  w.say_one({"{Sub} looked under the {spot} and behind the {spot2}, but {sub} could not find it.",
             "{Sub} looked near the {spot} and under the {spot2}, but it was not there."});
  w.say("{Name} felt very {bad}.");
  w.say_one({"{Friend} put {fpos} arm around {obj}. \"Don't worry, {name}. I will help you look.\"",
             "\"Let's look together,\" said {friend}."});
  w.say_one(
      {"They looked everywhere.", "They looked high and low.", "They searched the whole {place}."});
  w.say_one({"At last, {friend} saw something {thing_color} under {a_spot3}.",
             "Then {name} saw something {thing_color} peeking out from behind {a_spot3}."});
  w.say("It was {pos} {thing}!");
  w.say_one({"\"Thank you, {friend}!\" said {name}, and {sub} gave {friend} a big hug.",
             "{Name} was so {good}. {Sub} held the {thing_noun} tight."});
  set_lesson(w, {"a good friend is always there for you", "it is okay to ask for help",
                 "two friends can find what one friend cannot"});
}

void stuck_animal(StoryWriter& w) {
  w.set("sound", std::string(w.pick(kSounds)));
  w.set("trap", std::string(w.pick(kTraps)));
  w.set("thanks", w.render(w.pick(kThanks)));
  w.say_one({"Suddenly, {name} heard {sound}.", "Then {name} heard {sound} coming from nearby."});
  w.say_one(
      {"It was {a_animal}, stuck in {trap}!", "{Sub} looked and saw {a_animal} stuck in {trap}."});
  w.say("The poor {animal} looked very {bad}.");
  w.say_one({"\"Don't worry, little {animal},\" said {name}. \"I will help you.\"",
             "\"Hold on! We will get you out,\" {name} said."});
  if (w.chance(0.5)) {
    w.say("{Name} tried to pull the {animal} out, but {sub} was too small.");
    w.say("So {sub} asked {friend} to help. Together, they pulled and pulled.");
    w.say("At last, the {animal} was free!");
  } else {
    w.say("{Name} ran to get {pos} {helper}.");
    w.say("{Pos} {helper} came and {adverb} lifted the {animal} out.");
  }
  w.say("The {animal} {thanks}.");
  w.say_one(
      {"{Name} and {friend} felt very {good}.", "{Name} felt {good} because {sub} had helped."});
  set_lesson(w, {"it is good to help others", "working together makes hard things easy",
                 "small acts of kindness matter"});
}

void sad_friend(StoryWriter& w) {
  w.set("trouble", w.render(w.pick(kFriendTroubles)));
  w.say_one({"At the {place}, {name} saw that {friend} was sitting all alone.",
             "After a while, {name} saw that {friend} was very quiet."});
  w.say("{Fsub} looked {bad}.");
  w.say_one({"\"What is wrong, {friend}?\" asked {name}.",
             "{Name} sat down next to {fobj}. \"Are you okay?\" {sub} asked."});
  w.say("\"{Trouble},\" {friend} said sadly.");
  w.say_one({"{Name} thought for a moment. Then {sub} had an idea. \"Let's {activity} together!\"",
             "{Name} shared {pos} {food} with {fobj}.",
             "{Name} gave {friend} a big hug and let {fobj} hold {pos} {thing}."});
  w.say_one({"{Friend} smiled, and soon {fsub} did not feel {bad} anymore.",
             "Soon {friend} was laughing again."});
  set_lesson(w, {"being kind makes everyone happy", "a good friend is always there for you",
                 "small acts of kindness matter"});
}

void storm(StoryWriter& w) {
  w.set("storm", std::string(w.pick_one({"rain", "pour", "snow", "hail"})));
  w.set("fear", std::string(w.pick_one({"scared", "afraid", "cold", "wet", "worried"})));
  w.set("shelter", std::string(w.pick(kShelters)));
  w.say_one({"Suddenly, the sky turned dark and it began to {storm}.",
             "Then big gray clouds came, and it started to {storm}."});
  w.say_one({"{Name} and {friend} were far from home.", "The wind blew hard."});
  w.say("\"I am {fear}!\" said {friend}.");
  w.say_one({"{Name} took {friend}'s hand. \"Look, there is {shelter}. Let's go there!\"",
             "{Name} saw {shelter} nearby, and they ran to it as fast as they could."});
  w.say_one({"They sat together and told stories until the storm was over.",
             "They sang songs and waited until the storm was over.",
             "They shared {pos} {food} and waited for the storm to pass."});
  w.say_one({"Soon the sun came out again, and there was a beautiful rainbow in the sky.",
             "When the storm stopped, everything was fresh and shiny."});
  set_lesson(
      w, {"being brave does not mean you are never scared", "a good friend is always there for you",
          "working together makes hard things easy"});
}

void sharing(StoryWriter& w) {
  w.say("{Friend} wanted to play with {name}'s {thing_noun} too.");
  w.say_one({"But {name} held it tight and said, \"No! It is mine!\"",
             "But {name} did not want to share."});
  w.say("{Friend} felt {bad} and walked away.");
  w.say("Now {name} had the {thing_noun} all to {refl}, but it was not fun anymore.");
  w.say(
      "{Name} ran after {friend}. \"I am sorry,\" {sub} said. \"Do you want to play with my "
      "{thing_noun}?\"");
  w.say_one({"{Friend} smiled and nodded.", "\"Yes, please!\" said {friend}."});
  w.say_one({"They took turns and played together until it was time to go home.",
             "They played with the {thing_noun} together, and it was much more fun."});
  set_lesson(w,
             {"sharing is caring", "friends are better than toys", "saying sorry can fix a lot"});
}

void too_high(StoryWriter& w) {
  w.set("high", std::string(w.pick(kHighPlaces)));
  w.set("idea", w.render(w.pick_one(
                    {"pushed a chair over and climbed on it", "asked {friend} to hold the ladder",
                     "asked {pos} {helper} for help", "stood on a big box", "used a long stick"})));
  w.say("{Name} saw {a_food} up on {high}, and {sub} wanted it very much.");
  w.say("{Sub} stretched and stretched, but {sub} could not reach it.");
  w.say_one({"{Sub} jumped as high as {sub} could, but it was no use.",
             "{Name} felt {bad}, but {sub} did not give up."});
  w.say("Then {name} had a clever idea. {Sub} {idea}.");
  w.say("At last, {sub} got the {food}!");
  w.say("{Name} shared it with {friend}, and it was the best {food} ever.");
  set_lesson(w, {"trying again is better than giving up", "it is okay to ask for help",
                 "sharing is caring"});
}

void broken_thing(StoryWriter& w) {
  w.say_one({"While they were playing, {name} dropped {pos} {thing}, and it broke!",
             "Oh no! {Name} tripped, and {pos} {thing} fell and broke."});
  w.say_one({"\"My {thing_noun} is broken!\" {name} cried.", "{Name} began to cry."});
  w.say("{Pos} {helper} came over and looked at it.");
  w.say(
      "\"We can fix it,\" said {pos} {helper}. \"We just need some glue and a little patience.\"");
  w.say("Together they fixed the {thing_noun}.");
  w.say_one({"It was not perfect, but {name} loved it even more now.",
             "It looked almost as good as new."});
  set_lesson(w, {"it is okay to ask for help", "working together makes hard things easy",
                 "broken things can often be fixed"});
}

void lost_way(StoryWriter& w) {
  w.say("{Name} saw {a_animal} {animal_action} and followed it.");
  w.say("{Sub} went further and further into the {place}.");
  w.say("When {sub} turned around, {sub} could not see {friend} or {pos} {helper} anymore.");
  w.say("{Name} was lost! {Sub} felt very {bad}.");
  if (w.chance(0.5)) {
    w.say(
        "Then {sub} remembered what {pos} {helper} always said: \"If you get lost, stay where "
        "you are and call for help.\"");
    w.say(
        "So {name} stood still and called out loud. Soon {sub} heard a voice. It was {pos} "
        "{helper}!");
  } else {
    w.say("Then the {animal} came back. It seemed to say, \"Follow me!\"");
    w.say("It led {name} all the way back to {friend} and {pos} {helper}.");
  }
  w.say("\"I was so worried,\" said {pos} {helper}, and gave {obj} a big hug.");
  set_lesson(w, {"listening is important", "it is okay to ask for help",
                 "you should stay close to your family"});
}

void fear(StoryWriter& w) {
  w.set("scary", std::string(w.pick(kScaryThings)));
  w.say("{Name} was scared of {scary}. Every time {sub} went near it, {sub} felt {bad}.");
  w.say_one({"\"I don't want to go,\" {name} said in a small voice.",
             "\"What if something bad happens?\" {name} asked."});
  w.say(
      "{Friend} took {pos} hand. \"I am scared sometimes too,\" said {friend}. \"But we can "
      "be brave together.\"");
  w.say("{Name} took a deep breath and counted to three. Together, they went a little closer.");
  w.say_one({"It was not so scary after all!", "It was not as bad as {sub} had thought."});
  w.say("{Name} felt very proud of {refl}.");
  set_lesson(w, {"being brave does not mean you are never scared",
                 "a good friend is always there for you"});
}

void race(StoryWriter& w) {
  w.say("There was a big race at the {place}, and everyone wanted to win.");
  w.say("{Name} wanted to win too, but {sub} was not very fast.");
  w.say_one(
      {"Every day, {sub} practiced running with {friend}.", "So {sub} practiced every morning."});
  w.say("On the day of the race, {name} ran as fast as {sub} could.");
  w.say("Near the end, {friend} tripped and fell down. {Name} stopped and helped {fobj} up.");
  w.say("They crossed the finish line together, last of all, but everyone cheered for them.");
  w.say("{Name} did not win the race, but {sub} felt like a winner.");
  set_lesson(
      w, {"being kind is more important than winning", "a good friend is always there for you"});
}

void mess(StoryWriter& w) {
  w.set("surprise", std::string(w.pick(kSurprises)));
  w.set("mess", std::string(w.pick(kMesses)));
  w.say("{Name} wanted to make a surprise for {pos} {helper}, so {sub} decided to {surprise}.");
  w.say("{Sub} worked very hard, but soon there was {mess} everywhere!");
  w.say("{Name} felt {bad}. What would {pos} {helper} say?");
  w.say(
      "When {pos} {helper} came in, {name} said, \"I am sorry. I wanted to make you a surprise.\"");
  w.say("{Pos} {helper} smiled. \"Thank you, my dear. Let's clean up together.\"");
  w.say(
      "They cleaned everything until it was shiny, and then they finished the surprise together.");
  set_lesson(w, {"saying sorry can fix a lot", "working together makes hard things easy",
                 "it is the thought that counts"});
}

void new_friend(StoryWriter& w) {
  do {
    cast_character(w, "n", w.get("name"));
  } while (w.get("nname") == w.get("friend"));
  w.set("newname", w.get("nname"));
  w.say("At the {place}, there was a new {nkind} named {newname}.");
  w.say("{Nsub} stood by the {spot} and did not talk to anyone. {Nsub} looked {bad}.");
  w.say("{Name} walked over and said, \"Hi, I am {name}. Do you want to {activity} with us?\"");
  w.say("{Newname} smiled a big smile and said, \"Yes, please!\"");
  w.say("Soon {name}, {friend} and {newname} were laughing and playing together.");
  w.say("{Name} was {good} that {sub} had made a new friend.");
  set_lesson(w, {"being kind makes everyone happy", "small acts of kindness matter",
                 "there is always room for one more friend"});
}

void magic_wish(StoryWriter& w) {
  w.set("magic", std::string(w.pick(kMagicThings)));
  w.set_noun("magic_look", std::string(w.pick(kThingLooks)) + " " + std::string(w.pick(kColors)));
  w.set("wish", w.render(w.pick(kWishes)));
  w.say("While they were playing, {name} found {a_magic_look} {magic} under the {spot}.");
  w.say("When {sub} touched it, it began to glow!");
  w.say("A tiny voice said, \"Hello, {name}. You may make one wish.\"");
  w.say("{Name} thought and thought. Then {sub} said, \"I wish that {wish}.\"");
  w.say_one({"The {magic} sparkled, and the wish came true.",
             "The {magic} glowed brighter, and then it was just a plain {magic} again."});
  w.say("{Friend} gave {name} a big hug.");
  set_lesson(w, {"thinking of others is the best magic", "being kind makes everyone happy"});
}

void growing_seed(StoryWriter& w) {
  w.say("{Name}'s {helper} gave {obj} a little seed.");
  w.say("\"If you take care of it, it will grow,\" said {pos} {helper}.");
  w.say("{Name} planted the seed in a little pot and gave it water every day.");
  w.say("But nothing happened. {Name} felt {bad}. \"Why is it not growing?\" {sub} asked.");
  w.say("\"Be patient,\" said {pos} {helper}.");
  w.say("One morning, {name} saw a tiny green leaf! Soon it grew into a big {thing_color} flower.");
  w.say("{Name} showed it to {friend}, and they both smiled.");
  set_lesson(w, {"good things take time", "patience is important"});
}

}  // namespace

const std::vector<Plot>& plots() {
  static const std::vector<Plot> kPlots = {
      lost_thing, stuck_animal, sad_friend, storm, sharing,    too_high,   broken_thing,
      lost_way,   fear,         race,       mess,  new_friend, magic_wish, growing_seed,
  };
  return kPlots;
}

}  // namespace ff::story
