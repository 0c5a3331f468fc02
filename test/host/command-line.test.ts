/**
 * (d) Tokenising and what a command line names. Windows vectors: Microsoft's "Parsing C++ command-line
 * arguments" table (https://learn.microsoft.com/en-us/cpp/cpp/main-function-command-line-args#parsing-c-command-line-arguments);
 * the `""` rule is CommandLineToArgvW's (http://www.hardtoc.com/2010/09/24/quoting-command-line-arguments.html).
 * POSIX vectors: XCU 2.2 Quoting (https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_02).
 */
import { extractCommandLineNames, tokenizeCommandLine } from '../../src/host';

describe('tokenizeCommandLine windows', () => {
  const cases: Array<[string, string[]]> = [
    ['"abc" d e', ['abc', 'd', 'e']],
    ['a\\\\b d"e f"g h', ['a\\\\b', 'de fg', 'h']],
    ['a\\\\\\"b c d', ['a\\"b', 'c', 'd']],
    ['a\\\\\\\\"b c" d e', ['a\\\\b c', 'd', 'e']],
  ];
  for (const [args, want] of cases) {
    it(`prog ${args}`, () => expect(tokenizeCommandLine(`prog ${args}`, 'windows')).toEqual(['prog', ...want]));
  }
  it('argv[0] in quotes keeps its backslashes and spaces', () => {
    expect(tokenizeCommandLine('"C:\\Program Files\\OpenSSL-Win64\\bin\\openssl.exe" req -subj "/CN=a b"', 'windows')).toEqual([
      'C:\\Program Files\\OpenSSL-Win64\\bin\\openssl.exe',
      'req',
      '-subj',
      '/CN=a b',
    ]);
  });
  it('"" inside quotes gives a literal quote and ends the quoted part (CommandLineToArgvW)', () => {
    expect(tokenizeCommandLine('prog a"b"" c d', 'windows')).toEqual(['prog', 'ab"', 'c', 'd']);
  });
  it('double spaces (as in "certutil  -addstore") make no empty arguments', () => {
    expect(tokenizeCommandLine('certutil  -addstore -f root x.cer', 'windows')).toEqual(['certutil', '-addstore', '-f', 'root', 'x.cer']);
  });
});

describe('tokenizeCommandLine posix', () => {
  it('single quotes are literal, double quotes escape only $ ` " \\ newline, a bare backslash escapes one character', () => {
    expect(tokenizeCommandLine(`openssl req -subj '/CN=a b\\c' -out "x \\"y\\".pem" a\\ b "\\n"`, 'posix')).toEqual([
      'openssl',
      'req',
      '-subj',
      '/CN=a b\\c',
      '-out',
      'x "y".pem',
      'a b',
      '\\n',
    ]);
  });
  it("'it'\\''s' joins into one word", () => expect(tokenizeCommandLine("echo 'it'\\''s'", 'posix')).toEqual(['echo', "it's"]));
});

