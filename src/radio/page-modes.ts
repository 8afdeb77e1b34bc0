// The T7470 `pageMode` strings (docs/api.md 6.1, 6.2) and what each protocol sends for them.
// Only `Flash30Sec` (guest default) and `Vibe1` (staff default) are documented; the other
// names follow the AM page-mode table the T7470 documentation pairs them with.
// - lrs: the AM mode byte (coaster values; the Vibe rows are the StarPager values).
// - pocsag: the address function bits; LRS sends function 3 to all its POCSAG pagers (7.1).
// - Retekess OOK pagers have one alert, chosen on the pager: every mode sends their call code.
// A mode missing from this table is an error, never a guess.

export interface PageMode {
    mode: string
    lrsAlert: number
    pocsagFunction: number
}

/** The mode names; LRS_ALERTS holds each one's LRS alert byte, at the same index. */
export const PAGE_MODES = [
    "Flash1Sec",
    "Flash30Sec",
    "Flash5Min",
    "FlashBeep5x5",
    "Beep3Times",
    "Beep5Min",
    "Glow5Min",
    "Glow15Times",
    "Vibe1",
    "Vibe2",
    "Vibe3",
    "VibeBeep1",
    "VibeBeep2",
    "VibeBeep3",
]
// In the image, not the heap (a table of objects held ~1 KB of it).
const LRS_ALERTS = hex`0a 01 02 03 04 05 06 07 0a 01 02 0b 0c 0d`
/** Every mode sends POCSAG function 3 (see above). */
const POCSAG_FUNCTION = 3

export const DEFAULT_GUEST_MODE = "Flash30Sec"

export function findPageMode(mode: string): PageMode | null {
    const i = PAGE_MODES.indexOf(mode)
    return i < 0 ? null : { mode, lrsAlert: LRS_ALERTS[i], pocsagFunction: POCSAG_FUNCTION }
}
