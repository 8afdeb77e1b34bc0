import { Body, BodyWriter } from "./exchange"

// Block2 (RFC 7959) without ever holding a whole representation: the body is rendered piece by piece and only the
// bytes of the requested block are kept, while the total size is counted. A body is rendered again for every block,
// which keeps the heap flat (64 KB on the ESP32); pieces outside the block that a renderer can measure without
// building them (skip) cost nothing but their length, so a block no longer costs a whole rendering.
//
// The total stays exact, pieces after the block included: the server needs it for Size2 and to tell the last block.

export class BodyWindow implements BodyWriter {
    /** Bytes rendered or skipped so far = the representation's size once render() returns. */
    total = 0
    private parts: Buffer[] = []

    constructor(
        private start: number,
        private size: number
    ) {}

    write(piece: string) {
        const bytes = Buffer.from(piece)
        const from = this.start - this.total
        const to = from + this.size
        this.total += bytes.length
        if (to <= 0 || from >= bytes.length) return
        this.parts.push(bytes.slice(from < 0 ? 0 : from, to > bytes.length ? bytes.length : to))
    }

    skip(length: number): boolean {
        const end = this.total + length
        if (end > this.start && this.total < this.start + this.size) return false
        this.total = end
        return true
    }

    /** The kept bytes: the block starting at `start`, at most `size` long. */
    bytes(): Buffer {
        return Buffer.concat(...this.parts)
    }
}

/** Renders `body` and returns the bytes in [start, start + size) and the total size. */
export function renderWindow(body: Body, start: number, size: number): BodyWindow {
    const window = new BodyWindow(start, size)
    body(window)
    return window
}
