// Which `.txt`/`.md` files count as prompts: globs matched with picomatch (the matcher VS Code's own
// glob settings and most Node tools follow), in its POSIX build so it runs in a browser too. Paths
// are relative and `/`-separated; a leading `./` in a glob or a path means the folder itself.
import picomatch from 'picomatch/posix';

const matchers = new Map<string, (path: string) => boolean>();

function matcherFor(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\u0000');
  let matcher = matchers.get(key);
  if (!matcher) {
    const patterns = globs.map((glob) => glob.trim().replace(/^\.\//, '')).filter((glob) => glob !== '');
    // `dot: true`: prompts under `.github/prompts/` are as much prompts as any.
    matcher = patterns.length === 0 ? () => false : picomatch(patterns, { dot: true });
    matchers.set(key, matcher);
  }
  return matcher;
}

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return matcherFor(globs)(path.replace(/^\.\//, ''));
}
