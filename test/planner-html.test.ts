// The planner page's policy: the one place that decides what the webview may load and run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plannerContentSecurityPolicy, plannerHtml } from '../src/core/planner/html';

test('the planner page: a strict CSP with a nonce, one script, nothing inline, attributes escaped', () => {
  const assets = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123==',
    scriptUri: 'https://x/planner.js?a=1&b="2"',
    styleUri: 'https://x/planner.css',
  };
  const html = plannerHtml(assets);
  const policy = plannerContentSecurityPolicy(assets);
  assert.equal(
    policy,
    "default-src 'none'; style-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; script-src 'nonce-abc123==';",
  );
  assert.ok(!/unsafe-(inline|eval)/.test(html));
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.match(html, /<script nonce="abc123==" src="https:\/\/x\/planner.js\?a=1&amp;b=&quot;2&quot;"><\/script>/);
  assert.ok(!/ style=| on[a-z]+=/i.test(html), 'no inline style or handler');
  assert.ok(!/<style/.test(html));
});
