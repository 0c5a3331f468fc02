/** The host stage: process and registry events → HostDetection. */
export * from './types';
export { readHostEvents, sniffHostInput } from './read-host-events';
export { textEncodingOf } from './text-encoding';
export { seedRule } from './seed-rule';
export { tokenizeCommandLine, extractCommandLineNames, analyzeCommandLine } from './command-line';
export { detectHost, type DetectHostOptions } from './detect-host';
export { DEFAULT_HOST_CONFIG, hostConfigFrom, type HostConfig } from './config';
export { sortNewestFirst } from './sort';
export { seedRows, type SeedRow } from './seed-row';
