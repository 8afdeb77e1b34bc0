/** Whether `a` holds the same bytes as `b`; false when `a` is null (a setting not stored, a missing ETag). */
export function sameBytes(a: Buffer, b: Buffer): boolean {
    if (a === null || a.length !== b.length) return false
    for (let i = 0; i < a.length; ++i) if (a[i] !== b[i]) return false
    return true
}
