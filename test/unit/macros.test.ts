// KaTeX macros (VS Code's `markdown.math.macros`, `rnn-math render --macros file.json`): what is
// taken from the user's object, that the step panel, the preview's cards and the rendered page
// typeset with them, and the CLI's errors for a bad file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { analyzeDocument } from '../../src/markdown/document';
import { solutionPlugin } from '../../src/markdown/previewPlugin';
import { MAX_EXPANSION, MAX_MACROS, readMacros } from '../../src/markdown/solution/macros';
import { renderMath, withMacros } from '../../src/markdown/solution/math';
import { panelBody } from '../../src/markdown/solution/page';
import { renderNotes, runRender } from '../../src/cli/render';
import { loadMacros } from '../../src/cli/macros';
import { lstmQuestion2 } from './solutionFixtures';
import { captured } from './captured';

const ROOT = path.resolve(__dirname, '../../..');
const EXAM = fs.readFileSync(path.join(ROOT, 'examples', 'lstm-exam.md'), 'utf8');
// KaTeX has \R itself: a course's own shorthand
const R = { '\\RR': '\\mathbb{R}' };
/** A course writing the Hadamard product as ∘: every c and h step of an LSTM card has one. */
const CIRC = { '\\odot': '\\circ' };

/** The TeX KaTeX typeset (its MathML annotation) is the input; what a reader sees is the HTML. */
const visible = (html: string) => html.replace(/<annotation[^>]*>[\s\S]*?<\/annotation>/g, '');
const count = (html: string, c: string) => visible(html).split(c).length - 1;
/** Every typeset ⊙ became a ∘ (the block sources and shape lines keep their ⊙, as written). */
function assertCircled(plain: string, course: string): void {
  const typeset = count(plain, '⊙') - count(course, '⊙');
  assert.ok(typeset > 0, `no ⊙ went: ${count(plain, '⊙')} before, ${count(course, '⊙')} after`);
  assert.strictEqual(count(course, '∘') - count(plain, '∘'), typeset);
}

