import { listTracesRequest } from './list-traces-request';

const parse = (search: string) => listTracesRequest(new URLSearchParams(search));

describe('listTracesRequest', () => {
  it('reads filters and the page', () => {
    expect(
      parse(
        'status=error&name=agent&since=1700000000000&until=2024-01-01T00:00:00Z&limit=5&offset=10&attr=a%3Db&attr=n%3D3&attr=flag%3Dtrue&attr=s%3D%223%22',
      ),
    ).toEqual({
      status: 'ERROR',
      name: 'agent',
      since: new Date(1_700_000_000_000),
      until: new Date('2024-01-01T00:00:00Z'),
      limit: 5,
      offset: 10,
      spanAttributes: { a: 'b', n: 3, flag: true, s: '3' },
    });
  });

  it('uses defaults and ignores empty filters', () => {
    expect(parse('status=&name=')).toEqual({ limit: 50, offset: 0 });
  });

  it('keeps text values that only look like JSON and values containing "="', () => {
    expect(parse('attr=url%3Da%3Db&attr=q%3D%22open').spanAttributes).toEqual({ url: 'a=b', q: '"open' });
  });

  it('reads the search text, the user and session facets, the flags and the order', () => {
    expect(parse('q=%20supp%20&user=u1&session=s1&blocked=true&paused=false&sort=spans&order=asc')).toEqual({
      nameContains: 'supp',
      attributes: { 'clearstone.user.id': 'u1', 'clearstone.session.id': 's1' },
      blocked: true,
      paused: false,
      sortBy: 'spanCount',
      sortOrder: 'asc',
      limit: 50,
      offset: 0,
    });
    expect(parse('sort=start&order=desc')).toEqual({ limit: 50, offset: 0 });
  });

  it.each([
    'sort=tokens',
    'order=up',
    'blocked=yes',
    'limit=1e3',
    'offset=1.5',
    'since=2024-13-45',
    'until=01/02/2024',
    'attr==x',
    'bogus=1',
  ])('rejects %s', (search) => {
    expect(() => parse(search)).toThrow(expect.objectContaining({ name: 'ViewerError' }));
  });
});
