// `rnn-math variants` as a command: its files, and a message with exit 2 for every bad request.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runVariants } from '../../src/cli/variants';
import { ROOT } from './engine/helpers';
import { captured } from './captured';

const EXAM = path.join(ROOT, 'examples', 'lstm-exam.md');

/** Runs the command in-process, capturing its output. */
const run = (...args: string[]) => captured(() => runVariants(args));

describe('rnn-math variants (command line)', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-variants-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes variant-01.md …, its question and solution sheets and key.csv; the same seed writes the same bytes', async () => {
    for (const out of ['a', 'b'])
      assert.strictEqual((await run(EXAM, '--count', '3', '--seed', '2026', '-o', path.join(dir, out))).code, 0);
    const files = fs.readdirSync(path.join(dir, 'a')).sort();
    assert.deepStrictEqual(files, [
      'key.csv',
      'variant-01-questions.html',
      'variant-01-solutions.html',
      'variant-01.md',
      'variant-02-questions.html',
      'variant-02-solutions.html',
      'variant-02.md',
      'variant-03-questions.html',
      'variant-03-solutions.html',
      'variant-03.md',
    ]);
    for (const f of files) assert.ok(fs.readFileSync(path.join(dir, 'a', f)).equals(fs.readFileSync(path.join(dir, 'b', f))), f);
  });
  it("a variant's question sheet has answer boxes and none of its key's answers; its solution sheet has them", () => {
    const key = fs
      .readFileSync(path.join(dir, 'a', 'key.csv'), 'utf8')
      .trim()
      .split('\n');
    const header = key[0].split(',');
    const row = key[1].match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    const answer = row[header.indexOf('b2.g')]; // [a; b]: its first entry, as the sheets write it
    const first = answer.slice(1).split(';')[0].trim();
    const questions = fs.readFileSync(path.join(dir, 'a', 'variant-01-questions.html'), 'utf8');
    const solutions = fs.readFileSync(path.join(dir, 'a', 'variant-01-solutions.html'), 'utf8');
    assert.ok(questions.includes('class="rnn-answer'), 'answer boxes');
    assert.ok(!questions.includes(first), `the question sheet leaks ${first}`);
    assert.ok(solutions.includes(first), `the solution sheet shows ${first}`);
  });
  it('missing --count, a bad seed or an unreadable file: a message and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [[EXAM, '--seed', '1'], /missing --count/],
      [[EXAM, '--count', '3', '--seed', '-1'], /--seed -1 is not valid; use a whole number from 0 to 4294967295/],
      [[EXAM, '--count', '3', '--seed', 'abc'], /--seed abc is not valid/],
      [[EXAM, '--count', '3'], /missing --seed/],
      [[path.join(dir, 'nope.md'), '--count', '3', '--seed', '1'], /cannot read/],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.err, message);
    }
  });
});
