// Cluster messages as Kafka record values: JSON that keeps binary. socket.io packets may carry
// Buffers / typed arrays / ArrayBuffers (and so may socket.data in fetchSockets answers); plain
// JSON would turn them into {type:'Buffer',data:[…]} or {}. No msgpack library is installed, so
// each binary becomes {"$bin": base64}; to keep that marker unambiguous, every object key that
// starts with "$" is written with one more "$" and unescaped on decode.
const BINARY = '$bin';

export function encodeClusterValue(message: unknown): string {
  return JSON.stringify(message, function (this: Record<string, unknown>, key, value: unknown) {
    // `this[key]` is the value before toJSON: a Buffer arrives here as itself, not as its toJSON.
    const original = this[key];
    if (original instanceof ArrayBuffer) return { [BINARY]: Buffer.from(original).toString('base64') };
    if (ArrayBuffer.isView(original)) {
      const bytes = Buffer.from(original.buffer, original.byteOffset, original.byteLength);
      return { [BINARY]: bytes.toString('base64') };
    }
    if (isPlainRecord(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      const escaped: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) define(escaped, k.startsWith('$') ? `$${k}` : k, v);
      return escaped;
    }
    return value;
  });
}

/** Inverse of {@link encodeClusterValue}; binaries come back as Buffers. Throws on bad input. */
export function decodeClusterValue(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (!isPlainRecord(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === BINARY) {
      const encoded = value[BINARY];
      if (typeof encoded !== 'string') throw new Error(`cluster message: ${BINARY} must hold a base64 string`);
      return Buffer.from(encoded, 'base64');
    }
    if (!keys.some((k) => k.startsWith('$'))) return value;
    const unescaped: Record<string, unknown> = {};
    for (const k of keys) {
      // Only the encoder writes a single-"$" key, and only as the binary marker handled above.
      if (k.startsWith('$') && !k.startsWith('$$')) throw new Error(`cluster message: unexpected key ${k}`);
      define(unescaped, k.startsWith('$$') ? k.slice(1) : k, value[k]);
    }
    return unescaped;
  });
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// defineProperty, not assignment: a "__proto__" key from the wire stays an own property instead
// of replacing the object's prototype.
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
