// Whether the left side of `NAME = value` is a name: a loop over characters, linear in the text.
// It accepts exactly what this regex did on the text with its white space removed,
//
//   ^(?:\\(?:tilde|widetilde|hat)\s*\{[^{}]*\}|[A-Za-z\u0370-\u03FF][\w\u0370-\u03FF~]*)
//    (?:_\{[^{}]*\}|_[\w-]+|~|\^\{\(t\)\})*$
//
// whose overlapping parts (`_` and `~` both in the head and in the parts) made it backtrack
// exponentially: `a_a_a_…_a!` with 30 × `_a` took over a minute.
//
// The scanner reads the head's tail greedily (letters, digits, `_`, Greek, `~`): the regex could
// end the head earlier only to start a part with characters the head takes anyway, except for
// `-` (only in a `_[\w-]+` part), `{` (a `_{…}` part) and `^` (`^{(t)}`). So a `-` is accepted
// when some `_` before it is followed only by [\w-] characters; after a `-`, a `}` or a `^{(t)}`
// only parts may follow.

const enum State {
  /** In the head's tail: [\w Greek ~]. */
  Head,
  /** In a `_[\w-]+` part, after at least one of its characters. */
  Dashed,
  /** After a part that nothing but another part may follow (`_{…}`, `~`, `^{(t)}`, `\tilde{…}`). */
  Parts,
}

export function isNameText(text: string): boolean {
  // White space is not part of the spelling (`W _ f` is W_f).
  const s = withoutSpace(text);
  const n = s.length;
  if (n === 0) return false;
  let i: number;
  let state: State;
  const c0 = s.charCodeAt(0);
  if (c0 === 92) { // \tilde{…}, \widetilde{…}, \hat{…}
    const cmd = s.startsWith('\\tilde{') ? 7 : s.startsWith('\\widetilde{') ? 11 : s.startsWith('\\hat{') ? 5 : 0;
    if (cmd === 0) return false;
    const close = closingBrace(s, cmd);
    if (close < 0) return false;
    i = close + 1;
    state = State.Parts;
  } else if (isLetter(c0) || isGreek(c0)) {
    i = 1;
    state = State.Head;
  } else return false;

  // In Head: whether a `_` seen so far is followed only by [\w-] characters (a `-` may come next).
  let dashable = false;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 95 && s.charCodeAt(i + 1) === 123) { // _{…}
      const close = closingBrace(s, i + 2);
      if (close < 0) return false;
      i = close + 1;
      state = State.Parts;
      continue;
    }
    if (c === 94) { // ^{(t)}
      if (!s.startsWith('^{(t)}', i)) return false;
      i += 6;
      state = State.Parts;
      continue;
    }
    if (c === 126) { // ~
      if (state !== State.Head) state = State.Parts;
      dashable = false;
      i++;
      continue;
    }
    switch (state) {
      case State.Head:
        if (c === 95) dashable = true;
        else if (c === 45) { if (!dashable) return false; state = State.Dashed; }
        else if (isGreek(c)) dashable = false;
        else if (!isWord(c)) return false;
        break;
      case State.Dashed:
        if (!isWord(c) && c !== 45) return false;
        break;
      case State.Parts:
        // Only `_` starting a `_[\w-]+` part (`_{`, `~` and `^` were taken above).
        if (c !== 95 || i + 1 >= n) return false;
        {
          const d = s.charCodeAt(i + 1);
          if (!isWord(d) && d !== 45) return false;
        }
        i++;
        state = State.Dashed;
        break;
    }
    i++;
  }
  return true;
}

/** The index of the `}` that closes a brace group whose content starts at `from`, with no `{` or `}` before it; -1 if none. */
function closingBrace(s: string, from: number): number {
  for (let k = from; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 125) return k;
    if (c === 123) return -1;
  }
  return -1;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isGreek(c: number): boolean {
  return c >= 0x370 && c <= 0x3ff;
}

/** \w: ASCII letters, digits and `_`. */
function isWord(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

/** What `/\s/` matches. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function withoutSpace(text: string): string {
  let k = 0;
  while (k < text.length && !isSpace(text.charCodeAt(k))) k++;
  if (k === text.length) return text;
  let out = text.slice(0, k);
  for (; k < text.length; k++) if (!isSpace(text.charCodeAt(k))) out += text[k];
  return out;
}
