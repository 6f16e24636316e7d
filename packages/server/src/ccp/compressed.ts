/**
 * Compressed copies of the agent desktop's text files, made once per file version (path,
 * size, modification time) and kept in memory up to a byte budget, oldest out first. The
 * hashed assets never change, so each is compressed once per process; concurrent first
 * requests share one compression.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Brotli quality 9 and gzip level 9: near the best ratio, still well under a second for an app bundle. */
const compress = (bytes: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> =>
  encoding === 'br'
    ? brotli(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 9,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      })
    : gzipAsync(bytes, { level: 9 });

export class CompressedCache {
  private readonly entries = new Map<string, Promise<Buffer>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  constructor(private readonly budget = 32 * 1024 * 1024) {}

  /** The compressed bytes of this version of a file (`read` gives the original). */
  get(file: string, size: number, mtimeMs: number, encoding: 'br' | 'gzip', read: () => Promise<Buffer>): Promise<Buffer> {
    const key = `${file}\u0000${size}\u0000${mtimeMs}\u0000${encoding}`;
    const held = this.entries.get(key);
    if (held) return held;
    const made = read().then((bytes) => compress(bytes, encoding));
    this.entries.set(key, made);
    made.then(
      (out) => {
        if (this.entries.get(key) !== made) return;
        this.sizes.set(key, out.length);
        this.bytes += out.length;
        this.evict();
      },
      () => this.entries.delete(key),
    );
    return made;
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.budget) return;
      const size = this.sizes.get(key);
      if (size === undefined) continue; // still compressing
      this.entries.delete(key);
      this.sizes.delete(key);
      this.bytes -= size;
    }
  }
}
