const ADJECTIVES = [
  'Amber',
  'Bold',
  'Brisk',
  'Calm',
  'Clever',
  'Cosmic',
  'Curious',
  'Daring',
  'Eager',
  'Gentle',
  'Golden',
  'Happy',
  'Jolly',
  'Keen',
  'Lively',
  'Lucky',
  'Mellow',
  'Nimble',
  'Quiet',
  'Rapid',
  'Sunny',
  'Swift',
  'Witty',
  'Zesty',
];
const ANIMALS = [
  'Badger',
  'Beaver',
  'Crane',
  'Dolphin',
  'Falcon',
  'Ferret',
  'Fox',
  'Gecko',
  'Heron',
  'Koala',
  'Lynx',
  'Marten',
  'Narwhal',
  'Otter',
  'Owl',
  'Panda',
  'Puffin',
  'Quokka',
  'Raven',
  'Seal',
  'Stoat',
  'Tapir',
  'Walrus',
  'Wombat',
];

/** "Curious Otter": a readable name for people the server does not name; `random` is in [0, 1). */
export function friendlyName(random: () => number = Math.random): string {
  const pick = (list: string[]) => list[Math.floor(random() * list.length) % list.length] ?? list[0];
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
}

/** Up to two initials for an avatar: "Curious Otter" → "CO", "ada" → "A". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words.at(-1)![0]] : [words[0]?.[0]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}
