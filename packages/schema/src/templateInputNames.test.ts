import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from './renderTemplate';
import { templateInputNames } from './templateInputNames';

describe('templateInputNames', () => {
  it('lists named inputs once, sorted, and ignores the upstream join and node references', () => {
    expect(
      templateInputNames('{{input}} {{ input.topic }} {{input.audience}} {{input.topic}} {{nodes.a.output}}'),
    ).toEqual(['audience', 'topic']);
  });

  it('ignores placeholders that are not part of the grammar', () => {
    expect(templateInputNames('{{input.}} {{input.a b}} {{ inputs.x }} {input.y}')).toEqual([]);
  });

  it('finds exactly the names renderTemplate substitutes', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.constantFrom('', ' ', '  '))), (parts) => {
        const template = parts.map(([n, pad]) => `{{${pad}input.${n}${pad}}}`).join(' x ');
        const names = templateInputNames(template);
        const inputs = Object.fromEntries(names.map((n) => [n, '\u0000']));
        const rendered = renderTemplate(template, { upstream: '', outputs: {}, inputs });
        expect(rendered.split('\u0000').length - 1).toBe(parts.length);
      }),
    );
  });
});
