/**
 * Questions no shelf of research abstracts should answer: everyday topics a Discord member might
 * type into /ask by mistake or as a test. Written once, before any threshold was measured, and
 * never edited to fit a result. Short and long (two-sentence) questions on purpose: the abstention
 * rule must not decide by length.
 */
export const OFF_TOPIC_QUESTIONS: readonly string[] = [
  // cooking
  'How long should I knead bread dough by hand?',
  'What is the best way to keep a sourdough starter alive while I am on holiday for two weeks?',
  'Can I replace butter with olive oil when baking chocolate chip cookies?',
  'How do you make a risotto creamy without adding cream? My last attempt turned out gluey and bland.',
  'What temperature should a medium-rare steak reach inside?',
  'Which spices go into a classic garam masala?',
  'How many eggs do I need for a pavlova for eight people?',
  // sport
  'Who won the football World Cup in 2014?',
  'How should a beginner pace a first marathon? I keep starting too fast and walking after 25 kilometres.',
  'What are the offside rules in ice hockey?',
  'How do I improve my backhand in tennis?',
  'Which stretches help with tight hamstrings after cycling?',
  'How many players are on a rugby union team?',
  'What is a good weekly training plan for a 5k race in spring?',
  // travel
  'What is the cheapest way to get from Paris to Barcelona by train?',
  'Do I need a visa to visit Japan as a tourist from Canada?',
  'Which neighbourhoods in Lisbon are nice to stay in for a week? We want restaurants nearby and not too much noise at night.',
  'What should I pack for a hiking trip in Patagonia in November?',
  'Is it safe to drink tap water in Mexico City?',
  'How early should I arrive at the airport for an international flight?',
  'What are the best beaches on the island of Crete?',
  // home and garden
  'How often should I water tomato plants in a hot summer?',
  'Why are the leaves of my fiddle leaf fig turning brown?',
  'How do I fix a dripping kitchen tap?',
  'What is the best way to remove red wine stains from a carpet?',
  'When is the right time to prune apple trees? Ours has grown very tall and gives few apples.',
  'How do I get rid of mould in the bathroom ceiling?',
  // pets, family, health
  'How much should a six month old puppy eat each day?',
  'Why does my cat knock things off the table?',
  'How can I help my toddler sleep through the night?',
  'What are good birthday party games for ten year olds?',
  'How much water should I drink per day?',
  'Is it better to stretch before or after running?',
  // money, culture, everyday
  'How do I set up a monthly budget for my household?',
  'What is the difference between a Roth IRA and a traditional IRA?',
  'Who wrote the novel Pride and Prejudice?',
  'What are the chords of the song Wonderwall on guitar?',
  'Which films won the Oscar for best picture in the nineties?',
  'How do I tie a Windsor knot?',
  'What time does the supermarket usually close on Sundays? I need to buy groceries for a family dinner tomorrow.',
  'How can I learn to knit a simple scarf?',
  'What are some good board games for a group of six friends?',
];
