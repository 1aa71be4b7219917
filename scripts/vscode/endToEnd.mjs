// End-to-end: the workbench driven in Chromium as a person would — open a prompt file with Quick Open,
// read the status bar and a CodeLens, hover over the prompt, open the Prompt Costs view — on a server
// started without the test driver (so the UI is as a user sees it), in a dark and a light theme.
// Saves the screenshots the README shows, and measures the first status-bar figure in a cold window.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { REPO } from './offlineVscode.mjs';
import { startCodeServer, workbenchUrl, launchChromium } from './server.mjs';
import { prepareWorkspace } from './testWorkspace.mjs';

const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' };
// The test run keeps its pictures in out/ (the working tree stays clean); `npm run screenshots` writes the README's.
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ? resolve(process.env.E2E_SCREENSHOTS) : join(REPO, 'out', 'screenshots');

/** The planner's webview: nested iframes (pre/index.html, then fake.html); the frame holding its table. */
async function plannerFrame(page, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      const ready = await frame.evaluate(() => !!document.querySelector('table.comparison tbody tr .model-name')).catch(() => false);
      if (ready) return frame;
    }
    if (Date.now() > deadline) throw new Error('the planner webview did not show its comparison table');
    await page.waitForTimeout(250);
  }
}

/** Rows of the comparison table, keyed by the model name shown, each cell's text by column header. */
async function plannerRows(frame) {
  return frame.evaluate(() => {
    const table = document.querySelector('table.comparison');
    const headers = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent.replace(/[▲▼]/g, '').trim());
    return Array.from(table.querySelectorAll('tbody tr')).map((tr) =>
      Object.fromEntries(
        Array.from(tr.children).map((cell, i) => [
          headers[i],
          i === 0 ? (cell.querySelector('.model-name')?.textContent ?? '') : (cell.textContent ?? '').trim(),
        ]),
      ),
    );
  });
}

/**
 * Opens the planner from a prompt's "compare models" CodeLens, as a person would, reads the table in
 * the webview frame and checks each priced model's cost per request and per month against
 * `llm-cost plan <same file> --format json` (the workspace has no scenario file and default
 * settings, so both price the same scenario). Returns the figures checked.
 */
