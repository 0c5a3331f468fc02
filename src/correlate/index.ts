export * from './types';
export { correlate, linksBetween } from './correlate';
export { commonNameOf } from './links';
