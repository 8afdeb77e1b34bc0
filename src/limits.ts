// The limits to tune when sizing the base for a board: queue lengths, table sizes, byte budgets, rates and
// timeouts. Each says what it bounds and what it costs of the 64 KB VM heap; the worst case must leave 8 KB free
// (docs/architecture.md "Limits", README "Reliability" and "Storage" for the measurements). They are constants, so
// the compiler folds them into the code that uses them: this file adds no bytecode.
//
// Not here: values a specification fixes (CoAP option numbers and RFC 7252 timings in coap/, POCSAG and Retekess
// timings in radio/, the settings packet's 232 bytes in settings/small-setting.ts) and the value ranges the API
// documents (docs/api.md: goal, party size, message length, ping period, repeats, trusted clients), which stay
// beside the handlers that check them.

// --- Receiving datagrams (net/receive-queue.ts) ---

/**
 * Datagrams waiting while one is handled. 16 = one per peer the rate limiter tracks (RATE_PEERS), so 16 host
 * stands asking at once all wait their turn instead of 12 of them stalling for a retransmission (bench, issue 6:
 * 4 slots lost ~5% of the requests at 16 clients). Heap: the frames themselves, bounded by RECEIVE_QUEUE_BYTES.
 */
export const RECEIVE_QUEUE = 16
/**
 * Frames (payload and peer header) waiting, in bytes: 16 typical requests (~100 bytes) take ~1.6 KB of the heap; of
 * the largest datagrams (~750 bytes with a 640-byte body, 1.3 KB of URI options that are refused) it holds one or
 * two. 4 KB held three frames of 1.3 KB beside a full ring of 256 and a full observer table, and the runtime then
 * found no hole for the next datagram (OutOfMemory in test/reliability/limits.test.js, 3 runs of 4).
 */
export const RECEIVE_QUEUE_BYTES = 2048

// --- Rate limiting (coap/rate-limit.ts): two tables of token buckets, a key string and two numbers per row ---

/** Peers (address and port) and addresses with a bucket of their own; the least recently seen gives way. */
export const RATE_PEERS = 16
/** Sustained datagrams per second per peer. */
export const RATE_PER_SECOND = 50
/** Datagrams a peer may send at once after a quiet period. */
export const RATE_BURST = 50
/** Sustained datagrams per second per address, all its ports together (four busy clients on one host). */
export const ADDRESS_RATE_PER_SECOND = 200
export const ADDRESS_BURST = 200
/**
 * What a later block of a Block2 transfer the peer started within SNAPSHOT_MS costs of its buckets, in tokens. A
 * client that never proves its address (node-coap) gets 128-byte blocks: a list of 128 sessions is 252 of them, and
 * at a full token each its fetch took 30-40 s of dropped requests and retransmissions (8 of them fit a burst now).
 * Each block is still a request's work; only the TRANSFERS_MAX transfers remembered get the discount.
 */
export const LATER_BLOCK_COST = 0.125

// --- Anti-amplification (coap/address-check.ts) ---

/**
 * A response to a peer that has not proven its address is at most this many times its request. 10: the smallest
 * request of the API (a GET of /v1/sessions, ~20 bytes) still gets a JSON error body or a 128-byte block; 3
 * (QUIC's) would cut diagnostics that T7470 clients print.
 */
export const AMPLIFICATION_FACTOR = 10
/** Peers whose Echo value (8 bytes) and proof are remembered, with a key string each; the oldest proof gives way. */
export const ADDRESS_CHECK_PEERS = 16
/** How long a proof holds. */
export const ADDRESS_VERIFIED_MS = 600000

// --- Requests (coap/parse.ts, option-check.ts, block1.ts) ---

/** More options than this in one message are refused: each one is a heap object. */
export const MAX_OPTIONS = 40
/**
 * Bytes of a request's Uri-Path and Uri-Query together: the longest request of the API is far shorter, and the
 * URI is decoded to text (invalid bytes grow threefold as U+FFFD) before anything else, so each byte allowed here
 * may cost three of a heap that may have ~11 KB left.
 */
export const URI_MAX = 255
/**
 * The largest request body, in one datagram or reassembled from Block1 blocks: one buffer of this size while an
 * upload is under way. The largest body of the API is a POST /v1/settings of every field at its longest (eight
 * trusted clients, a 64-byte secret): 605 bytes of compact JSON. 640, not 1024: a body is in the heap three times
 * at once (the received frame, its payload, the payload's text), and with a busy night's ring (256 slots) those
 * 1 KB holes were what the worst case could not find (memory probes of the busy night, one run each: 4 KB of
 * headroom with 1024-byte bodies, 6-9 KB with 768, 9 KB with 512).
 */
export const BODY_MAX = 640
/** How long a Block1 upload may pause between blocks before a new one may take its buffer. */
export const BLOCK1_IDLE_MS = 30000

