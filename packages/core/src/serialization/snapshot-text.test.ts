import { captureSnapshot } from './snapshot';
import { snapshotText } from './snapshot-text';

describe('snapshotText', () => {
  it('shows a string as plain text and any other value as its readable JSON', () => {
    expect(snapshotText(captureSnapshot('refund approved'))).toEqual({
      text: 'refund approved',
      mimeType: 'text/plain',
    });
    const shown = snapshotText(captureSnapshot({ question: 'hi', when: new Date(0) }))!;
    expect(shown.mimeType).toBe('application/json');
    expect(JSON.parse(shown.text)).toEqual({
      question: 'hi',
      when: { __type__: 'Date', value: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('reads snapshots written with the earlier json wrapper, and nothing when nothing was captured', () => {
    const old = { captured: true as const, data: '{"__type__":"json","value":"done"}', sizeBytes: 34 };
    expect(snapshotText(old)).toEqual({ text: 'done', mimeType: 'text/plain' });
    expect(snapshotText(undefined)).toBeUndefined();
    expect(snapshotText({ captured: false, reason: 'too large', type: 'object' })).toBeUndefined();
  });
});
