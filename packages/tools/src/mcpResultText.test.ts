import { describe, expect, it } from 'vitest';
import { mcpResultText } from './mcpResultText';

describe('mcpResultText', () => {
  it('joins text parts and embedded resource text, naming what it leaves out', () => {
    expect(
      mcpResultText({
        content: [
          { type: 'text', text: 'first' },
          { type: 'resource', resource: { uri: 'file:///a', text: 'embedded' } },
          { type: 'resource_link', uri: 'file:///b' },
          { type: 'image', mimeType: 'image/png', data: 'AAAA' },
          { type: 'audio' },
        ],
      }),
    ).toEqual({
      content: 'first\nembedded\n[resource] file:///b\n[image image/png omitted]\n[audio omitted]',
      isError: false,
    });
  });

  it('falls back to structured content when there is no content', () => {
    expect(mcpResultText({ content: [], structuredContent: { sum: 5 } })).toEqual({
      content: '{"sum":5}',
      isError: false,
    });
  });

  it('prefers content over structured content and carries isError', () => {
    expect(
      mcpResultText({ content: [{ type: 'text', text: '5' }], structuredContent: { sum: 5 }, isError: true }),
    ).toEqual({ content: '5', isError: true });
  });

  it('treats a missing or malformed content list as empty', () => {
    expect(mcpResultText({})).toEqual({ content: '', isError: false });
    expect(mcpResultText({ content: 'text', isError: 'yes' })).toEqual({ content: '', isError: false });
  });
});
