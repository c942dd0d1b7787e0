/**
 * Naming options in messages. The library names its own options (`limit`, `unicodeErrors: 'replace'`); a front end
 * names them its way (the CLI: `--limit`, `--unicode-errors replace`, see ../cli/flags.ts). So an error that names
 * options keeps its message as a function of the naming, and `reword` writes it again with another one. A leaf module.
 */

export type OptionValue = string | number | boolean;

/** How a message names an option, and a value for it when it suggests one. */
export type NameOption = (option: string, value?: OptionValue) => string;

/** A message that names options, for any naming. */
export type OptionMessage = (name: NameOption) => string;

/** The library's naming: `limit`, `unicodeErrors: 'replace'`, `binary: true`. */
export const libraryOption: NameOption = (option, value) =>
  value === undefined ? option : `${option}: ${typeof value === 'string' ? `'${value}'` : String(value)}`;

/** A bad option value (or combination): a RangeError, as every bad parameter of the library. */
export class OptionError extends RangeError {
  constructor(private readonly describe: OptionMessage) {
    super(describe(libraryOption));
  }

  /** The message with options named by `name`. */
  reword(name: NameOption): string {
    return this.describe(name);
  }
}
