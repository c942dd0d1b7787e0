/** `simdict serve [model] [--dict file]`: the HTTP API and the web explorer, until SIGINT or SIGTERM. */
import { Option, type Command } from 'commander';
import { modelHash } from '../../dictionary/model-hash.js';
import { openDictionary, type DictionaryReader } from '../../store/index.js';
import { createServer } from '../../server/create-server.js';
import type { KeyedVectors } from '../../vectors/keyed-vectors.js';
import { DataError, UsageError } from '../errors.js';
import { addLoadOptions, chooseModel, openModel, type LoadFlags } from '../model.js';
import { formatInt, type Io } from '../output.js';
import { wholeNumber } from '../parse.js';

interface ServeFlags extends LoadFlags {
  dict?: string;
  port: number;
  host: string;
  threads?: number;
  method?: 'int8' | 'f32';
  cors?: boolean | string[];
  log?: boolean;
}

export function registerServe(program: Command, io: Io): void {
  const cmd = program
    .command('serve')
    .description('serve similar words over HTTP (a JSON API with an OpenAPI document) and a web explorer at /')
    .usage('[options] [model]')
    .argument('[model]', 'a model file (default: the shipped model, or none when only --dict is given)')
    .option('--dict <file>', 'also answer /v1/dict/{word} from this dictionary (built by simdict dict)')
    .addOption(new Option('--port <n>', 'TCP port (0: any free port)').default(8080).argParser(wholeNumber('--port', 0)))
    .option('--host <address>', 'address to listen on (0.0.0.0 or :: to accept other machines)', '127.0.0.1')
    .option('--threads <n>', 'search worker threads (default: the available cores; 0: none, each query alone on the main thread)', wholeNumber('--threads', 0))
    .addOption(new Option('--method <method>', 'how the search workers score: int8 (quantised model, then exact float32 rescoring: the same answers, ~3x faster, needs half the model\'s size again in memory) or f32. Default: int8 where it fits').choices(['int8', 'f32']))
    .option('--cors [origins...]', 'allow cross-origin requests: from any origin, or from the listed ones (default: off)')
    .option('--log', 'log every request (JSON lines on stdout)');
  addLoadOptions(cmd).addHelpText(
    'after',
    `
Without a model file the shipped model is served (GloVe 6B 100d, first 15,000 words), unless --dict is given:
then the dictionary alone (no model is loaded). Model formats: word2vec binary/text, GloVe, fastText .vec, each
optionally .gz, detected from the file unless --format, --binary or --no-header says.

Endpoints (JSON; see /openapi.json):
  GET  /v1/similar?word=king&topn=10        POST /v1/similar {"positive": [...], "negative": [...], "topn": 10, "cosmul": false}
  GET  /v1/analogy?a=man&b=king&c=woman     GET  /v1/similarity?w1=king&w2=queen
  GET  /v1/dict/{word}?topn=5               GET  /v1/words?prefix=ki   GET /v1/map?word=king
  GET  /v1/info                             GET  /health
The explorer is at http://<host>:<port>/. Stop the server with Ctrl-C (or SIGTERM): requests in progress finish first.

Examples:
  $ simdict serve
  $ simdict serve glove.6B.100d.txt --dict glove.similar.sqlite --port 8080
  $ simdict serve --dict glove.similar.sqlite --cors https://example.org`,
  );
  cmd.action(async (modelArg: string | undefined, flags: ServeFlags) => {
    if (flags.port > 65535) throw new UsageError(`--port takes a port number from 0 to 65535, got ${flags.port}`);
    const dictionary: DictionaryReader | undefined = flags.dict ? openDictionary(flags.dict) : undefined;
    let model: KeyedVectors | undefined;
    try {
      if (modelArg !== undefined || !dictionary) {
        const choice = await chooseModel(modelArg === undefined ? [] : [modelArg]);
        if (modelArg !== undefined && choice.isDefault) throw new DataError(`no model file ${modelArg}: no such file`, { file: modelArg });
        model = await openModel(choice, flags, io, 'serve similar words');
        if (dictionary && dictionary.meta.modelHash !== modelHash(model)) {
          io.err(`simdict: warning: ${flags.dict} was built from another model than ${choice.path} (its model hash differs): /v1/dict answers come from that other model`);
        }
      }
    } catch (e) {
      dictionary?.close();
      throw e;
    }
    const app = await createServer({ model, dictionary, dictionaryFile: flags.dict, threads: flags.threads, searchMethod: flags.method, cors: flags.cors, logger: flags.log });
    // The signal handlers go in before the server listens: a signal right after "listening" must find them.
    let stop: (signal: string) => void = () => {};
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      let address: string;
      try {
        address = await app.listen({ port: flags.port, host: flags.host });
      } catch (e) {
        await app.close();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new DataError(`port ${flags.port} on ${flags.host} is already in use: choose another with --port`, { port: flags.port });
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new DataError(`cannot listen on ${flags.host}: no such local address`, { host: flags.host });
        throw e;
      }
      const serving = [model ? `the model ${model.source.file ?? ''} (${formatInt(model.size)} words x ${model.dim})` : '', dictionary ? `the dictionary ${flags.dict} (${formatInt(dictionary.size)} words)` : '']
        .filter(Boolean)
        .join(' and ');
      io.err(`simdict serve: ${serving}`);
      io.out(`listening on ${address} (explorer: ${address}/, API: ${address}/v1/, OpenAPI: ${address}/openapi.json)\n`);
      const signal = await stopped;
      io.err(`simdict serve: ${signal}: finishing the requests in progress, then stopping`);
      await app.close();
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  });
}
