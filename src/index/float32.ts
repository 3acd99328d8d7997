/** Views a file's bytes as float32 without copying when the buffer is aligned (it is for large reads). */
export function bytesToFloat32(buf: Uint8Array): Float32Array {
  if (buf.byteOffset % 4 === 0) return new Float32Array(buf.buffer, buf.byteOffset, Math.floor(buf.byteLength / 4));
  return new Float32Array(buf.slice().buffer, 0, Math.floor(buf.byteLength / 4));
}
