import { compareHref, listHref, parseRoute, traceHref } from './hash-route';

const TRACE = '0123456789abcdef0123456789abcdef';
const SPAN = '0123456789abcdef';

describe('hash routes', () => {
  it('round-trips trace and span links', () => {
    expect(parseRoute(traceHref(TRACE))).toEqual({ view: 'trace', traceId: TRACE });
    expect(parseRoute(traceHref(TRACE, SPAN))).toEqual({ view: 'trace', traceId: TRACE, spanId: SPAN });
  });

  it('round-trips comparisons', () => {
    const other = 'fedcba9876543210fedcba9876543210';
    expect(parseRoute(compareHref(TRACE, other))).toEqual({ view: 'compare', left: TRACE, right: other });
    expect(parseRoute(`#/compare/${TRACE}`).view).toBe('list');
    expect(parseRoute(`#/compare/${TRACE}/nope`).view).toBe('list');
  });

  it('round-trips list filters', () => {
    const route = parseRoute(listHref(new URLSearchParams({ status: 'ERROR', attr: 'a=b c' })));
    expect(route.view === 'list' && Object.fromEntries(route.filters)).toEqual({ status: 'ERROR', attr: 'a=b c' });
    expect(listHref(new URLSearchParams())).toBe('#/traces');
  });

  it('falls back to the list for anything that is not a well-formed id', () => {
    for (const hash of ['', '#/', '#/traces/not-an-id', `#/traces/${TRACE.toUpperCase()}`, '#/traces/<script>'])
      expect(parseRoute(hash).view).toBe('list');
    expect(parseRoute(`#/traces/${TRACE}/spans/javascript:alert(1)`)).toEqual({ view: 'trace', traceId: TRACE });
  });
});
