import { createHash } from 'node:crypto';
import { certBlob, MAX_REMEMBERED_CERTS } from '../../src/tls/cert-blob';
import { makeCert } from '../helpers/tls-messages';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

describe('certBlob', () => {
  const der = makeCert('blob.example');

  it('digests the DER and keeps an own copy, not a view of the stream buffer', () => {
    const stream = Buffer.concat([Buffer.from([1, 2, 3]), der, Buffer.from([4])]);
    const view = stream.subarray(3, 3 + der.length);
    const blob = certBlob(view, true);
    expect(blob.sha256).toBe(sha256(der));
    expect(blob.sha1).toBe(sha1(der));
    stream.fill(0); // the stream buffer is reused for the next bytes
    expect(blob.der?.equals(der)).toBe(true);
  });

  it('answers a certificate met again with the same blob (no digest, no copy), with or without its DER', () => {
    const a = certBlob(Buffer.from(der), true);
    const b = certBlob(Buffer.from(der), true);
    expect(b).toBe(a);
    const bare = certBlob(Buffer.from(der), false);
    expect(bare.der).toBeUndefined();
    expect(bare.sha256).toBe(a.sha256);
    expect(certBlob(Buffer.from(der), false)).toBe(bare);
  });

  it('a crafted certificate with the same length and signature tail gets its own digests', () => {
    const forged = Buffer.from(der);
    forged[40] ^= 0xff; // inside the TBS: same length, same last bytes
    const genuine = certBlob(Buffer.from(der), true);
    const other = certBlob(forged, true);
    expect(other).not.toBe(genuine);
    expect(other.sha256).toBe(sha256(forged));
    expect(other.der?.equals(forged)).toBe(true);
    expect(certBlob(Buffer.from(der), true).sha256).toBe(sha256(der));
  });

  it('remembers a bounded number of certificates', () => {
    const first = certBlob(Buffer.concat([der, Buffer.from('first')]), true);
    for (let i = 0; i <= MAX_REMEMBERED_CERTS; i++) certBlob(Buffer.concat([der, Buffer.from(`filler ${i}`)]), true);
    const again = certBlob(Buffer.concat([der, Buffer.from('first')]), true);
    expect(again).not.toBe(first); // forgotten, made again
    expect(again.sha256).toBe(first.sha256);
  });
});
