import { describe, expect, it } from 'vitest';
import { friendlyName, initialsOf } from './friendlyName';

describe('friendlyName', () => {
  it('combines an adjective and an animal, deterministically for a given random source', () => {
    expect(friendlyName(() => 0)).toBe('Amber Badger');
    expect(friendlyName(() => 0.999)).toBe('Zesty Wombat');
    expect(friendlyName()).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  });

  it('makes initials', () => {
    expect(initialsOf('Curious Otter')).toBe('CO');
    expect(initialsOf(' ada ')).toBe('A');
    expect(initialsOf('Mary Ann Evans')).toBe('ME');
    expect(initialsOf('')).toBe('?');
  });
});