// --- Responses (coap/dedup.ts, block2-snapshot.ts) ---

/**
 * Responses kept for retransmitted requests (RFC 7252 §4.5): entries, and their bytes together (heap). 1 KB holds
 * the last one or two answers to changes (a session and the statistics, ~560 bytes) or a dozen short answers: a
 * retransmission of an older change is handled again, which the API makes harmless (a create of a pager that has
 * a session answers that session, 2.00). 4 KB, kept while the ring was 64, left a busy night's ring no headroom.
 */
export const DEDUP_ENTRIES = 16
export const DEDUP_BYTES = 1024
/** A Block2 representation's text is kept for its transfer up to this size; the ones without an ETag are far smaller. */
export const SNAPSHOT_MAX = 1024
/**
 * All Block2 transfers' texts together, in bytes of heap (a flood of 64 peers ran the heap out with 2 KB); a
 * transfer whose text was dropped still has its hash. Half of the 1 KB kept while the ring was 64 (busy night).
 */
export const SNAPSHOT_BYTES = 512
/** How long a Block2 transfer's later blocks may take. */
export const SNAPSHOT_MS = 5000
/**
 * Block2 transfers remembered: a few clients fetching at once (a key string and an ETag each, ~150 bytes, besides
 * the text). A forgotten transfer's later blocks are rendered afresh, so a list that changed meanwhile is no longer
 * one moment: with 2 (tried for the busy night's heap) the bench's 16 stands got 4.02s for blocks past a list that
 * had shrunk, and 4 stands, a restaurant's usual number, would lose the guarantee.
 */
export const TRANSFERS_MAX = 4
/**
 * The most body bytes one answer carries: 1024 (SZX 6), so a datagram stays under ~1152 bytes (RFC 7252 §4.6); a
 * body that fits goes whole, a longer one in BLOCKS_SZX blocks. Not 512 for every answer: it saved the busy night's
 * ring ~5 KB of heap in the memory probe, but an answer to a change (~560-700 bytes) then took two blocks, and
 * node-coap asks for the second by repeating the POST without its body (4.00): a T7470 client must get a change's
 * answer in one datagram.
 */
export const SERVER_SZX = 6
/**
 * The block size of a body longer than that (lists, history): 512 bytes (SZX 5). Each block is rendered into one
 * frame, the one buffer of its size a response needs (docs/architecture.md "Heap"): a 1 KB hole is what a busy
 * night's heap, cut into holes by 16 host stands' requests, could not find, and a ring of 256 ran out of memory under
 * the bench's peak with 1024-byte blocks. A client that asks for smaller blocks gets them (RFC 7959 §2.4).
 */
export const BLOCKS_SZX = 5

// --- Group commit (coap/group-commit.ts) ---

/**
 * Answers to changes waiting for the next commit, at most: one per peer a full receive queue holds
 * (RECEIVE_QUEUE), and 1 KB of them (an answer to a change is one session and the statistics, ~560 bytes; 2 KB
 * while the ring was 64); as many more may be in the commit under way, and later changes wait for room. The dedup
 * table keeps them too, but it lets go of old ones beyond DEDUP_BYTES, and a flood of creates then held 16 x 600
 * bytes besides it (OutOfMemory in the flood test).
 */
export const HELD_MAX = 16
export const HELD_BYTES = 1024
/**
 * Bytes of answers to urgent changes (pages) held beyond that bound, at most (one page's): a page does not wait for
 * room. More ran the heap out under a flood of page actions from 64 peers (flood test).
 */
export const URGENT_BYTES = 600
/** Duplicates of one held request answered, at most. */
export const COPIES_MAX = 4

// --- Observe (coap/observe.ts, notifications.ts) ---

/**
 * Observers in all: each costs its registration (peer, token, path and query) and, while it is being notified, one
 * rendered notification (~0.6 KB; not kept for its ACK: a retransmission is rendered afresh). The bench's
 * full-tables probes measured ~0.5 KB of heap per observer under load: 4, a host stand or two and a kitchen screen
 * (8 until the busy night's ring, which left no room for them).
 */
export const OBSERVERS_MAX = 4
/** Consecutive keep-alives (T7470 pings) left unacknowledged before the observer is dropped. */
export const MISSED_PINGS_MAX = 3

// --- Access control (api/access.ts) ---

/** Login tokens held at once (a 32-character string and a time each); a newer login revokes the oldest. */
export const LOGIN_TOKENS = 4
/** How long a login token is valid. */
export const LOGIN_TOKEN_MS = 12 * 3600 * 1000
/** Failed logins an address may make before it waits (all addresses together: three times as many). */
export const LOGIN_FREE_FAILS = 3

// --- Sessions (sessions/store.ts) ---

