/**
 * Readers: every input shape the host stage takes, format found from content, streamed or whole, and (e)
 * malformed input counted with file and line, never thrown. Field names follow the schemas cited in
 * src/host/windows-event.ts, json-records.ts and auditd.ts; fixtures are built here or by test/helpers/host-events.ts.
 */
import { readHostEvents, textEncodingOf, type HostAnomaly, type HostEvent } from '../../src/host';
import { MAX_EVENT_CHARS, MAX_LINE_CHARS, MAX_PENDING_AUDIT_EVENTS } from '../../src/host/consts';
import { auditValue, auditdExecLines, sysmonProcessXml, windowsEventXml } from '../helpers/host-events';

async function read(text: string | AsyncIterable<string>, name = 'in'): Promise<{ events: HostEvent[]; anomalies: HostAnomaly[] }> {
  const events: HostEvent[] = [];
  const anomalies: HostAnomaly[] = [];
  for await (const ev of readHostEvents(name, text, (a) => anomalies.push(a))) events.push(ev);
  return { events, anomalies };
}

async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const OPENSSL = 'C:\\OpenSSL\\bin\\openssl.exe';

describe('Windows event XML', () => {
  const twoOnOneLine =
    sysmonProcessXml({ utcTime: '2026-02-01 08:00:00.000', image: OPENSSL, commandLine: 'openssl version' }) +
    // Written by hand: the five XML entities and character references as wevtutil writes them.
    '<Event><System><Provider Name="Microsoft-Windows-Sysmon"/><EventID>1</EventID></System><EventData>' +
    '<Data Name="UtcTime">2026-02-01 08:00:01.500</Data><Data Name="Image">C:\\OpenSSL\\bin\\openssl.exe</Data>' +
    '<Data Name="CommandLine">openssl req -subj &quot;/CN=a &amp; b&apos;&quot; &lt;x&gt; &#x41;&#10;</Data></EventData></Event>';
  const security4688 = [
    '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
    '  <System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>4688</EventID>',
    '    <TimeCreated SystemTime="2026-02-01T08:00:02.000000Z"/><Channel>Security</Channel><Computer>DC1.corp.example</Computer></System>',
    '  <EventData><Data Name="SubjectUserName">bob</Data><Data Name="NewProcessId">0x1a2b</Data>',
    '    <Data Name="NewProcessName">C:\\Windows\\System32\\certutil.exe</Data><Data Name="ProcessId">0x10</Data>',
    '    <Data Name="CommandLine">certutil -addstore root x.cer</Data><Data Name="ParentProcessName">C:\\Windows\\System32\\cmd.exe</Data></EventData>',
    '</Event>',
  ].join('\n');
  const file = `<?xml version="1.0" encoding="utf-8"?>\n<Events>${twoOnOneLine}\n${security4688}\n</Events>\n`;

  it('reads events on one line, a pretty-printed 4688, entities decoded, lines of each start', async () => {
    const { events, anomalies } = await read(file);
    expect(anomalies).toEqual([]);
    expect(events.map((e) => [e.source.line, e.source.format, e.commandLine])).toEqual([
      [2, 'sysmon-xml', 'openssl version'],
      [2, 'sysmon-xml', 'openssl req -subj "/CN=a & b\'" <x> A\n'],
      [3, 'security-4688-xml', 'certutil -addstore root x.cer'],
    ]);
    expect(events[2]).toMatchObject({ user: 'bob', pid: 0x1a2b, parentPid: 0x10, host: 'DC1.corp.example', image: 'C:\\Windows\\System32\\certutil.exe', time: Date.UTC(2026, 1, 1, 8, 0, 2) });
    expect(events[1].time).toBe(Date.UTC(2026, 1, 1, 8, 0, 1, 500));
  });

  it('streamed in 5-character chunks gives the same events', async () => {
    expect((await read(chunks(file, 5))).events).toEqual((await read(file)).events);
  });

  it('Sysmon for Linux written to syslog with a prefix', async () => {
    const line = `Jan  4 19:54:15 tux sysmon: ${sysmonProcessXml({ utcTime: '2026-01-04 19:54:15.661', image: '/usr/bin/openssl', commandLine: 'openssl genrsa 2048' }).replace('Microsoft-Windows-Sysmon', 'Linux-Sysmon')}`;
    const { events } = await read(line);
    expect(events.map((e) => e.image)).toEqual(['/usr/bin/openssl']);
  });

  it('Sysmon 12/13 under SystemCertificates become registry events; other keys and deletes are kept apart', async () => {
    const thumb = '0563B8630D62D75ABBC8AB1E4BDFB5A899B24D43';
    const reg = (eventType: string, key: string) =>
      windowsEventXml({ eventId: eventType === 'SetValue' ? 13 : 12, systemTime: '2026-02-01T08:00:00Z', data: { EventType: eventType, UtcTime: '2026-02-01 08:00:00.000', Image: 'C:\\x\\y.exe', TargetObject: key } });
    const text = [
      reg('SetValue', `HKLM\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates\\Root\\Certificates\\${thumb}\\Blob`),
      reg('CreateKey', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run'),
      reg('DeleteKey', `HKLM\\SOFTWARE\\Microsoft\\EnterpriseCertificates\\CA\\Certificates\\${thumb}`),
    ].join('\n');
    const { events } = await read(text);
    expect(events.map((e) => [e.kind, e.registryStore, e.registryThumbprint, e.registryAction])).toEqual([
      ['registry', 'Root', thumb.toLowerCase(), 'set'],
      ['registry', 'CA', thumb.toLowerCase(), 'delete'],
    ]);
  });
});

describe('JSON events', () => {
  it('Winlogbeat, ECS, CSE, flat EventData and EVTX JSON on consecutive lines', async () => {
    const lines = [
      {
        '@timestamp': '2026-02-01T09:00:00.000Z',
        winlog: { event_id: '1', provider_name: 'Microsoft-Windows-Sysmon', channel: 'Microsoft-Windows-Sysmon/Operational', computer_name: 'WS2', event_data: { UtcTime: '2026-02-01 09:00:00.000', Image: 'C:\\w\\openssl.exe', CommandLine: 'openssl version', User: 'CORP\\eve' } },
        host: { name: 'ws2', ip: ['10.1.2.3'] },
      },
      { '@timestamp': '2026-02-01T09:00:01Z', event: { category: ['process'], type: ['start'] }, process: { executable: '/usr/bin/openssl', args: ['openssl', 'req', '-subj', '/CN=a b'], pid: 77, parent: { executable: '/bin/bash', pid: 70 } }, host: { hostname: 'lnx1' }, user: { name: 'root' } },
      { '@timestamp': '2026-02-01T09:00:01Z', event: { category: ['process'], type: ['end'] }, process: { executable: '/usr/bin/openssl' } },
      { _messagetime: 1769936402000, baseImage: 'C:\\Windows\\System32\\certutil.exe', commandLine: 'certutil -addstore root a.cer', parentBaseImage: 'C:\\Windows\\explorer.exe', device_hostname: 'WS3', device_ip: '10.9.9.9', user_username: 'CORP\\mallory', pid: '55' },
      { EventID: 4688, Channel: 'Security', Hostname: 'WS4', TimeCreated: '2026-02-01 09:00:03', NewProcessName: 'C:\\Windows\\System32\\certutil.exe', CommandLine: 'certutil -urlcache -f http://x/y y', SubjectUserName: 'svc' },
      { Event: { System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: { '#text': 1 }, Computer: 'WS5', TimeCreated: { '#attributes': { SystemTime: '2026-02-01T09:00:04Z' } } }, EventData: { Data: [{ '#attributes': { Name: 'Image' }, '#text': 'C:\\p\\pwsh.exe' }, { '#attributes': { Name: 'CommandLine' }, '#text': 'pwsh -c New-SelfSignedCertificate' }] } } },
    ];
    const { events, anomalies } = await read(lines.map((l) => JSON.stringify(l)).join('\r\n'));
    expect(anomalies).toEqual([]);
    expect(events.map((e) => [e.source.line, e.source.format, e.host, e.image])).toEqual([
      [1, 'winlogbeat-json', 'WS2', 'C:\\w\\openssl.exe'],
      [2, 'ecs-json', 'lnx1', '/usr/bin/openssl'],
      [4, 'cse-json', 'WS3', 'C:\\Windows\\System32\\certutil.exe'],
      [5, 'flat-eventdata-json', 'WS4', 'C:\\Windows\\System32\\certutil.exe'],
      [6, 'evtx-json', 'WS5', 'C:\\p\\pwsh.exe'],
    ]);
    expect(events[0]).toMatchObject({ hostIp: '10.1.2.3', user: 'CORP\\eve', time: Date.UTC(2026, 1, 1, 9) });
    expect(events[1]).toMatchObject({ argv: ['openssl', 'req', '-subj', '/CN=a b'], commandLine: 'openssl req -subj /CN=a b', pid: 77, parentPid: 70, user: 'root' });
    expect(events[2]).toMatchObject({ hostIp: '10.9.9.9', user: 'CORP\\mallory', parentImage: 'C:\\Windows\\explorer.exe', pid: 55, time: 1769936402000 });
    expect(events[3]).toMatchObject({ user: 'svc', time: Date.UTC(2026, 1, 1, 9, 0, 3) });
  });

  it('Winlogbeat Sysmon module: registry.path and process.executable stand in for the moved event_data fields', async () => {
    const rec = {
      '@timestamp': '2026-02-01T09:30:00.000Z',
      winlog: { event_id: 13, provider_name: 'Microsoft-Windows-Sysmon', event_data: { EventType: 'SetValue', Details: 'Binary Data' } },
      registry: { path: 'HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates\\0563B8630D62D75ABBC8AB1E4BDFB5A899B24D43\\Blob' },
      process: { executable: 'C:\\Users\\Public\\x.exe' },
    };
    const { events } = await read(JSON.stringify(rec));
    expect(events).toMatchObject([{ kind: 'registry', registryStore: 'AuthRoot', registryAction: 'set', image: 'C:\\Users\\Public\\x.exe', time: Date.UTC(2026, 1, 1, 9, 30) }]);
  });

  it('a pretty-printed JSON array, whole or in 3-character chunks', async () => {
    const arr = JSON.stringify(
      [
        { _messagetime: 1000, baseImage: '/usr/bin/openssl', commandLine: 'openssl x509 -req -in "a]}b.csr"' },
        { _messagetime: 2000, baseImage: '/usr/bin/openssl', commandLine: 'openssl version' },
      ],
      null,
      2,
    );
    const whole = await read(arr);
    expect(whole.anomalies).toEqual([]);
    expect(whole.events.map((e) => [e.time, e.source.line, e.commandLine])).toEqual([
      [1000, 2, 'openssl x509 -req -in "a]}b.csr"'],
      [2000, 7, 'openssl version'],
    ]);
    expect((await read(chunks(arr, 3))).events).toEqual(whole.events);
  });
});

