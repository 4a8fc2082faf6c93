import { jsonDiffLines } from './DefinitionDiff';

describe('jsonDiffLines', () => {
  it('diffs pretty JSON line by line', () => {
    expect(
      jsonDiffLines(
        { state: 'ENABLED', defaultVariant: 'off' },
        { state: 'ENABLED', defaultVariant: 'on' },
      ),
    ).toEqual([
      { kind: 'same', text: '{' },
      { kind: 'same', text: '  "state": "ENABLED",' },
      { kind: 'removed', text: '  "defaultVariant": "off"' },
      { kind: 'added', text: '  "defaultVariant": "on"' },
      { kind: 'same', text: '}' },
    ]);
  });

  it('ignores the order of a definition’s properties', () => {
    const lines = jsonDiffLines(
      { targeting: { var: 'x' }, defaultVariant: 'off', state: 'ENABLED' },
      { state: 'ENABLED', defaultVariant: 'off', targeting: { var: 'x' } },
    );
    expect(lines.every(line => line.kind === 'same')).toBe(true);
  });

  it('shows a created flag as all added', () => {
    expect(jsonDiffLines(null, { state: 'ENABLED' })).toEqual([
      { kind: 'added', text: '{' },
      { kind: 'added', text: '  "state": "ENABLED"' },
      { kind: 'added', text: '}' },
    ]);
  });
});
