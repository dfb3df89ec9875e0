// Laravel 8.83's Str::plural (Pluralizer + Doctrine Inflector's English rules), used by
// foreignId()->constrained() to derive the referenced table. Rules dumped from the vendor code.

const uncountable = new Set(["audio","bison","cattle","chassis","compensation","coreopsis","data","deer","education","emoji","equipment","evidence","feedback","firmware","fish","furniture","gold","hardware","information","jedi","kin","knowledge","love","metadata","money","moose","news","nutrition","offspring","plankton","pokemon","police","rain","recommended","related","rice","series","sheep","software","species","swine","traffic","wheat"]);
// A Map, not an object: a word such as `constructor` must not find Object.prototype's.
const irregular = new Map<string, string>(Object.entries({"atlas":"atlases","axe":"axes","beef":"beefs","blouse":"blouses","brother":"brothers","cafe":"cafes","chateau":"chateaux","niveau":"niveaux","child":"children","canvas":"canvases","cookie":"cookies","corpus":"corpuses","cow":"cows","criterion":"criteria","curriculum":"curricula","demo":"demos","domino":"dominoes","echo":"echoes","foot":"feet","fungus":"fungi","ganglion":"ganglions","gas":"gases","genie":"genies","genus":"genera","goose":"geese","graffito":"graffiti","hippopotamus":"hippopotami","hoof":"hoofs","human":"humans","iris":"irises","larva":"larvae","leaf":"leaves","lens":"lenses","loaf":"loaves","man":"men","medium":"media","memorandum":"memoranda","money":"monies","mongoose":"mongooses","motto":"mottoes","move":"moves","mythos":"mythoi","niche":"niches","nucleus":"nuclei","numen":"numina","occiput":"occiputs","octopus":"octopuses","opus":"opuses","ox":"oxen","passerby":"passersby","penis":"penises","person":"people","plateau":"plateaux","runner-up":"runners-up","safe":"safes","sex":"sexes","sieve":"sieves","soliloquy":"soliloquies","son-in-law":"sons-in-law","syllabus":"syllabi","testis":"testes","thief":"thieves","tooth":"teeth","tornado":"tornadoes","trilby":"trilbys","turf":"turfs","valve":"valves","volcano":"volcanoes","abuse":"abuses","avalanche":"avalanches","cache":"caches","curve":"curves","emphasis":"emphases","foe":"foes","grave":"graves","hoax":"hoaxes","neurosis":"neuroses","save":"saves","wave":"waves","oasis":"oases","zombie":"zombies"}));
const uninflected = new RegExp('^(?:' + ["\\w+media","advice","aircraft","amoyese","art","audio","baggage","bison","borghese","bream","breeches","britches","buffalo","butter","cantus","carp","cattle","chassis","clippers","clothing","coal","cod","coitus","compensation","congoese","contretemps","coreopsis","corps","cotton","data","debris","deer","diabetes","djinn","education","eland","elk","emoji","equipment","evidence","faroese","feedback","fish","flounder","flour","foochowese","food","furniture","gallows","genevese","genoese","gilbertese","gold","headquarters","herpes","hijinks","homework","hottentotese","impatience","information","innings","jackanapes","jeans","jedi","kin","kiplingese","knowledge","kongoese","leather","love","lucchese","luggage","mackerel","Maltese","management","metadata","mews","money","moose","mumps","music","nankingese","news","nexus","niasese","nutrition","offspring","oil","patience","pekingese","piedmontese","pincers","pistoiese","plankton","pliers","pokemon","police","polish","portuguese","proceedings","progress","rabies","rain","research","rhinoceros","rice","salmon","sand","sarawakese","scissors","sea[- ]bass","series","shavese","shears","sheep","siemens","silk","sms","soap","social media","spam","species","staff","sugar","swine","talent","toothpaste","traffic","travel","trousers","trout","tuna","us","vermontese","vinegar","weather","wenchowese","wheat","whiting","wildebeest","wood","wool","yengeese","people","trivia","\\w+ware$","media"].join('|') + ')$', 'i');
const transformations: readonly (readonly [RegExp, string, number])[] = ([["(s)tatus$","\\1\\2tatuses"],["(quiz)$","\\1zes"],["^(ox)$","\\1\\2en"],["([m|l])ouse$","\\1ice"],["(matr|vert|ind)(ix|ex)$","\\1ices"],["(x|ch|ss|sh)$","\\1es"],["([^aeiouy]|qu)y$","\\1ies"],["(hive|gulf)$","\\1s"],["(?:([^f])fe|([lr])f)$","\\1\\2ves"],["sis$","ses"],["([ti])um$","\\1a"],["(tax)on$","\\1a"],["(c)riterion$","\\1riteria"],["(p)erson$","\\1eople"],["(m)an$","\\1en"],["(c)hild$","\\1hildren"],["(f)oot$","\\1eet"],["(buffal|her|potat|tomat|volcan)o$","\\1\\2oes"],["(alumn|bacill|cact|foc|fung|nucle|radi|stimul|syllab|termin|vir)us$","\\1i"],["us$","uses"],["(alias)$","\\1es"],["(analys|ax|cris|test|thes)is$","\\1es"],["s$","s"],["^$",""],["$","s"]] as const)
  .map(([pattern, replacement]) => [new RegExp(pattern, 'i'), replacement, groupCount(pattern)] as const);

/** The number of capture groups in `source` (counted once per rule, not per word). */
function groupCount(source: string): number {
  return (new RegExp(`${source}|`).exec('') ?? []).length - 1;
}

/** PHP preg_replace semantics: \\n back-references, unmatched groups are empty. */
function replace(word: string, pattern: RegExp, replacement: string, groups: number): string {
  return word.replace(pattern, (...args: unknown[]) => replacement.replace(/\\(\d)/g, (_, n: string) => {
    const index = Number(n);
    return index <= groups ? ((args[index] as string | undefined) ?? '') : '';
  }));
}

function inflect(word: string): string {
  if (word === '' || uninflected.test(word)) return word;
  const lower = word.toLowerCase();
  const substitute = irregular.get(lower);
  if (substitute !== undefined) return lower[0] !== word[0] ? substitute[0].toUpperCase() + substitute.slice(1) : substitute;
  for (const [pattern, replacement, groups] of transformations) {
    if (pattern.test(word)) return replace(word, pattern, replacement, groups);
  }
  return word;
}

export function pluralize(value: string): string {
  if (uncountable.has(value.toLowerCase()) || !/[A-Za-z0-9\u0080-\uFFFF]$/u.test(value)) return value;
  const plural = inflect(value);
  if (value === value.toLowerCase()) return plural.toLowerCase();
  if (value === value.toUpperCase()) return plural.toUpperCase();
  return plural;
}
