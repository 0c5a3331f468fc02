/** Fills a Handshake's JA3/JA3S/JA4/JA4S from its parsed hellos. */
import type { Handshake } from './types';
import { ja3 } from './ja3';
import { ja3s } from './ja3s';
import { ja4, type Ja4Transport } from './ja4';
import { ja4s } from './ja4s';

/**
 * The JA4 protocol letter's input: DTLS (carrier `dtls`, or a DTLS version 0xfeXX in either hello) → `udp`
 * (`d`); any other hello over UDP can only be QUIC → `quic` (`q`); TCP → `tcp` (`t`).
 */
export function fingerprintTransport(h: Handshake): Ja4Transport {
  const dtlsVersion =
    (((h.clientHello?.legacyVersion ?? 0) & 0xff00) === 0xfe00) ||
    (((h.serverHello?.legacyVersion ?? 0) & 0xff00) === 0xfe00);
  if (h.protocol === 'dtls' || dtlsVersion) return 'udp';
  return h.transport === 'udp' ? 'quic' : 'tcp';
}

/**
 * Sets `h.ja3`/`h.ja4` from `h.clientHello` and `h.ja3s`/`h.ja4s` from `h.serverHello` when present.
 * SSLv2-format hellos get JA4 (version `s2`) but no JA3/JA3S/JA4S; see each module. Pure apart from `h`.
 */
export function addFingerprints(h: Handshake): void {
  const transport = fingerprintTransport(h);
  const ch = h.clientHello;
  if (ch !== undefined) {
    h.ja3 = ja3(ch);
    h.ja4 = ja4(ch, transport);
  }
  const sh = h.serverHello;
  if (sh !== undefined) {
    h.ja3s = ja3s(sh);
    h.ja4s = ja4s(sh, transport);
  }
}
