import { describe, expect, it } from 'vitest';
import { renderTemplate, templateReferences, templateSecretNames } from './renderTemplate';

const ctx = { upstream: 'UP', outputs: { a: 'A-out', b: 'B-out' }, inputs: { topic: 'owls' } };

describe('renderTemplate', () => {
  it('fills input, named inputs and node outputs, allowing spaces inside braces', () => {
    expect(
      renderTemplate('{{input}} | {{ nodes.a.output }} | {{nodes.b.output}} | {{input.topic}}', ctx),
    ).toBe('UP | A-out | B-out | owls');
  });

  it('renders unknown nodes and inputs as empty and leaves other braces alone', () => {
    expect(renderTemplate('[{{nodes.zz.output}}][{{input.nope}}]{{other}} {x}', ctx)).toBe(
      '[][]{{other}} {x}',
    );
  });

  it('never expands text that came from an output', () => {
    expect(renderTemplate('{{nodes.a.output}}', { upstream: 'UP', outputs: { a: '{{input}}' } })).toBe(
      '{{input}}',
    );
  });

  it('does not read inherited properties', () => {
    expect(renderTemplate('{{nodes.constructor.output}}{{input.toString}}', ctx)).toBe('');
  });
});

describe('templateReferences', () => {
  it('lists referenced node ids, unique and sorted', () => {
    expect(
      templateReferences('{{nodes.b.output}} {{ nodes.a.output }} {{nodes.b.output}} {{input}}'),
    ).toEqual(['a', 'b']);
    expect(templateReferences('no refs {{input.topic}}')).toEqual([]);
  });
});

describe('output paths and secrets', () => {
  const response = JSON.stringify({
    status: 200,
    headers: { link: '<https://x/?page=2>; rel="next"' },
    body: { items: [{ title: 'first' }, { title: 'second', n: 2 }], ok: true, none: null },
  });
  const ctx = { upstream: '', outputs: { h: response, plain: 'not json' } };

  it('reads fields of a JSON output: strings as written, anything else as JSON', () => {
    expect(renderTemplate('{{nodes.h.output.status}}', ctx)).toBe('200');
    expect(renderTemplate('{{ nodes.h.output.body.items.1.title }}', ctx)).toBe('second');
    expect(renderTemplate('{{nodes.h.output.body.items.1}}', ctx)).toBe('{"title":"second","n":2}');
    expect(renderTemplate('{{nodes.h.output.body.ok}}/{{nodes.h.output.body.none}}', ctx)).toBe('true/null');
    expect(renderTemplate('{{nodes.h.output.headers.link}}', ctx)).toBe('<https://x/?page=2>; rel="next"');
  });

  it('renders a missing field, a bad index or a non-JSON output as empty', () => {
    expect(
      renderTemplate(
        '[{{nodes.h.output.body.nope}}][{{nodes.h.output.body.items.01}}][{{nodes.h.output.body.items.9}}]',
        ctx,
      ),
    ).toBe('[][][]');
    expect(renderTemplate('[{{nodes.plain.output.body}}][{{nodes.h.output.constructor}}]', ctx)).toBe('[][]');
  });

  it('fills secrets only when given, and never from text an output brought in', () => {
    expect(renderTemplate('Bearer {{secrets.TOKEN}}', ctx)).toBe('Bearer {{secrets.TOKEN}}');
    const secrets = new Map([['TOKEN', 's3cr3t']]);
    expect(renderTemplate('Bearer {{ secrets.TOKEN }}', { ...ctx, secrets })).toBe('Bearer s3cr3t');
    expect(
      renderTemplate('{{nodes.o.output}}', { upstream: '', outputs: { o: '{{secrets.TOKEN}}' }, secrets }),
    ).toBe('{{secrets.TOKEN}}');
  });

  it('lists the node ids of path references and the secret names', () => {
    expect(templateReferences('{{nodes.h.output.body.items}} {{nodes.g.output}}')).toEqual(['g', 'h']);
    expect(templateSecretNames('{{secrets.B}} {{secrets.A}} {{secrets.B}} {{secrets.1x}}')).toEqual([
      'A',
      'B',
    ]);
  });
});
