// Every kind of diagnostic the product reports, in one place: the Problems panel shows the code, quick
// fixes and tests match on it, and the text here is what the README's table says each one means.
// Codes are stable: renaming one breaks users' filters and CI scripts, so add, never rename.

export const DIAGNOSTIC_CODES = {
  // The file itself
  'invalid-yaml': "YAML that does not parse (frontmatter or a promptfoo config); the parser's message and line.",
  'unclosed-frontmatter': 'A `---` frontmatter block that is never closed: the whole file is counted as the prompt.',
  'frontmatter-not-mapping': 'Frontmatter that parses but is not a mapping of keys, so it is ignored.',
  'invalid-encoding': 'Bytes that are not valid UTF-8 (or UTF-16 after its byte-order mark): counted as U+FFFD, and how many is said.',
  'invalid-value': 'A field of the wrong type (`model: 123`, a list where a name is expected): it is ignored, never guessed.',
  'too-complex':
    'YAML or JSON nested too deeply, or with too many aliases (a "billion laughs" bomb), or a template nesting blocks too deeply to check: not expanded.',
  'too-large': 'Work past a bound (prompts x tests of a promptfoo config, a rendered request larger than any context window): the rest is counted as omitted.',
  'not-priced': 'A file the engine could not price (an internal limit or error): `check` fails on it; please report it.',
  'invalid-json': 'A chat JSON file or a Batch API line that is not valid JSON.',
  'json-template': 'JSON that only becomes JSON once its template is rendered: its messages were found by a rough scan.',
  'template-syntax':
    "Unbalanced template blocks (`{% if %}` without `{% endif %}`, `{{#each}}` without `{{/each}}`) or a template its engine cannot parse (with the engine's message): the template will not render.",
  'unknown-role': "A role name the format's runtime does not accept or does not see as a role switch.",
  'invalid-output-limit': 'An output limit that is not a positive whole number of tokens; it is ignored.',
  'invalid-message': 'A message that is not `{role, content}`, has no role or no content, or content of the wrong shape.',
  'empty-prompt': 'Nothing in the file (or a request) is sent to the model.',
  'not-counted':
    'Content that is not counted: media, token ids, tool-call items, content inserted at run time (history, partials, placeholders), scripts and prompt functions.',
  'external-content': 'Content kept somewhere that is not read (another file named in frontmatter, a prompt-management service, an environment variable).',
  'config-structure': 'A promptfoo config without prompts, or prompts of a shape promptfoo does not take.',
  'several-providers': 'A promptfoo config with several providers: requests are priced for the first.',
  // References to other files (promptfoo `file://`)
  'missing-reference': 'A referenced prompt file that does not exist (or looks like a path and is not found).',
  'unreadable-reference':
    'A referenced file that is there but is not read, and why: a folder, a FIFO, a device, a symbolic link loop, a dotfile, a binary file, a file over the size limit.',
  'reference-outside-folder': 'A reference that points outside the scanned folder; it is never read.',
  'reference-not-expanded': 'A glob reference, which is not expanded: list the files one by one.',
  'reference-syntax': 'A `file:/` reference with one slash, which promptfoo cannot load.',
  'reference-not-read': 'A reference that could not be read (no file reader was given).',
  // Batch API files
  'batch-custom-id': 'A Batch API line without a `custom_id`, or one already used.',
  'batch-envelope': 'A Batch API line whose `method` or `url` the Batch API does not accept.',
  // Cost findings (the editor and the planner; computed from a plan, not by the parsers)
  'context-overflow': "A request larger than the model's context window.",
  'output-limit': "Expected output above the model's output limit.",
  'cache-busting-order': 'Variable content before static content, which keeps the static part out of the prompt cache.',
  'cache-prefix-too-short': "A static prefix just below the provider's minimum cacheable size.",
  'over-budget': 'A request that costs more than the budget per request.',
  'price-unknown': 'A model that is in no price list.',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
