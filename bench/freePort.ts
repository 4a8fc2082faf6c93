import { AddressInfo, createServer } from 'node:net';

/** A loopback port free now, for a benchmark's backend to listen on. */
export function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
