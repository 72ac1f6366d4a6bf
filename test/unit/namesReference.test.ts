// Issue 14's name families against float64 references computed with PyTorch from the same
// numbers (scripts/fixtures/names.py → test/fixtures/reference/names.json; never at test time):
// each block is written in one family's notation, and each check's spelling must read as the
// canonical name the reference gives, pass, and compute the reference value to 1e-12 relative.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../../src/markdown/document';
import type { Matrix } from '../../src/engine/types';

interface NamesCase {
  readonly id: string;
  readonly about: string;
  readonly kind: 'lstm' | 'gru' | 'rnn';
  readonly markdown: string;
  readonly expected: Readonly<Record<string, number[][]>>;
  /** Each check's left side as written → the canonical name it must resolve to. */
  readonly checks: Readonly<Record<string, string>>;
}

const FIXTURE = path.join(__dirname, '../../../test/fixtures/reference/names.json');
const cases: NamesCase[] = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')).cases;
const REL = 1e-12;

function differences(name: string, m: Matrix, want: number[][]): string[] {
  const flat = want.flat();
  if (m.data.length !== flat.length) return [`${name}: ${m.rows}×${m.cols}, reference has ${flat.length} entries`];
  return flat.flatMap((ref, k) =>
    Math.abs(m.data[k] - ref) <= REL * Math.max(1, Math.abs(ref)) ? [] : [`${name}[${k}] = ${m.data[k]}, reference ${ref}`],
  );
}

describe('issue 14 names: reference values (PyTorch float64)', () => {
  it('has a case for every family: Coursera, time superscripts, numbered aliases, Elman letters', () => {
    const ids = cases.map((c) => c.id).join(' ');
    for (const family of ['coursera-', 'superscript-', '-numbered', 'elman-']) assert.ok(ids.includes(family), `no ${family} case`);
  });

  for (const c of cases) {
    it(`${c.about} [${c.id}]`, () => {
      const a = analyzeDocument(c.markdown).blocks[0].analysis;
      assert.strictEqual(a.kind, c.kind);
      const errors = a.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message}`);
      assert.deepStrictEqual(errors, [], 'no errors or warnings');
      const problems: string[] = [];
      for (const [name, want] of Object.entries(c.expected)) {
        const q = a.quantities.find((x) => x.name === name);
        if (!q) problems.push(`${name}: missing`);
        else problems.push(...differences(name, q.value, want));
      }
      for (const [written, name] of Object.entries(c.checks)) {
        const check = a.checks.find((x) => x.written === written);
        if (!check) problems.push(`no check written ${written}`);
        else {
          if (check.name !== name) problems.push(`${written} reads as ${check.name}, not ${name}`);
          if (!check.pass) problems.push(`${written} fails`);
          if (check.computed) problems.push(...differences(written, check.computed, c.expected[name]));
        }
      }
      assert.deepStrictEqual(problems, []);
    });
  }
});
