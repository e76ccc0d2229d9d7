// A stand-in for the engine host process (engine-host.ts) in engine-hang: answers every call with its PID,
// except handles.list, on which it hangs for good (a busy loop: it no longer reads its messages either).
process.on('message', (req) => {
  if (!req || typeof req.id !== 'number') return;
  if (req.channel === 'handles.list') for (;;);
  process.send({ id: req.id, result: { ok: true, value: { pid: process.pid } } });
});
