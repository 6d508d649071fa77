/** Version of the Clearstone SDK packages (kept in step with package.json by the build). */
export const SDK_VERSION = '0.1.0';
