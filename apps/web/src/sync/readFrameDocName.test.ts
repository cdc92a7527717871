import { describe, expect, it } from 'vitest';
import { readFrameDocName } from './readFrameDocName';

function frame(name: string, body: number[] = [0, 1, 2]): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  const prefix: number[] = [];
  let n = bytes.length;
  while (n >= 0x80) {
    prefix.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 0x80);
  }
  prefix.push(n);
  return new Uint8Array([...prefix, ...bytes, ...body]);
}

describe('readFrameDocName', () => {
  it('reads the document name a frame is addressed to', () => {
    expect(readFrameDocName(frame('ws/default/workflow/abc'))).toBe('ws/default/workflow/abc');
    expect(readFrameDocName(frame('ws/a/index\0session-1'))).toBe('ws/a/index');
    const long = `ws/x/workflow/${'y'.repeat(200)}`;
    expect(readFrameDocName(frame(long))).toBe(long);
  });

  it('returns null for truncated or empty frames', () => {
    expect(readFrameDocName(new Uint8Array([]))).toBeNull();
    expect(readFrameDocName(new Uint8Array([10, 65]))).toBeNull();
    expect(readFrameDocName(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80]))).toBeNull();
  });
});
