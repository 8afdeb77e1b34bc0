// POCSAG codewords (radio-protocols.md 3.2): 32 bits, MSB first: flag, 20 information bits,
// 10 BCH(31,21) check bits (generator x^10+x^9+x^8+x^6+x^5+x^3+1 = 0x769), even parity.

export const POCSAG_SYNC = 0x7cd215d8
export const POCSAG_IDLE = 0x7a89c197
const BCH_GENERATOR = 0x769

/** The codeword for 21 information bits (flag + 20 bits), with check bits and parity. */
export function pocsagCodeword(info21: number): number {
    const data = (info21 & 0x1fffff) << 10
    let rem = data
    for (let bit = 30; bit >= 10; bit--) {
        if (rem & (1 << bit)) rem ^= BCH_GENERATOR << (bit - 10)
    }
    const word31 = data | rem
    let ones = 0
    for (let v = word31; v; v &= v - 1) ones++
    return ((word31 << 1) | (ones & 1)) >>> 0
}

/** Address codeword: flag 0, capcode >> 3 (the low 3 bits select the frame), function bits. */
export function addressCodeword(capcode: number, func: number): number {
    return pocsagCodeword(((capcode >>> 3) << 2) | (func & 3))
}

/** Message codeword: flag 1, 20 data bits. */
export function messageCodeword(data20: number): number {
    return pocsagCodeword((1 << 20) | data20)
}
