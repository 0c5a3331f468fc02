/**
 * (c) The quirks of the seed query listed in /work/shared/seed/host-side-notes.md §2 (items 1–14): for each, the
 * seed's values exactly as the query gives them (substring reading), and certhound's own fields and verdict
 * where they differ. The seed values are also checked against the corpus reference evaluator at the end.
 */
import { execFileSync } from 'node:child_process';
import { DEFAULT_HOST_CONFIG, detectHost, seedRule, type HostDetection, type HostEvent } from '../../src/host';
import { CORPUS_DIR } from '../helpers/corpus';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const CERTUTIL = 'C:\\Windows\\System32\\certutil.exe';
const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const OPENSSL = '/usr/bin/openssl';
const OPENSSL_WIN = 'C:\\Program Files\\OpenSSL-Win64\\bin\\openssl.exe';

function proc(image: string | undefined, commandLine: string | undefined): HostEvent {
  const ev: HostEvent = { time: T0, kind: 'process', source: { file: 'quirks', format: 'cse-json' } };
  if (image !== undefined) ev.image = image;
  if (commandLine !== undefined) ev.commandLine = commandLine;
  return ev;
}
const detect = (image: string | undefined, cmd: string | undefined): HostDetection | null => detectHost(proc(image, cmd), DEFAULT_HOST_CONFIG);
const seedOf = (image: string | undefined, cmd: string | undefined) => seedRule({ baseImage: image, commandLine: cmd });

/** Every seed value asserted below, for the cross-check with the reference evaluator. */
const ASSERTED: Array<{ baseImage?: string; commandLine?: string; seed: ReturnType<typeof seedRule> }> = [];
function expectSeed(image: string | undefined, cmd: string | undefined, seed: ReturnType<typeof seedRule>): void {
  expect(seedOf(image, cmd)).toEqual(seed);
  ASSERTED.push({ baseImage: image, commandLine: cmd, seed });
}
const gen = { detectionBranch: 'CertGenToolExecution', targetsRootStore: 'false' } as const;

