export { BaselineStore, BaselineError } from './store';
export { BaselineSession } from './session';
export { setMark, removeMark, listMarks, caMarkAnchors, markId } from './marks';
export { exportBaseline, importBaseline, importSslbl, type ExportLine } from './transfer';
export { show, baselineStats, type ShowResult, type BaselineStats } from './query';
export { SCHEMA_VERSION } from './keys';
export type { CertSighting, CertRecord, CertHistory, MarkRecord, PresenceRecord, PreviousCertificate, RunRecord, CursorRecord } from './types';
