// Helpers for the renderer's tests: is this HTML well-formed and inert?
import * as assert from 'assert';

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
  'path',
  'line',
  'svg-void',
]);

/** Every start tag (escaped text can never contain `<`, so these are real elements). */
export function tags(html: string): { name: string; attrs: string; close: boolean; selfClose: boolean }[] {
  const out: { name: string; attrs: string; close: boolean; selfClose: boolean }[] = [];
  const re = /<(\/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    out.push({ close: m[1] === '/', name: m[2].toLowerCase(), attrs: m[3], selfClose: /\/\s*$/.test(m[3]) });
  }
  return out;
}

/** Tags open and close in order (no stray `</code>` or `</div>` from user text). */
export function assertBalanced(html: string): void {
  const stack: string[] = [];
  for (const t of tags(html)) {
    if (VOID.has(t.name) || t.selfClose) continue;
    if (!t.close) {
      stack.push(t.name);
      continue;
    }
    const open = stack.pop();
    assert.strictEqual(open, t.name, `</${t.name}> closes <${open}>`);
  }
  assert.deepStrictEqual(stack, [], 'unclosed elements');
}

/** No scripts, no event handlers, no javascript: URLs, no remote loads, no raw user markup. */
export function assertInert(html: string): void {
  for (const t of tags(html)) {
    const where = `<${t.name}${t.attrs.slice(0, 200)}>`;
    assert.ok(
      !['script', 'img', 'iframe', 'object', 'embed', 'a', 'form', 'base', 'link', 'style', 'meta'].includes(t.name),
      `${where} in the output`,
    );
    // Attributes must be name="escaped value" pairs: nothing unquoted that a browser could split.
    const rest = t.attrs
      .replace(/\s+[A-Za-z][A-Za-z0-9-:]*(?:="[^"<>]*")?/g, '')
      .replace(/\/$/, '')
      .trim();
    assert.strictEqual(rest, '', `unparsed attribute text in ${where}`);
    for (const m of t.attrs.matchAll(/\s([A-Za-z][A-Za-z0-9-:]*)(?:="([^"]*)")?/g)) {
      assert.ok(!/^on/i.test(m[1]), `event handler in ${where}`);
      assert.ok(!/^(src|href|srcset|action|formaction|xlink:href)$/i.test(m[1]), `URL attribute in ${where}`);
    }
  }
  assertBalanced(html);
}
