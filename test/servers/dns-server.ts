/**
 * test/servers/dns-server: a loopback UDP DNS responder (dns-packet for the wire format) so
 * ownership verification and address pinning are tested against a real resolver exchange.
 * Each test scripts the answers; a function answer can change between queries (rebinding).
 */
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';

export type Answer =
  | { type: 'TXT'; data: string[] }
  | { type: 'A'; data: string }
  | { type: 'AAAA'; data: string };

export type Zone = (name: string, type: string, queryIndex: number) => Answer[];

export interface DnsServer {
  /** "127.0.0.1:PORT", what `--resolver` takes. */
  address: string;
  queries: { name: string; type: string }[];
  close(): Promise<void>;
}

export async function startDnsServer(zone: Zone): Promise<DnsServer> {
  const socket = createSocket('udp4');
  const queries: { name: string; type: string }[] = [];
  socket.on('message', (message, remote) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const index = queries.push({ name: question.name, type: question.type }) - 1;
    const answers = zone(question.name.toLowerCase(), question.type, index)
      .filter((a) => a.type === question.type)
      .map((a) => ({ type: a.type, name: question.name, ttl: 1, class: 'IN' as const, data: a.data }));
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
      questions: query.questions,
      answers: answers as dnsPacket.Answer[],
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
