import { describe, expect, it } from 'vitest';
import { createFrontendParser } from './pg-round-trips';

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
