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
        if (level && n > 0) {
            const buf = this.buf
            const start = this.count
            const end = start + n
            const first = start >> 3
            const last = (end - 1) >> 3
            const head = 0xff >> (start & 7)
            const tail = (0xff00 >> (((end - 1) & 7) + 1)) & 0xff
            if (first === last) buf[first] |= head & tail
            else {
                buf[first] |= head
                if (last > first + 1) buf.fillAt(first + 1, last - first - 1, 0xff)
                buf[last] |= tail
            }
        }
        this.count += n
    }

    /** A 32-bit word, most significant bit first. */
    word32(v: number) {
        if (this.count & 7) {
            this.bits(v >>> 16, 16)
            this.bits(v & 0xffff, 16)
            return
        }
        const buf = this.buf
        const at = this.count >> 3
        buf[at] = v >>> 24
        buf[at + 1] = (v >>> 16) & 0xff
        buf[at + 2] = (v >>> 8) & 0xff
        buf[at + 3] = v & 0xff
        this.count += 32
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
            // appending: the bytes past `at` are still zero, so plain stores do
            const back = 8 - shift
            let carry = buf[at]
            for (let i = 0; i < bytes; i++) {
                const b = src[i]
                buf[at + i] = carry | (b >> shift)
                carry = (b << back) & 0xff
            }
            if (at + bytes < buf.length) buf[at + bytes] = carry
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
