/**
 * Runs a load and, once `threshold` of its requests are answered, the fault beside it: the
 * fault lands in the middle of the load, whatever the machine's speed. Resolves when both are
 * over. A load that ends before the threshold (every request failing) still gets its fault.
 */
export async function withFaultAfter<T>(
  threshold: number,
  fault: () => Promise<void>,
  load: (onAnswer: (answered: number) => void) => Promise<T>,
): Promise<T> {
  let startFault: () => void = () => undefined;
  const faulted = new Promise<void>((resolve) => (startFault = resolve)).then(fault);
  const result = await load((answered) => {
    if (answered >= threshold) startFault();
  });
  startFault();
  await faulted;
  return result;
}
