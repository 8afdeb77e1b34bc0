// The base's name (README "Finding the base"): DEVICE_NAME in .env.local, deployed with the program like the WiFi
// settings. It is the JSON `deviceName`, the serial log's "base: <name>", and on the ESP32 the mDNS host
// <name>.local. Default "T7470", what the T7470 answers and its clients may check.

export const DEFAULT_DEVICE_NAME = "T7470"

/** `value` when it is a DNS label (1 to 63 letters, digits, hyphens: also safe inside JSON), else the default. */
export function deviceNameOf(value: any): string {
    if (typeof value !== "string" || value.length < 1 || value.length > 63) return DEFAULT_DEVICE_NAME
    for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i)
        const lower = c | 0x20
        if (!(c === 0x2d || (c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a))) return DEFAULT_DEVICE_NAME
    }
    return value
}
