import { describe, expect, it } from 'vitest';
import { createBackendParser, createFrontendParser, createRoundTripCounter } from './pg-round-trips';

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const untagged = (code: number, body = Buffer.alloc(0)) => Buffer.concat([int32(8 + body.length), int32(code), body]);
const tagged = (tag: string, body = Buffer.alloc(0)) => Buffer.concat([Buffer.from(tag), int32(4 + body.length), body]);

// What postgres.js sends for one prepared query: Parse, Bind, Describe, Execute, Sync.
const extendedQuery = Buffer.concat([tagged('P', Buffer.from('\0select 1\0\0\0')), tagged('B', Buffer.alloc(10)), tagged('D', Buffer.from('P\0')), tagged('E', Buffer.alloc(5)), tagged('S')]);

describe('the frontend message parser', () => {
  it('counts one statement per Sync or simple Query after the startup messages', () => {
    let statements = 0;
    const feed = createFrontendParser(() => statements++);
    feed(untagged(80877103)); // SSLRequest, answered 'N' by the server
    feed(untagged(196608, Buffer.from('user\0postgres\0\0')));
    // A password message is not a statement.
    feed(tagged('p', Buffer.from('secret\0')));
    expect(statements).toBe(0);
    feed(Buffer.concat([extendedQuery, extendedQuery, tagged('Q', Buffer.from('begin\0'))]));
    expect(statements).toBe(3);
  });

  it('follows messages split across TCP chunks at any byte', () => {
    const stream = Buffer.concat([untagged(196608, Buffer.from('user\0x\0\0')), extendedQuery, tagged('S'), extendedQuery]);
    for (let size = 1; size <= 7; size++) {
      let statements = 0;
      const feed = createFrontendParser(() => statements++);
      for (let i = 0; i < stream.length; i += size) feed(stream.subarray(i, i + size));
      expect(statements, `chunks of ${size}`).toBe(3);
    }
  });
});

describe('round trips', () => {
  const ready = tagged('Z', Buffer.from('I'));
  const connect = (ssl: boolean) => {
    const counts = { statements: 0, roundTrips: 0 };
    const counter = createRoundTripCounter(() => counts.roundTrips++);
    let sslRequested = false;
    const parseClient = createFrontendParser(
      () => counts.statements++,
      () => (sslRequested = true),
    );
    const parseServer = createBackendParser(counter.ready, () => sslRequested);
    // As the proxy does with each chunk it forwards.
    const client = (chunk: Buffer) => (parseClient(chunk), counter.clientWrote());
    const server = (chunk: Buffer) => (parseServer(chunk), counter.serverWrote());
    if (ssl) client(untagged(80877103));
    client(untagged(196608, Buffer.from('user\0x\0\0')));
    // The SSL answer ('N'), authentication ok and the ReadyForQuery that ends the start-up.
    server(Buffer.concat([ssl ? Buffer.from('N') : Buffer.alloc(0), tagged('R', int32(0)), ready]));
    return { client, server, counts };
  };

  it('counts statements written together as one round trip, and each write after an answer as another', () => {
    for (const ssl of [false, true]) {
      const { client, server, counts } = connect(ssl);
      expect(counts, `ssl ${ssl}: the start-up`).toEqual({ statements: 0, roundTrips: 0 });
      // begin, scope and statement written before any answer, even across TCP chunks: one round trip.
      client(Buffer.concat([extendedQuery, extendedQuery]));
      client(extendedQuery);
      server(Buffer.concat([ready, ready]));
      server(ready);
      expect(counts).toEqual({ statements: 3, roundTrips: 1 });
      // commit, written after the answers: another.
      client(tagged('Q', Buffer.from('commit\0')));
      server(ready);
      expect(counts).toEqual({ statements: 4, roundTrips: 2 });
      // A statement whose parameter types are asked first: Parse, Describe, Flush; the answer; Bind, Execute, Sync.
      client(Buffer.concat([tagged('P', Buffer.from('\0select $1\0\0\0')), tagged('D', Buffer.from('S\0')), tagged('H')]));
      server(Buffer.concat([tagged('t', Buffer.from([0, 0])), tagged('n')]));
      client(Buffer.concat([tagged('B', Buffer.alloc(10)), tagged('E', Buffer.alloc(5)), tagged('S')]));
      server(ready);
      expect(counts).toEqual({ statements: 5, roundTrips: 4 });
    }
  });
});
