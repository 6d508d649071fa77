import { alignSequences } from './align-steps';
import { myersDiff } from './myers-diff';

interface Item {
  key: string;
  input: string;
}

const item = (key: string, input = ''): Item => ({ key, input });
const align = (left: Item[], right: Item[]) =>
  alignSequences(
    left,
    right,
    (entry) => entry.key,
    (a, b) => (a.input === b.input ? 1 : a.input[0] === b.input[0] ? 0.5 : 0),
  ).map((operation) =>
    operation.op === 'same'
      ? `= ${operation.original.key}(${operation.original.input}|${operation.forked.input})`
      : operation.op === 'added'
        ? `+ ${operation.forked.key}(${operation.forked.input})`
        : `- ${operation.original.key}(${operation.original.input})`,
  );

describe('alignSequences', () => {
  it('pairs as many items as a longest common subsequence does', () => {
    expect(align([item('a'), item('b'), item('c')], [item('a'), item('c'), item('d')])).toEqual([
      '= a(|)',
      '- b()',
      '= c(|)',
      '+ d()',
    ]);
  });

  it('pairs a repeated item with the most alike one, not the first', () => {
    expect(align([item('s', 'paris')], [item('s', 'rome'), item('s', 'paris'), item('s', 'madrid')])).toEqual([
      '+ s(rome)',
      '= s(paris|paris)',
      '+ s(madrid)',
    ]);
    expect(align([item('s', 'paris'), item('s', 'rome')], [item('s', 'pisa'), item('s', 'x')])).toEqual([
      '= s(paris|pisa)',
      '= s(rome|x)',
    ]);
  });

  it('never pairs fewer items to pair more alike ones', () => {
    expect(align([item('s', 'x'), item('t')], [item('t'), item('s', 'x')])).toHaveLength(3);
    expect(align([item('s', 'a'), item('s', 'b')], [item('s', 'b'), item('s', 'c')])).toEqual(['= s(a|b)', '= s(b|c)']);
  });

  it('still aligns by key when the sequences are too long for the weighted table', () => {
    const left = Array.from({ length: 1500 }, (_, index) => item(index % 7 === 0 ? 'm' : 't', String(index)));
    const right = [...left.slice(0, 700), item('new'), ...left.slice(700).filter((_, index) => index % 100 !== 5)];
    const operations = alignSequences(
      left,
      right,
      (entry) => entry.key,
      () => 0.5,
    );
    expect(
      operations
        .filter((operation) => operation.op === 'added')
        .map((operation) => operation.op === 'added' && operation.forked.key),
    ).toEqual(['new']);
    expect(operations.filter((operation) => operation.op === 'removed')).toHaveLength(8);
    expect(operations.filter((operation) => operation.op === 'same')).toHaveLength(1492);
  });
});

describe('myersDiff', () => {
  const apply = (left: string[], right: string[], edits: string[]) => {
    let i = 0;
    let j = 0;
    const kept: string[] = [];
    for (const edit of edits) {
      if (edit === 'same') {
        expect(left[i]).toBe(right[j]);
        kept.push(left[i]);
        i++;
        j++;
      } else if (edit === 'removed') i++;
      else j++;
    }
    expect([i, j]).toEqual([left.length, right.length]);
    return kept.length;
  };

  it('finds a shortest edit script', () => {
    const left = 'ABCABBA'.split('');
    const right = 'CBABAC'.split('');
    const edits = myersDiff(left, right, 100)!;
    expect(apply(left, right, edits)).toBe(4);
    expect(edits.filter((edit) => edit !== 'same')).toHaveLength(5);
    expect(myersDiff([], ['a'], 10)).toEqual(['added']);
    expect(myersDiff(['a'], [], 10)).toEqual(['removed']);
    expect(myersDiff([], [], 10)).toEqual([]);
  });

  it('aligns long sequences with few differences, and gives up past maxEdits', () => {
    const left = Array.from({ length: 5000 }, (_, index) => (index % 3 === 0 ? 'model' : `tool ${index % 5}`));
    const right = left.filter((_, index) => index % 500 !== 7);
    right.splice(2500, 0, 'tool new');
    const edits = myersDiff(left, right, 100)!;
    expect(apply(left, right, edits)).toBe(4990);
    expect(edits.filter((edit) => edit === 'added')).toHaveLength(1);
    expect(myersDiff(left, right.slice().reverse(), 10)).toBeUndefined();
  });
});
