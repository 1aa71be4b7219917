// How people write a model's name, turned into a provider hint and a model id the catalogue knows.
// Prompt files use many spellings: `gpt-4o`, `openai:gpt-4o` (Pydantic AI, promptfoo),
// `openai/gpt-4o` (LiteLLM, OpenRouter, Genkit), `anthropic:messages:claude-sonnet-4-5` (promptfoo),
// `googleai/gemini-2.5-pro` (Genkit), `Claude Sonnet 4 (copilot)` (VS Code chat modes).

export interface ModelRef {
  /** As written. */
  raw: string;
  /** Catalogue provider id when the name carried a provider prefix we recognise, else null. */
  provider: string | null;
  /** Lower-case model id, spaces turned into hyphens, prefixes removed. */
  model: string;
  /** Written as a GitHub Copilot model (`... (copilot)`). */
  copilot: boolean;
}

const PROVIDER_ALIASES: Record<string, string> = {
  openai: 'openai',
  'azure-openai': 'azure',
  azure: 'azure',
  azure_ai: 'azure',
  anthropic: 'anthropic',
  claude: 'anthropic',
  google: 'google',
  googleai: 'google',
  'google-ai': 'google',
  'google-gla': 'google',
  'google-vertex': 'google',
  gemini: 'google',
  vertex: 'google',
  vertexai: 'google',
  vertex_ai: 'google',
  bedrock: 'aws',
  aws: 'aws',
  'amazon-bedrock': 'aws',
  mistral: 'mistral',
  mistralai: 'mistral',
  xai: 'x-ai',
  'x-ai': 'x-ai',
  grok: 'x-ai',
  deepseek: 'deepseek',
  groq: 'groq',
  together: 'together',
  together_ai: 'together',
  fireworks: 'fireworks',
  fireworks_ai: 'fireworks',
  openrouter: 'openrouter',
  cohere: 'cohere',
  perplexity: 'perplexity',
  copilot: 'github-copilot',
  'github-copilot': 'github-copilot',
  github: 'github-copilot',
  moonshot: 'moonshotai',
  moonshotai: 'moonshotai',
};

/** promptfoo writes the API flavour between provider and model: `openai:chat:gpt-4o`. */
const API_FLAVOURS = new Set(['chat', 'messages', 'completion', 'completions', 'responses', 'assistant', 'realtime']);

export function providerAlias(name: string): string | undefined {
  // Model names come from untrusted files: `constructor/gpt-4o` must not find Object's own properties.
  const key = name.toLowerCase();
  return Object.hasOwn(PROVIDER_ALIASES, key) ? PROVIDER_ALIASES[key] : undefined;
}

export function parseModelRef(raw: string): ModelRef {
  let text = raw.trim();
  let copilot = false;
  const copilotSuffix = /\s*\((?:github\s+)?copilot\)\s*$/i;
  if (copilotSuffix.test(text)) {
    copilot = true;
    text = text.replace(copilotSuffix, '');
  }
  text = text.toLowerCase().replace(/\s+/g, '-').replace(/-{2,}/g, '-');

  let provider: string | null = null;
  const parts = text.split(/[:/]/);
  const [first = '', ...others] = parts;
  if (others.length > 0) {
    const alias = providerAlias(first);
    if (alias) {
      provider = alias;
      let rest = text.slice(first.length + 1);
      const flavour = rest.split(':')[0] ?? '';
      if (API_FLAVOURS.has(flavour) && rest.includes(':')) rest = rest.slice(flavour.length + 1);
      text = rest;
    }
  }
  if (copilot) provider = 'github-copilot';
  return { raw, provider, model: text, copilot };
}

// Bedrock writes a vendor's model as `[region.]vendor.model-vN:M`: `us.anthropic.claude-sonnet-4-5-20250929-v1:0`,
// and the price catalogue `regional.anthropic.claude-opus-4-7-v1:0`.
const BEDROCK_PREFIX =
  /^(?:(?:regional|global|us|us-gov|eu|apac|jp|au|ca)\.)?(?:anthropic|meta|amazon|mistral|cohere|ai21|deepseek|openai|qwen|writer|moonshotai|google|nvidia|minimax)\.(?=[a-z0-9])/;
const BEDROCK_VERSION = /-v\d+(?::\d+)?$|-\d+:\d+$/;

/** Written as Bedrock writes a model (`anthropic.claude-…`, `us.anthropic.claude-…-v1:0`): no other API names models so. */
export function isBedrockModelId(model: string): boolean {
  return BEDROCK_PREFIX.test(model.toLowerCase());
}

/**
 * The vendor's own name of a model a reseller serves, for the rules written on vendors' names
 * (tokenizer family, caching, tool-use prompt, image sizes, limits): Claude on Bedrock tokenizes,
 * caches and sees images as Claude does. Other names are returned lower-cased, otherwise unchanged.
 */
export function vendorModelName(model: string): string {
  const id = model.toLowerCase();
  const unprefixed = id.replace(BEDROCK_PREFIX, '');
  // Only a Bedrock id carries a version suffix: `claude-v1` (Anthropic's own old name) keeps its `-v1`.
  return unprefixed === id ? id : unprefixed.replace(BEDROCK_VERSION, '');
}
