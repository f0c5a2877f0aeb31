/** One instruction of a Dockerfile, continuation lines joined and flags split off. */
export interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  /** Shell-form text, or the exec-form list parsed from JSON. */
  args: string | string[];
  line: number;
}

export interface Stage {
  /** What FROM names: an image, or an earlier stage. */
  from: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  stages: Stage[];
  /** The ARGs declared before the first FROM, with the build's values where it gives one. */
  globalArgs: Record<string, string>;
}

/** Parses the Dockerfile subset the images here use: ARG (with ${VAR} in FROM), FROM … AS,
 * WORKDIR, COPY [--from], RUN, ENV, USER, EXPOSE, CMD, ENTRYPOINT, LABEL. `buildArgs` are
 * `--build-arg` values: they override a global ARG's default. */
export function parseDockerfile(text: string, buildArgs: Record<string, string> = {}): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructionsOf(text)) {
    if (instruction.keyword === 'FROM') {
      const words = (instruction.args as string).split(/\s+/);
      const from = expand(words[0] ?? '', globalArgs);
      const name = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
      stages.push({ from, name, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') {
        throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      }
      const [key, value = ''] = (instruction.args as string).split('=', 2);
      globalArgs[key as string] = buildArgs[key as string] ?? value;
    } else {
      (stages.at(-1) as Stage).instructions.push(instruction);
    }
  }
  if (stages.length === 0) throw new Error('no FROM instruction');
  return { stages, globalArgs };
}

function* instructionsOf(text: string): Generator<Instruction> {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const start = index;
    let current = (lines[index] as string).trim();
    if (current === '' || current.startsWith('#')) continue;
    while (current.endsWith('\\')) {
      current = current.slice(0, -1).trimEnd();
      index += 1;
      // Comment lines inside a continued instruction are dropped, as Docker does.
      while (index < lines.length && (lines[index] as string).trim().startsWith('#')) index += 1;
      current += ' ' + (lines[index] ?? '').trim();
    }
    const match = /^(\S+)\s*(.*)$/s.exec(current) as RegExpExecArray;
    let rest = (match[2] as string).trim();
    const flags: Record<string, string> = {};
    let flag: RegExpExecArray | null;
    while ((flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest))) {
      flags[flag[1] as string] = flag[2] ?? 'true';
      rest = rest.slice(flag[0].length);
    }
    const args = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest;
    yield { keyword: (match[1] as string).toUpperCase(), flags, args, line: start + 1 };
  }
}

/** ${NAME} and $NAME from the given variables; an unknown one is empty, as in Docker. */
export const expand = (value: string, variables: Record<string, string>): string =>
  value.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, braced: string, bare: string) => variables[braced ?? bare] ?? '',
  );

/** Splits `KEY=value KEY2="two words"` (or the legacy `KEY value`) into pairs. */
export function parseEnv(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [key, ...value] = args.split(/\s+/);
    return { [key as string]: value.join(' ') };
  }
  const pairs: Record<string, string> = {};
  for (const [, key, quoted, plain] of args.matchAll(/(\w+)=(?:"([^"]*)"|(\S*))/g)) {
    pairs[key as string] = quoted ?? plain ?? '';
  }
  return pairs;
}
