// Writing a long report to stdout in pieces: chunks of about 64 kB, each write waiting for the
// stream to drain when it asks to (backpressure), nothing written once the reader has gone away
// (`rnn-math check --json | head`: EPIPE is the end of the output, not an error).

const CHUNK = 64 * 1024;

export class Sink {
  private parts: string[] = [];
  private size = 0;
  private closed = false;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', () => {
      this.closed = true;
    });
    stream.on('close', () => {
      this.closed = true;
    });
  }

  /** Queues text; writes a chunk when enough is queued. */
  async write(text: string): Promise<void> {
    if (this.closed || !text) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) await this.flush();
  }

  async writeAll(pieces: Iterable<string>): Promise<void> {
    for (const piece of pieces) {
      if (this.closed) return;
      this.parts.push(piece);
      this.size += piece.length;
      if (this.size >= CHUNK) await this.flush();
    }
  }

  /** Writes what is queued and waits until the stream has taken it. */
  async end(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.size) return;
    const chunk = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.closed) return;
    if (!this.stream.write(chunk)) await this.drained();
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.removeListener('drain', done);
        this.stream.removeListener('error', done);
        this.stream.removeListener('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }
}
