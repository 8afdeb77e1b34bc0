/** A 4-byte ETag from a sequence number: the sequence changes exactly when the representation does. */
export function sequenceEtag(sequence: number): Buffer {
    const b = Buffer.alloc(4)
    b[0] = (sequence >> 24) & 0xff
    b[1] = (sequence >> 16) & 0xff
    b[2] = (sequence >> 8) & 0xff
    b[3] = sequence & 0xff
    return b
}
