// Appends chips MSB-first into a buffer sized up front. Works a byte at a time where it can:
// encoding one transmission must stay far below the VM's 128K-opcode budget per slice.

export class ChipWriter {
    readonly buf: Buffer
    count: number

    constructor(capacityChips: number) {
        this.buf = Buffer.alloc((capacityChips + 7) >> 3)
        this.count = 0
    }

    /** Appends the low n bits of value (n <= 31), most significant first. */
    bits(value: number, n: number) {
        const buf = this.buf
        let count = this.count
        while (n > 0) {
            const free = 8 - (count & 7)
            const take = n < free ? n : free
            const chunk = (value >>> (n - take)) & ((1 << take) - 1)
            buf[count >> 3] |= chunk << (free - take)
            count += take
            n -= take
        }
        this.count = count
    }

    /** n chips of one level. The buffer starts zeroed, so a low run only advances. */
    run(level: number, n: number) {
        if (!level) {
            this.count += n
            return
        }
        while (n > 0) {
            const take = n < 24 ? n : 24
            this.bits(0xffffff, take)
            n -= take
        }
    }

    /** Appends the first n chips of src (whose bits past n are zero): a frame repeat. */
    chips(src: Buffer, n: number) {
        const buf = this.buf
        const shift = this.count & 7
        const at = this.count >> 3
        const bytes = (n + 7) >> 3
        if (shift === 0) {
            buf.blitAt(at, src, 0, bytes)
        } else {
            const back = 8 - shift
            for (let i = 0; i < bytes; i++) {
                const b = src[i]
                buf[at + i] |= b >> shift
                if (at + i + 1 < buf.length) buf[at + i + 1] |= (b << back) & 0xff
            }
        }
        this.count += n
    }
}

/** The frame written `times` times back to back. */
export function repeatFrame(frame: ChipWriter, times: number): ChipWriter {
    const out = new ChipWriter(frame.count * times)
    for (let i = 0; i < times; i++) out.chips(frame.buf, frame.count)
    return out
}
