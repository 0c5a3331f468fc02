/**
 * A capture made here: one TLS 1.2 handshake per entry, in which the server presents the given chain (leaf first)
 * after a ClientHello with the given SNI; raw-IP frames, one second apart.
 */
import { CT, HS, certificateBody, clientHelloBody, handshake, record, serverHelloBody } from './tls-messages';
import { tcpConversation } from './frames';
import { LINKTYPE, writePcap } from './pcap-writer';

export interface Served {
  chain: Buffer[];
  sni: string;
  server?: { ip: string; port: number };
  client?: { ip: string; port: number };
}

export function servedCapture(served: Served[], startSec = 1767225600): Buffer {
  const frames = served.flatMap((s, k) => tcpConversation(s.client ?? { ip: '192.0.2.50', port: 50123 + k }, s.server ?? { ip: '198.51.100.7', port: 443 }, [
    { from: 'client', data: record(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody({ sni: s.sni }))) },
    { from: 'server', data: record(CT.HANDSHAKE, 0x0303, Buffer.concat([
      handshake(HS.SERVER_HELLO, serverHelloBody()), handshake(HS.CERTIFICATE, certificateBody(s.chain)), handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
    ])) },
  ]).map((data, i) => ({ time: startSec + k + i * 0.001, data })));
  return writePcap(frames, { linkType: LINKTYPE.RAW });
}
