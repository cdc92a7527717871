import { describe, expect, it } from 'vitest';
import { parseStdioServerList } from './stdioServers';

describe('parseStdioServerList', () => {
  it('is empty when unset', () => {
    expect(parseStdioServerList(undefined)).toEqual([]);
    expect(parseStdioServerList('')).toEqual([]);
  });

  it('reads entries, defaulting args to none', () => {
    expect(
      parseStdioServerList(
        JSON.stringify([
          { id: 'files', label: 'Files', command: 'npx', args: ['-y', 'mcp-files'], env: { ROOT: '/srv' } },
          { id: 'time', label: 'Time', command: 'mcp-time' },
        ]),
      ),
    ).toEqual([
      { id: 'files', label: 'Files', command: 'npx', args: ['-y', 'mcp-files'], env: { ROOT: '/srv' } },
      { id: 'time', label: 'Time', command: 'mcp-time', args: [] },
    ]);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseStdioServerList('[{')).toThrow('must be a JSON array');
  });

  it('lists every problem in one message', () => {
    const text = JSON.stringify([
      { id: 'bad id', label: 'X', command: 'x' },
      { id: 'ok', label: '', command: 'x', shell: true },
    ]);
    expect(() => parseStdioServerList(text)).toThrow(/stdio server ids are letters.*;.*/);
    expect(() => parseStdioServerList(text)).toThrow(/shell/);
  });

  it('refuses duplicate ids', () => {
    const entry = { id: 'a', label: 'A', command: 'a' };
    expect(() => parseStdioServerList(JSON.stringify([entry, entry]))).toThrow(
      'stdio server ids must be unique',
    );
  });
});