async function checkPlanner(page, workspace, relativePath) {
  const name = relativePath.split('/').pop();
  await openWithQuickOpen(page, name);
  const lens = page.locator('.codelens-decoration a', { hasText: 'compare models' }).first();
  await lens.waitFor({ timeout: 20_000 });
  await lens.click();
  await page
    .locator('.tab', { hasText: `Cost planner: ${name}` })
    .first()
    .waitFor({ timeout: 30_000 });
  const frame = await plannerFrame(page);
  const rows = await plannerRows(frame);
  const cli = JSON.parse(
    execFileSync(process.execPath, [join(REPO, 'dist', 'cli.js'), 'plan', join(workspace, relativePath), '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  const plans = cli.files[0].requests[0].comparison.plans;
  // The CLI's own money formatter (the core as `npm run build` bundles it for the benchmarks; loaded
  // here, not at the top, since the packaged-extension check runs after a production build only), so
  // the planner's cells are compared with `llm-cost plan`'s numbers as the CLI would print them.
  const { formatUsd } = createRequire(import.meta.url)(join(REPO, 'out', 'bench', 'core.cjs'));
  if (rows.length !== plans.length) throw new Error(`the planner shows ${rows.length} models, llm-cost plan ${plans.length}`);
  const checked = [];
  for (const plan of plans) {
    const row = rows.find((candidate) => candidate.Model === plan.requestedAs);
    if (!row) throw new Error(`the planner has no row for ${plan.requestedAs}: ${rows.map((r) => r.Model).join(', ')}`);
    const want = plan.known
      ? { 'Per request': formatUsd(plan.costPerRequest), 'Per month': formatUsd(plan.costPerMonth) }
      : { 'Per request': 'price unknown', 'Per month': '—' };
    for (const [column, text] of Object.entries(want))
      if (row[column] !== text) throw new Error(`planner ${plan.requestedAs} ${column}: "${row[column]}", llm-cost plan: "${text}"`);
    checked.push(`${plan.requestedAs} ${row['Per request']}/request ${row['Per month']}/month`);
  }
  return checked;
}

async function openWithQuickOpen(page, name) {
  // Quick Open as a person uses it; on a busy machine the list can lag behind the typing, so the row
  // naming the file is waited for, and the whole gesture is tried again once.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(name);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      await page.keyboard.press('Enter');
      const started = Date.now();
      await page.locator(`.tab.active[aria-label*="${name}"]`).first().waitFor({ timeout: 20_000 });
      return started;
    } catch (error) {
      if (attempt === 2) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** The status bar's figure; with `previous`, the figure once it has changed from that one (a new file's). */
async function statusFigure(page, previous = null, timeout = 30_000) {
  const item = page.locator('.statusbar-item', { hasText: / tokens · / }).first();
  await item.waitFor({ state: 'visible', timeout });
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = (await item.innerText()).trim();
    if (text !== previous) return text;
    if (Date.now() > deadline) throw new Error(`the status bar still shows the previous file's figure: ${text}`);
    await page.waitForTimeout(200);
  }
}

async function onePass(themeName, figures, vsix = null) {
  const runDir = join(REPO, '.cache', 'vscode-run', vsix ? 'vsix' : `e2e-${themeName}`);
  mkdirSync(runDir, { recursive: true });
  const { workspace } = prepareWorkspace(runDir, { expected: false });
  const server = await startCodeServer({
    runDir,
    workspace,
    host: 'node',
    linkExtension: true,
    settings: { 'workbench.colorTheme': THEMES[themeName], 'editor.minimap.enabled': false, 'window.commandCenter': false },
  });
  let browser;
  let page;
  try {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
    await page.goto(workbenchUrl(server, workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The view is contributed to the Explorer: wait for its pane, the sign the extension is registered.
    const viewHeader = page.locator('.pane-header', { hasText: 'Prompt Costs' });
    await viewHeader.waitFor({ timeout: 60_000 });

    // A cold window: the first prompt opened loads the vocabulary.
    const opened = await openWithQuickOpen(page, 'large-20kb.prompty');
    const figure = await statusFigure(page);
    figures.firstFigureMs ??= Date.now() - opened;
    console.log(`  ${themeName}: first status-bar figure ${Date.now() - opened} ms after opening a 20 KB prompt in a cold window: "${figure}"`);

    // A 300 KB prompt: counted on the big-file worker (desktop), its figure in the status bar.
    await openWithQuickOpen(page, 'large-300kb.prompty');
    const bigFigure = await statusFigure(page, figure);
    // The figure `llm-cost plan` gives for the same file and model, never a number written here.
    const bigTokens = cliCurrentModelInputTokens(workspace, 'cases/large-300kb.prompty').toLocaleString('en-US');
    if (!new RegExp(`^\\S*\\s*${bigTokens} tokens · \\$`).test(bigFigure))
      throw new Error(`unexpected status bar on the 300 KB prompt: ${bigFigure} (llm-cost plan: ${bigTokens} tokens)`);
    console.log(`  ${themeName}: status bar on a 300 KB prompt (counted on the big-file worker): "${bigFigure}"`);

    await openWithQuickOpen(page, 'support-agent.prompty');
    const status = await statusFigure(page, bigFigure);
    if (!/^[\d,]+ tokens · \$[\d.]+/.test(status.replace(/^\S*\s/, '').trim()) && !/[\d,]+ tokens · \$[\d.]+/.test(status))
      throw new Error(`unexpected status bar text: ${status}`);
    const lens = page.locator('.contentWidgets .codelens-decoration, .codelens-decoration').first();
    await lens.waitFor({ timeout: 20_000 });
    const lensText = (await lens.innerText()).trim();
    if (!/tokens · .+\/request · .+\/month on /.test(lensText)) throw new Error(`unexpected CodeLens: ${lensText}`);
    console.log(`  ${themeName}: status bar "${status}", CodeLens "${lensText}"`);

    // The Prompt Costs view, expanded, with its workspace total; the folder tree collapsed and the side
    // bar widened so the view's figures are readable.
    if ((await viewHeader.getAttribute('aria-expanded')) !== 'true') await viewHeader.click();
    const folders = page.locator('.pane-header', { hasText: 'workspace' }).first();
    if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
    const sidebar = await page.locator('.part.sidebar').first().boundingBox();
    if (sidebar) {
      await page.mouse.move(sidebar.x + sidebar.width + 1, 400);
      await page.mouse.down();
      await page.mouse.move(sidebar.x + 560, 400, { steps: 8 });
      await page.mouse.up();
    }
    const row = page.locator('.pane', { has: viewHeader }).locator('.monaco-list-row', { hasText: '/month' }).first();
    await row.waitFor({ timeout: 30_000 });
    const description = (await viewHeader.innerText()).replace(/\s+/g, ' ');
    if (!/\/month/.test(description)) throw new Error(`the view's description has no monthly total: ${description}`);
    console.log(`  ${themeName}: Prompt Costs view header "${description}"`);

    // Hover over the system prompt's text.
    const line = page.locator('.view-lines .view-line', { hasText: 'You are Acme Cloud Storage' }).first();
    const target = (await line.count()) > 0 ? line : page.locator('.view-lines .view-line').nth(12);
    const box = await target.boundingBox();
    await page.mouse.move(box.x + 60, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Input tokens' }).first();
    await hover.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(400);
    if (vsix) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `editor-${themeName}.png`) });

    // The Problems panel on a file with cost findings.
    await page.mouse.move(5, 5);
    await openWithQuickOpen(page, 'cache-order.prompty');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'cache' }).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENSHOTS, `problems-${themeName}.png`) });

    // The planner, opened from a prompt's CodeLens, inside the workbench: the panel and the side bar
    // closed so the editor and the planner beside it share the window.
    await page.keyboard.press('Control+J');
    await page.keyboard.press('Control+B');
    const checked = await checkPlanner(page, workspace, 'support-bot/support-agent.prompty');
    console.log(`  ${themeName}: planner table (webview frame) agrees with llm-cost plan --format json: ${checked.join('; ')}`);
    await page.mouse.move(5, 5);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SCREENSHOTS, `planner-vscode-${themeName}.png`) });
  } catch (error) {
    await page?.screenshot({ path: join(runDir, 'failure.png') }).catch(() => undefined);
    console.error(`--- code-server log (last lines) ---\n${server.logTail()}\n--- screenshot: ${join(runDir, 'failure.png')}`);
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

/** Input tokens of a file's first request on its current model, as `llm-cost plan` counts them. */
function cliCurrentModelInputTokens(workspace, relativePath) {
  const cli = JSON.parse(
    execFileSync(process.execPath, [join(REPO, 'dist', 'cli.js'), 'plan', join(workspace, relativePath), '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  const { comparison } = cli.files[0].requests[0];
  const current = comparison.plans.find((plan) => plan.requestedAs === comparison.currentModel);
  if (!current?.known) throw new Error(`llm-cost plan cannot price ${relativePath} on ${comparison.currentModel}`);
  return current.inputTokens;
}

/** The packaged .vsix installed into a fresh VS Code: the same checks, no screenshots. */
export async function checkPackagedExtension(vsix) {
  const started = Date.now();
  await onePass('dark', {}, vsix);
  console.log(
    `The packaged ${vsix.slice(vsix.lastIndexOf('/') + 1)} installed into a fresh VS Code: status bar, CodeLens, view and hover checked in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
}

export async function runEndToEnd() {
  const started = Date.now();
  const figures = {};
  for (const theme of Object.keys(THEMES)) await onePass(theme, figures);
  console.log(`End-to-end in the workbench (dark and light): passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${SCREENSHOTS}.`);
  return figures;
}
