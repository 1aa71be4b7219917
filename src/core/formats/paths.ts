// Paths inside the scanned folder, as prompt files name the files they pull in (promptfoo `file://`,
// Prompty `${file:…}`): `/`-separated, relative, never climbing out of the folder.

/**
 * Joins a `/`-separated folder and a relative path, resolving `.` and `..`; null for an absolute path
 * or one that climbs above the scanned folder, which the reader cannot reach.
 */
export function resolvePath(folder: string, relative: string): string | null {
  const cleaned = relative.trim().replace(/\\/g, '/');
  if (cleaned.startsWith('/') || /^[A-Za-z]:\//.test(cleaned)) return null;
  const parts = folder.split('/').filter((part) => part !== '' && part !== '.');
  for (const part of cleaned.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.length === 0) return null;
    else parts.pop();
  }
  return parts.join('/');
}

export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}