/**
 * The ring's size when sessionCapacity was never set: a busy night, 128 waiting guests and 128 in history (any slot
 * may hold a waiting guest: 5.03 only when every one does). Heap: 39 bytes per slot (the 32-byte record, 3 index
 * bytes, a 2-byte memo, 2 bytes naming its label's frame) and 33 per label frame (LABEL_FRAMES): 13.9 KB at 256
 * (17.3 KB while the labels were in the records).
 * With the other tables' bounds above, lists in 512-byte blocks (BLOCKS_SZX) and a 2 KB receive queue, the bench's
 * memory probe (this ring full of 32-byte labels, every table full, the largest requests in flight) keeps its worst
 * case over 8 KB (README "Storage"). CI's flood test ran the heap out 11 times in 98 on busy cores while the labels
 * were in the records (16 KB at 256), and in none of 60 with the frames (docs/architecture.md "Heap").
 * Flash: a group key of two full-label records costs 24 + 128 bytes live in the settings' header half, 76 per slot.
 */
export const DEFAULT_CAPACITY = 256
/**
 * The largest sessionCapacity accepted: the most a one-byte slot index holds, so never more than 256. 256 slots
 * take ~20 KB of flash, within the simulator's 36 KB (boards/sim/flash-size.js) and the ESP32's 64 KB
 * (boards/esp32/udp/partitions.pager.csv), and 13.9 KB of heap (DEFAULT_CAPACITY).
 */
export const MAX_CAPACITY = 256
/**
 * Labels in RAM, at most: a persisted ring keeps the bytes of this many labels (32 bytes each) and reads the others
 * from flash when it renders them (docs/storage.md "Labels in RAM"). 128 waiting guests' labels stay in RAM; a ring
 * of 256 full labels takes 12 KB instead of 16.
 */
export const LABEL_FRAMES = 128
/**
 * Labels read from flash that are kept beside the frames, the last ones (39 bytes each): a node-coap client fetches
 * a list in 128-byte blocks, a session's ~330 bytes take 3 or 4, and each block would read its labels again.
 */
export const LABELS_READ_KEPT = 4
/**
 * Rings above this many slots empty the key a commit of several values left behind, in each group it switched
 * (docs/storage.md "Atomic commits"). A smaller ring keeps both keys of each group: twice its records, 20 KB at 128,
 * fits the simulator's 36 KB header half, and saves a write per group and commit; twice those of 256 would not.
 */
export const BOTH_KEYS_MAX_CAPACITY = 128

// --- Settings writes (settings/small-setting.ts) ---

/**
 * Writes sent before they are read back, at most. The settings service takes packets from a 2 KB queue, which a
 * longer run of ~190-byte writes (a ring rewritten at boot, a DELETE of every session) could overflow, and the
 * runtime drops a packet that does not fit without an error; the read-backs every few writes wait for the queue.
 */
export const SETTING_WRITES_IN_FLIGHT = 4

// --- Radio (main.ts, radio/) ---

/** Pages waiting for the air; a full queue answers 5.03. Heap: one page request object each. */
export const RADIO_QUEUE = 20
/**
 * How long an idle transmitter holds the first page of a batchable protocol (POCSAG) before it keys up, so the
 * pages a host stand sends in one burst (a few ms apart) share one preamble instead of the first going alone: each
 * page that joins saves a preamble (576 bits: 480 ms at 1200 baud, 1.1 s at 512). The price is GATHER_MS more
 * latency for a lone page. Pages that arrive while a transmission is on air wait for its end anyway and go
 * together then. Not for the Retekess OOK protocols and LRS: one page per transmission, nothing to gather.
 */
export const GATHER_MS = 50
/**
 * Upper bound of one POCSAG transmission: 10 batches, so a full transmitter queue of tone pages (20 pages; every
 * T7470 capcode is in frame 0, two address codewords per batch) leaves after one preamble. 6016 chips, 752 bytes
 * of heap: one SPI transfer at every rate on the classic ESP32 (4096 bytes at clock factor 1, RF_SPI_MAX_TRANSFER_BYTES
 * in boards/esp32/udp/rf_output.h), and encoded in one
 * VM slice with room to spare (measured in the simulator: 20 batches of the densest messages encode in one slice,
 * 25 do not).
 */
export const POCSAG_MAX_CODEWORDS = 10 * 17

// --- Clock (clock/sntp-client.ts) ---

/** SNTP: a request every hour once synced. */
export const SNTP_POLL_MS = 3600000
/** How long an SNTP request waits for its answer. */
export const SNTP_REPLY_TIMEOUT_MS = 3000
/** Without an answer, the next request after 16 s, doubling up to 15 min (also the wait after a kiss-o'-death). */
export const SNTP_BACKOFF_MIN_MS = 16000
export const SNTP_BACKOFF_MAX_MS = 900000

// --- Serving (main.ts) ---

/** How long the base waits before it tries again to open its UDP endpoint. */
export const UDP_RETRY_MS = 5000
