'use strict'
// Preloaded (`node -r`) into a simulator process by the memory probes: when the VM reports an OutOfMemory, walks
// its 64 KB GC heap in the WASM memory and prints how much of it was free and in how many holes, e.g.
//   heap-walk: used 50952 free 14572 holes 106 largest 988
// An OutOfMemory with kilobytes free means the heap was cut into holes smaller than the allocation that failed
// (the allocator never moves objects): the ballast headroom alone cannot tell that apart from a full heap.
//
// What it relies on (DeviceScript 2.16.4's runtime, gc_alloc.c, a 32-bit WASM build): the heap is one chunk
// {next, end, blocks...}; each block starts with a 32-bit header, its size in 4-byte words in the low 24 bits and
// its tag above (1 = free); the chunk ends in a block whose header is 0x4F000001. The walker finds that end block,
// then the chunk whose `end` field points at it about 64 KB before. If the layout is not found it says so.

const HEAP_BYTES = 64 * 1024
const END_HEADER = 0x4f000001
const TAG_FREE = 1

let memory = null
const instantiate = WebAssembly.instantiate
WebAssembly.instantiate = async function (...args) {
    const result = await instantiate.apply(this, args)
    const exports = (result.instance || result).exports
    for (const value of Object.values(exports)) if (value instanceof WebAssembly.Memory) memory = value
    return result
}

/** The heap's first block and its end block, as byte offsets in the WASM memory; null when not found. */
function findHeap(words) {
    const span = HEAP_BYTES / 4
    for (let i = 0; i < words.length; i++) {
        if (words[i] !== END_HEADER) continue
        for (let j = Math.max(0, i - span - 64); j < i - span + 64; j++)
            if (words[j] === i * 4) return { start: (j + 1) * 4, end: i * 4 }
    }
    return null
}

function walk() {
    if (!memory) return 'heap-walk: no WASM memory seen'
    const words = new Uint32Array(memory.buffer)
    const heap = findHeap(words)
    if (!heap) return 'heap-walk: heap not found (another runtime version?)'
    let used = 0
    let free = 0
    let holes = 0
    let largest = 0
    for (let at = heap.start; at < heap.end;) {
        const header = words[at >> 2]
        const bytes = (header & 0xffffff) * 4
        if (!bytes) return `heap-walk: a block of size 0 at ${at - heap.start}`
        if (((header >>> 24) & 0xf) === TAG_FREE) {
            free += bytes
            holes++
            largest = Math.max(largest, bytes)
        } else used += bytes
        at += bytes
    }
    return `heap-walk: used ${used} free ${free} holes ${holes} largest ${largest}`
}

// The VM prints its exception through the CLI's dmesg, to stdout; the heap is as the failed allocation left it.
let walked = false
const write = process.stdout.write.bind(process.stdout)
process.stdout.write = function (chunk, ...rest) {
    const result = write(chunk, ...rest)
    if (!walked && String(chunk).includes('OutOfMemory')) {
        walked = true
        write(walk() + '\n')
    }
    return result
}
