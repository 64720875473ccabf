/**
 * zod without its JIT, set before any schema is built (imported first by scenario.ts): the JIT's `new Function`
 * probe is refused by the page's Content-Security-Policy (no 'unsafe-eval') and reported as a violation, even
 * though zod catches it. Schemas capture the setting when they are constructed, hence a module of its own.
 */
import { z } from 'zod';

z.config({ jitless: true });
