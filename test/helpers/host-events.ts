/**
 * Builders for host event fixtures: Sysmon/Security event XML in the Windows event schema
 * (http://schemas.microsoft.com/win/2004/08/events/event, as in /work/shared/corpus/host/*.xml) and auditd
 * SYSCALL/EXECVE/EOE records encoded the way the kernel does (torvalds/linux kernel/auditsc.c
 * audit_log_execve_info: an argument holding `"`, a byte < 0x21 or > 0x7e is written as upper-case hex).
 */

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface XmlEventSpec {
  eventId: number;
  /** ISO time, e.g. `2026-01-15T10:00:00.123Z`. */
  systemTime: string;
  computer?: string;
  provider?: string;
  channel?: string;
  data: Record<string, string>;
}

export function windowsEventXml(spec: XmlEventSpec): string {
  const provider = spec.provider ?? 'Microsoft-Windows-Sysmon';
  const channel = spec.channel ?? 'Microsoft-Windows-Sysmon/Operational';
  const data = Object.entries(spec.data)
    .map(([k, v]) => `<Data Name="${k}">${xmlEscape(v)}</Data>`)
    .join('');
  return (
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="${provider}"/>` +
    `<EventID>${spec.eventId}</EventID><TimeCreated SystemTime="${spec.systemTime}"/><Channel>${channel}</Channel>` +
    `<Computer>${spec.computer ?? 'WS01.corp.example'}</Computer></System><EventData>${data}</EventData></Event>`
  );
}

/** Sysmon EID 1 with the fields the readers use. */
export function sysmonProcessXml(p: {
  utcTime: string;
  image: string;
  commandLine: string;
  parentImage?: string;
  user?: string;
  computer?: string;
}): string {
  return windowsEventXml({
    eventId: 1,
    systemTime: `${p.utcTime.replace(' ', 'T')}Z`,
    computer: p.computer,
    data: {
      UtcTime: p.utcTime,
      ProcessId: '4242',
      Image: p.image,
      CommandLine: p.commandLine,
      User: p.user ?? 'CORP\\alice',
      ParentProcessId: '4000',
      ParentImage: p.parentImage ?? 'C:\\Windows\\System32\\cmd.exe',
      ParentCommandLine: '"C:\\Windows\\System32\\cmd.exe"',
    },
  });
}

/** One auditd argument value as the kernel prints it. */
export function auditValue(arg: string): string {
  const bytes = Buffer.from(arg, 'utf8');
  const needsHex = bytes.some((b) => b === 0x22 || b < 0x21 || b > 0x7e);
  return needsHex ? bytes.toString('hex').toUpperCase() : `"${arg}"`;
}

/** SYSCALL + EXECVE + EOE lines of one execve. */
export function auditdExecLines(p: { sec: number; ms: number; serial: number; exe: string; argv: string[]; auid?: number }): string[] {
  const stamp = `audit(${p.sec}.${String(p.ms).padStart(3, '0')}:${p.serial})`;
  const args = p.argv.map((a, i) => `a${i}=${auditValue(a)}`).join(' ');
  return [
    `type=SYSCALL msg=${stamp}: arch=c000003e syscall=59 success=yes exit=0 a0=55d0 a1=55d1 a2=55d2 a3=8 items=2 ppid=900 pid=901 auid=${p.auid ?? 1000} uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="openssl" exe="${p.exe}" key="certs"`,
    `type=EXECVE msg=${stamp}: argc=${p.argv.length} ${args}`,
    `type=EOE msg=${stamp}`,
  ];
}
