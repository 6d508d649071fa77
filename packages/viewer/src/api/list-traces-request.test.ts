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
      attributes: { a: 'b', n: 3, flag: true, s: '3' },
    });
  });

  it('uses defaults and ignores empty filters', () => {
    expect(parse('status=&name=')).toEqual({ limit: 50, offset: 0 });
  });

  it('keeps text values that only look like JSON and values containing "="', () => {
    expect(parse('attr=url%3Da%3Db&attr=q%3D%22open').attributes).toEqual({ url: 'a=b', q: '"open' });
  });

  it.each(['limit=1e3', 'offset=1.5', 'since=2024-13-45', 'until=01/02/2024', 'attr==x', 'bogus=1'])(
    'rejects %s',
    (search) => {
      expect(() => parse(search)).toThrow(expect.objectContaining({ name: 'ViewerError' }));
    },
  );
});
