// Walks a folder for prompt-file candidates, honouring the .gitignore files inside it at every level
// as git does (a .gitignore above the folder is not read).
import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readRegularFile } from './regularFile';

// Larger than any hand-written .gitignore; a generated one past this is not read (the files it would hide are scanned).
const MAX_IGNORE_FILE_BYTES = 512 * 1024;

// Never worth descending into, ignored or not: version control and dependency folders.
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

interface IgnoreScope {
  /** Folder of the .gitignore, relative to the root, '' for the root itself. */
  base: string;
  rules: Ignore;
}

/** Relative (`/`-separated) paths of the files under `root` that are not git-ignored, in a stable order. */
export async function* walkFiles(root: string): AsyncGenerator<string> {
  yield* walkFolder(root, '', []);
}

async function* walkFolder(root: string, relative: string, scopes: IgnoreScope[]): AsyncGenerator<string> {
  const folder = relative === '' ? root : join(root, relative);
  const own = readIgnoreFile(join(folder, '.gitignore'));
  const active = own ? [...scopes, { base: relative, rules: own }] : scopes;
  let entries: { name: string; isDirectory: boolean; isFile: boolean }[] = [];
  try {
    const dir = await opendir(folder);
    for await (const entry of dir) entries.push({ name: entry.name, isDirectory: entry.isDirectory(), isFile: entry.isFile() });
  } catch {
    return; // unreadable folder: skipped, like git does
  }
  entries = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory) {
      if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(active, `${path}/`)) continue;
      yield* walkFolder(root, path, active);
    } else if (entry.isFile && !isIgnored(active, path)) {
      yield path;
    }
  }
}

// As git does: rules are read from the root down, and the last rule that matches decides, so a
// deeper `!keep.txt` brings back a file that a parent folder's rule ignored.
function isIgnored(scopes: IgnoreScope[], path: string): boolean {
  let ignored = false;
  for (const scope of scopes) {
    const local = scope.base === '' ? path : path.slice(scope.base.length + 1);
    const verdict = scope.rules.test(local);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

// A .gitignore that is a FIFO, a device or a folder is never opened (opening a FIFO blocks).
function readIgnoreFile(path: string): Ignore | undefined {
  const read = readRegularFile(path, MAX_IGNORE_FILE_BYTES);
  if (!read.ok) return undefined;
  try {
    return ignore().add(new TextDecoder().decode(read.bytes));
  } catch {
    return undefined;
  }
}
