// HMAC-SHA256 through the VM's digest builtin, the one @devicescript/crypto's hmac calls: it takes the message as
// a list of parts, so a caller need not concatenate them first.

/** HMAC-SHA256, keyed with `key`, of the parts of `message` one after the other. */
export function hmacSha256(key: Buffer, message: (Buffer | string)[]): Buffer {
    const vm: any = Buffer
    return vm.digest(key, "sha256", message)
}
