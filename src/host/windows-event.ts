/**
 * Windows event fields (from XML or any JSON rendering) → HostEvent. Field names follow the event schemas:
 * Sysmon EID 1 (Image, CommandLine, ParentImage, ParentCommandLine, User, ProcessId, ParentProcessId, UtcTime),
 * Sysmon EID 12/13/14 (EventType, Image, TargetObject, User), Security 4688 (NewProcessName, CommandLine,
 * ParentProcessName, SubjectUserName, NewProcessId, ProcessId in hex), the same mapping CSE uses
 * (SumoLogic/cloud-siem-content-catalog mappings f1ea6ca2, 75cb24d1, 5cbf805e, 4844d90e).
 */
import { parseCertStoreKey } from './registry-key';
import { parseUtcTime } from './parse-time';
import type { HostEvent, HostEventFormat, RegistryAction } from './types';

/** The parts of a Windows event a reader found; `data` holds EventData by name. */
export interface WindowsEventParts {
  eventId: number;
  provider?: string;
  channel?: string;
  computer?: string;
  systemTime?: string;
  data: Readonly<Record<string, string | undefined>>;
}

/** The event, `null` when it is not one certhound reads, or a string saying what is wrong with it. */
export type MappedEvent = HostEvent | null | string;

const REGISTRY_ACTIONS: Readonly<Record<string, RegistryAction>> = {
  createkey: 'create',
  setvalue: 'set',
  deletekey: 'delete',
  deletevalue: 'delete',
  renamekey: 'rename',
};
const REGISTRY_ACTION_BY_ID: Readonly<Record<number, RegistryAction>> = { 12: 'create', 13: 'set', 14: 'rename' };

export function mapWindowsEvent(
  p: WindowsEventParts,
  file: string,
  line: number,
  format: HostEventFormat,
): MappedEvent {
  const d = p.data;
  const isSecurity = p.eventId === 4688 && (d.NewProcessName !== undefined || /security/i.test(`${p.provider}${p.channel}`));
  const isSysmon = /sysmon/i.test(`${p.provider ?? ''}${p.channel ?? ''}`) || (p.provider === undefined && d.UtcTime !== undefined);
  if (isSecurity) {
    const ev: HostEvent = baseEvent(p, file, line, format === 'sysmon-xml' ? 'security-4688-xml' : format, p.systemTime);
    assign(ev, 'image', d.NewProcessName);
    assign(ev, 'commandLine', d.CommandLine);
    assign(ev, 'parentImage', d.ParentProcessName);
    assign(ev, 'user', d.SubjectUserName);
    ev.pid = parseNumber(d.NewProcessId);
    ev.parentPid = parseNumber(d.ProcessId);
    return clean(ev);
  }
  if (!isSysmon) return null;
  if (p.eventId === 1) {
    const ev = baseEvent(p, file, line, format, d.UtcTime ?? p.systemTime);
    assign(ev, 'image', d.Image);
    assign(ev, 'commandLine', d.CommandLine);
    assign(ev, 'parentImage', d.ParentImage);
    assign(ev, 'parentCommandLine', d.ParentCommandLine);
    assign(ev, 'user', d.User);
    ev.pid = parseNumber(d.ProcessId);
    ev.parentPid = parseNumber(d.ParentProcessId);
    return clean(ev);
  }
  if (p.eventId === 12 || p.eventId === 13 || p.eventId === 14) {
    const key = d.TargetObject === undefined ? undefined : parseCertStoreKey(d.TargetObject);
    if (key === undefined) return null;
    const ev = baseEvent(p, file, line, format, d.UtcTime ?? p.systemTime);
    ev.kind = 'registry';
    ev.registryKey = d.TargetObject;
    ev.registryStore = key.store;
    ev.registryThumbprint = key.thumbprint;
    ev.registryAction = REGISTRY_ACTIONS[(d.EventType ?? '').toLowerCase()] ?? REGISTRY_ACTION_BY_ID[p.eventId];
    assign(ev, 'image', d.Image);
    assign(ev, 'user', d.User);
    ev.pid = parseNumber(d.ProcessId);
    return clean(ev);
  }
  return null;
}

function baseEvent(p: WindowsEventParts, file: string, line: number, format: HostEventFormat, time: string | undefined): HostEvent {
  const ev: HostEvent = { time: time === undefined ? NaN : parseUtcTime(time) ?? NaN, source: { file, line, format }, kind: 'process' };
  if (p.computer) ev.host = p.computer;
  return ev;
}

/** Sysmon writes `-` for a value it does not know (Linux Sysmon ParentImage, RuleName). */
function assign(ev: HostEvent, field: 'image' | 'commandLine' | 'parentImage' | 'parentCommandLine' | 'user', value: string | undefined): void {
  if (value !== undefined && value !== '' && value !== '-') ev[field] = value;
}

/** Decimal (`8592`) or hex (`0x0000000000000edc`, 4688). */
export function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Drops undefined numeric fields so records compare and print cleanly. */
function clean(ev: HostEvent): HostEvent {
  if (ev.pid === undefined) delete ev.pid;
  if (ev.parentPid === undefined) delete ev.parentPid;
  return ev;
}
