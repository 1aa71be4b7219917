// A harness for the planner webview in a real browser: Debian's Chromium driven by playwright-core
// (never a downloaded browser), the built webview served from loopback under the same CSP the
// extension's panel sets, and `acquireVsCodeApi` stubbed to record what the webview posts.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { plannerHtml } from '../../src/core/planner/html';

// The repository: the folder above this bundle (out/test/webview or out/bench) that holds package.json.
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'examples'))) return dir;
  throw new Error(`no repository above ${__dirname}`);
}

export const ROOT = repositoryRoot();
export const CHROMIUM = '/usr/bin/chromium';

// A subset of VS Code's Dark Modern and Light Modern colours, as the workbench injects them.
export const THEMES = {
  dark: {
    kind: 'vscode-dark',
    vars: {
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      'editor-background': '#1f1f1f',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
      'charts-foreground': '#cccccc',
      'charts-lines': 'rgba(204, 204, 204, 0.5)',
      'charts-red': '#f14c4c',
      'charts-blue': '#3794ff',
      'charts-yellow': '#cca700',
      'charts-orange': '#d18616',
      'charts-green': '#89d185',
      'charts-purple': '#b180d7',
      'widget-border': '#313131',
      'panel-border': '#2b2b2b',
      focusBorder: '#0078d4',
      'textLink-foreground': '#4daafc',
      'badge-background': '#616161',
      'badge-foreground': '#f8f8f8',
      'list-inactiveSelectionBackground': '#37373d',
      'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
      errorForeground: '#f85149',
      'editorWidget-border': '#454545',
      'input-background': '#313131',
      'input-foreground': '#cccccc',
      'input-border': '#3c3c3c',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'dropdown-background': '#313131',
      'dropdown-border': '#3c3c3c',
      'dropdown-foreground': '#cccccc',
      'checkbox-background': '#313131',
      'checkbox-border': '#3c3c3c',
      'settings-checkboxBackground': '#313131',
      'inputValidation-errorBackground': '#5a1d1d',
      'inputValidation-errorBorder': '#be1100',
      'settings-textInputBackground': '#313131',
      'settings-textInputForeground': '#cccccc',
      'settings-textInputBorder': '#3c3c3c',
      'settings-dropdownBackground': '#313131',
      'settings-dropdownBorder': '#3c3c3c',
      'settings-dropdownForeground': '#cccccc',
      'settings-dropdownListBorder': '#454545',
      'settings-checkboxForeground': '#cccccc',
      'settings-checkboxBorder': '#3c3c3c',
      'checkbox-foreground': '#cccccc',
      'input-placeholderForeground': '#989898',
      'list-activeSelectionBackground': '#04395e',
      'list-activeSelectionForeground': '#ffffff',
      'list-hoverBackground': '#2a2d2e',
      'button-hoverBackground': '#026ec1',
      'button-secondaryHoverBackground': '#3c3c3c',
      'widget-shadow': 'rgba(0, 0, 0, 0.36)',
    },
  },
  light: {
    kind: 'vscode-light',
    vars: {
      foreground: '#3b3b3b',
      descriptionForeground: '#3b3b3b',
      'editor-background': '#ffffff',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
      'charts-foreground': '#616161',
      'charts-lines': 'rgba(97, 97, 97, 0.5)',
      'charts-red': '#e51400',
      'charts-blue': '#1a85ff',
      'charts-yellow': '#bf8803',
      'charts-orange': '#d18616',
      'charts-green': '#388a34',
      'charts-purple': '#652d90',
      'widget-border': '#e5e5e5',
      'panel-border': '#e5e5e5',
      focusBorder: '#005fb8',
      'textLink-foreground': '#005fb8',
      'badge-background': '#cccccc',
      'badge-foreground': '#3b3b3b',
      'list-inactiveSelectionBackground': '#e4e6f1',
      'toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
      errorForeground: '#f85149',
      'editorWidget-border': '#c8c8c8',
      'input-background': '#ffffff',
      'input-foreground': '#3b3b3b',
      'input-border': '#cecece',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'dropdown-background': '#ffffff',
      'dropdown-border': '#cecece',
      'dropdown-foreground': '#3b3b3b',
      'checkbox-background': '#f8f8f8',
      'checkbox-border': '#cecece',
      'settings-checkboxBackground': '#f8f8f8',
      'inputValidation-errorBackground': '#f2dede',
      'inputValidation-errorBorder': '#be1100',
      'settings-textInputBackground': '#ffffff',
      'settings-textInputForeground': '#3b3b3b',
      'settings-textInputBorder': '#cecece',
      'settings-dropdownBackground': '#ffffff',
      'settings-dropdownBorder': '#cecece',
      'settings-dropdownForeground': '#3b3b3b',
      'settings-dropdownListBorder': '#c8c8c8',
      'settings-checkboxForeground': '#3b3b3b',
      'settings-checkboxBorder': '#cecece',
      'checkbox-foreground': '#3b3b3b',
      'input-placeholderForeground': '#767676',
      'list-activeSelectionBackground': '#e8e8e8',
      'list-activeSelectionForeground': '#000000',
      'list-hoverBackground': '#f2f2f2',
      'button-hoverBackground': '#0258a8',
      'button-secondaryHoverBackground': '#cccccc',
      'widget-shadow': 'rgba(0, 0, 0, 0.16)',
    },
  },
} as const;

