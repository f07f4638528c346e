import * as net from 'node:net';
import type { ClamavConfig } from '../config/app-config';

/** What clamd said of a file: clean, or the name of what it found. */
export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** clamd could not be reached or did not answer in time (the file was not scanned; the scanner is down). */
export class ClamdUnavailable extends Error {
  constructor(readonly detail: string) {
    super(`clamd: ${detail}`);
    this.name = 'ClamdUnavailable';
  }
}

/**
 * clamd took the connection but refused this file: an `… ERROR` answer (`INSTREAM size limit exceeded. ERROR` for a
 * file over StreamMaxLength), or the connection cut while the file was sent (clamd closes it past the limit). The
 * file decides this, so it is the file that is refused, not the scanner that is down.
 */
export class ClamdRejected extends Error {
  constructor(
    readonly detail: string,
    readonly sizeLimit: boolean,
  ) {
    super(`clamd: ${detail}`);
    this.name = 'ClamdRejected';
  }
}

/** clamd's default StreamMaxLength is 25 MiB; chunks far smaller keep memory flat. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Scans bytes with clamd's INSTREAM command (clamd(8)): `zINSTREAM\0`, then chunks each prefixed by its length
 * (4 bytes, network order), then a zero length; clamd answers `stream: OK` or `stream: <signature> FOUND`
 * (null-terminated). `… ERROR` or a connection cut after it was made is ClamdRejected; a refused connection or no
 * answer within the timeout is ClamdUnavailable.
 */
export function scanWithClamd(config: Pick<ClamavConfig, 'target' | 'timeoutMs'>, data: Buffer): Promise<ScanVerdict> {
  return new Promise((resolve, reject) => {
    const socket = 'path' in config.target ? net.createConnection(config.target.path) : net.createConnection(config.target.port, config.target.host);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | null, verdict?: ScanVerdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(verdict!);
    };
    const timer = setTimeout(() => finish(new ClamdUnavailable(`no answer within ${config.timeoutMs} ms`)), config.timeoutMs);
    let connected = false;
    let cut: string | null = null;
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // EPIPE/ECONNRESET once connected: clamd dropped the stream (past StreamMaxLength); its answer may follow
      if (connected) cut = e.code ?? e.message;
      else finish(new ClamdUnavailable(e.code ?? e.message));
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (c.includes(0)) socket.end();
    });
    socket.on('close', () => {
      const answer = Buffer.concat(chunks).toString('utf8').replace(/\0[\s\S]*$/, '').trim();
      if (/ERROR$/.test(answer)) return finish(new ClamdRejected(answer.slice(0, 200), /size limit/i.test(answer)));
      if (answer === '' && cut) return finish(new ClamdRejected(`connection cut while sending (${cut})`, true));
      if (answer === '') return finish(new ClamdUnavailable('connection closed without an answer'));
      const found = /^(?:stream|\S+):\s*(.+?)\s+FOUND$/.exec(answer);
      if (found) return finish(null, { clean: false, signature: found[1] });
      if (/^(?:stream|\S+):\s*OK$/.test(answer)) return finish(null, { clean: true });
      finish(new ClamdUnavailable(`unexpected answer: ${answer.slice(0, 200)}`));
    });
    socket.once('connect', () => {
      connected = true;
      socket.write('zINSTREAM\0');
      for (let at = 0; at < data.length; at += CHUNK_BYTES) {
        const part = data.subarray(at, at + CHUNK_BYTES);
        const size = Buffer.alloc(4);
        size.writeUInt32BE(part.length);
        socket.write(size);
        socket.write(part);
      }
      socket.write(Buffer.alloc(4));
    });
  });
}
