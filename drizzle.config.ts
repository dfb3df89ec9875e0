// `npm run schema:generate` (drizzle-kit generate) writes drizzle/ from the schema; test/unit/structure checks
// that the committed output is what the generator produces for the current schema.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'mysql',
  schema: './src/schema/tables.ts',
  out: './drizzle',
});
