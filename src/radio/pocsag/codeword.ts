// POCSAG codewords (docs/radio-protocols.md 3.2): 32 bits, MSB first: flag, 20 information bits,
// 10 BCH(31,21) check bits (generator x^10+x^9+x^8+x^6+x^5+x^3+1 = 0x769), even parity.
// The check bits are a CRC over the 21 information bits taken a byte at a time: a full
// transmission has up to 136 codewords and must encode well inside one VM slice.

export const POCSAG_SYNC = 0x7cd215d8
export const POCSAG_IDLE = 0x7a89c197
export const BCH_GENERATOR = 0x769

/** (i << 10) mod g for i = 0..255, u16 little-endian; radio-pocsag.test.ts recomputes it bit by bit. */
export const BCH_BYTE_REMAINDERS = hex`
00006903bb01d20276031f00cd02a4018501ec023e005703f3029a0148032100
0a036300b102d8017c001503c701ae028f02e60134035d00f901900242002b03
7d011402c600af030b026201b003d900f800910343012a028e03e70035025c01
77021e01cc03a50001016802ba00d303f2039b00490220018400ed033f015602
fa029301410328008c01e50237005e037f031600c402ad0109006003b201db02
f00199024b0022038602ef013d03540075001c03ce01a70203036a00b802d101
8703ee003c025501f10098034a01230202026b01b903d00074011d02cf00a603
8d00e40336015f02fb0392004002290108016102b300da037e021701c503ac00
9d02f40126034f00eb0182025000390318037100a302ca016e000703d501bc02
9701fe022c004503e10288015a03330012007b03a901c00264030d00df02b601
e00389005b0232019600ff032d01440265020c01de03b70013017a02a800c103
ea008303510138029c03f50027024e016f010602d400bd0319027001a203cb00
67000e03dc01b50211037800aa02c301e2018b02590030039402fd012f034600
6d030400d602bf011b007203a001c902e802810153033a009e01f70225004c03
1a017302a100c8036c020501d703be009f00f60324014d02e903800052023b01
10027901ab03c20066010f02dd00b4039503fc002e024701e3008a0358013102
`

/** The codeword for 21 information bits (flag + 20 bits), with check bits and parity. */
export function pocsagCodeword(info21: number): number {
    const t = BCH_BYTE_REMAINDERS
    const info = info21 & 0x1fffff
    let rem = t.getAt(((info >> 16) & 0xff) << 1, "u16")
    rem = ((rem << 8) & 0x3ff) ^ t.getAt((((rem >> 2) ^ (info >> 8)) & 0xff) << 1, "u16")
    rem = ((rem << 8) & 0x3ff) ^ t.getAt((((rem >> 2) ^ info) & 0xff) << 1, "u16")
    const word31 = (info << 10) | rem
    let p = word31 ^ (word31 >>> 16)
    p ^= p >>> 8
    p ^= p >>> 4
    return ((word31 << 1) | ((0x6996 >> (p & 0xf)) & 1)) >>> 0
}

/** Address codeword: flag 0, capcode >> 3 (the low 3 bits select the frame), function bits. */
export function addressCodeword(capcode: number, func: number): number {
    return pocsagCodeword(((capcode >>> 3) << 2) | (func & 3))
}

/** Message codeword: flag 1, 20 data bits. */
export function messageCodeword(data20: number): number {
    return pocsagCodeword((1 << 20) | data20)
}
