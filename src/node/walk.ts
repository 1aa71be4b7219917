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

/**
 * What the walk could not do as asked: a .gitignore not applied (a warning: the scan does more, not
 * less), a folder it could not enter (its files go unpriced, so it is reported like a skipped file
 * and `check` fails on it).
 */
export interface WalkNotes {
  warning(message: string): void;
  unreadable(path: string, reason: string): void;
}

const QUIET: WalkNotes = { warning: () => undefined, unreadable: () => undefined };

// Never worth descending into, ignored or not: version control and dependency folders.
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

interface IgnoreScope {
  /** Folder of the .gitignore, relative to the root, '' for the root itself. */
  base: string;
  rules: Ignore;
}

/** Relative (`/`-separated) paths of the files under `root` that are not git-ignored, in a stable order. */
export async function* walkFiles(root: string, notes: WalkNotes = QUIET): AsyncGenerator<string> {
  yield* walkFolder(root, '', [], notes);
}

async function* walkFolder(root: string, relative: string, scopes: IgnoreScope[], notes: WalkNotes): AsyncGenerator<string> {
  const folder = relative === '' ? root : join(root, relative);
  const own = readIgnoreFile(join(folder, '.gitignore'), relative === '' ? '.gitignore' : `${relative}/.gitignore`, notes.warning);
  const active = own ? [...scopes, { base: relative, rules: own }] : scopes;
  let entries: { name: string; isDirectory: boolean; isFile: boolean }[] = [];
  try {
    const dir = await opendir(folder);
    for await (const entry of dir) entries.push({ name: entry.name, isDirectory: entry.isDirectory(), isFile: entry.isFile() });
  } catch (error) {
    // A folder that vanished since it was listed holds nothing left to price; one that cannot be
    // entered (permissions) hides files the report would otherwise count, so it is said.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      notes.unreadable(relative === '' ? '.' : `${relative}/`, `a folder that could not be opened (${folderError(code, error)}): its files are not scanned`);
    return;
  }
  entries = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory) {
      if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(active, `${path}/`)) continue;
      yield* walkFolder(root, path, active, notes);
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
function readIgnoreFile(path: string, shown: string, warn: WalkNotes['warning']): Ignore | undefined {
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

function folderError(code: string | undefined, error: unknown): string {
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'no longer a folder';
  return code ?? (error instanceof Error ? error.message : String(error));
}
