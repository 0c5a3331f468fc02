/** The host stage: process and registry events → HostDetection. */
export * from './types';
export { readHostEvents, sniffHostInput } from './read-host-events';
export { textEncodingOf } from './text-encoding';
export { seedRule, type SeedInput } from './seed-rule';
export {
  tokenizeCommandLine,
  extractCommandLineNames,
  analyzeCommandLine,
  type CommandLineAnalysis,
  type CommandAction,
  type TokenStyle,
} from './command-line';
export { detectHost, type DetectHostOptions } from './detect-host';
export { DEFAULT_HOST_CONFIG, hostConfigFrom, type HostConfig } from './config';
export { NewestDetections, sortNewestFirst } from './sort';
export { seedRows, type SeedRow } from './seed-row';
