/** `node --import ./module-count-register.js`: installs module-count-hook for this process. */
import { register } from 'node:module';

register('./module-count-hook.js', import.meta.url);
