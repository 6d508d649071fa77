import { captureSnapshot } from '@clearstone/core';
import { snapshotView } from './snapshot-view';

describe('snapshotView', () => {
  it('restores captured values as indented JSON, including types JSON lacks', () => {
    const value: Record<string, unknown> = {
      count: 10n,
      tags: new Set(['a']),
      byName: new Map([['x', 1]]),
      when: new Date(0),
    };
    value.self = value;
    const view = snapshotView(captureSnapshot(value));
    expect(view.captured && 'json' in view && JSON.parse(view.json)).toEqual({
      count: '10n',
      tags: ['a'],
      byName: { x: 1 },
      when: '1970-01-01T00:00:00.000Z',
      self: '[Circular]',
    });
  });

  it('describes values that were not captured', () => {
    expect(
      snapshotView({
        captured: false,
        reason: 'Snapshot size (9 bytes) exceeds limit of 1 bytes.',
        type: 'string',
        sizeBytes: 9,
      }),
    ).toEqual({
      captured: false,
      reason: 'Snapshot size (9 bytes) exceeds limit of 1 bytes.',
      type: 'string',
      sizeBytes: 9,
    });
  });

  it('shows damaged data raw with the reason instead of failing', () => {
    const damaged = snapshotView({ captured: true, data: '{"__type__":"v8","value":"!!"}', sizeBytes: 5 });
    expect(damaged).toMatchObject({ captured: true, raw: '{"__type__":"v8","value":"!!"}' });
    expect('error' in damaged && damaged.error).toContain('base64');
    expect(snapshotView('just text')).toMatchObject({ error: 'Not a snapshot envelope.', raw: '"just text"' });
    expect(snapshotView({ captured: true })).toMatchObject({ error: 'The snapshot has no data.' });
  });

  it('shows instances of unregistered classes as plain fields', () => {
    class Memory {
      items = ['x'];
    }
    const view = snapshotView(captureSnapshot(new Memory()));
    expect('json' in view && JSON.parse(view.json)).toEqual({ items: ['x'] });
  });
});
