// Walks a folder for prompt-file candidates, honouring the .gitignore files inside it at every level
// as git does (a .gitignore above the folder is not read).
import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readRegularFile, sizeLimitText } from './regularFile';

// Larger than any hand-written .gitignore (a few KB). Past it the file is not applied, and the scan says
// so: every path is tested against every rule, so 100,000 generated rules cost minutes (issue 11), and
// a scan that prices a few files too many is safer than one that hangs. Exported for the tests.
export const MAX_IGNORE_FILE_BYTES = 512 * 1024;

/** Told what the walk could not do as asked (a .gitignore not applied), for the report's warnings. */
export type WalkWarning = (message: string) => void;

// Never worth descending into, ignored or not: version control and dependency folders.
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

interface IgnoreScope {
  /** Folder of the .gitignore, relative to the root, '' for the root itself. */
  base: string;
  rules: Ignore;
}

/** Relative (`/`-separated) paths of the files under `root` that are not git-ignored, in a stable order. */
export async function* walkFiles(root: string, warn: WalkWarning = () => undefined): AsyncGenerator<string> {
  yield* walkFolder(root, '', [], warn);
}

async function* walkFolder(root: string, relative: string, scopes: IgnoreScope[], warn: WalkWarning): AsyncGenerator<string> {
  const folder = relative === '' ? root : join(root, relative);
  const own = readIgnoreFile(join(folder, '.gitignore'), relative === '' ? '.gitignore' : `${relative}/.gitignore`, warn);
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
      yield* walkFolder(root, path, active, warn);
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

// A .gitignore that is a FIFO, a device or a folder is never opened (opening a FIFO blocks). One that
// is there but not applied is said: the files it would hide are then scanned and priced too.
function readIgnoreFile(path: string, shown: string, warn: WalkWarning): Ignore | undefined {
  const read = readRegularFile(path, MAX_IGNORE_FILE_BYTES);
  if (!read.ok) {
    if (read.tooLarge)
      warn(
        `${shown} is not applied: ${read.reason}, more than a hand-written one holds, so the files it would hide are scanned too. Shorten it to under ${sizeLimitText(MAX_IGNORE_FILE_BYTES)}.`,
      );
    else if (!read.missing) warn(`${shown} is not applied: ${read.reason}.`);
    return undefined;
  }
  try {
    return ignore().add(new TextDecoder().decode(read.bytes));
  } catch (error) {
    warn(`${shown} is not applied: it cannot be read as ignore rules (${error instanceof Error ? error.message : String(error)}).`);
    return undefined;
  }
}
