// The README's demo command: sets up the toolchain, installs, builds and runs the demo agent.
//   npm start                       scripted run, interactive approval on a TTY
//   npm start -- --approve|--reject decide the paused payment without asking
//   npm start -- --model ollama:llama3.2   use a local Ollama model when its server is up
import { installAndBuild, run } from './toolchain.mjs';

const env = installAndBuild();
process.exit(
  run('pnpm', ['--filter', '@clearstone/demo', 'exec', 'tsx', 'src/main.ts', ...process.argv.slice(2)], { env }),
);