describe('extractCommandLineNames', () => {
  it('openssl req: subject, CN, SAN DNS names and IP, key, days, files, CA flag', () => {
    const n = extractCommandLineNames(
      `openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes -keyout /tmp/k.pem -out /tmp/c.pem -subj "/C=US/O=Contoso/CN=login.contoso.example" -addext "subjectAltName=DNS:login.contoso.example,DNS:*.contoso.example,IP:10.0.0.5" -addext "basicConstraints=critical,CA:TRUE"`,
    );
    expect(n).toEqual({
      subject: '/C=US/O=Contoso/CN=login.contoso.example',
      commonName: 'login.contoso.example',
      dnsNames: ['login.contoso.example', '*.contoso.example'],
      ipAddresses: ['10.0.0.5'],
      files: ['/tmp/k.pem', '/tmp/c.pem'],
      thumbprints: [],
      days: 825,
      keyType: 'rsa',
      keyBits: 3072,
      isCa: true,
    });
  });

  it('openssl genpkey / genrsa / x509 -req: key type and size, files, days', () => {
    expect(extractCommandLineNames('openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out k.pem')).toMatchObject({ keyType: 'ec', keyBits: 384, files: ['k.pem'] });
    expect(extractCommandLineNames('openssl genrsa -aes256 -out k.pem 4096')).toMatchObject({ keyType: 'rsa', keyBits: 4096 });
    expect(extractCommandLineNames('openssl x509 -req -in r.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out s.crt -days 90')).toMatchObject({
      files: ['r.csr', 'ca.crt', 'ca.key', 's.crt'],
      days: 90,
    });
  });

  it('openssl -subj with an escaped slash and a multi-valued RDN', () => {
    expect(extractCommandLineNames(`openssl req -new -subj '/O=A\\/B/CN=x.example+UID=7' -key k -out r`)).toMatchObject({ subject: '/O=A\\/B/CN=x.example+UID=7', commonName: 'x.example' });
  });

  it('New-SelfSignedCertificate: subject, DNS names (first is the CN), store, key, validity, CA extension, export file', () => {
    const cmd =
      'powershell.exe -NoProfile -Command "$c = New-SelfSignedCertificate -Subject \'CN=Update Service, O=Contoso\' -DnsName update.contoso.example, cdn.contoso.example ' +
      '-CertStoreLocation Cert:\\LocalMachine\\My -KeyAlgorithm RSA -KeyLength 4096 -NotAfter (Get-Date).AddYears(2) -KeyUsage CertSign, DigitalSignature ' +
      "-TextExtension @('2.5.29.19={critical}{text}ca=TRUE'); Export-PfxCertificate -Cert $c -FilePath C:\\Users\\Public\\u.pfx -Password $pw\"";
    expect(extractCommandLineNames(cmd)).toEqual({
      subject: 'CN=Update Service, O=Contoso',
      commonName: 'Update Service',
      dnsNames: ['update.contoso.example', 'cdn.contoso.example'],
      files: ['C:\\Users\\Public\\u.pfx'],
      thumbprints: [],
      days: 730,
      keyType: 'rsa',
      keyBits: 4096,
      isCa: true,
      store: 'My',
    });
  });

  it('New-SelfSignedCertificate with only -DnsName: the first name stands as the CN; ECDSA key', () => {
    expect(extractCommandLineNames('pwsh -c "New-SelfSignedCertificate -DnsName app.example -KeyAlgorithm ECDSA_nistP256"')).toMatchObject({
      commonName: 'app.example',
      dnsNames: ['app.example'],
      keyType: 'ec',
      keyBits: 256,
    });
  });

  it('PowerShell: a quoted -Subject with spaces stays one value (ART T1553.004 prereq, public_commandline_fixtures art-win-5)', () => {
    const cmd = 'powershell.exe & {$root = New-SelfSignedCertificate -Subject "CN=Atomic Root CA" -CertStoreLocation Cert:\\CurrentUser\\My -KeyUsage CertSign -TextExtension @("2.5.29.19={critical}{text}ca=TRUE")}';
    expect(extractCommandLineNames(cmd)).toMatchObject({ subject: 'CN=Atomic Root CA', commonName: 'Atomic Root CA', isCa: true, store: 'My' });
  });

  it('PowerShell: a parameter list ends at the statement; @(…) arrays are lists', () => {
    const cmd = 'powershell.exe & {$c = New-SelfSignedCertificate -DnsName a.example\nExport-Certificate -Cert $c -FilePath x.cer; New-SelfSignedCertificate -DnsName @(\'b.example\', \'c.example\')}';
    expect(extractCommandLineNames(cmd)).toMatchObject({ dnsNames: ['a.example', 'b.example', 'c.example'], files: ['x.cer'] });
  });

  it('makecert: subject, store, key length, key file, output, CA', () => {
    expect(extractCommandLineNames('makecert.exe -r -pe -n "CN=Fake Root CA" -ss Root -sr LocalMachine -len 2048 -sv C:\\t\\root.pvk -cy authority -a sha256 C:\\t\\root.cer')).toEqual({
      subject: 'CN=Fake Root CA',
      commonName: 'Fake Root CA',
      dnsNames: [],
      files: ['C:\\t\\root.pvk', 'C:\\t\\root.cer'],
      thumbprints: [],
      keyType: 'rsa',
      keyBits: 2048,
      isCa: true,
      store: 'Root',
    });
  });

  it('certutil: store of -addstore (either dash or slash), -p values are not files, thumbprints', () => {
    expect(extractCommandLineNames('certutil -enterprise -f -addstore CA "C:\\Temp\\sub ca.cer"')).toMatchObject({ store: 'CA', files: ['C:\\Temp\\sub ca.cer'] });
    expect(extractCommandLineNames('certutil.exe /addstore root evil.crt')).toMatchObject({ store: 'root', files: ['evil.crt'] });
    expect(extractCommandLineNames('certutil -p secret.pfx -importpfx Root C:\\x\\a.pfx')).toMatchObject({ store: 'Root', files: ['C:\\x\\a.pfx'] });
    expect(extractCommandLineNames('certutil -delstore My 3B1EFD3A66EA28B16697394703A72CA340A05BD5').thumbprints).toEqual(['3b1efd3a66ea28b16697394703a72ca340a05bd5']);
  });

  it('certmgr: file, store after /s [/r location], /sha1 thumbprint', () => {
    expect(extractCommandLineNames('CertMgr.exe /add CertificateFileName.cer /s /r localMachine root /all')).toMatchObject({ store: 'root', files: ['CertificateFileName.cer'] });
    expect(extractCommandLineNames('certmgr /del /c /sha1 AD898AC73DF333EB60AC1F5FC6C4B2219DDB79B7 /s my').thumbprints).toEqual(['ad898ac73df333eb60ac1f5fc6c4b2219ddb79b7']);
  });

  it('keytool: -genkeypair names, -importcert into cacerts', () => {
    expect(extractCommandLineNames('keytool -genkeypair -alias c2 -dname "CN=cdn.example, O=X" -keyalg RSA -keysize 4096 -validity 3650 -keystore c2.jks -ext san=dns:cdn.example,ip:10.0.0.1')).toEqual({
      subject: 'CN=cdn.example, O=X',
      commonName: 'cdn.example',
      dnsNames: ['cdn.example'],
      ipAddresses: ['10.0.0.1'],
      files: ['c2.jks'],
      thumbprints: [],
      days: 3650,
      keyType: 'rsa',
      keyBits: 4096,
    });
    expect(extractCommandLineNames('keytool -importcert -noprompt -cacerts -alias x -file /tmp/evil.crt')).toMatchObject({ store: 'cacerts', files: ['/tmp/evil.crt'] });
    expect(extractCommandLineNames('keytool -importcert -file a.crt -alias a').store).toBeUndefined();
  });

  it('Linux/macOS trust tools: keychain and anchors as the store', () => {
    expect(extractCommandLineNames('security add-trusted-cert -d -r trustRoot -k "/Library/Keychains/System.keychain" "rootCA.crt"')).toMatchObject({
      store: '/Library/Keychains/System.keychain',
      files: ['rootCA.crt'],
    });
    expect(extractCommandLineNames('trust anchor --store /tmp/evil.pem')).toMatchObject({ store: 'anchors', files: ['/tmp/evil.pem'] });
  });
});
