/**
 * Hex SHA-256 of a file, computed in the browser (Web Crypto). The whole file is read into
 * memory, which is fine for the sizes a delivery allows; very large files would be hashed in
 * streamed chunks with an incremental SHA-256 instead (Web Crypto has no streaming digest).
 */
export async function sha256Hex(file: Blob): Promise<string> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) {
    throw new Error('This page cannot check files: open it over https (or on localhost) to upload.')
  }
  const digest = await subtle.digest('SHA-256', new Uint8Array(await file.arrayBuffer()))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}
