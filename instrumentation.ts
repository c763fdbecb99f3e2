/** Runs once when the server starts: migrate the database and, in demo mode, seed the demo organization. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('./lib/server-start');
  await startServer();
}
