// T7470 / LRS system id + pager number -> POCSAG capcode (docs/api.md 7.2).
// Both ranges top out at capcode 2 079 992 (system 13 pager 9999, system 200 pager 1249).

export const CAPCODE_SYSTEM_MAX = 200

/** Highest pager number that stays inside the system's own capcode block. */
export function capcodePagerMax(systemId: number): number {
    return systemId <= 13 ? 9999 : 1249
}

export function t7470Capcode(systemId: number, pager: number): number {
    if (systemId <= 13) return 100000 * systemId + 8 * pager + 700000
    const s = systemId - 14
    return 100000 * Math.idiv(s, 9) + 10000 * (s % 9) + 8 * pager + 10000
}
