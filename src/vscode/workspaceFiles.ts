// Reading workspace files through `vscode.workspace.fs` only, so the same code serves the desktop
// extension and the web extension. A prompt file may name other files (promptfoo `file://`): those
// are read only inside the file's workspace folder, never a dotfile (`.env`), never through a
// symbolic link, never a file too large to be a prompt.
import * as vscode from 'vscode';
import { DEFAULT_INPUT_LIMITS, firstLongLine, longLineReason, type InputLimits } from '../core/inputLimits';

export const MAX_PROMPT_FILE_BYTES = 20 * 1024 * 1024;

/** `path` relative to the folder, with `/`; null when it points outside it or at a hidden file. */
export function safeRelativePath(path: string): string | null {
  if (path.includes('\0') || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('~')) return null;
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    if (part.startsWith('.') && part !== '.github') return null;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : null;
}

/** The text of a file inside `folder`, or undefined when it may not or cannot be read. */
export async function readTextInside(folder: vscode.Uri, path: string): Promise<string | undefined> {
  const relative = safeRelativePath(path);
  if (relative === null) return undefined;
  const uri = vscode.Uri.joinPath(folder, relative);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.SymbolicLink) !== 0 || (stat.type & vscode.FileType.File) === 0) return undefined;
    if (stat.size > MAX_PROMPT_FILE_BYTES) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Reads a whole file for a scan; says why when it cannot (past the size or line-length limit of the settings, as the CLI does). */
export async function readPromptText(uri: vscode.Uri, limits: InputLimits = DEFAULT_INPUT_LIMITS): Promise<{ text: string } | { skipped: string }> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > limits.maxFileBytes)
      return { skipped: `larger than ${+(limits.maxFileBytes / 1024 / 1024).toFixed(1)} MB (the llmCost.maxFileSizeMB setting)` };
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const long = firstLongLine(text, limits.maxLineLength);
    return long ? { skipped: longLineReason(long, limits.maxLineLength) } : { text };
  } catch (error) {
    return { skipped: `cannot be read (${error instanceof vscode.FileSystemError ? error.code : (error as Error).message})` };
  }
}

/** Where a document sits in its workspace folder: the folder and the path the parser sees. */
export function locate(uri: vscode.Uri): { folder: vscode.Uri | undefined; path: string } {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder) {
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
    if (uri.path.startsWith(base)) return { folder: folder.uri, path: uri.path.slice(base.length) };
  }
  return { folder: undefined, path: uri.path.slice(uri.path.lastIndexOf('/') + 1) };
}
