// The analysis service finds the blocks of a huge note chunk by chunk, cutting only where a
// top-level Markdown block starts (src/extension/chunkedBlocks.ts). That must find exactly the
// blocks one markdown-it pass over the whole note finds — same lines, columns, text and options —
// whatever the chunk size, on the examples, the hostile corpus (unclosed fences, fences in quotes,
// lists and HTML comments) and the generated stress note.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findBlocksChunked, planChunks, topLevelStarts } from '../../src/extension/chunkedBlocks';
import { findBlocks, splitLines } from '../../src/markdown/blocks';
import { makeBigNote } from '../e2e/suite/bigNote';
import { hostileCases } from './hostile.test';

const ROOT = path.resolve(__dirname, '../../..');

function notes(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const f of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.md'))) {
    out.push({ name: f, text: fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8') });
  }
  for (const c of hostileCases()) out.push({ name: `hostile/${c.id}`, text: c.markdown });
  const tricky = [
    '- item\n  ```\n  code (unclosed)\n\npara\n\n```\nx\n\n```lstm\nx = [1]\n```\n\n```rnn\nW_x = [1]\n```\n',
    '<!--\n\n```lstm\nx = [1]\n```\n\n-->\n\n```gru\nx = [1]\n```\n',
    '<pre>\n\n```lstm\nx = [1]\n```\n\n</pre>\n\n```lstm\nx = [2]\n```\n',
    '> quote\n>\n> ```lstm\n> x = [1]\n\n```lstm\nx = [3]\n```\n',
    '1. a\n\n    ```rnn\n    W_x = [1]\n\n    W_h = [2]\n    ```\n\n2. b\n\n```rnn\nW_x = [1]\n```\n',
    '```lstm\r\nx = [1]\r\n```\r\n\r\ntext\r\n\r\n~~~gru\r\nx = [2]\r\n~~~\r\n',
    '    ```lstm\n    indented code, not a block\n    ```\n\n```lstm\nx = [1]\n```',
  ];
  tricky.forEach((text, k) => out.push({ name: `tricky-${k}`, text }));
  out.push({ name: 'all of the above', text: out.map((n) => n.text).join('\n\n') });
  out.push({ name: 'stress note (small)', text: makeBigNote(300, 400_000, 10).text });
  return out;
}

describe('chunked block finding (the analysis service for huge notes)', function () {
  this.timeout(120000);

  it('finds exactly the blocks of a whole-note parse, whatever the chunk size', () => {
    let compared = 0;
    for (const { name, text } of notes()) {
      const lines = splitLines(text);
      const whole = JSON.stringify(findBlocks(text, lines));
      for (const maxChars of [0, 200, 4096, 64 * 1024]) {
        const chunked = JSON.stringify(findBlocksChunked(text, lines, maxChars));
        assert.strictEqual(chunked, whole, `${name}, chunks of ${maxChars} characters`);
        compared++;
      }
    }
    assert.ok(compared > 200);
  });

  it('cuts only at top-level block starts, and covers every line once', () => {
    const text = makeBigNote(200, 300_000, 10).text;
    const lines = splitLines(text);
    const starts = new Set(topLevelStarts(text));
    const chunks = planChunks(lines, [...starts], 1024);
    assert.ok(chunks.length > 10, `${chunks.length} chunks`);
    assert.strictEqual(chunks[0].start, 0);
    assert.strictEqual(chunks[chunks.length - 1].end, lines.length);
    for (let k = 1; k < chunks.length; k++) {
      assert.strictEqual(chunks[k].start, chunks[k - 1].end);
      assert.ok(starts.has(chunks[k].start), `chunk ${k} starts at a top-level block`);
    }
  });
});
