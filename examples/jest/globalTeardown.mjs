export default async function globalTeardown() {
  await globalThis.__LINKSTACK__?.close();
}
