import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { ViewerError } from '../errors';

/** The page's files, by URL path. Nothing else on disk is ever served. */
const ASSETS: ReadonlyArray<{ urlPath: string; file: string; contentType: string }> = [
  { urlPath: '/', file: 'index.html', contentType: 'text/html; charset=utf-8' },
  { urlPath: '/app.js', file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  { urlPath: '/app.css', file: 'app.css', contentType: 'text/css; charset=utf-8' },
];

/** A loaded page file. */
export interface StaticAsset {
  body: Buffer;
  contentType: string;
}

/** Reads the page's files from `assetsDirectory` once; throws `ASSETS_MISSING` when one is absent. */
export function loadStaticAssets(assetsDirectory: string): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const asset of ASSETS) {
    const file = path.join(assetsDirectory, asset.file);
    try {
      assets.set(asset.urlPath, { body: readFileSync(file), contentType: asset.contentType });
    } catch (error) {
      throw new ViewerError({
        code: 'ASSETS_MISSING',
        message: `The viewer page file ${file} is missing; build @clearstone/viewer (tsup) or pass assetsDir.`,
        cause: error,
      });
    }
  }
  return assets;
}

/** Answers with a loaded page file. */
export function sendAsset(response: ServerResponse, asset: StaticAsset, headOnly: boolean): void {
  response.statusCode = 200;
  response.setHeader('Content-Type', asset.contentType);
  response.setHeader('Content-Length', asset.body.length);
  response.setHeader('Cache-Control', 'no-cache');
  response.end(headOnly ? undefined : asset.body);
}
