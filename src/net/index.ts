/** The net stage: `Packet`s in, ordered per-direction byte streams and datagrams out. */
export * from './types';
export { decodeFrame, decodeReassembled, DecodedPacket, type DecodeResult } from './decode-frame';
export { FlowTable, DEFAULT_FLOW_TABLE_OPTIONS, type FlowTableOptions } from './flow-table';
export { TcpReassembler, type ReassemblySink, type ReassemblyLimits, type BufferBudget } from './tcp-reassembler';
export { IpReassembler, type IpReassemblyOptions } from './ip-reassembly';
export { ipv4Text, ipv6Text } from './ip-text';
export * as netConsts from './consts';
