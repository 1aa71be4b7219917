// The VS Code webview API, typed with the planner's protocol. The harness page stubs
// `acquireVsCodeApi` with the same shape.
import type { FromWebview } from '../src/core/planner/protocol';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();
