// JSON text for the reports that are JSON (--json, SARIF), written in pieces.

/**
 * Indented JSON (two spaces, like JSON.stringify's) with each array of numbers on one line, so
 * matrices read as matrices, as pieces: a caller writes them out as they come instead of building
 * one string (which past ~512 MB is a RangeError).
 */
export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  if (value === null || typeof value !== 'object') {
    yield scalarJson(value);
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (!value.length) {
      yield '[]';
      return;
    }
    if (value.every((x) => x === null || x === undefined || typeof x === 'number')) {
      let row = '[';
      for (let k = 0; k < value.length; k++) row += (k ? ', ' : '') + scalarJson(value[k]);
      yield row + ']';
      return;
    }
    yield '[';
    for (let k = 0; k < value.length; k++) {
      yield (k ? ',\n' : '\n') + inner;
      yield* jsonPieces(value[k] === undefined || typeof value[k] === 'function' ? null : value[k], inner);
    }
    yield '\n' + indent + ']';
    return;
  }
  let first = true;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === 'function') continue;
    yield (first ? '{\n' : ',\n') + inner + JSON.stringify(key) + ': ';
    first = false;
    yield* jsonPieces(v, inner);
  }
  yield first ? '{}' : '\n' + indent + '}';
}

function scalarJson(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  return 'null';
}

/** The whole document as one string (for small reports; the CLI writes jsonPieces as they come). */
export function stringifyJson(value: unknown): string {
  let out = '';
  for (const piece of jsonPieces(value)) out += piece;
  return out;
}
