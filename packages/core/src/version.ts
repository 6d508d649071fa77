/**
 * Replaced by the build with the `version` of packages/core/package.json (tsup `define`, see
 * tsup.config.ts). Jest runs the TypeScript sources without tsup and defines it as a global instead
 * (jest.preset.cjs); anything else running the sources unbuilt gets the fallback below.
 */
declare const __CLEARSTONE_SDK_VERSION__: string | undefined;

/** Version of the Clearstone SDK packages: the `version` of @clearstone/core's package.json. */
export const SDK_VERSION: string =
  typeof __CLEARSTONE_SDK_VERSION__ === 'string' ? __CLEARSTONE_SDK_VERSION__ : '0.0.0-development';
