// The cluster-message codec: JSON that keeps binary, without confusing user data for its marker.
import { describe, expect, it } from 'vitest';
import { decodeClusterValue, encodeClusterValue } from '../../src/socketio/codec.ts';

const roundTrip = (value: unknown) => decodeClusterValue(encodeClusterValue(value));

describe('cluster message codec', () => {
  it('keeps plain JSON values as they are', () => {
    const message = { uid: 'x', nsp: '/', type: 3, data: { packet: { type: 2, data: ['ev', 1, 'two', null, true, [3]] } } };
    expect(roundTrip(message)).toEqual(message);
  });

  it('brings Buffers, typed arrays and ArrayBuffers back as Buffers with the same bytes', () => {
    const bytes = Uint8Array.from([0, 1, 2, 253, 254, 255]);
    const decoded = roundTrip({
      buffer: Buffer.from(bytes),
      typed: new Uint16Array([1, 65535]),
      arrayBuffer: bytes.buffer,
      slice: Buffer.from(bytes).subarray(2, 4),
      nested: [{ deep: Buffer.from('hi') }],
    }) as Record<string, unknown>;
    expect(decoded.buffer).toEqual(Buffer.from(bytes));
    expect(decoded.typed).toEqual(Buffer.from(new Uint16Array([1, 65535]).buffer));
    expect(decoded.arrayBuffer).toEqual(Buffer.from(bytes));
    expect(decoded.slice).toEqual(Buffer.from([2, 253]));
    expect((decoded.nested as { deep: unknown }[])[0]!.deep).toEqual(Buffer.from('hi'));
  });

  it('keeps user keys that start with "$", including one shaped like the binary marker', () => {
    const value = { $bin: 'not binary', $$double: 1, inner: { $set: { a: 1 } }, plain: 'x' };
    expect(roundTrip(value)).toEqual(value);
  });

  it('keeps a "__proto__" key as data and never changes the prototype', () => {
    const decoded = roundTrip(JSON.parse('{"$x":1,"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toEqual({ polluted: true });
  });

  it('refuses text that no encoder wrote, with a clear error', () => {
    expect(() => decodeClusterValue('{"$bin":42}')).toThrow(/\$bin must hold a base64 string/);
    expect(() => decodeClusterValue('{"$other":1}')).toThrow(/unexpected key \$other/);
    expect(() => decodeClusterValue('not json')).toThrow(SyntaxError);
  });
});
