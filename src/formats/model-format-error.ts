/**
 * A model file that cannot be read as asked: damaged, of another format, or loaded with wrong options.
 * The message always names the file and, where it applies, the line or byte offset and what was expected. A problem
 * that suggests an option is an OptionMessage, so that the CLI can name its flag instead (reword).
 */
import { libraryOption, type NameOption, type OptionMessage } from '../checks/option-error.js';

export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
  /** The problem, with options named the library's way. */
  readonly problem: string;
  private readonly describe: OptionMessage;

  constructor(
    readonly file: string,
    problem: string | OptionMessage,
    readonly where: { line?: number; byte?: number } = {},
  ) {
    const describe = typeof problem === 'string' ? () => problem : problem;
    super(locate(file, where, describe(libraryOption)));
    this.describe = describe;
    this.problem = describe(libraryOption);
  }

  /** The message with options named by `name`. */
  reword(name: NameOption): string {
    return locate(this.file, this.where, this.describe(name));
  }
}

function locate(file: string, where: { line?: number; byte?: number }, problem: string): string {
  const at = where.line !== undefined ? `line ${where.line}: ` : where.byte !== undefined ? `byte ${where.byte}: ` : '';
  return `${file}: ${at}${problem}`;
}
