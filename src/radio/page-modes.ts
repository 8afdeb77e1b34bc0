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

export const PAGE_MODES: PageMode[] = [
    { mode: "Flash1Sec", lrsAlert: 0x0a, pocsagFunction: 3 },
    { mode: "Flash30Sec", lrsAlert: 0x01, pocsagFunction: 3 },
    { mode: "Flash5Min", lrsAlert: 0x02, pocsagFunction: 3 },
    { mode: "FlashBeep5x5", lrsAlert: 0x03, pocsagFunction: 3 },
    { mode: "Beep3Times", lrsAlert: 0x04, pocsagFunction: 3 },
    { mode: "Beep5Min", lrsAlert: 0x05, pocsagFunction: 3 },
    { mode: "Glow5Min", lrsAlert: 0x06, pocsagFunction: 3 },
    { mode: "Glow15Times", lrsAlert: 0x07, pocsagFunction: 3 },
    { mode: "Vibe1", lrsAlert: 0x0a, pocsagFunction: 3 },
    { mode: "Vibe2", lrsAlert: 0x01, pocsagFunction: 3 },
    { mode: "Vibe3", lrsAlert: 0x02, pocsagFunction: 3 },
    { mode: "VibeBeep1", lrsAlert: 0x0b, pocsagFunction: 3 },
    { mode: "VibeBeep2", lrsAlert: 0x0c, pocsagFunction: 3 },
    { mode: "VibeBeep3", lrsAlert: 0x0d, pocsagFunction: 3 },
]

export const DEFAULT_GUEST_MODE = "Flash30Sec"

export function findPageMode(mode: string): PageMode | null {
    return PAGE_MODES.find(m => m.mode === mode) || null
}
