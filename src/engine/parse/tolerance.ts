// The tolerance grammar, one for a fence's `tol=`, the CLI's `--tol` and the rnnMath.tolerance
// setting: `1e-3` is absolute, `0.1%` relative.
import type { Tolerance } from '../types';
import { MAX_OPTION_VALUE } from './optionSpecs';

/** `1e-3` → absolute, `0.1%` (or `0.1 %`) → relative; anything else, or over MAX_OPTION_VALUE characters, → undefined. */
export function parseTolerance(text: string): Tolerance | undefined {
  return readTolerance(text, MAX_OPTION_VALUE);
}

/** A tolerance as written, white space around it aside: digits* [.] digits+ ([eE] [+-]? digits+)?, then an optional `%`. */
const TOLERANCE = /^((?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)(\s*%)?$/;

/**
 * The tolerance grammar itself, for a text of at most `longest` characters (spaces around it
 * aside): the settings reader takes any length, a fence or `--tol` at most MAX_OPTION_VALUE.
 */
export function readTolerance(text: string, longest = Number.POSITIVE_INFINITY): Tolerance | undefined {
  const trimmed = text.trim();
  const m = trimmed.length <= longest ? TOLERANCE.exec(trimmed) : null;
  if (!m) return undefined;
  return m[2] ? { kind: 'rel', value: Number(m[1]) / 100 } : { kind: 'abs', value: Number(m[1]) };
}
