import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A position in an original source file. */
export interface OriginalPosition {
  /** 0-based line. */
  readonly line: number;
  readonly source: string;
  /** Text of that line, when the map carries the source or the file can be read. */
  readonly text?: string;
}

interface RawSourceMap {
  sources?: string[];
  sourcesContent?: Array<string | null>;
  sourceRoot?: string;
  mappings?: string;
}

type Segment = [generatedColumn: number, sourceIndex: number, originalLine: number];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGITS = new Map([...BASE64].map((char, index) => [char, index]));

function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let sourceIndex = 0;
  let originalLine = 0;
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = [];
    let column = 0;
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segmentText) {
        const digit = DIGITS.get(char) ?? 0;
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0] ?? 0;
      if (values.length >= 4) {
        sourceIndex += values[1];
        originalLine += values[2];
        segments.push([column, sourceIndex, originalLine]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

/** Maps generated positions of one script back to its original sources. */
export class SourceMapLookup {
  private readonly lines: Segment[][];
  private readonly fileCache = new Map<number, string[] | undefined>();

  private constructor(
    private readonly map: RawSourceMap,
    private readonly baseDirectory: string,
  ) {
    this.lines = decodeMappings(map.mappings ?? '');
  }

  /**
   * Reads the source map a script points to (`//# sourceMappingURL=`, inline data URL or a file
   * next to it); undefined when it has none or it cannot be read.
   */
  static forScript(scriptSource: string, scriptUrl: string): SourceMapLookup | undefined {
    const match = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(scriptSource.slice(-200_000));
    if (match === null) return undefined;
    const scriptPath = scriptUrl.startsWith('file://') ? fileURLToPath(scriptUrl) : scriptUrl;
    const baseDirectory = dirname(scriptPath);
    try {
      const url = match[1];
      const text = url.startsWith('data:')
        ? Buffer.from(url.slice(url.indexOf(',') + 1), url.includes(';base64,') ? 'base64' : 'utf8').toString('utf8')
        : readFileSync(resolve(baseDirectory, url.startsWith('file://') ? fileURLToPath(url) : url), 'utf8');
      const map = JSON.parse(text) as RawSourceMap;
      return typeof map.mappings === 'string' ? new SourceMapLookup(map, baseDirectory) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The original position of a generated (0-based) line and column, if mapped. */
  originalPosition(line: number, column: number): OriginalPosition | undefined {
    const segments = this.lines[line];
    if (segments === undefined || segments.length === 0) return undefined;
    let chosen = segments[0];
    for (const segment of segments) {
      if (segment[0] > column) break;
      chosen = segment;
    }
    const [, sourceIndex, originalLine] = chosen;
    const source = this.map.sources?.[sourceIndex] ?? '';
    return { line: originalLine, source, text: this.sourceLines(sourceIndex)?.[originalLine] };
  }

  private sourceLines(sourceIndex: number): string[] | undefined {
    if (!this.fileCache.has(sourceIndex)) {
      let content = this.map.sourcesContent?.[sourceIndex] ?? undefined;
      if (content === undefined) {
        try {
          const source = this.map.sources?.[sourceIndex] ?? '';
          const path = source.startsWith('file://')
            ? fileURLToPath(source)
            : resolve(this.baseDirectory, this.map.sourceRoot ?? '', source);
          content = readFileSync(path, 'utf8');
        } catch {
          content = undefined;
        }
      }
      this.fileCache.set(sourceIndex, content?.split(/\r?\n/));
    }
    return this.fileCache.get(sourceIndex);
  }
}
