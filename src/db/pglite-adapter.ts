// pglite-prisma-adapter 0.6 was written against Prisma 6.10's adapter types and passes arguments
// through untouched. Prisma 6.19 sends `Bytes` as base64 text, which PGlite refuses for bytea;
// this wrapper converts those arguments (as @prisma/adapter-pg does) and bridges the types.
import type { PGlite } from "@electric-sql/pglite";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  Transaction,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

function mapArgs(query: SqlQuery): SqlQuery {
  if (!query.argTypes.some((t) => t?.scalarType === "bytes")) return query;
  const args = query.args.map((arg, i) =>
    query.argTypes[i]?.scalarType === "bytes" && typeof arg === "string" ? Buffer.from(arg, "base64") : arg,
  );
  return { ...query, args };
}

function wrapQueryable<T extends SqlQueryable>(inner: T): T {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === "queryRaw" || prop === "executeRaw") {
        return (query: SqlQuery) => (target[prop] as (q: SqlQuery) => Promise<unknown>).call(target, mapArgs(query));
      }
      if (prop === "startTransaction") {
        return async (...args: unknown[]) =>
          wrapQueryable((await (target as unknown as SqlDriverAdapter).startTransaction(...(args as []))) as Transaction);
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function pgliteAdapter(db: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory;
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrapQueryable(await factory.connect()),
    connectToShadowDb: async () => wrapQueryable(await factory.connectToShadowDb()),
  };
}
