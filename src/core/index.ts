// The pure core: everything that can be computed without an editor or a file system. It is bundled
// for Node (command-line tool, extension host) and for the browser (web extension, webview).
export * from './types';
export * from './tokens';
export { parsePromptFile, detectFormat, textFileLeftOut, DEFAULT_TEXT_PROMPT_GLOBS, type ParseOptions } from './formats';
export { profileRequests, DEFAULT_PROFILE_OPTIONS, TOKENS_PER_MESSAGE, TOKENS_PER_REPLY, type Counters, type ProfileOptions } from './requests';
export { DIAGNOSTIC_CODES } from './diagnosticCodes';
export { renderTemplate, templateSyntaxOf } from './render';
export { inventoryOf, SCAN_REPORT_VERSION, type FileInventory, type ScanReport } from './inventory';
export type { RequestProfile, TokenCounts } from './cost/requestProfile';
export * from './report';
