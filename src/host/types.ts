/** Records of the host stage: process and registry events in, `HostDetection`s out. */

/** Input formats the readers recognise (sniffed from content, never from the file name). */
export type HostEventFormat =
  | 'sysmon-xml'
  | 'security-4688-xml'
  | 'evtx-json'
  | 'winlogbeat-json'
  | 'flat-eventdata-json'
  | 'cse-json'
  | 'ecs-json'
  | 'auditd';

/** Where an event came from. */
export interface HostEventSource {
  readonly file: string;
  /** 1-based line where the event starts in its file. */
  readonly line?: number;
  readonly format: HostEventFormat;
}

/** What a registry event did to its key (Sysmon 12 CreateKey/DeleteKey, 13 SetValue, 14 RenameKey). */
export type RegistryAction = 'create' | 'set' | 'delete' | 'rename';

/** One process creation, or one registry write under a certificate store, normalised from any source. */
export interface HostEvent {
  /** Event time, epoch milliseconds (UTC). 0 when the source carried no readable time (an anomaly is counted). */
  time: number;
  /** Host name as the source gives it (Sysmon `Computer`, CSE `device_hostname`, auditd `node`). */
  host?: string;
  /** Address of the host when the source carries one (CSE `device_ip`, ECS `host.ip`). */
  hostIp?: string;
  /** Account as the source gives it (`DOMAIN\user`, user name, or an auditd uid). */
  user?: string;
  /** Full path of the executable (Sysmon `Image`, 4688 `NewProcessName`, CSE `baseImage`, auditd SYSCALL `exe`). */
  image?: string;
  commandLine?: string;
  /** The exact argument vector when the source carries one (auditd EXECVE, ECS `process.args`); `commandLine` is then these joined by spaces. */
  argv?: string[];
  parentImage?: string;
  parentCommandLine?: string;
  pid?: number;
  parentPid?: number;
  source: HostEventSource;
  kind: 'process' | 'registry';
  /** Registry events: the full `TargetObject`. */
  registryKey?: string;
  /** Registry events: the SHA-1 thumbprint named by the key, lower-case hex. */
  registryThumbprint?: string;
  /** Registry events: the store named by the key (`Root`, `AuthRoot`, `CA`, `My`, …) as written. */
  registryStore?: string;
  /** Registry events: what was done to the key. */
  registryAction?: RegistryAction;
}

/** A malformed input, counted and reported, never thrown. */
export interface HostAnomaly {
  file: string;
  /** 1-based line where the bad input starts (0 when it concerns the whole input). */
  line: number;
  message: string;
  /** The input is in no format the host stage reads (nothing of it was read). */
  unknownFormat?: boolean;
}

/** The seed query's `detectionBranch` values. */
export type DetectionBranch =
  | 'CertGenToolWithArgs'
  | 'PSCertificateCreation'
  | 'CertUtilStoreImport'
  | 'CertGenToolExecution';

/** The seed query's computed fields for one record that passes its where-clause. */
export interface SeedResult {
  detectionBranch: DetectionBranch;
  /** Exactly the query's string values. */
  targetsRootStore: 'true' | 'false';
}

export type HostSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** What a command line (or registry key) names. */
export interface CommandLineNames {
  /** Subject as written (`/CN=a/O=b`, `CN=a, O=b`). */
  subject?: string;
  /** The CN of `subject`, or the first DNS name New-SelfSignedCertificate would use. */
  commonName?: string;
  dnsNames: string[];
  /** Key, certificate, request and container files named (`-out`, `-keyout`, `.pfx`/`.cer` paths …), in order. */
  files: string[];
  /** SHA-1 thumbprints named, lower-case hex. */
  thumbprints: string[];
  /** Validity asked for, in days (`-days`, PowerShell `AddDays/AddMonths/AddYears`, makecert `-m`). */
  days?: number;
  /** `rsa`, `ec`, `ed25519`, `dsa`, … */
  keyType?: string;
  keyBits?: number;
  /** IP addresses in a subjectAltName or CN. */
  ipAddresses?: string[];
  /** True when the command asks for a CA certificate (basicConstraints CA:TRUE, v3_ca, CertSign, makecert -cy authority). */
  isCa?: boolean;
}

/** What the host stage hands on: one event the seed rule or certhound's own logic flags. */
export interface HostDetection {
  event: HostEvent;
  /** The seed query's own values, exactly as it computes them; null when its where-clause does not match. */
  seed: SeedResult | null;
  /** Tool taken from the image's file name (`openssl`, `certutil`, `powershell`, …); never from a directory name. */
  tool?: string;
  /** The certificate store actually named (command line or registry key), as written. */
  store?: string;
  /** certhound's own root flag: the store is Root or AuthRoot (or a Linux/macOS trust anchor install). */
  rootStore: boolean;
  names: CommandLineNames;
  /** certhound's own verdict from its own fields. */
  verdict: { severity: HostSeverity; reasons: string[] };
  /** Set when a false-positive rule from HostConfig matched; the detection stays visible. */
  suppressed?: { reason: string };
}
