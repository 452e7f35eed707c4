import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { BlockList, isIP, type LookupFunction, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** A connection refused because it would reach a non-public address (SSRF guard). */
export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`refusing to connect to ${host}: ${address} is not a public address`);
    this.name = 'ForbiddenAddressError';
  }
}

/** Loopback, private, link-local (cloud metadata), CGNAT, unspecified, documentation, multicast, reserved. */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 one carries (IPv4-mapped, IPv4-compatible, NAT64), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return null;
}

/** Whether an outbound CarrotQuest call may connect to this IP address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !FORBIDDEN.check(address, 'ipv4');
  if (family === 6) {
    const bare = address.replace(/^\[|\]$/g, '').split('%')[0]!;
    const inner = embeddedIpv4(bare);
    if (inner !== null) return isPublicAddress(inner);
    return !FORBIDDEN.check(bare, 'ipv6');
  }
  return false;
}

/**
 * `dns.lookup`, refusing any answer that is not a public address. Checked after resolution, so a
 * public name pointing at 127.0.0.1 or 169.254.169.254 is refused as surely as the literal.
 */
export const guardedLookup = ((
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const list = addresses as LookupAddress[];
    const forbidden = list.find((entry) => !isPublicAddress(entry.address));
    if (forbidden || list.length === 0)
      return callback(new ForbiddenAddressError(hostname, forbidden?.address ?? 'no address'), '');
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}) as unknown as LookupFunction;

/** Literal IP hosts never reach `lookup` (net connects to them directly): check them here. */
function forbiddenLiteral(host: string | null | undefined): ForbiddenAddressError | null {
  const bare = (host ?? '').replace(/^\[|\]$/g, '');
  return isIP(bare) && !isPublicAddress(bare) ? new ForbiddenAddressError(bare, bare) : null;
}

type ConnectionOptions = { host?: string | null; lookup?: LookupFunction };
type ConnectionCallback = (error: Error | null, socket: Duplex) => void;

/** What both agents do before they connect: refuse a literal private address, resolve names through guardedLookup. */
function connectGuarded(
  options: ConnectionOptions,
  callback: ConnectionCallback | undefined,
  connect: (options: ConnectionOptions, callback?: ConnectionCallback) => Duplex,
): Duplex {
  const refused = forbiddenLiteral(options.host);
  // The agent takes an error through the callback (the request then fails with it), not a throw.
  if (refused)
    return void process.nextTick(() => callback?.(refused, undefined as unknown as Duplex)) as unknown as Duplex;
  return connect({ ...options, lookup: guardedLookup }, callback);
}

/** An http.Agent that connects only to public addresses. */
export class GuardedHttpAgent extends HttpAgent {
  override createConnection(options: ConnectionOptions, callback?: ConnectionCallback): Duplex {
    return connectGuarded(options, callback, (guarded, cb) => super.createConnection(guarded, cb) as Socket);
  }
}

/** An https.Agent that connects only to public addresses. */
export class GuardedHttpsAgent extends HttpsAgent {
  override createConnection(options: ConnectionOptions, callback?: ConnectionCallback): Duplex {
    return connectGuarded(options, callback, (guarded, cb) => super.createConnection(guarded, cb) as Socket);
  }
}

/**
 * The connection agents for CarrotQuest calls when integrations may not choose their API base
 * (production): whatever the URL says, nothing on loopback, the private network or the cloud
 * metadata address is reached.
 */
export function guardedCarrotQuestAgents(options: AgentOptions = { keepAlive: true }): {
  http: HttpAgent;
  https: HttpsAgent;
} {
  return { http: new GuardedHttpAgent(options), https: new GuardedHttpsAgent(options) };
}
