/**
 * (a) The seed's four Atomic Red Team tests (seed/000_2c7c55856134038f.txt, "Testing Methodology"), each built
 * as the telemetry the seed says to expect, read by the readers, and checked against the branch and flag the
 * seed's query gives (worked by hand in the comments; T = image regex, C = where-args regex of branches 1/4).
 */
import { DEFAULT_HOST_CONFIG, detectHost, readHostEvents, seedRows, type HostAnomaly, type HostDetection } from '../../src/host';
import { auditdExecLines, sysmonProcessXml, windowsEventXml } from '../helpers/host-events';

async function detect(name: string, text: string): Promise<{ detections: HostDetection[]; anomalies: HostAnomaly[] }> {
  const anomalies: HostAnomaly[] = [];
  const detections: HostDetection[] = [];
  for await (const ev of readHostEvents(name, text, (a) => anomalies.push(a))) {
    const d = detectHost(ev, DEFAULT_HOST_CONFIG);
    if (d) detections.push(d);
  }
  return { detections, anomalies };
}

const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const OPENSSL_WIN = 'C:\\Program Files\\OpenSSL-Win64\\bin\\openssl.exe';
const THUMB = '3B1EFD3A66EA28B16697394703A72CA340A05BD5';

describe('Atomic test 1: New-SelfSignedCertificate exporting a .pfx', () => {
  const cmd =
    `"${PS}" -Command "$c = New-SelfSignedCertificate -DnsName df00tech-test.example -CertStoreLocation Cert:\\CurrentUser\\My; ` +
    `Export-PfxCertificate -Cert $c -FilePath $env:TEMP\\df00tech-test-cert.pfx -Password $p"`;
  const xml =
    sysmonProcessXml({ utcTime: '2026-01-15 10:00:00.100', image: PS, commandLine: cmd }) +
    '\n' +
    windowsEventXml({
      eventId: 12,
      systemTime: '2026-01-15T10:00:00.200Z',
      data: {
        EventType: 'CreateKey',
        UtcTime: '2026-01-15 10:00:00.200',
        Image: PS,
        TargetObject: `HKU\\S-1-5-21-1-2-3-1001\\SOFTWARE\\Microsoft\\SystemCertificates\\My\\Certificates\\${THUMB}`,
      },
    });

  it('seed: PSCertificateCreation, targetsRootStore false', async () => {
    // where alt 2: image has "powershell.exe", command has "new-selfsignedcertificate" → passes.
    // branch 1 image regex (openssl|makecert|pvk2pfx) fails → branch 2: image powershell.exe → PSCertificateCreation.
    // targetsRootStore: no authroot|trustedpublisher|trustedpeople in the command → "false".
    const { detections, anomalies } = await detect('t1.xml', xml);
    expect(anomalies).toEqual([]);
    expect(detections).toHaveLength(1);
    expect(detections[0].seed).toEqual({ detectionBranch: 'PSCertificateCreation', targetsRootStore: 'false' });
  });

  it('certhound: DNS name, .pfx file, My store, medium; the My-store registry write is not reported', async () => {
    const { detections } = await detect('t1.xml', xml);
    expect(detections.map((x) => x.event.kind)).toEqual(['process']);
    const [d] = detections;
    expect(d.tool).toBe('powershell');
    expect(d.store).toBe('My');
    expect(d.rootStore).toBe(false);
    expect(d.names.dnsNames).toEqual(['df00tech-test.example']);
    expect(d.names.files).toEqual(['$env:TEMP\\df00tech-test-cert.pfx']);
    expect(d.verdict.severity).toBe('medium');
  });
});

describe('Atomic test 2: OpenSSL req -x509 with a spoofed Microsoft subject, then pkcs12 -export', () => {
  // Run from PowerShell, -subj '/CN=Microsoft IT TLS CA 5' reaches openssl.exe re-quoted with double quotes.
  const req = `"${OPENSSL_WIN}" req -x509 -newkey rsa:4096 -keyout C:\\Temp\\ms.key -out C:\\Temp\\ms.crt -days 365 -nodes -subj "/CN=Microsoft IT TLS CA 5"`;
  const p12 = `"${OPENSSL_WIN}" pkcs12 -export -out C:\\Temp\\ms.pfx -inkey C:\\Temp\\ms.key -in C:\\Temp\\ms.crt -passout pass:x`;
  const xml = [
    '<Events>',
    sysmonProcessXml({ utcTime: '2026-01-15 10:01:00.000', image: OPENSSL_WIN, commandLine: req }),
    sysmonProcessXml({ utcTime: '2026-01-15 10:01:05.000', image: OPENSSL_WIN, commandLine: p12 }),
    '</Events>',
  ].join('\n');

  it('seed: req → CertGenToolWithArgs, pkcs12 -export → CertGenToolExecution, both false, newest first', async () => {
    // req: T matches "openssl"; C matches "req -x509" and "-newkey rsa"; branch 1 args match "-newkey" → CertGenToolWithArgs.
    // pkcs12: C matches "pkcs12 -export"; branch 1 args (req -new|x509 -req|genrsa|genpkey|-newkey) do not;
    // not powershell, not certutil → CertGenToolExecution. Neither names authroot/trustedpublisher/trustedpeople.
    const { detections } = await detect('t2.xml', xml);
    const rows = seedRows(detections);
    expect(rows.map((r) => [r.detectionBranch, r.targetsRootStore])).toEqual([
      ['CertGenToolExecution', 'false'],
      ['CertGenToolWithArgs', 'false'],
    ]);
    expect(rows[0]._messagetime).toBe(Date.UTC(2026, 0, 15, 10, 1, 5));
    expect(rows[1]).toMatchObject({ device_hostname: 'WS01.corp.example', user_username: 'CORP\\alice', baseImage: OPENSSL_WIN });
  });

  it('certhound: subject, key, validity, files; the Microsoft subject makes it high', async () => {
    const [reqD, p12D] = (await detect('t2.xml', xml)).detections;
    expect(reqD.names).toMatchObject({
      subject: '/CN=Microsoft IT TLS CA 5',
      commonName: 'Microsoft IT TLS CA 5',
      keyType: 'rsa',
      keyBits: 4096,
      days: 365,
      files: ['C:\\Temp\\ms.key', 'C:\\Temp\\ms.crt'],
    });
    expect(reqD.verdict.severity).toBe('high');
    expect(p12D.names.files).toEqual(['C:\\Temp\\ms.pfx', 'C:\\Temp\\ms.key', 'C:\\Temp\\ms.crt']);
    expect(p12D.verdict.severity).toBe('low');
  });
});

