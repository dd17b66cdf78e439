// `npm start`: the service on the real process (env, console, exit code, signals); see serve.ts.
import { processIo, serve } from './serve';

void serve(processIo());
