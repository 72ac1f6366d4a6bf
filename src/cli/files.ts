// Reading notes from disk for `rnn-math check` and `render`: only regular files are read (a FIFO
// would block on open, /dev/zero never ends), never more than MAX_NOTE_BYTES, symlinks are
// followed with loop protection, and a leading UTF-8 byte order mark is dropped.
import * as fs from 'fs';
import * as path from 'path';

/** The largest note read: 50 MB (the extension's huge-note test is 5 MB). */
export const MAX_NOTE_BYTES = 50 * 1024 * 1024;

/** A problem with one path: an error (exit 2) or a warning (reported, the run goes on). */
export interface PathProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** What kind of thing a non-regular, non-directory file is, in words. */
export function fileKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function tooBig(file: string, size: number): string {
  return `${file}: ${megabytes(size)} is more than a note may have (${MAX_NOTE_BYTES / (1024 * 1024)} MB); not read`;
}

/** Drops a leading UTF-8 byte order mark (U+FEFF), which editors do not show and Markdown does not expect. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A note's text, or a one-line reason it is not read. The file is stat'ed first (a FIFO is never
 * opened), opened non-blocking (in case it was swapped for one since), checked again on the open
 * descriptor, and read up to its size, never past MAX_NOTE_BYTES.
 */
export function readNote(file: string): { text: string } | { error: string } {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    return { error: `${file}: ${ioMessage(e)}` };
  }
  if (st.isDirectory()) return { error: `${file}: is a folder` };
  if (!st.isFile()) return { error: `${file}: not a regular file (${fileKind(st)}); only Markdown files are read` };
  if (st.size > MAX_NOTE_BYTES) return { error: tooBig(file, st.size) };
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const fst = fs.fstatSync(fd);
    if (!fst.isFile()) return { error: `${file}: not a regular file (${fileKind(fst)}); only Markdown files are read` };
    if (fst.size > MAX_NOTE_BYTES) return { error: tooBig(file, fst.size) };
    // One byte more than the size tells a file that grew while read; it is cut at the cap.
    const buf = Buffer.allocUnsafe(Math.min(MAX_NOTE_BYTES + 1, fst.size + 1));
    let n = 0;
    for (;;) {
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    if (n > MAX_NOTE_BYTES) return { error: tooBig(file, n) };
    return { text: stripBom(buf.toString('utf8', 0, n)) };
  } catch (e) {
    return { error: `${file}: ${ioMessage(e)}` };
  } finally {
    if (fd !== undefined)
      try {
        fs.closeSync(fd);
      } catch {
        /* closed anyway */
      }
  }
}

export function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err && err.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EISDIR':
      return 'is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EAGAIN':
      return 'would block (not a regular file)';
    default:
      return e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
}

const MARKDOWN = /\.(md|markdown)$/i;

export function isMarkdownName(name: string): boolean {
  return MARKDOWN.test(name);
}

/**
 * The Markdown files under the given paths, in a stable order, each once (by real path).
 * - a named path that is not a folder or a regular file (FIFO, device, socket) is an error;
 * - walking a folder, `.md` / `.markdown` entries that are special files are skipped with a
 *   warning; symbolic links are followed (to files and folders), each folder walked once by its
 *   real path (so a link to a parent is no loop); a broken link named `.md` is an error, any
 *   other broken link a warning;
 * - hidden entries and node_modules are not walked.
 */
export function collectFiles(paths: readonly string[]): { files: string[]; errors: string[]; warnings: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const real = (p: string): string | undefined => {
    try {
      return fs.realpathSync(p);
    } catch {
      return undefined;
    }
  };
  const addFile = (p: string) => {
    const key = real(p) ?? path.resolve(p);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    files.push(p);
  };
  const walk = (dir: string) => {
    const key = real(dir) ?? path.resolve(dir);
    if (seenDirs.has(key)) return;
    seenDirs.add(key);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push(`${dir}: ${ioMessage(e)}`);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      const md = isMarkdownName(e.name);
      if (e.isDirectory()) {
        walk(p);
        continue;
      }
      if (e.isFile()) {
        if (md) addFile(p);
        continue;
      }
      if (e.isSymbolicLink()) {
        let st: fs.Stats;
        try {
          st = fs.statSync(p);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          const why = code === 'ELOOP' ? 'a symbolic link loop' : 'a broken symbolic link';
          if (md) errors.push(`${p}: ${why}`);
          else warnings.push(`${p}: ${why}; skipped`);
          continue;
        }
        if (st.isDirectory()) walk(p);
        else if (!md) continue;
        else if (st.isFile()) addFile(p);
        else warnings.push(`${p}: links to ${fileKind(st)}, not a regular file; skipped`);
        continue;
      }
      if (md) warnings.push(`${p}: ${kindOf(p)}, not a regular file; skipped`);
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      let linked = false;
      try {
        linked = fs.lstatSync(p).isSymbolicLink();
      } catch {
        /* no such path */
      }
      errors.push(
        `${p}: ${linked ? (err.code === 'ELOOP' ? 'a symbolic link loop' : 'a broken symbolic link') : err.code === 'ENOENT' ? 'no such file or folder' : ioMessage(e)}`,
      );
      continue;
    }
    if (st.isDirectory()) walk(p);
    else if (st.isFile()) addFile(p);
    else errors.push(`${p}: not a regular file (${fileKind(st)}); only Markdown files and folders are read`);
  }
  return { files, errors, warnings };
}

function kindOf(p: string): string {
  try {
    return fileKind(fs.lstatSync(p));
  } catch {
    return 'not a regular file';
  }
}
