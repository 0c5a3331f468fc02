/** The tls stage: ordered byte streams in, `Handshake`s out. */
export * from './types';
export type { TlsError } from './errors';
export * from './parsed';
export * from './consts';
export { parseRecord, type TlsRecord } from './record';
export { parseClientHello } from './client-hello';
export { parseServerHello } from './server-hello';
export { parseCertificateList, type CertificateList } from './certificate';
export { parseSslv2Record, parseSslv2ClientHello, parseSslv2ServerHello } from './sslv2';
export { findTlsStart, classifyPreamble, type TlsStart, type TlsStartKind } from './preamble';
export { HandshakeAssembler, type AssemblerContext } from './handshake-assembler';
export { TlsTracker, type TlsTrackerOptions } from './tls-tracker';
export { addFingerprints } from './fingerprints';
export { DtlsFlow } from './dtls';
export { parseDtlsRecord, parseDtlsFragment, looksLikeDtls, type DtlsRecord, type DtlsFragment } from './dtls-record';
