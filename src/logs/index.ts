/** Text logs as lines, with cursors that know a file again after a rename, a rotation or a copy (Zeek, EVE). */
export { openLines, type LineCursor, type OpenedLines, type OpenLinesOptions } from './open-lines';
export { identifyLogFile, headKey, type LogFileIdentity } from './file-identity';
export { CursorBook, type ResumePlan, type StopPoint } from './cursor-book';
export type * from './types';