export type ThemeName = keyof typeof THEMES;

function themeCss(name: ThemeName): string {
  const vars = Object.entries(THEMES[name].vars)
    .map(([k, v]) => `  --vscode-${k}: ${v};`)
    .join('\n');
  return `body {\n${vars}\n}\n`;
}

// Stands in for VS Code's webview host: the API object, the theme class on <body>, and a record of
// CSP violations and dialogs for the test to read.
const STUB = `
window.plannerSent = [];
window.plannerViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.plannerViolations.push(e.violatedDirective + ' ' + e.blockedURI));
// State kept like VS Code keeps it for a hidden webview: across a reload of the page.
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.plannerSent.push(JSON.parse(JSON.stringify(m))),
  getState: () => { const s = sessionStorage.getItem('plannerState'); return s === null ? undefined : JSON.parse(s); },
  setState: (s) => sessionStorage.setItem('plannerState', JSON.stringify(s)),
});
const theme = new URLSearchParams(location.search).get('theme') || 'dark';
document.body.className = theme === 'light' ? 'vscode-light' : 'vscode-dark';
document.body.dataset.vscodeThemeKind = document.body.className;
`;

export interface Harness {
  origin: string;
  browser: Browser;
  /** Opens the planner page in a fresh page of the given size and theme. */
  open(options?: { theme?: ThemeName; width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dist = join(ROOT, 'dist', 'webview');
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      response.end(body);
    };
    if (url.pathname === '/planner.html') {
      const nonce = randomBytes(16).toString('base64');
      const html = plannerHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/planner.js`, styleUri: `${origin}/dist/planner.css` })
        .replace(
          '<link rel="stylesheet"',
          `<link rel="stylesheet" href="${origin}/theme-${url.searchParams.get('theme') === 'light' ? 'light' : 'dark'}.css">\n<link rel="stylesheet"`,
        )
        .replace(`<script nonce="${nonce}" src=`, `<script nonce="${nonce}" src="${origin}/stub.js"></script>\n<script nonce="${nonce}" src=`);
      return send('text/html; charset=utf-8', html);
    }
    if (url.pathname === '/stub.js') return send('text/javascript', STUB);
    if (url.pathname === '/theme-dark.css') return send('text/css', themeCss('dark'));
    if (url.pathname === '/theme-light.css') return send('text/css', themeCss('light'));
    const asset = /^\/dist\/(planner\.(?:js|css|js\.map))$/.exec(url.pathname);
    if (asset) return send(asset[1].endsWith('.css') ? 'text/css' : 'text/javascript', readFileSync(join(dist, asset[1])));
    // The browser asks for a favicon by itself; the page never does.
    if (url.pathname === '/favicon.ico') return void response.writeHead(204).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Chromium's own config and cache (crash-report database included) stay in the repository's .cache, not in ~.
  const home = join(ROOT, '.cache', 'chromium');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
  });
  return {
    origin,
    browser,
    async open({ theme = 'dark', width = 1400, height = 1000 } = {}) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(`${origin}/planner.html?theme=${theme}`);
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends the extension's `init` message and waits for the table. */
export async function initPlanner(page: Page, message: unknown): Promise<void> {
  await page.waitForFunction("window.plannerSent.some((m) => m.t === 'ready')");
  await postToPlanner(page, message);
  await page.waitForSelector('table.comparison tbody tr');
  await page.waitForFunction('window.plannerTimings.length > 0 && window.plannerTimings.every((t) => t.chartsMs !== null)');
}

/** A message as the extension would post it (the test runs in Node, so the page's globals are reached by name). */
export async function postToPlanner(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), message);
}
