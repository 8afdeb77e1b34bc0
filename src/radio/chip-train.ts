// A chip train is the whole on-air waveform of one transmission at one fixed chip rate:
// chip 1 = carrier on (OOK) or upper tone (2-FSK), repeats and gaps included. Each chip maps
// onto one SPI bit (or a fixed number of them), so the hardware does the timing.

export const MODULATION_OOK = 0
export const MODULATION_FSK = 1

export interface ChipTrain {
    protocol: string
    modulation: number
    carrierHz: number
    /** 2-FSK: the tones sit at carrier ± deviation; 0 for OOK */
    deviationHz: number
    chipRateHz: number
    /** chips packed MSB-first; bits past chipCount are zero */
    chips: Buffer
    chipCount: number
}

/** Chip value (0 or 1) at index i. */
export function chipAt(chips: Buffer, i: number): number {
    return (chips[i >> 3] >> (7 - (i & 7))) & 1
}

/** Time on air, rounded up to whole milliseconds (duty-cycle budgets never undercount). */
export function airtimeMs(train: ChipTrain): number {
    return Math.ceil((train.chipCount * 1000) / train.chipRateHz)
}