describe('Atomic test 3: certutil -addstore Root, and the registry write it causes', () => {
  const certutil = 'C:\\Windows\\System32\\certutil.exe';
  const xml =
    sysmonProcessXml({ utcTime: '2026-01-15 10:02:00.000', image: certutil, commandLine: 'certutil.exe -addstore Root C:\\Temp\\df00tech.cer' }) +
    windowsEventXml({
      eventId: 13,
      systemTime: '2026-01-15T10:02:00.050Z',
      data: {
        EventType: 'SetValue',
        UtcTime: '2026-01-15 10:02:00.050',
        Image: certutil,
        TargetObject: `HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\Root\\Certificates\\${THUMB}\\Blob`,
        Details: 'Binary Data',
      },
    });

  it('seed: CertUtilStoreImport with targetsRootStore "false" (its regex has no plain root); registry event: no hit', async () => {
    // where alt 3: image has "certutil.exe", command has "-addstore" → passes; branch 3 list has -addstore → CertUtilStoreImport.
    // targetsRootStore regex authroot|trustedpublisher|trustedpeople: "root" alone does not match → "false".
    // Registry event: no commandLine → alt 3 fails; T does not match certutil.exe → no hit.
    const { detections } = await detect('t3.xml', xml);
    expect(detections.map((d) => d.seed)).toEqual([{ detectionBranch: 'CertUtilStoreImport', targetsRootStore: 'false' }, null]);
  });

  it('certhound: Root store named, rootStore true, high; the registry write carries the thumbprint', async () => {
    const [proc, reg] = (await detect('t3.xml', xml)).detections;
    expect(proc).toMatchObject({ tool: 'certutil', store: 'Root', rootStore: true });
    expect(proc.names.files).toEqual(['C:\\Temp\\df00tech.cer']);
    expect(proc.verdict.severity).toBe('high');
    expect(reg).toMatchObject({ store: 'Root', rootStore: true, event: { kind: 'registry', registryAction: 'set' } });
    expect(reg.names.thumbprints).toEqual([THUMB.toLowerCase()]);
    expect(reg.verdict.severity).toBe('high');
    expect(reg.suppressed).toBeUndefined();
  });
});

describe('Atomic test 4: OpenSSL on Linux under auditd', () => {
  const subj = '/CN=Microsoft IT TLS CA 5';
  const lines = [
    ...auditdExecLines({
      sec: 1768471380,
      ms: 5,
      serial: 7001,
      exe: '/usr/bin/openssl',
      argv: ['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/tmp/ms.key', '-out', '/tmp/ms.pem', '-days', '30', '-subj', subj],
    }),
    ...auditdExecLines({
      sec: 1768471390,
      ms: 0,
      serial: 7002,
      exe: '/usr/bin/openssl',
      argv: ['openssl', 'pkcs12', '-export', '-out', '/tmp/ms.pfx', '-inkey', '/tmp/ms.key', '-in', '/tmp/ms.pem', '-passout', 'pass:x'],
    }),
  ];

  it('the -subj value (it has spaces) is hex-encoded in the EXECVE record and decoded back', async () => {
    const hex = Buffer.from(subj).toString('hex').toUpperCase();
    expect(lines[1]).toContain(`a13=${hex}`);
    const { detections, anomalies } = await detect('audit.log', lines.join('\n'));
    expect(anomalies).toEqual([]);
    expect(detections[0].event.commandLine).toBe(`openssl req -x509 -newkey rsa:2048 -nodes -keyout /tmp/ms.key -out /tmp/ms.pem -days 30 -subj ${subj}`);
    expect(detections[0].event).toMatchObject({ image: '/usr/bin/openssl', user: '1000', time: 1768471380005 });
  });

  it('seed: req → CertGenToolWithArgs, pkcs12 -export → CertGenToolExecution, both false', async () => {
    // req: "/usr/bin/openssl" matches T; C matches "req -x509"/"-newkey rsa"; branch 1 "-newkey" → CertGenToolWithArgs.
    // pkcs12: C matches "pkcs12 -export", branch 1 args do not → CertGenToolExecution.
    const { detections } = await detect('audit.log', lines.join('\n'));
    expect(detections.map((d) => d.seed)).toEqual([
      { detectionBranch: 'CertGenToolWithArgs', targetsRootStore: 'false' },
      { detectionBranch: 'CertGenToolExecution', targetsRootStore: 'false' },
    ]);
  });

  it('certhound: the subject comes from the exact argv, not the space-joined line', async () => {
    const [d] = (await detect('audit.log', lines.join('\n'))).detections;
    expect(d.names).toMatchObject({ subject: subj, commonName: 'Microsoft IT TLS CA 5', keyType: 'rsa', keyBits: 2048, days: 30 });
    expect(d.verdict.severity).toBe('high');
  });
});