describe('KaTeX macros', () => {
  describe('readMacros', () => {
    it('takes control sequences with string expansions', () => {
      const { macros, problems } = readMacros({ '\\R': '\\mathbb{R}', '\\,': '\\;', '\\vect': '\\mathbf{#1}' });
      assert.deepStrictEqual({ ...macros }, { '\\R': '\\mathbb{R}', '\\,': '\\;', '\\vect': '\\mathbf{#1}' });
      assert.deepStrictEqual(problems, []);
    });

    it('names each entry it leaves out, with the fix', () => {
      const { macros, problems } = readMacros({ R: 'x', '\\ok': 'y', '\\n': 3, '\\long': 'x'.repeat(MAX_EXPANSION + 1), '\\a b': 'z' });
      assert.deepStrictEqual({ ...macros }, { '\\ok': 'y' });
      assert.strictEqual(problems.length, 4);
      assert.match(problems[0], /^"R" is not a control sequence: write it with a backslash/);
      assert.match(problems[1], /^"\\\\n": its expansion must be a string of TeX, not a number/);
      assert.match(problems[2], /more than 2000/);
      assert.match(problems[3], /^"\\\\a b" is not a control sequence/);
    });

    it('gives no macros for anything but an object, and says so unless it is absent', () => {
      for (const value of [[1], 'x', 3, true]) {
        const { macros, problems } = readMacros(value);
        assert.deepStrictEqual({ ...macros }, {});
        assert.match(problems[0], /must be a JSON object/);
      }
      assert.deepStrictEqual(readMacros(undefined).problems, []);
      assert.deepStrictEqual(readMacros(null).problems, []);
    });

    it(`takes at most ${MAX_MACROS}`, () => {
      const many = Object.fromEntries(
        Array.from({ length: MAX_MACROS + 5 }, (_, k) => [`\\m${String.fromCharCode(97 + (k % 26))}${k}`, 'x']),
      );
      // names with digits are not control words: use letters only
      const letters = Object.fromEntries(
        Object.keys(many).map((k, n) => [`\\m${n.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[+d])}`, 'x']),
      );
      const { macros, problems } = readMacros(letters);
      assert.strictEqual(Object.keys(macros).length, MAX_MACROS);
      assert.match(problems[0], /more than 500 macros/);
    });

    it('cannot reach the prototype', () => {
      const { macros } = readMacros(JSON.parse('{"__proto__": {"polluted": "x"}, "\\\\ok": "1"}'));
      assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
      assert.deepStrictEqual(Object.keys(macros), ['\\ok']);
    });
  });

  describe('renderMath with macros', () => {
    it('typesets \\RR as \\mathbb{R} inside withMacros, and not outside it', () => {
      const inside = withMacros(R, () => renderMath('x \\in \\RR^n', false));
      assert.match(inside, /class="mord mathbb"/);
      assert.doesNotMatch(inside, /katex-error/);
      const outside = renderMath('x \\in \\RR^n', false);
      assert.doesNotMatch(outside, /mathbb/);
      assert.match(outside, /katex-error|#cc0000/);
    });

    it('keeps a \\gdef in one formula out of the next (a fresh copy per formula)', () => {
      const macros = { ...R };
      withMacros(macros, () => renderMath('\\gdef\\leak{L}\\leak', false));
      assert.deepStrictEqual(macros, R);
      assert.match(
        withMacros(macros, () => renderMath('\\leak', false)),
        /katex-error|#cc0000/,
      );
    });

    it('stays bounded: a macro that expands to itself is an error text, not a hang', () => {
      const html = withMacros({ '\\loop': '\\loop\\loop' }, () => renderMath('\\loop', false));
      assert.match(html, /katex-error|Too many expansions/);
    });

    it('nests: undefined keeps the outer macros, the inner ones end with their call', () => {
      withMacros(R, () => {
        assert.match(
          withMacros(undefined, () => renderMath('\\RR', false)),
          /mathbb/,
        );
        assert.doesNotMatch(
          withMacros({}, () => renderMath('\\RR', false)),
          /mathbb/,
        );
        assert.match(renderMath('\\RR', false), /mathbb/);
      });
    });
  });

  describe('the step panel and the preview', () => {
    it("the panel's HTML follows markdown.math.macros (\\odot → \\circ in the c and h steps)", () => {
      const args = { analysis: lstmQuestion2(), fileName: 'lstm-exam.md', blockIndex: 1, blockCount: 2 };
      assertCircled(
        panelBody(args),
        withMacros(CIRC, () => panelBody(args)),
      );
    });

    it("the preview plugin's cards follow its macros option", () => {
      const md = (macros?: Record<string, string>) =>
        solutionPlugin(new MarkdownIt(), { analyze: (src) => analyzeDocument(src), macros: macros && (() => macros) });
      assertCircled(md().render(EXAM), md(CIRC).render(EXAM));
    });

    it('a throwing macros option renders the cards without macros', () => {
      const html = solutionPlugin(new MarkdownIt(), {
        analyze: (src) => analyzeDocument(src),
        macros: () => {
          throw new Error('settings gone');
        },
      }).render(EXAM);
      assert.strictEqual(html, solutionPlugin(new MarkdownIt(), { analyze: (src) => analyzeDocument(src) }).render(EXAM));
    });
  });

  describe('rnn-math render --macros', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-macros-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Runs the command in-process, capturing its output. */
    const render = (...args: string[]) => captured(() => runRender(args));

    it('renderNotes applies the macros to the prose and to the cards', () => {
      const text = `# Shapes\n\n$W \\in \\RR^{4\\times 8}$\n\n${EXAM}`;
      const course = renderNotes(text, { macros: { ...R, ...CIRC } }).html;
      const plain = renderNotes(text).html;
      assert.match(course, /class="mord mathbb"/);
      assert.doesNotMatch(plain, /class="mord mathbb"/);
      assertCircled(plain, course);
    });

    it('writes the page with the macros of the file', async () => {
      const notes = path.join(dir, 'n.md');
      fs.writeFileSync(notes, '# N\n\n$x \\in \\RR^n$\n');
      fs.writeFileSync(path.join(dir, 'macros.json'), JSON.stringify(R));
      const out = path.join(dir, 'n.html');
      const { code, err } = await render(notes, '-o', out, '--macros', path.join(dir, 'macros.json'));
      assert.strictEqual(err, '');
      assert.strictEqual(code, 0);
      assert.match(fs.readFileSync(out, 'utf8'), /class="mord mathbb"/);
    });

    it('a bad file is one clear error with its place and the fix, and no page', async () => {
      const notes = path.join(dir, 'n.md');
      fs.writeFileSync(notes, '# N\n');
      const bad = path.join(dir, 'bad.json');
      const cases: [string, RegExp][] = [
        [
          '{\n  "\\\\R": "\\\\mathbb{R}",\n}',
          /bad\.json:3:1: not valid JSON \(.+\); write the macros as a JSON object such as \{"\\\\R": "\\\\mathbb\{R\}"\}/,
        ],
        ['{\n  "R": "\\\\mathbb{R}"\n}', /bad\.json:2:3: "R" is not a control sequence: write it with a backslash, such as "\\\\R"/],
        ['["\\\\R"]', /bad\.json: the macros must be a JSON object/],
      ];
      for (const [text, expected] of cases) {
        fs.writeFileSync(bad, text);
        const { code, err } = await render(notes, '-o', path.join(dir, 'n.html'), '--macros', bad);
        assert.strictEqual(code, 2, err);
        assert.match(err, expected);
        assert.doesNotMatch(err, /\n\s+at /); // no stack trace
        assert.ok(!fs.existsSync(path.join(dir, 'n.html')));
      }
      const missing = await render(notes, '--macros', path.join(dir, 'none.json'));
      assert.strictEqual(missing.code, 2);
      assert.match(missing.err, /cannot read the macros file .*none\.json: no such file/);
      const noValue = await render(notes, '--macros');
      assert.strictEqual(noValue.code, 2);
      assert.match(noValue.err, /--macros needs a JSON file/);
    });

    it('loadMacros takes --macros=FILE files with a byte order mark', () => {
      const file = path.join(dir, 'm.json');
      fs.writeFileSync(file, '\ufeff' + JSON.stringify(R));
      assert.deepStrictEqual({ ...(loadMacros(file) as { macros: object }).macros }, R);
    });
  });
});
