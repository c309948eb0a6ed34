/** A socket call that failed, with the errno the kernel would give. */
export class NetError extends Error {
  constructor(readonly errno: string, message: string) {
    super(message);
  }
}
