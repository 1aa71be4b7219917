// The planner webview's page: nothing but the CSP, the stylesheet and the script. Everything else is
// built by the script with text nodes, so no file content is ever parsed as HTML. Shared by the
// extension's panel and the browser test's harness, so the test runs under the real policy.

export interface PlannerPageAssets {
  /** The webview's `cspSource` (the origin its resources are served from). */
  cspSource: string;
  /** Fresh per page: 16 random bytes, base64. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function plannerContentSecurityPolicy(assets: Pick<PlannerPageAssets, 'cspSource' | 'nonce'>): string {
  return (
    [
      `default-src 'none'`,
      `style-src ${assets.cspSource}`,
      `img-src ${assets.cspSource}`,
      `font-src ${assets.cspSource}`,
      `script-src 'nonce-${assets.nonce}'`,
    ].join('; ') + ';'
  );
}

export function plannerHtml(assets: PlannerPageAssets): string {
  const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(plannerContentSecurityPolicy(assets))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(assets.styleUri)}">
<title>LLM cost planner</title>
</head>
<body>
<div id="app" aria-busy="true">Loading the planner…</div>
<script nonce="${attr(assets.nonce)}" src="${attr(assets.scriptUri)}"></script>
</body>
</html>
`;
}
