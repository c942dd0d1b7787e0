/**
 * A model file that cannot be read as asked: damaged, of another format, or loaded with wrong options.
 * The message always names the file and, where it applies, the line or byte offset and what was expected.
 */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly where: { line?: number; byte?: number } = {},
  ) {
    const at = where.line !== undefined ? `line ${where.line}: ` : where.byte !== undefined ? `byte ${where.byte}: ` : '';
    super(`${file}: ${at}${problem}`);
  }
}