describe('auditd', () => {
  it('long argument split as aN_len/aN[i] over two EXECVE records, hex pieces, node= prefix, ENRICHED tail, no EOE', async () => {
    const long = `/CN=${'x'.repeat(40)} y`;
    const hex = Buffer.from(long).toString('hex').toUpperCase();
    const stamp = 'audit(1769936400.250:812)';
    const text = [
      `node=web01 type=SYSCALL msg=${stamp}: arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 auid=1001 uid=0 comm="openssl" exe="/usr/bin/openssl"\x1dARCH=x86_64 SYSCALL=execve AUID="carol" UID="root"`,
      `node=web01 type=EXECVE msg=${stamp}: argc=4 a0="openssl" a1="req" a2="-subj" a3_len=${long.length} a3[0]=${hex.slice(0, 40)}`,
      `node=web01 type=EXECVE msg=${stamp}: a3[1]=${hex.slice(40)}`,
      `node=web01 type=PROCTITLE msg=${stamp}: proctitle=6F70656E73736C`,
    ].join('\n');
    const { events, anomalies } = await read(text);
    expect(anomalies).toEqual([]);
    expect(events).toEqual([
      {
        time: 1769936400250,
        source: { file: 'in', line: 1, format: 'auditd' },
        kind: 'process',
        host: 'web01',
        argv: ['openssl', 'req', '-subj', long],
        commandLine: `openssl req -subj ${long}`,
        image: '/usr/bin/openssl',
        pid: 2,
        parentPid: 1,
        user: 'carol',
      },
    ]);
  });

  it('the kernel rule: quoted when plain, upper-case hex when holding a space, a quote or non-ASCII', () => {
    expect([auditValue('plain'), auditValue('a b'), auditValue('a"b'), auditValue('é')]).toEqual(['"plain"', '612062', '612262', 'C3A9']);
  });

  it(`more than ${MAX_PENDING_AUDIT_EVENTS} events without EOE are flushed oldest first, none lost`, async () => {
    const lines: string[] = [];
    for (let i = 0; i < MAX_PENDING_AUDIT_EVENTS + 10; i++) lines.push(...auditdExecLines({ sec: 1769936400, ms: 0, serial: 1000 + i, exe: '/usr/bin/openssl', argv: ['openssl', `n${i}`] }).slice(0, 2));
    const { events } = await read(lines.join('\n'));
    expect(events).toHaveLength(MAX_PENDING_AUDIT_EVENTS + 10);
    expect(events.map((e) => e.argv![1])).toEqual(events.map((_, i) => `n${i}`));
  });
});

