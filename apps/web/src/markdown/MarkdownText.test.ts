import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownText } from './MarkdownText';

const render = (text: string) => renderToStaticMarkup(createElement(MarkdownText, { text }));

describe('MarkdownText', () => {
  it('renders headings, lists, code blocks and GFM tables', () => {
    const html = render(
      [
        '# Findings',
        '',
        '- one',
        '- two',
        '',
        '```ts',
        'const x = 1 < 2;',
        '```',
        '',
        '| a | b |',
        '| - | - |',
        '| 1 | 2 |',
      ].join('\n'),
    );
    expect(html).toContain('<h1>Findings</h1>');
    expect(html).toContain('<li>one</li>');
    expect(html).toMatch(/<pre><code class="language-ts">const x = 1 &lt; 2;\n<\/code><\/pre>/);
    expect(html).toContain('<table>');
    expect(html).toContain('<td>2</td>');
  });

  it('opens links in a new tab without an opener or referrer', () => {
    expect(render('[docs](https://example.com/a)')).toBe(
      '<p><a href="https://example.com/a" target="_blank" rel="noopener noreferrer">docs</a></p>',
    );
  });

  it('executes nothing from hostile output', () => {
    const html = render(
      [
        '<script>alert(1)</script>',
        '',
        '<img src=x onerror="alert(2)">',
        '',
        '[click](javascript:alert(3))',
        '',
        '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)',
        '',
        '<a href="javascript:alert(5)">raw link</a> <iframe src="https://evil.example"></iframe>',
        '',
        '<div onclick="alert(6)" style="position:fixed">overlay</div>',
        '',
        '![pixel](https://evil.example/track.png?secret=1 "t")',
      ].join('\n'),
    );
    expect(html).not.toMatch(/<script|<iframe|<img|<div|onerror|onclick|javascript:|data:text/i);
    expect(html).not.toContain('style=');
    // The image is a link to click, not a request made on the reader's behalf.
    expect(html).toContain(
      '<a href="https://evil.example/track.png?secret=1" target="_blank" rel="noopener noreferrer" class="markdown__image-link">Image: pixel</a>',
    );
  });
});
