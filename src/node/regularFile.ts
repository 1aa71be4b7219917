// Reading a file the user did not vouch for: only a regular file, only up to a size, and the type is
// checked before the file is opened (opening a FIFO blocks until a writer comes; reading /dev/zero
// never ends; opening some devices has side effects). Checked again on the open descriptor, so a
// file swapped for a FIFO between the two checks is still refused, and opened non-blocking so that
// such a swap cannot hang us either.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** `missing` when there is no such file (now): the one failure a caller may call "not found". */
export type FileBytes = { ok: true; bytes: Uint8Array; mtime: Date } | { ok: false; reason: string; tooLarge?: boolean; missing?: boolean };

export function readRegularFile(path: string, maxBytes: number): FileBytes {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    return failure(error);
  }
  const refused = refusal(stat, maxBytes);
  if (refused) return refused;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return failure(error);
  }
  try {
    const opened = fstatSync(fd);
    const refusedNow = refusal(opened, maxBytes);
    if (refusedNow) return refusedNow;
    // Read to the end rather than to the size seen, in case the file grew, but never past the limit.
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(Math.max(opened.size - total, 64 * 1024), maxBytes + 1 - total));
      if (chunk.length === 0) break;
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) return { ok: false, reason: `grew past the limit of ${sizeLimitText(maxBytes)} while being read`, tooLarge: true };
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : concat(chunks, total), mtime: opened.mtime };
  } catch (error) {
    return failure(error);
  } finally {
    closeSync(fd);
  }
}

function refusal(stat: Stats, maxBytes: number): { ok: false; reason: string; tooLarge?: boolean } | null {
  if (stat.isDirectory()) return { ok: false, reason: 'a folder, not a file' };
  if (stat.isFIFO()) return { ok: false, reason: 'a named pipe (FIFO), not a file: never opened' };
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return { ok: false, reason: 'a device, not a file: never read' };
  if (stat.isSocket()) return { ok: false, reason: 'a socket, not a file' };
  if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
  if (stat.size > maxBytes) return { ok: false, reason: `larger than the limit of ${sizeLimitText(maxBytes)} (${sizeText(stat.size)})`, tooLarge: true };
  return null;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const all = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

export function sizeLimitText(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${bytes.toLocaleString('en-US')} bytes`;
}

function failure(error: unknown): { ok: false; reason: string; missing?: boolean } {
  return (error as NodeJS.ErrnoException).code === 'ENOENT'
    ? { ok: false, reason: errorReason(error), missing: true }
    : { ok: false, reason: errorReason(error) };
}

export function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'not found (it may have vanished while being read)';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'ELOOP') return 'a symbolic link loop';
  if (code === 'EISDIR') return 'a folder, not a file';
  return `cannot be read (${code ?? (error as Error).message})`;
}
