// Chart colours from the VS Code theme. A canvas cannot use var(--…), so the values are read from
// the computed style and read again when the theme changes (VS Code swaps the body's class and
// data-vscode-theme-kind).

export interface ThemeColours {
  foreground: string;
  background: string;
  lines: string;
  series: string[];
  red: string;
  green: string;
  blue: string;
  fontFamily: string;
}

const SERIES = ['blue', 'orange', 'green', 'purple', 'yellow', 'red'];

export function readTheme(): ThemeColours {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-charts-foreground', v('--vscode-foreground', '#cccccc'));
  const chart = (name: string) => v(`--vscode-charts-${name}`, foreground);
  return {
    foreground,
    background: v('--vscode-editor-background', '#1e1e1e'),
    lines: v('--vscode-charts-lines', 'rgba(128,128,128,0.5)'),
    series: SERIES.map(chart),
    red: chart('red'),
    green: chart('green'),
    blue: chart('blue'),
    fontFamily: v('--vscode-font-family', 'sans-serif'),
  };
}

export function onThemeChange(callback: () => void): MutationObserver {
  const observer = new MutationObserver(callback);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return observer;
}
