import { createConnection } from 'node:net';

/** Whether something accepts TCP connections on 127.0.0.1:port (a running embedded PostgreSQL). */
export const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
