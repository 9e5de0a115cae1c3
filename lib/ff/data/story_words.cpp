// Word lists of the built-in story generator (see story_words.h).
#include "ff/data/story_words.h"

namespace ff::story {

const Words kGirlNames = {
    "Lily", "Mia", "Emma", "Sara", "Lucy", "Anna", "Amy", "Zoe", "Ella", "Ruby", "Ivy", "Rose",
    "Daisy", "Molly", "Sophie", "Chloe", "Grace", "Hannah", "Kate", "Maya", "Nora", "Olivia",
    "Poppy", "Rosie", "Sally", "Tina", "Wendy", "Alice", "Bella", "Clara", "Dora", "Eva", "Fiona",
    "Gina", "Hazel", "Iris", "Jane", "Julia", "Kitty", "Laura", "Lena", "Lola", "Luna", "Maggie",
    "Mandy", "Nina", "Penny", "Rita", "Stella", "Susie", "Tilly", "Vera", "Violet", "Willow",
    "Abby", "Ada", "Beth", "Cindy", "Emily", "Holly", "Jenny", "Josie", "Lisa", "Megan", "Millie",
    "Nell", "Paula", "Polly", "Rachel", "Sophia", "Amelia", "Ava", "Isla", "Jasmine", "Layla",
    "Leah", "Mila", "Naomi", "Pearl", "Quinn", "Tessa", "Uma", "Wren", "Yara", "Zara", "Heidi",
    "Jill", "Kim", "Lottie", "Matilda", "Ruth", "Sue", "Tara", "Eliza", "Fern", "Greta", "Hope",
    "Joy", "Lacey", "Martha",
};

const Words kBoyNames = {
    "Tom", "Max", "Ben", "Sam", "Tim", "Jack", "Leo", "Jake", "Finn", "Noah", "Liam", "Owen",
    "Eli", "Luke", "Adam", "Alex", "Billy", "Bobby", "Charlie", "Danny", "Eddie", "Felix", "Fred",
    "George", "Harry", "Henry", "Isaac", "Jamie", "Joe", "Kevin", "Leon", "Lucas", "Mark", "Mike",
    "Nate", "Ned", "Oliver", "Oscar", "Pete", "Paul", "Ray", "Rob", "Ryan", "Simon", "Teddy",
    "Theo", "Toby", "Victor", "Will", "Zack", "Andy", "Arlo", "Bert", "Carl", "Dan", "Dylan",
    "Ethan", "Frank", "Gus", "Hugo", "Ian", "Jonah", "Kai", "Lenny", "Milo", "Ollie", "Percy",
    "Ralph", "Rex", "Roy", "Seth", "Ted", "Tony", "Vince", "Walt", "Wes", "Alfie", "Archie",
    "Caleb", "Dexter", "Elliot", "Flynn", "Gabe", "Jasper", "Kit", "Louis", "Mason", "Nico",
    "Otis", "Reed", "Rory", "Stan", "Timmy", "Tyler", "Evan", "Hank", "Jude", "Otto", "Wally",
};

const Words kPetNames = {
    "Pip", "Spot", "Buddy", "Fluffy", "Whiskers", "Bubbles", "Patch", "Sunny", "Coco", "Biscuit",
    "Button", "Peanut", "Muffin", "Pepper", "Ziggy", "Snowy", "Rusty", "Dotty", "Bingo", "Nibbles",
    "Squeak", "Hoppy", "Shadow", "Tiger", "Cookie", "Honey", "Ginger", "Maple", "Pebble", "Sparky",
    "Twinkle", "Waddles", "Fuzzy", "Pickle", "Noodle", "Pudding", "Socks", "Star", "Blue", "Pumpkin",
};

const Words kAnimals = {
    "dog", "cat", "bunny", "bird", "fox", "bear", "duck", "frog", "mouse", "owl", "turtle",
    "squirrel", "lion", "tiger", "elephant", "giraffe", "monkey", "pig", "cow", "horse", "sheep",
    "goat", "chicken", "deer", "hedgehog", "butterfly", "bee", "ladybug", "fish", "whale",
    "dolphin", "penguin", "kitten", "puppy", "pony", "lamb", "raccoon", "beaver", "otter", "seal",
    "crab", "snail", "ant", "wolf", "zebra", "kangaroo", "koala", "panda", "hippo", "camel",
    "parrot", "robin", "swan", "goose", "lizard", "dragon", "unicorn", "dinosaur", "caterpillar",
    "octopus", "llama", "moose", "badger", "mole", "hamster", "chipmunk", "ostrich", "peacock",
    "flamingo", "donkey", "rabbit", "bat", "worm", "spider", "firefly", "sparrow", "toad",
};

const Words kCharacterTraits = {
    "little", "kind", "brave", "shy", "curious", "happy", "silly", "clever", "gentle",
    "friendly", "playful", "tiny", "small", "young", "busy", "cheerful", "smart", "funny", "quiet",
    "helpful", "sweet", "honest", "careful", "bold", "strong", "wise", "sleepy", "hungry",
    "polite", "noisy", "messy", "jolly", "fluffy", "cute", "cheeky", "dreamy", "eager",
    "thoughtful", "generous", "lively", "bouncy", "chatty", "proud", "lucky", "spotted", "merry",
    "caring", "bright", "grumpy", "speedy",
};

const Words kHelpers = {
    "mom", "dad", "grandma", "grandpa", "aunt", "uncle", "big sister", "big brother", "teacher",
    "neighbor", "mommy", "daddy", "nanny",
};

const Words kHomes = {
    "small house", "little village", "big city", "cozy cottage", "quiet town", "tall tree",
    "sunny farm", "house by the sea", "little hole under a tree", "busy street", "blue house",
    "yellow house", "white cottage", "old farmhouse", "small town", "green valley",
    "land far away", "house on a hill", "snowy village", "nest high in a tree",
};

const Words kColors = {
    "red", "blue", "green", "yellow", "pink", "purple", "orange", "white", "black", "brown",
    "gray", "golden", "silver", "gold", "bright red", "light blue", "dark green",
};

const Words kThingLooks = {
    "big", "small", "shiny", "soft", "round", "old", "new", "fuzzy", "sparkly", "tiny", "huge",
    "pretty", "smooth", "bumpy", "striped", "spotted", "magic", "special", "fancy", "heavy",
    "long", "tall", "warm", "cozy", "squishy", "colorful", "wooden", "funny", "strange", "secret",
    "favorite", "little", "lovely", "beautiful", "glittery", "bouncy", "cuddly", "shimmering",
    "plain", "dusty",
};

const Words kThings = {
    "ball", "kite", "doll", "teddy bear", "toy car", "truck", "train", "boat", "block", "puzzle",
    "drum", "hat", "scarf", "crown", "box", "basket", "rock", "shell", "feather", "leaf", "flower",
    "stick", "key", "coin", "map", "book", "crayon", "pencil", "cup", "spoon", "bowl", "blanket",
    "pillow", "sock", "shoe", "boot", "button", "ribbon", "balloon", "bell", "whistle", "jar",
    "bucket", "shovel", "wagon", "bike", "scooter", "sled", "umbrella", "lamp", "clock", "mirror",
    "ring", "necklace", "bracelet", "backpack", "picture", "robot", "rocket", "ship", "castle",
    "tent", "rope", "bottle", "bag", "present", "card", "letter", "marble", "top", "yo-yo",
    "jump rope", "flag", "trumpet", "guitar", "piano", "violin", "flute", "camera", "watch",
    "sweater", "mitten", "glove", "jacket", "dress", "bow", "brush", "comb", "toothbrush",
    "paintbrush", "notebook", "ruler", "eraser", "sticker", "stamp", "ticket", "wand", "crystal",
    "pebble", "acorn", "pinecone", "starfish", "seashell", "toy dinosaur", "toy horse",
    "puppet", "kazoo", "rattle", "spinning top", "lantern", "candle", "teapot", "vase",
    "compass", "telescope", "magnifying glass", "piggy bank", "treasure chest", "snow globe",
    "music box", "paper boat", "paper plane", "stuffed bunny",
};

const Words kFoods = {
    "apple", "banana", "cookie", "cake", "pie", "sandwich", "carrot", "strawberry", "cherry",
    "pear", "peach", "plum", "lemon", "melon", "watermelon", "pizza", "muffin", "cupcake",
    "pancake", "lollipop", "ice cream", "orange", "cracker", "donut", "pretzel", "waffle",
    "biscuit", "candy cane", "cinnamon roll", "jelly bean", "chocolate bar", "honey cake",
    "blueberry", "grape", "apricot", "mango", "pineapple", "coconut", "tomato", "cucumber",
    "egg", "cheese sandwich", "bowl of soup", "slice of bread", "piece of cheese", "bowl of rice",
    "bowl of noodles", "cup of milk", "glass of juice", "jar of honey", "jar of jam",
    "bag of popcorn", "bunch of grapes", "basket of berries", "plate of cookies",
};

const Words kPlaces = {
    "park", "forest", "woods", "beach", "garden", "farm", "lake", "river", "pond", "meadow",
    "field", "hill", "mountain", "jungle", "island", "town", "village", "school", "library", "zoo",
    "market", "shop", "bakery", "playground", "backyard", "barn", "castle", "bridge", "valley",
    "orchard", "museum", "circus", "fair", "harbor", "lighthouse", "toy store", "candy shop",
    "flower shop", "pet shop", "ice rink", "swimming pool", "river bank", "pumpkin patch",
    "sandbox", "big tree", "old mill", "train station", "seaside", "campsite", "city square",
};

const Words kSpots = {
    "bed", "couch", "table", "chair", "rug", "bush", "door", "stairs", "sofa", "desk", "basket",
    "blanket", "pillow", "car", "swing", "slide", "fence", "bench", "rock", "log", "shelf",
    "sink", "cupboard", "tree", "toy box", "big box", "flower pot", "curtain", "coat", "window",
    "bathtub", "wheelbarrow", "haystack", "pile of leaves", "sandbox",
};

const Words kTraps = {
    "a thick bush", "a deep hole", "a muddy ditch", "a tangled net", "a pile of leaves",
    "a sticky puddle of mud", "an old boot", "a narrow pipe", "a broken fence", "a tall tree",
    "a thorny bush", "a tin can", "a big spider web", "a crack in the wall", "a pile of snow",
    "a paper bag", "a bucket", "a drain",
};

const Words kHighPlaces = {
    "the top shelf", "a tall tree", "the big cupboard", "the roof of the shed",
    "a high branch", "the top of the fridge", "the kitchen counter", "a tall wall",
    "the top of the bookcase", "a high window", "the tallest shelf in the shop",
};

const Words kShelters = {
    "a big tree", "an old barn", "a small cave", "a little shed", "a wooden bridge",
    "a big umbrella", "a tall rock", "a bus stop", "a playhouse", "a tent", "an old boat",
    "a porch", "a tunnel", "a bakery",
};

const Words kScaryThings = {
    "the big dog next door", "the tall slide", "the deep pond", "the dark cave",
    "the old house at the end of the street", "the loud vacuum cleaner", "the big waves",
    "the buzzing bees", "the spider in the corner", "the dark basement", "the tall ladder",
    "the noisy train", "the big goose at the pond", "the shadow under the bed",
    "the creaky attic", "the huge horse on the farm", "the high diving board",
};

const Words kMagicThings = {
    "stone", "shell", "feather", "key", "leaf", "coin", "acorn", "pebble", "flower", "box",
    "ring", "star", "button", "bottle", "pinecone",
};

const Words kActivities = {
    "play tag", "build sand castles", "draw pictures", "sing songs", "dance", "jump in puddles",
    "read books", "climb trees", "ride a bike", "fly a kite", "bake cookies", "paint", "swim",
    "pick flowers", "collect shells", "play hide and seek", "make music", "watch the stars",
    "skip rope", "look at the clouds", "plant seeds", "build a fort", "play ball", "run races",
    "blow bubbles", "catch butterflies", "feed the ducks", "splash in the water",
    "make mud pies", "play dress up", "tell stories", "go on adventures", "look for bugs",
    "roll down the hill", "play in the snow", "build a snowman", "ride on the swing",
    "play with blocks", "sail paper boats", "hunt for treasure", "count the stars",
    "make a daisy chain", "have a picnic", "go fishing", "play the drum", "do puzzles",
    "draw with chalk", "make funny faces", "hop like a frog", "spin in circles",
    "visit the farm", "help in the garden", "bounce on the bed", "play pretend",
};

const Words kAnimalActions = {
    "eating a nut", "singing a song", "sleeping in the sun", "hopping around",
    "building a nest", "looking for food", "chasing its tail", "splashing in the water",
    "playing with a leaf", "sitting on a rock", "running in circles", "munching on grass",
    "rolling in the mud", "flying over the trees", "digging a hole", "napping under a bush",
    "carrying a twig", "drinking from a puddle", "dancing in the wind", "watching the clouds",
};

const Words kSceneries = {
    "tall trees and pretty flowers", "many birds singing", "big rocks and soft grass",
    "lots of children playing", "colorful leaves everywhere", "little bugs in the grass",
    "bright flowers of every color", "puddles from the rain", "ducks swimming in a row",
    "swings and slides", "people selling fruit", "boats bobbing on the water",
    "tall sunflowers", "butterflies dancing in the air", "apple trees in long rows",
    "kites flying high", "shells on the sand", "bunnies hiding in the bushes",
};

const Words kWeathers = {
    "sunny", "rainy", "windy", "snowy", "cloudy", "bright", "warm", "cold", "quiet", "lovely",
    "beautiful", "foggy", "chilly", "hot", "breezy",
};

const Words kTimes = {"morning", "afternoon", "day", "evening", "Saturday", "Sunday", "weekend",
                      "holiday"};

const Words kBadFeelings = {
    "sad", "scared", "worried", "upset", "lonely", "nervous", "frustrated", "grumpy",
    "confused", "unhappy", "afraid", "gloomy", "cross", "disappointed", "embarrassed", "anxious",
};

const Words kGoodFeelings = {
    "happy", "glad", "proud", "excited", "joyful", "cheerful", "thankful", "grateful",
    "relieved", "delighted", "thrilled", "pleased", "content",
};

const Words kAdverbs = {
    "slowly", "quickly", "carefully", "gently", "softly", "bravely", "kindly", "calmly",
    "patiently", "slowly and carefully",
};

const Words kThanks = {
    "jumped up and down with joy", "licked {name}'s hand", "sang a happy song",
    "rubbed its head on {name}'s arm", "did a little dance", "squeaked a happy thank you",
    "wagged its tail", "gave {name} a shiny pebble", "ran around in circles",
    "flapped its wings and flew up high", "smiled a big smile", "came back the next day to play",
};

const Words kFriendTroubles = {
    "I lost my {fthing_noun}", "Nobody wants to play with me", "I fell down and hurt my knee",
    "My kite is stuck in a tree", "I miss my grandma", "I can not find my way home",
    "I broke my favorite cup", "I am new here and I have no friends", "My balloon flew away",
    "I dropped my ice cream", "The big kids laughed at me", "I can not tie my shoes",
    "My tower of blocks fell down", "I am too small to reach the swing",
    "My drawing got wet in the rain",
};

const Words kSurprises = {"bake a cake", "paint a picture", "make a card", "plant some flowers",
                          "make a paper crown", "build a birdhouse", "make lemonade",
                          "wrap a present", "make a sandwich"};

const Words kMesses = {"flour", "paint", "mud", "glitter", "water", "paper", "glue", "sugar",
                       "sand", "dirt", "soap"};

const Words kWishes = {
    "everyone in the {home} could be happy", "{friend} could have a happy day",
    "I could {activity} all day", "my {helper} could have a day off", "every animal had a home",
    "it would snow tomorrow", "the {place} would always be this beautiful",
    "I could fly like a bird just once",
};

const Words kLessons = {
    "sharing is caring", "it is good to help others", "being kind makes everyone happy",
    "friends are better than toys", "it is okay to ask for help", "trying again is better than giving up",
    "being brave does not mean you are never scared", "listening is important",
    "a good friend is always there for you", "small acts of kindness matter",
    "saying sorry can fix a lot", "working together makes hard things easy",
};

const Words kSounds = {"a small squeak", "a soft cry", "a tiny chirp", "a sad little noise",
                       "a quiet whimper", "a funny sound", "a little peep", "a strange noise"};

}  // namespace ff::story
