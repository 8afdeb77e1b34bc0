import { Body, BodyWriter } from "./resource"

// Block2 (RFC 7959) without ever holding a whole representation: the body is rendered piece by piece and only the
// bytes of the requested block are kept, while the total size is counted. A body is rendered again for every block,
// which costs CPU but keeps the heap flat (64 KB on the ESP32).

export class BodyWindow implements BodyWriter {
    /** Bytes rendered so far = the representation's size once render() returns. */
    total = 0
    private parts: Buffer[] = []

    constructor(private start: number, private size: number) {}

    write(piece: string) {
        const bytes = Buffer.from(piece)
        const from = this.start - this.total
        const to = from + this.size
        this.total += bytes.length
        if (to <= 0 || from >= bytes.length) return
        this.parts.push(bytes.slice(from < 0 ? 0 : from, to > bytes.length ? bytes.length : to))
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
