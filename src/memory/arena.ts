/**
 * Arena: the one allocator of simdict's WebAssembly memories. Every long-lived piece of data in a memory (a model's
 * rows and norms, the workers' tile workspaces, the quantised panels, a kernel call's scratch) is a named region of
 * an arena, and regions are freed in any order: a server that answers batches while it builds a dictionary, or an
 * index that lives as long as the server, overlap without stepping on each other.
 *
 * First fit over a free list kept sorted by offset, with neighbours coalesced on release; every region starts on a
 * 16-byte boundary (the kernels' v128 loads). Past the last free block the arena takes fresh space at its top and
 * grows the memory as needed, up to the memory's 4 GiB; a request that cannot fit is a RangeError with the sizes.
 * The arena's own bookkeeping is JS state of the thread that made it (the main thread): workers only use regions
 * whose offsets they are sent.
 *
 * The bytes [0, base) are not the arena's (the kernel modules' reserved start, ./layout.ts KERNEL_RESERVED).
 */
import { align16, MAX_BYTES, PAGE } from './sizes.js';

/** A region of an arena: `bytes` bytes (rounded up to 16) at byte offset `offset`. */
export interface Region {
  readonly name: string;
  readonly offset: number;
  readonly bytes: number;
  /** Gives the region back; a second call throws. */
  release(): void;
}

interface Block {
  offset: number;
  bytes: number;
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;

export class Arena {
  /** Free blocks below `top`, sorted by offset, never adjacent (coalesced). */
  private readonly free: Block[] = [];
  private readonly live = new Map<number, { name: string; bytes: number }>();
  private top: number;

  /** An arena over `memory` from byte `base` (16-aligned) on; `limit`: the most bytes the memory may reach. */
  constructor(readonly memory: WebAssembly.Memory, readonly base: number, readonly limit = MAX_BYTES) {
    if (base % 16 !== 0 || base < 0) throw new RangeError(`an arena starts on a 16-byte boundary, got ${base}`);
    this.top = base;
  }

  /** A region of `bytes` bytes; grows the memory when no free block fits. */
  reserve(bytes: number, name = 'region'): Region {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`region ${name}: bytes must be a whole number ≥ 0, got ${bytes}`);
    const size = Math.max(16, align16(bytes));
    let offset = -1;
    for (let b = 0; b < this.free.length; b++) {
      const block = this.free[b];
      if (block.bytes < size) continue;
      offset = block.offset;
      if (block.bytes === size) this.free.splice(b, 1);
      else {
        block.offset += size;
        block.bytes -= size;
      }
      break;
    }
    if (offset < 0) {
      const end = this.top + size;
      if (end > this.limit) {
        throw new RangeError(
          `region ${name} of ${mib(size)} does not fit: the WebAssembly memory holds ${mib(this.used)} in ${this.live.size} regions ` +
            `and at most ${mib(this.limit)}${this.freeBytes > 0 ? ` (${mib(this.freeBytes)} free, in pieces too small)` : ''}`,
        );
      }
      this.growTo(end);
      offset = this.top;
      this.top = end;
    }
    this.live.set(offset, { name, bytes: size });
    let released = false;
    return {
      name,
      offset,
      bytes: size,
      release: () => {
        if (released) throw new Error(`region ${name} at ${offset} was already released`);
        released = true;
        this.give(offset);
      },
    };
  }

  /** Bytes held by live regions. */
  get used(): number {
    let sum = 0;
    for (const r of this.live.values()) sum += r.bytes;
    return sum;
  }

  /** Bytes in free blocks below the top (reusable without growing the memory). */
  get freeBytes(): number {
    return this.free.reduce((sum, b) => sum + b.bytes, 0);
  }

  /** The live regions, by offset: what each takes. */
  regions(): { name: string; offset: number; bytes: number }[] {
    return [...this.live].sort((a, b) => a[0] - b[0]).map(([offset, r]) => ({ name: r.name, offset, bytes: r.bytes }));
  }

  private give(offset: number): void {
    const r = this.live.get(offset)!;
    this.live.delete(offset);
    let block: Block = { offset, bytes: r.bytes };
    let at = this.free.findIndex((b) => b.offset > offset);
    if (at < 0) at = this.free.length;
    const prev = this.free[at - 1], next = this.free[at];
    if (prev && prev.offset + prev.bytes === block.offset) {
      prev.bytes += block.bytes;
      block = prev;
      at--;
    } else {
      this.free.splice(at, 0, block);
    }
    if (next && block.offset + block.bytes === next.offset) {
      block.bytes += next.bytes;
      this.free.splice(at + 1, 1);
    }
    if (block.offset + block.bytes === this.top) { // the top block goes back to fresh space
      this.top = block.offset;
      this.free.splice(at, 1);
    }
  }

  private growTo(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
  }
}
