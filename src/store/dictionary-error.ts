/**
 * A dictionary that cannot be read, written or resumed as asked: a file of another format, a partial build made with
 * other settings, a damaged checkpoint. The message names the file and says what to do.
 */
export class DictionaryError extends Error {
  override readonly name = 'DictionaryError';
  constructor(message: string, readonly file?: string) {
    super(message);
  }
}
