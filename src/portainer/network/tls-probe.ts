import { connect } from 'node:tls';

/**
 * Whether something at `host:port` answers a TLS handshake. Asked only after
 * a plain-http request to that port was reset, which is how a TLS server (an
 * https Portainer on 9443, say) meets bytes that are not TLS: a person who
 * typed http:// for an https port is then told so at once instead of after
 * every retry. Any certificate will do; nothing is sent once it answers.
 */
export function speaksTls(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  const key = `${host}:${port}`;
  let answer = probes.get(key);
  if (!answer) {
    answer = probe(host, port, timeoutMs);
    probes.set(key, answer);
  }
  return answer;
}

const probes = new Map<string, Promise<boolean>>();

function probe(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIp(host) ? {} : { servername: host }) });
    const done = (tls: boolean) => {
      socket.destroy();
      resolve(tls);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
