/**
 * Captures of TLS 1.2 connections made in the test: ClientHello (with SNI), the server flight presenting a chain
 * (and asking for the client's when one is given), the client's certificate flight, in TCP conversations from
 * frames.ts written by pcap-writer.ts. Enough for the scan pipeline to see every chain as a network would.
 */
import { ethernet, tcpConversation } from './frames';
import { writePcap, type TestFrame } from './pcap-writer';
import { certificateBody, clientHelloBody, CT, handshake, HS, records, serverHelloBody } from './tls-messages';

export interface TlsConnection {
  /** Server address; port 443 unless given. */
  readonly server: string;
  readonly port?: number;
  readonly client?: string;
  readonly sni?: string;
  /** DER certificates the server presents, leaf first. */
  readonly serverChain: readonly Buffer[];
  /** DER certificates the client presents (mutual TLS), leaf first. */
  readonly clientChain?: readonly Buffer[];
  /** Epoch seconds of the first packet. */
  readonly time: number;
}

let clientPort = 40000;

/** One connection as Ethernet frames. */
export function tlsFrames(c: TlsConnection): TestFrame[] {
  const hello = records(CT.HANDSHAKE, 0x0301, handshake(HS.CLIENT_HELLO, clientHelloBody(c.sni ? { sni: c.sni } : {})));
  const flight = records(CT.HANDSHAKE, 0x0303, Buffer.concat([
    handshake(HS.SERVER_HELLO, serverHelloBody()),
    handshake(HS.CERTIFICATE, certificateBody([...c.serverChain])),
    c.clientChain ? handshake(HS.CERTIFICATE_REQUEST, Buffer.from([1, 1, 0, 0])) : Buffer.alloc(0),
    handshake(HS.SERVER_HELLO_DONE, Buffer.alloc(0)),
  ]));
  const exchange: Array<{ from: 'client' | 'server'; data: Buffer }> = [{ from: 'client', data: hello }, { from: 'server', data: flight }];
  if (c.clientChain) {
    exchange.push({ from: 'client', data: records(CT.HANDSHAKE, 0x0303, Buffer.concat([
      handshake(HS.CERTIFICATE, certificateBody([...c.clientChain])),
      handshake(HS.CLIENT_KEY_EXCHANGE, Buffer.alloc(66, 7)),
    ])) });
  }
  clientPort = clientPort >= 60000 ? 40000 : clientPort + 1;
  const packets = tcpConversation({ ip: c.client ?? '192.168.1.10', port: clientPort }, { ip: c.server, port: c.port ?? 443 }, exchange);
  return packets.map((p, i) => ({ time: c.time + i * 0.001, data: ethernet(p) }));
}

/** A pcap of the connections, in the order given. */
export function tlsCapture(connections: readonly TlsConnection[]): Buffer {
  return writePcap(connections.flatMap(tlsFrames));
}
