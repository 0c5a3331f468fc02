/** The capture stage: files in, `Packet`s out. */
export * from './types';
export { CaptureFormatError, InputError } from './errors';
export { openInput, openStream, type CaptureInput, type InputWarning, type OpenInputOptions } from './open-input';
export { walkInputs } from './walk-inputs';
export { isGzip, sniffCapture } from './sniff';
export { readCapture } from './read-capture';
export { PcapParser } from './pcap-parser';
export { PcapngParser } from './pcapng-parser';
export { MAX_RECORD_BYTES } from './consts';
