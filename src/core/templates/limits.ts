// Bounds on rendering an untrusted template with samples. A prompt file is untrusted text: a few
// nested loops over a long sample list, or a value doubled in a loop, would otherwise render
// gigabytes or run for hours. Each bound stops the render with a reason the user is shown.

/** Larger than any model's context window (2 M tokens is about 8 M characters, 1 M about 4 M): no such request can be sent. */
export const MAX_RENDERED_CHARS = 4_000_000;

/**
 * Steps of the interpreter (expressions and statements evaluated): bounds loops that render little
 * or nothing. The Jinja engine takes about 14 µs a loop iteration (measured: 90,000 in 1.3 s), so
 * this is about a second at worst; a prompt's loops over its samples take a few thousand steps.
 */
export const MAX_RENDER_STEPS = 100_000;

/** Nesting of blocks and expressions: deeper templates are refused rather than overflowing the stack. */
export const MAX_RENDER_DEPTH = 200;

/** Items of a list a template builds (`range(n)`, `list + list`). */
export const MAX_LIST_ITEMS = 100_000;

/** Above this size a template is not parsed by an engine (parsers recurse and take seconds on megabytes): it is rendered as written. */
export const MAX_ENGINE_TEMPLATE_CHARS = 256 * 1024;

/** Why a render stopped: the reason is shown as an assumption, the figure falls back to the text as written. */
export class RenderStopped extends Error {
  constructor(
    message: string,
    /** True when the request would be larger than any context window. */
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

export function tooLarge(): RenderStopped {
  return new RenderStopped(
    `the request would be larger than ${(MAX_RENDERED_CHARS / 1e6).toFixed(0)} M characters, more than any model's context window`,
    true,
  );
}
