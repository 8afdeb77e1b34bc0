import * as ds from "@devicescript/core"
type Sock = typeof ds & {
    _socketOpen(host: string, port: number): number
    _socketWrite(buf: Buffer): number
    _socketOnEvent(event: string, arg?: Buffer | string): void
}
const s = ds as Sock
s._socketOnEvent = (ev: string, arg?: Buffer | string) => {
    if (ev === "data") {
        const b = arg as Buffer
        s._socketWrite(b)
    } else console.log("sock " + ev + " " + arg)
}
console.log("open " + s._socketOpen("udp://0.0.0.0", 5683))
