// A bound on what a server may make a connection buffer. mysql2 keeps a packet whole until its
// last byte has come, joining the parts of one longer than 16 MB without limit: a greeting that
// never ends, or a row declared 1 GB long, fills memory until the process dies. Never imports 'vscode'.

/** The longest payload of one protocol packet: a longer one goes on in the packets after it. */
const partMax = 0xffffff;

/**
 * Follows the packet framing (3-byte length, sequence number) of the bytes a connection receives,
 * and tells when one packet, its parts joined, would be longer than `limit`: from its header, before
 * its payload has come.
 */
export class PacketSizeGuard {
  /** Bytes of the current part's payload still to come. */
  private left = 0;
  private readonly header = new Uint8Array(4);
  private headerSeen = 0;
  /** The payload of the packet being received, its parts so far, this one's declared length included. */
  private size = 0;
  /** The part being received is followed by another of the same packet. */
  private continued = false;

  constructor(public limit: number) {}

  /** No packet has been begun and not ended: the next byte is a header's. */
  get betweenPackets(): boolean {
    return this.left === 0 && this.headerSeen === 0 && !this.continued;
  }

  /** The declared size of a packet over the limit, when `chunk` begins one; undefined otherwise. */
  feed(chunk: Uint8Array): number | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.left > 0) {
        const taken = Math.min(this.left, chunk.length - i);
        this.left -= taken;
        i += taken;
        continue;
      }
      this.header[this.headerSeen++] = chunk[i++]!;
      if (this.headerSeen < 4) continue;
      this.headerSeen = 0;
      const length = this.header[0]! | (this.header[1]! << 8) | (this.header[2]! << 16);
      this.size = this.continued ? this.size + length : length;
      this.continued = length === partMax;
      if (this.size > this.limit) return this.size;
      this.left = length;
    }
    return undefined;
  }
}
