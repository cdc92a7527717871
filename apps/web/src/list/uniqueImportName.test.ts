import { describe, expect, it } from 'vitest';
import { uniqueImportName } from './uniqueImportName';

describe('uniqueImportName', () => {
  it('keeps the name when no workflow has it', () => {
    expect(uniqueImportName('Support triage', ['Research brief'])).toBe('Support triage');
  });

  it('marks the import when a workflow already has the name', () => {
    expect(uniqueImportName('Support triage', ['Support triage'])).toBe('Support triage (imported)');
  });

  it('numbers further imports of the same file', () => {
    const existing = ['Support triage', 'Support triage (imported)', 'Support triage (imported 2)'];
    expect(uniqueImportName('Support triage', existing)).toBe('Support triage (imported 3)');
  });

  it('compares names the way the list search does (case, accents, surrounding space)', () => {
    expect(uniqueImportName('Résumé screen', [' resume SCREEN '])).toBe('Résumé screen (imported)');
  });
});