describe('host-side-notes §2 quirks', () => {
  it('1: branches 1 and 4 together are just T: `openssl version` passes; certhound calls it low', () => {
    expectSeed(OPENSSL, 'openssl version', gen);
    expectSeed(OPENSSL, 'openssl s_client -connect example.com:443', gen);
    const d = detect(OPENSSL, 'openssl version')!;
    expect([d.tool, d.verdict.severity]).toEqual(['openssl', 'low']);
  });

  it('2: a directory named OpenSSL counts for the seed; certhound takes the tool from the file name only', () => {
    const uninstaller = 'C:\\Program Files\\OpenSSL-Win64\\unins000.exe';
    expectSeed(uninstaller, `"${uninstaller}" /SILENT`, gen);
    const d = detect(uninstaller, `"${uninstaller}" /SILENT`)!;
    expect([d.tool, d.verdict.severity]).toEqual([undefined, 'low']);
    expect(detect('C:\\Tools\\openssl-1.1.exe', 'openssl-1.1.exe version')!.tool).toBe('openssl');
  });

  it('3: branch 1 args differ from the where args: ART root-CA `req -x509 -new` is CertGenToolExecution; certhound: self-signed, medium', () => {
    const art = 'openssl req -x509 -new -nodes -key ca.key -days 365 -out ca.crt';
    expectSeed(OPENSSL, art, gen);
    expectSeed(OPENSSL, 'openssl pkcs12 -export -out a.pfx -inkey k.pem -in c.pem', gen);
    expectSeed(OPENSSL, 'openssl ca -selfsign -keyfile ca.key -in req.csr -out ca.crt', gen);
    expectSeed(OPENSSL, 'openssl ecparam -genkey -name prime256v1 -out k.pem', gen);
    expectSeed(OPENSSL, 'openssl req -newkey ed25519 -keyout k.pem -out r.csr', { detectionBranch: 'CertGenToolWithArgs', targetsRootStore: 'false' });
    const d = detect(OPENSSL, art)!;
    expect([d.verdict.severity, d.names.days, d.names.files]).toEqual(['medium', 365, ['ca.key', 'ca.crt']]);
    expect(detect(OPENSSL, 'openssl ca -selfsign -keyfile ca.key -in req.csr -out ca.crt')!.verdict.reasons).toContain('openssl makes a self-signed certificate');
    expect(detect(OPENSSL, 'openssl ecparam -genkey -name prime256v1 -out k.pem')!.names).toMatchObject({ keyType: 'ec', keyBits: 256 });
    expect(detect(OPENSSL, 'openssl req -newkey ed25519 -keyout k.pem -out r.csr')!.names.keyType).toBe('ed25519');
  });

  it('4: certmgr is always CertGenToolExecution; certhound reads the AuthRoot import, high', () => {
    const cmd = 'certmgr.exe /add evil.cer /s /r localMachine authroot';
    expectSeed('C:\\Tools\\certmgr.exe', cmd, { detectionBranch: 'CertGenToolExecution', targetsRootStore: 'true' });
    expect(detect('C:\\Tools\\certmgr.exe', cmd)).toMatchObject({ tool: 'certmgr', store: 'authroot', rootStore: true, verdict: { severity: 'high' } });
  });

  it('5: makecert and pvk2pfx never reach branch 1; certhound reads subject, store, files', () => {
    const mk = 'makecert -r -pe -n "CN=Test" -ss my t.cer';
    expectSeed('C:\\SDK\\makecert.exe', mk, gen);
    expectSeed('C:\\SDK\\pvk2pfx.exe', 'pvk2pfx -pvk a.pvk -spc a.cer -pfx a.pfx', gen);
    expect(detect('C:\\SDK\\makecert.exe', mk)).toMatchObject({ store: 'my', names: { subject: 'CN=Test', commonName: 'Test', files: ['t.cer'] }, verdict: { severity: 'medium' } });
    expect(detect('C:\\SDK\\pvk2pfx.exe', 'pvk2pfx -pvk a.pvk -spc a.cer -pfx a.pfx')!.names.files).toEqual(['a.pvk', 'a.cer', 'a.pfx']);
  });

  it('6: certutil `-p12` matches a file name; certhound sees no store action, only the seed hit (low)', () => {
    const cmd = 'certutil -dump C:\\temp\\user-p12.pfx';
    expectSeed(CERTUTIL, cmd, gen);
    const d = detect(CERTUTIL, cmd)!;
    expect(d.store).toBeUndefined();
    expect(d.verdict).toEqual({ severity: 'low', reasons: ['seed rule: CertGenToolExecution'] });
  });

  it('7: `-importcert` (a CA-database verb) is CertUtilStoreImport; certhound names no store', () => {
    expectSeed(CERTUTIL, 'certutil -importcert issued.cer', { detectionBranch: 'CertUtilStoreImport', targetsRootStore: 'false' });
    const d = detect(CERTUTIL, 'certutil -importcert issued.cer')!;
    expect([d.store, d.rootStore, d.verdict.severity]).toEqual([undefined, false, 'low']);
  });

  it('8: slash syntax is missed by the seed; certhound catches `/addstore root`, high', () => {
    expectSeed(CERTUTIL, 'certutil /addstore root evil.cer', null);
    expect(detect(CERTUTIL, 'certutil /addstore root evil.cer')).toMatchObject({ seed: null, store: 'root', rootStore: true, verdict: { severity: 'high' } });
  });

  it('9: targetsRootStore ignores plain root and fires on any text; certhound rootStore follows the store named', () => {
    const f = { detectionBranch: 'CertUtilStoreImport', targetsRootStore: 'false' } as const;
    expectSeed(CERTUTIL, 'certutil -addstore -f Root evil.cer', f);
    expectSeed(CERTUTIL, 'certutil -addstore -f -user ROOT evil.cer', f);
    expectSeed(CERTUTIL, 'certutil -addstore AuthRoot x.cer', { ...f, targetsRootStore: 'true' });
    expectSeed(CERTUTIL, 'certutil -addstore TrustedPeople x.cer', { ...f, targetsRootStore: 'true' });
    expectSeed(CERTUTIL, 'certutil -f -p pw -importpfx a.pfx NoRoot', f);
    const onText = 'openssl req -new -subj /CN=trustedpeople.example -key k.pem -out r.csr';
    expectSeed(OPENSSL, onText, { detectionBranch: 'CertGenToolWithArgs', targetsRootStore: 'true' });
    expect(detect(CERTUTIL, 'certutil -addstore -f Root evil.cer')).toMatchObject({ store: 'Root', rootStore: true });
    expect(detect(CERTUTIL, 'certutil -addstore -f -user ROOT evil.cer')).toMatchObject({ store: 'ROOT', rootStore: true });
    expect(detect(CERTUTIL, 'certutil -addstore TrustedPeople x.cer')).toMatchObject({ rootStore: false, verdict: { severity: 'medium' } });
    expect(detect(CERTUTIL, 'certutil -f -p pw -importpfx a.pfx NoRoot')).toMatchObject({ store: 'My', rootStore: false });
    const d = detect(OPENSSL, onText)!;
    expect([d.store, d.rootStore, d.names.commonName]).toEqual([undefined, false, 'trustedpeople.example']);
  });

  it('10: the PowerShell label ignores what the script does: reading a cert is PSCertificateCreation; certhound: low', () => {
    const cmd = "powershell.exe -c \"[Security.Cryptography.X509Certificates.X509Certificate2]::new('a.cer').Thumbprint\"";
    expectSeed(PS, cmd, { detectionBranch: 'PSCertificateCreation', targetsRootStore: 'false' });
    const d = detect(PS, cmd)!;
    expect(d.verdict.severity).toBe('low');
    expect(d.verdict.reasons).not.toContain('powershell makes a self-signed certificate');
  });

  it('11: PowerShell gaps — Import-Certificate to Root, -EncodedCommand, powershell_ise, pwsh — certhound catches each', () => {
    const imp = 'powershell.exe -c "Import-Certificate -FilePath C:\\Users\\Public\\r.cer -CertStoreLocation Cert:\\LocalMachine\\Root"';
    expectSeed(PS, imp, null);
    expect(detect(PS, imp)).toMatchObject({ store: 'Root', rootStore: true, names: { files: ['C:\\Users\\Public\\r.cer'] }, verdict: { severity: 'high' } });
    const script = 'New-SelfSignedCertificate -DnsName evil.example -CertStoreLocation Cert:\\CurrentUser\\My';
    const enc = `powershell.exe -NoP -enc ${Buffer.from(script, 'utf16le').toString('base64')}`;
    expectSeed(PS, enc, null);
    expect(detect(PS, enc)).toMatchObject({ names: { dnsNames: ['evil.example'] }, verdict: { severity: 'medium' } });
    const ise = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell_ise.exe';
    expectSeed(ise, `${ise} -Command New-SelfSignedCertificate -DnsName a.example`, null);
    expect(detect(ise, `${ise} -Command New-SelfSignedCertificate -DnsName a.example`)).toMatchObject({ tool: 'powershell', verdict: { severity: 'medium' } });
    expectSeed('/usr/bin/pwsh', "pwsh -c 'New-SelfSignedCertificate -DnsName b.example'", null);
    expect(detect('/usr/bin/pwsh', "pwsh -c 'New-SelfSignedCertificate -DnsName b.example'")!.names.dnsNames).toEqual(['b.example']);
  });

  it('12: no command line (4688 without command-line auditing): openssl still CertGenToolExecution, certutil nothing', () => {
    expectSeed('C:\\OpenSSL\\bin\\openssl.exe', undefined, gen);
    expectSeed(CERTUTIL, undefined, null);
    expect(detect('C:\\OpenSSL\\bin\\openssl.exe', undefined)!.verdict.severity).toBe('low');
    expect(detect(CERTUTIL, undefined)).toBeNull();
  });

  it('13: registry evidence is invisible to the seed; certhound reports a Root write with its thumbprint, high', () => {
    const thumb = 'AD898AC73DF333EB60AC1F5FC6C4B2219DDB79B7';
    const ev: HostEvent = {
      time: T0,
      kind: 'registry',
      image: 'C:\\Users\\Public\\loader.exe',
      registryKey: `HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\Root\\Certificates\\${thumb}\\Blob`,
      registryStore: 'Root',
      registryThumbprint: thumb.toLowerCase(),
      registryAction: 'set',
      source: { file: 'quirks', format: 'sysmon-xml' },
    };
    expectSeed('C:\\Users\\Public\\loader.exe', undefined, null);
    expect(detectHost(ev, DEFAULT_HOST_CONFIG)).toMatchObject({
      seed: null,
      rootStore: true,
      names: { thumbprints: [thumb.toLowerCase()] },
      verdict: { severity: 'high' },
    });
  });

  it('14: branch order: an image path with "openssl" wins branch 1 even for PowerShell; certhound keeps the tool as powershell', () => {
    const image = 'C:\\Tools\\openssl\\powershell.exe';
    const cmd = 'powershell -c "openssl genrsa -out k.pem 2048"';
    expectSeed(image, cmd, { detectionBranch: 'CertGenToolWithArgs', targetsRootStore: 'false' });
    expect(detect(image, cmd)!.tool).toBe('powershell');
  });

  it('every seed value above agrees with the corpus reference evaluator', () => {
    const input = ASSERTED.map((a, i) => JSON.stringify({ id: String(i), baseImage: a.baseImage ?? null, commandLine: a.commandLine ?? null })).join('\n');
    const out = execFileSync('python3', [`${CORPUS_DIR}/host/expected_detections_reference.py`], { input, encoding: 'utf8' });
    const search = out.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { search: unknown }).search);
    expect(ASSERTED.length).toBeGreaterThanOrEqual(29);
    expect(search).toEqual(ASSERTED.map((a) => a.seed));
  });
});
