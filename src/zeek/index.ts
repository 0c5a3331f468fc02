/** Zeek ssl.log + x509.log → Handshakes with log-made certificate facts. */
export { readZeekLogs, readZeekBatches, ZeekLineSink, type ZeekLogInput, type ReadZeekOptions } from './read-zeek';
export { sniffZeekLog, type ZeekSniff } from './sniff';
export { ZeekJoiner, type ZeekJoinerOptions } from './join';
export { x509Facts } from './x509-record';
export { readZeekTsv, TsvParser, TsvRow, type TsvReaderOptions } from './tsv-reader';
export { readZeekJson, JsonParser, type JsonReaderOptions } from './json-reader';
export { ZeekRow, FieldsRow, rowOf } from './zeek-row';
export { ZeekSweep, type ZeekCursor, type CarriedX509, type ZeekCursorKeeper, type ZeekSweepSave, type SweepWindow, type SweepCounters, type SweepHooks } from './sweep';
export type { ZeekFileState } from './log-file-reader';
export type * from './types';
