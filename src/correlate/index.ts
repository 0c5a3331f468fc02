export * from './types';
export { correlate, linksBetween, ties } from './correlate';
export { LINK_POINTS, scoreIncident } from './score-incident';
export { commonNamesOf, nameKey } from './cert-names';
export { ipKey } from './ip-key';