describe('(e) malformed input: counted with file and line, never thrown', () => {
  it('XML: a broken event, an event without </Event>, and an event cut off at the end; good events still read', async () => {
    const good = (t: string) => sysmonProcessXml({ utcTime: t, image: OPENSSL, commandLine: 'openssl version' });
    const text = [
      good('2026-02-01 10:00:00.000'),
      '<Event><System><EventID>1</EventID></Sys></Event>',
      '<Event><System><EventID>1</EventID>',
      good('2026-02-01 10:00:01.000'),
      '<!-- a comment between events -->',
      good('2026-02-01 10:00:02.000'),
      '<Event><System>',
    ].join('\n');
    const { events, anomalies } = await read(text, 'broken.xml');
    expect(events.map((e) => e.time)).toEqual([Date.UTC(2026, 1, 1, 10, 0, 0), Date.UTC(2026, 1, 1, 10, 0, 1), Date.UTC(2026, 1, 1, 10, 0, 2)]);
    expect(anomalies.map((a) => [a.file, a.line])).toEqual([
      ['broken.xml', 2],
      ['broken.xml', 3],
      ['broken.xml', 7],
    ]);
    expect(anomalies.map((a) => a.message.slice(0, 20))).toEqual(['broken XML: Expected', 'XML event has no </E', 'XML event cut short:']);
  });

  it('XML: entities declared in a DTD are never expanded', async () => {
    const inner = '<!DOCTYPE Event [<!ENTITY a "bbbbbbbbbb">]><Event><System><Provider Name="Microsoft-Windows-Sysmon"/><EventID>1</EventID></System>' +
      '<EventData><Data Name="UtcTime">2026-02-01 10:00:00.000</Data><Data Name="Image">&a;&a;</Data></EventData></Event>';
    const { events, anomalies } = await read(inner);
    expect(anomalies).toEqual([]);
    expect(events.map((e) => e.image)).toEqual(['&a;&a;']);
    const dtdInside = '<Event><!DOCTYPE x [<!ENTITY a "b">]><System><EventID>1</EventID></System></Event>';
    const { anomalies: refused } = await read(dtdInside);
    expect(refused.map((a) => a.message)).toEqual(['XML event with a DTD or entity declaration: refused']);
  });

  it('JSON lines: not an object, not JSON, an over-long line; the lines after are still read', async () => {
    const ok = (t: number) => JSON.stringify({ _messagetime: t, baseImage: '/usr/bin/openssl', commandLine: 'openssl version' });
    // Epoch milliseconds, as CSE _messagetime is.
    const text = [ok(1), '42', '"text"', '[1, {"_messagetime": 2, "baseImage": "/usr/bin/openssl"}]', '{"broken": ', `{"pad": "${'x'.repeat(MAX_LINE_CHARS + 10)}"}`, ok(3)].join('\n');
    const { events, anomalies } = await read(text, 'bad.ndjson');
    expect(events.map((e) => e.time)).toEqual([1, 2, 3]);
    expect(anomalies.map((a) => [a.line, a.message.split(':')[0]])).toEqual([
      [2, 'JSON value is not an object'],
      [3, 'JSON value is not an object'],
      [4, 'JSON value is not an object'],
      [5, 'not JSON'],
      [6, 'JSON line too long'],
    ]);
  });

  it('JSON lines whose first line is cut short: counted, the rest still read line by line', async () => {
    const ok = (t: number) => JSON.stringify({ _messagetime: t, baseImage: '/usr/bin/openssl' });
    const { events, anomalies } = await read(['{"_messagetime": 1, "baseIm', ok(2), ok(3)].join('\n'), 'cut.ndjson');
    expect(events.map((e) => e.time)).toEqual([2, 3]);
    expect(anomalies.map((a) => [a.file, a.line, a.message.split(':')[0]])).toEqual([['cut.ndjson', 1, 'not JSON']]);
  });

  it('a pretty-printed JSON document cut short: counted at the line where the value starts', async () => {
    const { events, anomalies } = await read('{\n  "_messagetime": 5,\n  "baseImage": "/usr/bin/openssl"\n}\n{\n  "baseImage": "x"', 'cut.json');
    expect(events.map((e) => e.time)).toEqual([5]);
    expect(anomalies).toEqual([{ file: 'cut.json', line: 5, message: 'JSON value cut short: input ended inside it' }]);
  });

  it('auditd: EXECVE cut short (missing argument, quote never closed), a line that is no record', async () => {
    const text = [
      'type=SYSCALL msg=audit(1769936400.000:5): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 auid=0 uid=0 exe="/usr/bin/openssl"',
      'type=EXECVE msg=audit(1769936400.000:5): argc=4 a0="openssl" a1="req" a2="-subj',
      'garbage here',
      'type=EOE msg=audit(1769936400.000:5)',
    ].join('\n');
    const { events, anomalies } = await read(text, 'cut.log');
    expect(events.map((e) => e.argv)).toEqual([['openssl', 'req']]);
    expect(anomalies.map((a) => [a.file, a.line])).toEqual([
      ['cut.log', 3],
      ['cut.log', 2],
      ['cut.log', 2],
    ]);
    expect(anomalies.map((a) => a.message).join('|')).toMatch(/not an auditd record.*1 of argc=4 arguments missing.*neither a closed quoted value nor whole hex/);
  });

  it('auditd: a hex argument cut to an odd length is counted, not decoded into garbage', async () => {
    const text = 'type=EXECVE msg=audit(1769936400.000:6): argc=2 a0="jq" a1=7B0A2';
    const { events, anomalies } = await read(text, 'hex.log');
    expect(events.map((e) => e.argv)).toEqual([['jq']]);
    expect(anomalies).toHaveLength(1);
  });

  it(`an XML event or a JSON value over ${MAX_EVENT_CHARS} characters is dropped with one anomaly; the next one is read`, async () => {
    const big = 'x'.repeat(MAX_EVENT_CHARS + 100);
    const xml = [
      sysmonProcessXml({ utcTime: '2026-02-01 10:00:00.000', image: OPENSSL, commandLine: big }),
      sysmonProcessXml({ utcTime: '2026-02-01 10:00:01.000', image: OPENSSL, commandLine: 'openssl version' }),
    ].join('\n');
    const x = await read(chunks(xml, 65536), 'big.xml');
    expect(x.events.map((e) => e.commandLine)).toEqual(['openssl version']);
    expect(x.anomalies).toEqual([{ file: 'big.xml', line: 1, message: `XML event longer than ${MAX_EVENT_CHARS} characters: skipped` }]);
    const json = `{\n"commandLine": "${big}"\n}\n{\n"_messagetime": 9, "baseImage": "/usr/bin/openssl"\n}`;
    const j = await read(json, 'big.json');
    expect(j.events.map((e) => e.time)).toEqual([9]);
    expect(j.anomalies).toEqual([{ file: 'big.json', line: 1, message: `JSON value longer than ${MAX_EVENT_CHARS} characters: skipped` }]);
  });

  it('an unrecognised format and empty input', async () => {
    expect((await read('hello world\n')).anomalies).toEqual([{ file: 'in', line: 1, message: 'unrecognised host event format (not XML, JSON or auditd)', unknownFormat: true }]);
    expect(await read('\n\n')).toEqual({ events: [], anomalies: [] });
  });
});

describe('textEncodingOf', () => {
  const xml = '<Events><Event>';
  it('UTF-16LE with or without BOM (wevtutil / PowerShell redirection), else UTF-8', () => {
    expect(textEncodingOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]))).toBe('utf16le');
    expect(textEncodingOf(Buffer.from(xml, 'utf16le'))).toBe('utf16le');
    expect(textEncodingOf(Buffer.from(xml, 'utf8'))).toBe('utf8');
    expect(textEncodingOf(Buffer.from([0xef, 0xbb, 0xbf, 0x7b]))).toBe('utf8');
  });
  it('UTF-16 read as UTF-8 gives one anomaly that says so', async () => {
    const { anomalies } = await read(Buffer.from(xml, 'utf16le').toString('utf8'));
    expect(anomalies[0].message).toMatch(/UTF-16/);
  });
});
