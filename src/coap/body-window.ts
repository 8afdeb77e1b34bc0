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

    /**
     * The kept bytes in pieces, at most `limit` of them: the block starting at `start`. Pieces, not one buffer: the
     * serializer copies them into the frame, the one buffer of the block's size (docs/architecture.md "Heap").
     */
    pieces(limit: number): Buffer[] {
        const out: Buffer[] = []
        for (const part of this.parts) {
            if (limit <= 0) break
            out.push(part.length > limit ? part.slice(0, limit) : part)
            limit -= part.length
        }
        return out
    }
}

/** Renders `body` and returns the bytes in [start, start + size) and the total size. */
export function renderWindow(body: Body, start: number, size: number): BodyWindow {
    const window = new BodyWindow(start, size)
    body(window)
    return window
}
