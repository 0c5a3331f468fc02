/** Records of the x509 stage: DER in, `CertFacts` out (one per distinct SHA-256). */

/** One attribute of a distinguished name, in the order the certificate encodes it. */
export interface NameAttribute {
  /** Short name where one exists (CN, O, OU, C, ST, L, emailAddress, DC …), else the dotted OID. */
  readonly type: string;
  readonly oid: string;
  readonly value: string;
}

export interface DistinguishedName {
  /** RFC 4514 string (most specific RDN first, as Zeek and `openssl -nameopt RFC2253` print). */
  readonly rfc4514: string;
  readonly attributes: NameAttribute[];
  /** First CN, if any. */
  readonly commonName?: string;
}

export type KeyType = 'rsa' | 'ec' | 'dsa' | 'ed25519' | 'ed448' | 'rsa-pss' | 'unknown';

export interface PublicKeyFacts {
  readonly type: KeyType;
  /** Modulus bits (RSA/DSA) or field size (EC). */
  readonly bits?: number;
  /** Named curve of an EC key (e.g. P-256). */
  readonly curve?: string;
  readonly rsaExponent?: number;
  /** OID of the key algorithm, for the `unknown` case above all. */
  readonly algorithmOid: string;
}

/** Path from a certificate to a trust anchor, judged at the time of the sighting. */
export type TrustVerdict =
  | 'trusted'            // chains to a root trusted (then) by Mozilla, every signature checked
  | 'trusted-private'    // chains to a private anchor the user gave (--trust-roots, trust.roots, a CA mark)
  | 'untrusted'          // self-signed or ends in a root we do not trust
  | 'incomplete'         // an issuer is missing from the presented chain and from our roots
  | 'bad-signature'      // a link whose signature does not verify
  | 'not-verifiable';    // no DER (Zeek logs without `cert`)

/** Everything certhound knows of one certificate. Pure data; DER only when asked. */
export interface CertFacts {
  /** SHA-256 of the DER, or a labelled stand-in when a log gives neither (cert-identity.ts): the identity. */
  readonly sha256: string;
  readonly sha1: string;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  /** Upper-case hex, no separators, leading zeros dropped as OpenSSL prints. */
  readonly serial: string;
  readonly version: number;
  /** ISO 8601 UTC. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly publicKey: PublicKeyFacts;
  /** Dotted OID and a readable name (sha256WithRSAEncryption, ecdsa-with-SHA256 …). */
  readonly signatureAlgorithm: { readonly oid: string; readonly name: string };
  /** subjectAltName by kind; `other` holds the rarer kinds as text (see `GeneralNameLists`). */
  readonly san: { readonly dns: string[]; readonly ip: string[]; readonly email: string[]; readonly uri: string[]; readonly other?: string[] };
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number; readonly critical: boolean };
  readonly keyUsage: string[];
  readonly extendedKeyUsage: string[];
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  readonly aia: { readonly ocsp: string[]; readonly caIssuers: string[] };
  readonly policies: string[];
  /** Extension OIDs in certificate order. */
  readonly extensionOids: string[];
  /** SHA-256 (hex) of the SubjectPublicKeyInfo DER: the key's identity across certificates. */
  readonly spkiSha256: string;
  /** FoxIO JA4X (FoxIO License 1.1). */
  readonly ja4x?: string;
  /** Subject equals issuer. */
  readonly selfIssued: boolean;
  /** For a self-issued certificate: does its signature verify under its own key? */
  readonly selfSignatureValid?: boolean;
  /** OIDs of extensions present but not decodable (malformed value); their facts are missing above. */
  readonly unreadableExtensions?: string[];
  /** False when no parser could read the DER; the other fields are then best effort. */
  readonly parsed: boolean;
  /** Facts a log could not tell (made from a log, not DER): their fields hold placeholders (detect/unknown-facts.ts). */
  readonly unknown?: readonly string[];
  readonly der?: Buffer;
}
