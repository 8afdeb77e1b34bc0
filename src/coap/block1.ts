import * as ds from "@devicescript/core"
import { BlockValue, blockSize } from "./block"
import { BLOCK1_IDLE_MS, BODY_MAX } from "../limits"

// Block1 (RFC 7959 §2.5) reassembly into one fixed buffer. Blocks are matched on peer, path and Request-Tag, not
// on the token: libcoap's client changes the token on every block. One transfer at a time; a new first block
// replaces a stalled one. The buffer exists only while a transfer is under way: uploads are rare, and 1 KB of an
// idle heap of 64 KB is worth keeping free.

/** The request body limit, also for the CoAP server. */

export const BLOCK1_CONTINUE = 0
export const BLOCK1_DONE = 1
export const BLOCK1_TOO_LARGE = 2
export const BLOCK1_INCOMPLETE = 3

export class Block1Assembler {
    private buffer: Buffer = null
    private key: string = null
    private length = 0
    private touched = 0

    /** Adds one block; on BLOCK1_DONE, body() holds the whole request body. */
    add(key: string, block: BlockValue, payload: Buffer): number {
        const size = blockSize(block.szx)
        const offset = block.num * size
        if (block.num === 0) {
            this.key = key
            this.length = 0
            if (!this.buffer) this.buffer = Buffer.alloc(BODY_MAX)
        } else if (this.key !== key || offset !== this.length || ds.millis() - this.touched > BLOCK1_IDLE_MS) {
            return BLOCK1_INCOMPLETE
        }
        if (offset + payload.length > BODY_MAX) {
            this.abandon()
            return BLOCK1_TOO_LARGE
        }
        // Every block but the last carries exactly `size` bytes (RFC 7959 §2.2).
        if (block.more && payload.length !== size) {
            this.abandon()
            return BLOCK1_INCOMPLETE
        }
        this.buffer.blitAt(offset, payload, 0, payload.length)
        this.length = offset + payload.length
        this.touched = ds.millis()
        if (block.more) return BLOCK1_CONTINUE
        this.key = null
        return BLOCK1_DONE
    }

    /** The body after BLOCK1_DONE; once only (the buffer goes with it). */
    body(): Buffer {
        const body = this.buffer.slice(0, this.length)
        this.buffer = null
        return body
    }

    private abandon() {
        this.key = null
        this.buffer = null
    }
}
