import { describe, expect, it } from 'vitest';
import { describeField, describeFieldChange } from './describeField';

const node = (data: Record<string, unknown>, type = 'agent') => ({ type, data });

describe('describeFieldChange', () => {
  it('shows a renamed node’s old and new name', () => {
    expect(
      describeFieldChange('label', node({ label: 'Researcher' }), node({ label: 'Lead researcher' })),
    ).toBe('Name “Researcher” → “Lead researcher”');
  });

  it('shows numbers, a cleared value and a changed type', () => {
    expect(describeFieldChange('temperature', node({ temperature: 0.7 }), node({ temperature: 0.2 }))).toBe(
      'Temperature 0.7 → 0.2',
    );
    expect(describeFieldChange('model', node({ model: 'gpt-4o' }), node({}))).toBe('Model “gpt-4o” → (none)');
    expect(describeFieldChange('type', node({}, 'agent'), node({}, 'router'))).toBe(
      'Type “agent” → “router”',
    );
  });

  it('says a long or multi-line value was edited instead of printing it', () => {
    const long = 'You research the topic thoroughly and list every source you used.';
    expect(
      describeFieldChange('systemPrompt', node({ systemPrompt: 'Be brief.' }), node({ systemPrompt: long })),
    ).toBe('System prompt edited');
    expect(describeFieldChange('text', node({ text: 'a\nb' }), node({ text: 'a' }))).toBe('Text edited');
    expect(describeFieldChange('branches', node({ branches: [] }), node({ branches: [{ id: 'x' }] }))).toBe(
      'Branches edited',
    );
    expect(describeFieldChange('position', node({}), node({}))).toBe('Position moved');
  });

  it('keeps unknown field keys readable', () => {
    expect(describeField('custom')).toBe('custom');
  });
});
