// Open documents whose file was deleted (or moved away outside the editor) while they stayed open.
// Such a document is no longer a prompt file of the workspace: no figure, diagnostic or view entry
// stays on it until its file exists again (the document saved, or the file created anew).
import * as vscode from 'vscode';

export class DeletedDocuments implements vscode.Disposable {
  private readonly gone = new Set<string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with a document's URI when its file goes away or comes back. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.subscriptions.push(
      watcher,
      this.changed,
      watcher.onDidDelete((uri) => this.deleted(uri)),
      watcher.onDidCreate((uri) => this.cameBack(uri)),
      vscode.workspace.onDidSaveTextDocument((document) => this.cameBack(document.uri)),
      vscode.workspace.onDidCloseTextDocument((document) => this.gone.delete(document.uri.toString())),
    );
  }

  has(uri: vscode.Uri): boolean {
    return this.gone.has(uri.toString());
  }

  private deleted(uri: vscode.Uri): void {
    const prefix = uri.toString();
    // A deleted folder takes every open document under it.
    for (const document of vscode.workspace.textDocuments) {
      const key = document.uri.toString();
      if ((key === prefix || key.startsWith(`${prefix}/`)) && !this.gone.has(key)) {
        this.gone.add(key);
        this.changed.fire(document.uri);
      }
    }
  }

  private cameBack(uri: vscode.Uri): void {
    if (this.gone.delete(uri.toString())) this.changed.fire(uri);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
