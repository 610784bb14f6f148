// A TCP proxy between the app's connection pool and the shared PostgreSQL server, so one test
// database can "restart" without touching the server everyone's tests share: `down()` cuts every
// connection at once (the app sees "Connection terminated unexpectedly", the server sees its
// clients vanish and rolls their transactions back) and refuses new ones until `up()`.
import net, { type AddressInfo, type Socket } from "node:net";

export type TcpProxy = {
  port: number;
  /** `url` with its host and port replaced by the proxy's */
  through(url: string): string;
  /** Cuts every connection and refuses new ones (reset at once, counted in `refused`). */
  down(): void;
  up(): void;
  readonly isDown: boolean;
  /** connections refused while down */
  readonly refused: number;
  /** connections currently open through the proxy */
  readonly open: number;
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let isDown = false;
  let refused = 0;

  const server = net.createServer((client) => {
    if (isDown) {
      refused += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const cut = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", cut).on("close", cut);
    upstream.on("error", cut).on("close", cut);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    through(url) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(port);
      return parsed.toString();
    },
    down() {
      isDown = true;
      for (const [client, upstream] of [...pairs]) {
        // A reset, as a crashed server's host would answer; the server side just loses its client.
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    up() {
      isDown = false;
    },
    get isDown() {
      return isDown;
    },
    get refused() {
      return refused;
    },
    get open() {
      return pairs.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
